package checkout_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
)

var placed = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

func newOrder(t *testing.T, m payment.Method, status checkout.Status) *checkout.Order {
	t.Helper()
	lc, err := checkout.NewLifecycle(status, placed, "placed")
	require.NoError(t, err)
	return &checkout.Order{
		ID: "o-1", Number: "INV20261123-0001", Slug: "rahasia", PlacedAt: placed,
		Items: []checkout.Item{
			{Kind: "variant", VariantID: "v-1", SKU: "A", Name: "A", UnitPrice: 1000, Quantity: 2, Options: []string{"Merah"},
				StockNeeds: []catalog.Need{{VariantID: "v-1", SKU: "A", Quantity: 2}}},
			{Kind: "bundle", PriceOptionID: "po-1", Name: "Paket", UnitPrice: 5000, Quantity: 1,
				StockNeeds: []catalog.Need{{VariantID: "v-1", SKU: "A", Quantity: 3}, {VariantID: "v-2", SKU: "B", Quantity: 1}}},
		},
		Payment:   checkout.Payment{Method: m, Amount: 7000},
		Lifecycle: lc,
	}
}

func TestOrderStockNeedsMergePerVariant(t *testing.T) {
	t.Parallel()
	o := newOrder(t, payment.COD, checkout.StatusProcessing)
	assert.Equal(t, []catalog.Need{{VariantID: "v-1", SKU: "A", Quantity: 5}, {VariantID: "v-2", SKU: "B", Quantity: 1}}, o.StockNeeds())
	assert.Equal(t, "po-1", o.Items[1].PricingLine().SKU, "a bundle is priced under its price option")
	assert.Equal(t, catalog.LineRequest{PriceOptionID: "po-1", Quantity: 1}, o.Items[1].Request())
}

func TestOrderTransition(t *testing.T) {
	t.Parallel()
	o := newOrder(t, payment.BankTransfer, checkout.StatusPendingPayment)
	require.NoError(t, o.Transition(checkout.StatusProcessing, placed.Add(time.Hour), "paid", ""))
	assert.Equal(t, placed.Add(time.Hour), o.Payment.PaidAt, "a transfer that starts processing is paid")

	err := o.Transition(checkout.StatusShipped, placed.Add(2*time.Hour), "", " ")
	assert.Equal(t, checkout.CodeAirwayBillRequired, errs.Code(err))
	assert.Equal(t, checkout.StatusProcessing, o.Status(), "unchanged on error")
	require.NoError(t, o.Transition(checkout.StatusShipped, placed.Add(2*time.Hour), "pickup", " JNE123 "))
	assert.Equal(t, "JNE123", o.AirwayBill)
	assert.False(t, o.Editable())
	assert.Equal(t, checkout.CodeOrderNotEditable, errs.Code(o.CheckEditable()))
	assert.True(t, o.HoldsStock())

	c := newOrder(t, payment.COD, checkout.StatusProcessing)
	require.NoError(t, c.Transition(checkout.StatusCancelled, placed, "batal", ""))
	assert.False(t, c.HoldsStock())
	assert.True(t, c.Payment.PaidAt.IsZero(), "COD is not paid by starting to process")
}

func TestOrderCloneIsDeep(t *testing.T) {
	t.Parallel()
	o := newOrder(t, payment.BankTransfer, checkout.StatusPendingPayment)
	o.Payment.BankAccounts = []payment.BankAccount{{BankCode: "BCA", AccountNumber: "123456", AccountName: "Toko"}}
	o.Shipment = &checkout.Shipment{Courier: "jne", Service: "REG"}
	c := o.Clone()
	c.Items[0].Options[0] = "Biru"
	c.Items[1].StockNeeds[0].Quantity = 99
	c.Payment.BankAccounts[0].BankCode = "BRI"
	c.Shipment.Courier = "sicepat"
	require.NoError(t, c.Transition(checkout.StatusCancelled, placed, "", ""))
	assert.Equal(t, "Merah", o.Items[0].Options[0])
	assert.Equal(t, int64(3), o.Items[1].StockNeeds[0].Quantity)
	assert.Equal(t, "BCA", o.Payment.BankAccounts[0].BankCode)
	assert.Equal(t, "jne", o.Shipment.Courier)
	assert.Equal(t, checkout.StatusPendingPayment, o.Status())
}

