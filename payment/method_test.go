package payment_test

import (
	"encoding/json"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		want  payment.Method
		waits bool
	}{
		{"cod", "cod", payment.COD, false},
		{"bank_transfer", "bank_transfer", payment.BankTransfer, true},
		{"gateway", "gateway", payment.Gateway, true},
		{"invoice", "invoice", payment.Invoice, true},
		{"marketplace", "marketplace", payment.Marketplace, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := payment.ParseMethod(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m)
			assert.True(t, m.Valid())
			assert.Equal(t, tt.waits, m.WaitsForPayment())
			b, err := json.Marshal(m)
			require.NoError(t, err)
			assert.JSONEq(t, `"`+tt.text+`"`, string(b))
			var back payment.Method
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, m, back)
		})
	}
	assert.Equal(t, []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway, payment.Invoice}, payment.Methods())
	for _, m := range payment.Methods() {
		assert.True(t, m.Offerable(), m)
	}
	assert.False(t, payment.Marketplace.Offerable(), "a store never offers the marketplace's own payment")
	assert.False(t, payment.Method("crypto").Offerable())
}

func TestMethodInvalid(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		text string
	}{
		{"empty", ""}, {"upper_case", "COD"}, {"space", "bank transfer"}, {"unknown", "crypto"}, {"padded", " cod"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := payment.ParseMethod(tt.text)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Empty(t, errs.Field(err), "the caller names the field")

			m := payment.Method(tt.text)
			assert.False(t, m.Valid())
			assert.False(t, m.WaitsForPayment())
			_, err = m.MarshalText()
			require.ErrorIs(t, err, errs.Invalid)
			var got payment.Method
			require.Error(t, json.Unmarshal([]byte(`"`+tt.text+`"`), &got))
		})
	}
}

func TestBankAccountValidate(t *testing.T) {
	t.Parallel()
	ok := payment.BankAccount{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Maju Jaya"}
	require.NoError(t, ok.Validate())
	tests := []struct {
		name  string
		edit  func(*payment.BankAccount)
		field string
	}{
		{"no_bank_code", func(a *payment.BankAccount) { a.BankCode = "" }, "bank_code"},
		{"no_account_name", func(a *payment.BankAccount) { a.AccountName = "" }, "account_name"},
		{"name_with_newline", func(a *payment.BankAccount) { a.AccountName = "Toko\nMaju" }, "account_name"},
		{"bank_name_bad_utf8", func(a *payment.BankAccount) { a.BankName = "B\xffCA" }, "bank_name"},
		{"no_account_number", func(a *payment.BankAccount) { a.AccountNumber = "" }, "account_number"},
		{"account_number_with_dashes", func(a *payment.BankAccount) { a.AccountNumber = "123-456-7890" }, "account_number"},
		{"account_number_too_short", func(a *payment.BankAccount) { a.AccountNumber = "1234" }, "account_number"},
		{"account_number_too_long", func(a *payment.BankAccount) { a.AccountNumber = "123456789012345678901" }, "account_number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := ok
			tt.edit(&a)
			err := a.Validate()
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.field, errs.Field(err))
		})
	}
	t.Run("bank_name_optional", func(t *testing.T) {
		t.Parallel()
		a := ok
		a.BankName = ""
		require.NoError(t, a.Validate())
	})
}
