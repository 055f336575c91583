package webui

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/pricing"
)

// TestSellerLinesFollowTheSettlement: once an order is settled, the
// seller's view shows what it left the seller — a returned parcel earns no
// cashback and pays the return fee — not the figures quoted when it was
// placed.
func TestSellerLinesFollowTheSettlement(t *testing.T) {
	o := &checkout.Order{Breakdown: pricing.Quote{Subtotal: 150000, ShippingCost: 20000, ShippingCashback: 5000,
		GrandTotal: 170000, Payable: 170000, NetProfit: 143000}}
	amounts := func() map[string]string {
		out := map[string]string{}
		for _, ln := range orderLines("id", o, true) {
			out[ln.Label] = ln.Amount
		}
		return out
	}
	placed := amounts()
	assert.Equal(t, "Rp5.000", placed["Cashback ongkir"])
	assert.Equal(t, "Rp143.000", placed["Laba bersih"])
	assert.NotContains(t, placed, "Biaya retur")

	o.Settlement = &pricing.Settlement{Outcome: pricing.Returned, ReturnFee: 10000, NetProfit: -30000}
	returned := amounts()
	assert.NotContains(t, returned, "Cashback ongkir", "a return earns no cashback")
	assert.Equal(t, "−Rp10.000", returned["Biaya retur"])
	assert.Equal(t, "-Rp30.000", returned["Laba bersih"])
}