func TestOrderJSONRoundTripChecksHistory(t *testing.T) {
	t.Parallel()
	o := newOrder(t, payment.BankTransfer, checkout.StatusPendingPayment)
	require.NoError(t, o.Transition(checkout.StatusExpired, placed.Add(24*time.Hour), "deadline", ""))
	b, err := json.Marshal(o)
	require.NoError(t, err)
	var back checkout.Order
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, checkout.StatusExpired, back.Status())
	assert.Equal(t, o.Lifecycle.History(), back.Lifecycle.History())

	forged := []byte(`{"lifecycle":{"status":"delivered","history":[{"from":"draft","to":"delivered","at":"2026-11-23T03:00:00Z"}]}}`)
	err = json.Unmarshal(forged, &back)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "a history that skips the life cycle is refused")
}

func TestPaidOrderRules(t *testing.T) {
	t.Parallel()
	o := newOrder(t, payment.BankTransfer, checkout.StatusPendingPayment)
	require.NoError(t, o.CheckRepricing(9000), "an unpaid order may be re-priced")
	_, err := o.RecordRefund(true, placed, "refund")
	require.ErrorIs(t, err, errs.Invalid, "nothing paid, nothing to refund")

	require.NoError(t, o.Transition(checkout.StatusProcessing, placed.Add(time.Hour), "paid", ""))
	require.True(t, o.Paid())
	require.NoError(t, o.CheckRepricing(7000))
	err = o.CheckRepricing(9000)
	assert.Equal(t, checkout.CodeOrderPaid, errs.Code(err))
	assert.ErrorIs(t, err, errs.Conflict)

	n := len(o.Lifecycle.History())
	changed, err := o.RecordRefund(false, placed.Add(2*time.Hour), "part back")
	require.NoError(t, err)
	assert.True(t, changed)
	changed, _ = o.RecordRefund(false, placed.Add(3*time.Hour), "part back again")
	assert.False(t, changed, "the same refund twice changes nothing")
	changed, _ = o.RecordRefund(true, placed.Add(4*time.Hour), "all back")
	assert.True(t, changed)
	changed, _ = o.RecordRefund(false, placed.Add(5*time.Hour), "late partial")
	assert.False(t, changed)
	assert.Equal(t, checkout.PaymentRefunded, o.Payment.Status)
	h := o.Lifecycle.History()
	require.Len(t, h, n+2)
	assert.Equal(t, checkout.StatusChange{From: checkout.StatusProcessing, To: checkout.StatusProcessing, At: placed.Add(4 * time.Hour), Reason: "all back"}, h[n+1])

	// The history with edits and notes survives storage.
	o.RecordEdit(placed.Add(6*time.Hour), "")
	o.TellBuyer("alamat diperbarui")
	b, err := json.Marshal(o)
	require.NoError(t, err)
	var back checkout.Order
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, o.Lifecycle.History(), back.Lifecycle.History())
	bh := back.Lifecycle.BuyerHistory()
	assert.Equal(t, "alamat diperbarui", bh[len(bh)-1].Note)
	assert.Empty(t, bh[len(bh)-1].Reason)
	assert.Len(t, bh, 3, "placed, paid and the edit with a note; refunds without a note stay the seller's")
}

func TestExternalCashOnDelivery(t *testing.T) {
	for paid, want := range map[string]bool{
		"COD (Bayar di Tempat)": true, "Cash on delivery": true, "COD": true, "Bayar di Tempat": true,
		"ShopeePay": false, "QR Code": false, "Transfer Bank": false, "": false,
	} {
		assert.Equal(t, want, (&checkout.External{Payment: paid}).CashOnDelivery(), paid)
	}
	assert.False(t, (*checkout.External)(nil).CashOnDelivery())
}
