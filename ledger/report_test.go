package ledger_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var jakarta = time.FixedZone("WIB", 7*3600)

func at(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, jakarta) }

func TestSummarize(t *testing.T) {
	t.Parallel()
	orders := []ledger.OrderSummary{
		{PlacedAt: at(23, 9), Status: checkout.StatusDelivered, Method: payment.COD, GrandTotal: 114_000, NetProfit: 100_308, Cashback: 3_500},
		{PlacedAt: at(23, 10), Status: checkout.StatusDelivered, Method: payment.COD, GrandTotal: 235_412, NetProfit: 177_250, Cashback: 17_250},
		{PlacedAt: at(23, 11), Status: checkout.StatusDelivered, Method: payment.BankTransfer, GrandTotal: 181_017, NetProfit: 162_017, Cashback: 2_000},
		{PlacedAt: at(23, 12), Status: checkout.StatusReturned, Method: payment.COD, GrandTotal: 138_000, NetProfit: -76_000, Cashback: 11_400},
		{PlacedAt: at(24, 8), Status: ledger.StatusReturnInTransit, Method: payment.COD, GrandTotal: 68_600, NetProfit: 48_079},
		{PlacedAt: at(24, 9), Status: checkout.StatusShipped, Method: payment.COD, GrandTotal: 114_000, NetProfit: 100_308, Cashback: 3_500},
		{PlacedAt: at(24, 10), Status: checkout.StatusShipped, Method: payment.Gateway, GrandTotal: 50_000, NetProfit: 40_000},
		{PlacedAt: at(24, 11), Status: checkout.StatusProcessing, Method: payment.COD, GrandTotal: 99_000, NetProfit: 90_000},
		{PlacedAt: at(24, 12), Status: checkout.StatusCancelled, Method: payment.BankTransfer, GrandTotal: 10_000, NetProfit: 10_000},
		// 23:30 on the 24th in Jakarta is still the 24th, though 16:30 UTC
		{PlacedAt: at(24, 23).Add(30 * time.Minute), Status: checkout.StatusPendingPayment, Method: payment.BankTransfer, GrandTotal: 20_000, NetProfit: 18_000},
	}
	r, err := ledger.Summarize(orders, jakarta)
	require.NoError(t, err)
	assert.Equal(t, ledger.Figure{Count: 2, Value: 349_412}, r.COD)
	assert.Equal(t, ledger.Figure{Count: 1, Value: 181_017}, r.NonCOD)
	assert.Equal(t, money.Money(439_575), r.Revenue, "Σ N of delivered orders only")
	assert.Equal(t, money.Money(140_308), r.PendingRevenue, "Σ N of shipped orders, COD or not")
	assert.Equal(t, ledger.Figure{Count: 2, Value: 206_600}, r.Retur, "returned and returning")
	assert.Equal(t, "40", r.ReturPercent.String(), "2 ÷ (3 + 2)")
	assert.Equal(t, money.Money(22_750), r.Cashback, "Σ K of delivered orders; a return earns none")
	assert.Equal(t, []ledger.Day{
		{Date: "2026-11-23", Statuses: map[checkout.Status]int{checkout.StatusDelivered: 3, checkout.StatusReturned: 1}},
		{Date: "2026-11-24", Statuses: map[checkout.Status]int{
			ledger.StatusReturnInTransit: 1, checkout.StatusShipped: 2, checkout.StatusProcessing: 1,
			checkout.StatusCancelled: 1, checkout.StatusPendingPayment: 1,
		}},
	}, r.Days)

	pending, err := ledger.PendingBalance(orders)
	require.NoError(t, err)
	assert.Equal(t, money.Money(100_308), pending, "only the COD order on the road: the gateway one was paid to the seller")

	b, err := json.Marshal(r)
	require.NoError(t, err)
	var view map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &view))
	assert.JSONEq(t, `"40"`, string(view["retur_percent"]))
	assert.JSONEq(t, `{"count":2,"value":349412}`, string(view["cod"]))

	// in UTC the late order falls on the 24th too, an early one moves back a day
	r, err = ledger.Summarize([]ledger.OrderSummary{{PlacedAt: at(24, 6), Status: checkout.StatusShipped, Method: payment.COD}}, nil)
	require.NoError(t, err)
	assert.Equal(t, "2026-11-23", r.Days[0].Date)
}

func TestSummarizeReturPercentRoundsHalfUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		retur, delivered int
		want             string
	}{
		{0, 0, "0"}, // nothing finished: 0, not a division by zero
		{0, 5, "0"},
		{3, 0, "100"},
		{1, 15, "6.3"},  // 6,25 → 6,3
		{3, 13, "18.8"}, // 18,75 → 18,8
		{1, 79, "1.3"},  // 1,25 → 1,3
		{1, 2, "33.3"},  // 33,33… → 33,3
		{2, 1, "66.7"},  // 66,66… → 66,7
		{1, 7, "12.5"},
		{1, 1999, "0.1"}, // 0,05 → 0,1
		{1, 2001, "0"},   // 0,04995 → 0,0
	}
	for _, tt := range tests {
		var orders []ledger.OrderSummary
		for range tt.retur {
			orders = append(orders, ledger.OrderSummary{Status: checkout.StatusReturned, Method: payment.COD})
		}
		for range tt.delivered {
			orders = append(orders, ledger.OrderSummary{Status: checkout.StatusDelivered, Method: payment.Gateway})
		}
		r, err := ledger.Summarize(orders, nil)
		require.NoError(t, err)
		assert.Equal(t, tt.want, r.ReturPercent.String(), "%d returned, %d delivered", tt.retur, tt.delivered)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	t.Parallel()
	r, err := ledger.Summarize(nil, nil)
	require.NoError(t, err)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"cod":{"count":0,"value":0},"non_cod":{"count":0,"value":0},"marketplace":{"count":0,"value":0},"revenue":0,"pending_revenue":0,
		"retur":{"count":0,"value":0},"retur_percent":"0","cashback":0,"days":[]}`, string(b))
}

// Orders imported from a marketplace count in their own figure and in the
// days, never in kasir's revenue, pending revenue, returns or cashback.
func TestSummarizeKeepsMarketplaceOrdersApart(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	orders := []ledger.OrderSummary{
		{PlacedAt: at, Status: checkout.StatusDelivered, Method: payment.COD, GrandTotal: 100_000, NetProfit: 80_000, Cashback: 1_000},
		{PlacedAt: at, Status: checkout.StatusDelivered, Method: payment.Marketplace, GrandTotal: 148_000},
		{PlacedAt: at, Status: checkout.StatusDelivered, Method: payment.Marketplace, GrandTotal: 52_000},
		{PlacedAt: at, Status: checkout.StatusShipped, Method: payment.Marketplace, GrandTotal: 70_000},
		{PlacedAt: at, Status: checkout.StatusReturned, Method: payment.Marketplace, GrandTotal: 30_000},
	}
	r, err := ledger.Summarize(orders, nil)
	require.NoError(t, err)
	assert.Equal(t, ledger.Figure{Count: 2, Value: 200_000}, r.Marketplace)
	assert.Equal(t, ledger.Figure{Count: 1, Value: 100_000}, r.COD)
	assert.Equal(t, ledger.Figure{}, r.NonCOD)
	assert.Equal(t, money.Money(80_000), r.Revenue)
	assert.Zero(t, r.PendingRevenue)
	assert.Equal(t, ledger.Figure{}, r.Retur, "a marketplace's return is the marketplace's")
	assert.Equal(t, money.Money(1_000), r.Cashback)
	require.Len(t, r.Days, 1)
	assert.Equal(t, map[checkout.Status]int{checkout.StatusDelivered: 3, checkout.StatusShipped: 1, checkout.StatusReturned: 1}, r.Days[0].Statuses)
}

func TestSummarizeRejectsBadSummaries(t *testing.T) {
	t.Parallel()
	ok := ledger.OrderSummary{Status: checkout.StatusDelivered, Method: payment.COD, GrandTotal: 1, NetProfit: -1}
	tests := []struct {
		name  string
		edit  func(*ledger.OrderSummary)
		field string
	}{
		{"unknown_status", func(o *ledger.OrderSummary) { o.Status = "lost" }, "orders[1].status"},
		{"unknown_method", func(o *ledger.OrderSummary) { o.Method = "cash" }, "orders[1].method"},
		{"negative_grand_total", func(o *ledger.OrderSummary) { o.GrandTotal = -1 }, "orders[1].grand_total"},
		{"negative_cashback", func(o *ledger.OrderSummary) { o.Cashback = -1 }, "orders[1].cashback"},
		{"huge_net_profit", func(o *ledger.OrderSummary) { o.NetProfit = -money.MaxAmount - 1 }, "orders[1].net_profit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bad := ok
			tt.edit(&bad)
			_, err := ledger.Summarize([]ledger.OrderSummary{ok, bad}, nil)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
			_, err = ledger.PendingBalance([]ledger.OrderSummary{ok, bad})
			assert.Equal(t, tt.field, errs.Field(err))
		})
	}
	// totals beyond what adds up safely are refused, not wrapped around
	huge := make([]ledger.OrderSummary, 1001)
	for i := range huge {
		huge[i] = ledger.OrderSummary{Status: checkout.StatusDelivered, Method: payment.COD, GrandTotal: money.MaxAmount}
	}
	_, err := ledger.Summarize(huge, nil)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}
