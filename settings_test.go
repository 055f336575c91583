package kasir_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

func TestNewRefusesBadWiring(t *testing.T) {
	t.Parallel()
	store, _ := memory.NewStore()
	locs, _ := memory.NewLocations(nil, nil, nil)
	deps := kasir.Deps{Catalog: memory.NewCatalog(testCatalog(t)), Store: store, Locations: locs, Clock: memory.SystemClock{}, IDs: memory.IDs{}}
	bank := []payment.BankAccount{{BankCode: "BCA", AccountNumber: "1234567890", AccountName: "Toko"}}
	cases := []struct {
		name  string
		deps  func(*kasir.Deps)
		set   kasir.Settings
		field string
	}{
		{"no_store", func(d *kasir.Deps) { d.Store = nil }, kasir.Settings{BankAccounts: bank}, "Store"},
		{"no_clock", func(d *kasir.Deps) { d.Clock = nil }, kasir.Settings{BankAccounts: bank}, "Clock"},
		{"ppn_over_100", nil, kasir.Settings{BankAccounts: bank, Tax: pricing.TaxProfile{PPNPercent: money.MustRate("101")}}, "tax.ppn_percent"},
		{"cod_fee_over_100", nil, kasir.Settings{BankAccounts: bank, COD: pricing.CODFee{Percent: money.MustRate("150")}}, "cod.fee_percent"},
		{"bad_code_range", nil, kasir.Settings{BankAccounts: bank, UniqueCodes: payment.CodeRange{Min: 5, Max: 2}}, "unique_code_range"},
		{"negative_terms", nil, kasir.Settings{BankAccounts: bank, InvoiceTerms: payment.Terms{Days: -1}}, "invoice_terms.days"},
		{"transfer_without_account", nil, kasir.Settings{}, "bank_accounts"},
		{"gateway_without_port", nil, kasir.Settings{BankAccounts: bank, PaymentMethods: []payment.Method{payment.Gateway}}, "payment_methods"},
		{"unknown_method", nil, kasir.Settings{BankAccounts: bank, PaymentMethods: []payment.Method{"cash"}}, "payment_methods[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := deps
			if c.deps != nil {
				c.deps(&d)
			}
			_, err := kasir.New(d, kasir.WithSettings(c.set))
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%v", err)
			assert.Equal(t, c.field, errs.Field(err), "%v", err)
		})
	}
}
