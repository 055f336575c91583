package payment

import (
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
)

// Bounds on a [BankAccount].
const (
	MinAccountDigits = 5   // shortest account number
	MaxAccountDigits = 20  // longest account number (virtual accounts included)
	MaxBankTextLen   = 100 // longest bank code, bank name or account name, in bytes
)

// BankAccount is a seller's account a buyer transfers to.
type BankAccount struct {
	BankCode      string // e.g. "BCA", "MANDIRI", or the clearing code "014"
	BankName      string // what people read, e.g. "Bank Central Asia"; optional
	AccountNumber string // digits only, e.g. "1234567890"
	AccountName   string // the account holder (atas nama)
}

// Validate reports whether a is usable. It returns an invalid_input error
// naming the field when the bank code or account name is empty, a text is
// longer than MaxBankTextLen or holds control characters or invalid UTF-8,
// or the account number is not 5–20 ASCII digits.
func (a BankAccount) Validate() error {
	for _, f := range [...]struct {
		field, value string
		required     bool
	}{
		{"bank_code", a.BankCode, true},
		{"bank_name", a.BankName, false},
		{"account_name", a.AccountName, true},
	} {
		if f.required && f.value == "" {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: %s is empty", f.field).WithField(f.field)
		}
		if len(f.value) > MaxBankTextLen || !printable(f.value) {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: %s must be at most %d printable characters", f.field, MaxBankTextLen).WithField(f.field)
		}
	}
	n := len(a.AccountNumber)
	ok := n >= MinAccountDigits && n <= MaxAccountDigits
	for i := 0; ok && i < n; i++ {
		ok = a.AccountNumber[i] >= '0' && a.AccountNumber[i] <= '9'
	}
	if !ok {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: account number must be %d–%d digits", MinAccountDigits, MaxAccountDigits).WithField("account_number")
	}
	return nil
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
