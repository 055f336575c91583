package checkout_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

var terms = checkout.PaymentTerms{
	BankAccounts: []payment.BankAccount{{BankCode: "BCA", AccountNumber: "123", AccountName: "Toko"}},
	ExpiryHours:  24, Invoice: payment.Terms{Days: 30},
}

func sale(m payment.Method) checkout.Sale {
	return checkout.Sale{Customer: checkout.Customer{Name: "Siti", Phone: "+6281234567890"}, Method: m,
		Quote: pricing.Quote{Subtotal: 100000, GrandTotal: 114000, Payable: 114000}}
}

func TestNewOrderStartsByMethod(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		method  payment.Method
		status  checkout.Status
		expires bool
		link    bool
	}{
		{payment.COD, checkout.StatusProcessing, false, false},
		{payment.BankTransfer, checkout.StatusPendingPayment, true, false},
		{payment.Gateway, checkout.StatusPendingPayment, true, true},
		{payment.Invoice, checkout.StatusPendingPayment, false, false},
	} {
		t.Run(string(tt.method), func(t *testing.T) {
			o, err := checkout.NewOrder("o-1", "s", placed, sale(tt.method), terms, "k")
			require.NoError(t, err)
			assert.Equal(t, tt.status, o.Status())
			assert.Equal(t, money.Money(114000), o.Payment.Amount)
			assert.Equal(t, tt.expires, !o.Payment.ExpiresAt.IsZero())
			assert.Equal(t, tt.link, o.NeedsPaymentLink())
			assert.Equal(t, tt.method == payment.BankTransfer, len(o.Payment.BankAccounts) == 1)
			assert.Equal(t, tt.method == payment.Invoice, o.Payment.DueDate.Equal(placed.AddDate(0, 0, 30)))
			assert.False(t, o.Paid())
		})
	}
	_, err := checkout.NewOrder("o-1", "s", placed, sale("cash"), terms, "")
	assert.ErrorIs(t, err, errs.Invalid)
}

func TestSetPaymentKeepsWhatStands(t *testing.T) {
	t.Parallel()
	o, err := checkout.NewOrder("o-1", "s", placed, sale(payment.Gateway), terms, "")
	require.NoError(t, err)
	assert.Equal(t, "o-1", o.Payment.GatewayOrderID)
	o.SetPaymentLink(payment.GatewayLink{URL: "https://pay/1", Token: "t", ExpiresAt: placed.Add(time.Hour)})
	assert.Equal(t, placed.Add(time.Hour), o.Payment.ExpiresAt, "a link that ends sooner brings the deadline forward")
	later := placed.Add(2 * time.Hour)

	o.SetPayment(payment.Gateway, terms, later)
	assert.Equal(t, "https://pay/1", o.Payment.PaymentURL, "same method and amount: the link stands")

	o.Reprice(pricing.Quote{Payable: 120000}, pricing.TaxProfile{}, nil, "", "", 0)
	o.SetPayment(payment.Gateway, terms, later)
	assert.Empty(t, o.Payment.PaymentURL)
	assert.NotEqual(t, "o-1", o.Payment.GatewayOrderID, "a new link needs a new gateway reference")
	assert.True(t, o.NeedsPaymentLink())

	o.SetPayment(payment.BankTransfer, terms, later)
	deadline := o.Payment.ExpiresAt
	assert.Equal(t, payment.ExpiresAt(later, 24), deadline)
	o.SetPayment(payment.BankTransfer, terms, later.Add(time.Hour))
	assert.Equal(t, deadline, o.Payment.ExpiresAt, "a transfer keeps its deadline")

	o.SetUniqueCode(7, pricing.Quote{Payable: 120007, UniqueCode: 7})
	require.NoError(t, o.Transition(checkout.StatusProcessing, later, "paid", ""))
	paid := o.Payment
	o.SetPayment(payment.COD, terms, later)
	assert.Equal(t, paid, o.Payment, "a paid order keeps its payment")
}

func TestNewAddress(t *testing.T) {
	t.Parallel()
	dest := shipping.Location{ID: "jkt", District: "Kebayoran Baru", City: "Jakarta Selatan", PostalCodes: []string{"12110"}}
	a, err := checkout.NewAddress(" Jl. Melawai 5 ", "12110", dest)
	require.NoError(t, err)
	assert.Equal(t, checkout.Address{Line: "Jl. Melawai 5", LocationID: "jkt", PostalCode: "12110", Area: dest.Name()}, a)
	_, err = checkout.NewAddress(" ", "", dest)
	assert.Equal(t, "address.line", errs.Field(err))
	_, err = checkout.NewAddress("Jl. Dago", "40132", dest)
	assert.Equal(t, "address.postal_code", errs.Field(err))
}
