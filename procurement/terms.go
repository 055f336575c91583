package procurement

import (
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// CodePaymentExceedsPayable is the code of a payment above what is still owed.
const CodePaymentExceedsPayable = "payment_exceeds_payable"

// WIB is Western Indonesian Time (UTC+7), the zone payment terms count in.
var WIB = time.FixedZone("WIB", 7*60*60)

// DueDate returns the end of a payment term: the day placedAt falls on in
// WIB, plus days, at 23:59:59 WIB.
func DueDate(placedAt time.Time, days int) time.Time {
	y, m, d := placedAt.In(WIB).Date()
	return time.Date(y, m, d+days, 23, 59, 59, 0, WIB)
}

// Account is what a buyer owes on one seller's order paid on terms: the
// payable amount, what has been paid so far and the due date. The zero
// value owes nothing.
type Account struct {
	Payable money.Money
	Paid    money.Money
	DueAt   time.Time
}

// Pay records a partial or final payment and returns the account with it.
// Errors: invalid_input for an amount ≤ 0, payment_exceeds_payable for an
// amount above what is still owed; the account is then unchanged.
func (a Account) Pay(amount money.Money) (Account, error) {
	if amount <= 0 {
		return a, errs.Invalidf(errs.CodeInvalidInput, "procurement: a payment must be positive, got %s", amount)
	}
	if amount > a.Outstanding() {
		return a, errs.Invalidf(CodePaymentExceedsPayable, "procurement: a payment of %s is above the %s still owed", amount, a.Outstanding())
	}
	a.Paid += amount
	return a, nil
}

// Outstanding is what is still owed.
func (a Account) Outstanding() money.Money { return a.Payable - a.Paid }

// Settled reports whether the payable amount has been paid in full.
func (a Account) Settled() bool { return a.Paid >= a.Payable }

// Overdue reports whether the account is unpaid past its due date at now.
// Overdue is a flag, not a state: paying in full clears it.
func (a Account) Overdue(now time.Time) bool { return !a.Settled() && now.After(a.DueAt) }
