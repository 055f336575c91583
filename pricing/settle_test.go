package pricing_test

import (
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codSale is a COD order of goods worth goods, shipped for cost with an
// insurance premium, the seller paying a 2,8% fee and getting 25% cashback.
func codSale(t *testing.T, goods, cost, insurance money.Money, returnPercent string, feeOnReturn bool) pricing.Sale {
	t.Helper()
	q, err := pricing.Calculate(pricing.QuoteInput{
		Lines:        []pricing.Line{{SKU: "SKU-1", UnitPrice: goods, Quantity: 1}},
		Shipping:     pricing.Shipping{Cost: cost, CashbackPercent: money.MustRate("25")},
		InsuranceFee: insurance,
		COD:          &pricing.CODFee{Percent: money.MustRate("2.8")},
	})
	require.NoError(t, err)
	terms, err := pricing.ParseReturnTerms(returnPercent, feeOnReturn)
	require.NoError(t, err)
	return pricing.Sale{Quote: q, COD: true, Return: terms}
}

// transferSale is a bank-transfer order: 2 × Rp80.000, shipping Rp20.000
// with 10% cashback, Rp1.000 insurance, kode unik 17.
func transferSale(t *testing.T, returnPercent string) pricing.Sale {
	t.Helper()
	q, err := pricing.Calculate(pricing.QuoteInput{
		Lines:        []pricing.Line{{SKU: "SKU-1", UnitPrice: 80_000, Quantity: 2}},
		Shipping:     pricing.Shipping{Cost: 20_000, CashbackPercent: money.MustRate("10")},
		InsuranceFee: 1_000,
		UniqueCode:   17,
	})
	require.NoError(t, err)
	terms, err := pricing.ParseReturnTerms(returnPercent, false)
	require.NoError(t, err)
	return pricing.Sale{Quote: q, Return: terms}
}

func TestSettleWorkedCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		sale      func(*testing.T) pricing.Sale
		outcome   pricing.Outcome
		refunds   money.Money
		returnFee money.Money
		cashback  money.Money
		net       money.Money
	}{
		// T0 114.000, F = ceil(3.192) = 3.192, K = 3.500: the quote's own N
		{"cod_delivered_keeps_quote_net", func(t *testing.T) pricing.Sale { return codSale(t, 100_000, 14_000, 0, "", false) },
			pricing.Delivered, 0, 0, 3_500, 100_308},
		// T0 116.000, F = ceil(3.248) = 3.248; R = 14.000; N = −(14.000 + 14.000 + 2.000)
		{"cod_returned_fee_not_charged", func(t *testing.T) pricing.Sale { return codSale(t, 100_000, 14_000, 2_000, "", false) },
			pricing.Returned, 0, 14_000, 0, -30_000},
		// the same with the COD fee charged on return: −30.000 − 3.248
		{"cod_returned_fee_charged", func(t *testing.T) pricing.Sale { return codSale(t, 100_000, 14_000, 2_000, "", true) },
			pricing.Returned, 0, 14_000, 0, -33_248},
		// R = ceil(18.650 × 33 / 100) = ceil(6.154,5) = 6.155; N = −(18.650 + 6.155)
		{"cod_partial_return_percent_rounds_up", func(t *testing.T) pricing.Sale { return codSale(t, 50_000, 18_650, 0, "33", false) },
			pricing.Returned, 0, 6_155, 0, -24_805},
		// G = P = 160.000 + 20.000 + 1.000 + 17 = 181.017; K = 2.000; N = 181.017 − 20.000 − 1.000 + 2.000
		{"transfer_delivered", func(t *testing.T) pricing.Sale { return transferSale(t, "") },
			pricing.Delivered, 0, 0, 2_000, 162_017},
		// R = 10.000; N = 181.017 − 20.000 − 1.000 − 10.000 − 160.000 refunded
		{"transfer_returned_with_refunds", func(t *testing.T) pricing.Sale { return transferSale(t, "50") },
			pricing.Returned, 160_000, 10_000, 0, -9_983},
		// everything paid back: the seller is out shipping, insurance and the return
		{"transfer_returned_full_refund", func(t *testing.T) pricing.Sale { return transferSale(t, "100") },
			pricing.Returned, 181_017, 20_000, 0, -41_000},
		// free returns: R = 0
		{"transfer_returned_free_return", func(t *testing.T) pricing.Sale { return transferSale(t, "0") },
			pricing.Returned, 0, 0, 0, 160_017},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, err := tt.sale(t).Settle(tt.outcome, tt.refunds)
			require.NoError(t, err)
			assert.Equal(t, tt.outcome, st.Outcome)
			assert.Equal(t, tt.returnFee, st.ReturnFee, "return fee")
			assert.Equal(t, tt.cashback, st.Cashback, "cashback")
			assert.Equal(t, tt.refunds, st.Refunds, "refunds")
			assert.Equal(t, tt.net, st.NetProfit, "net profit")
		})
	}
}

func TestSettleRejectsBadInput(t *testing.T) {
	t.Parallel()
	cod := codSale(t, 100_000, 14_000, 0, "", false)
	transfer := transferSale(t, "")
	broken := transfer
	broken.Quote.Payable++
	feeWithoutCOD := transfer
	feeWithoutCOD.Quote.ServiceFee = 1
	negative := transfer
	negative.Quote.ShippingCost = -1
	tests := []struct {
		name    string
		sale    pricing.Sale
		outcome pricing.Outcome
		refunds money.Money
		field   string
	}{
		{"no_outcome", transfer, 0, 0, "outcome"},
		{"unknown_outcome", transfer, 7, 0, "outcome"},
		{"negative_refunds", transfer, pricing.Returned, -1, "refunds"},
		{"refunds_above_payable", transfer, pricing.Returned, 181_018, "refunds"},
		{"refunds_on_cod", cod, pricing.Returned, 1, "refunds"},
		{"refunds_on_delivered", transfer, pricing.Delivered, 1, "refunds"},
		{"payable_not_grand_total_less_withheld", broken, pricing.Delivered, 0, "payable"},
		{"service_fee_without_cod", feeWithoutCOD, pricing.Delivered, 0, "service_fee"},
		{"negative_shipping", negative, pricing.Returned, 0, "shipping_cost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.sale.Settle(tt.outcome, tt.refunds)
			require.Error(t, err)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), err.Error())
			assert.Equal(t, tt.field, errs.Field(err), err.Error())
			assert.ErrorIs(t, err, errs.Invalid)
		})
	}
}

func TestParseOutcome(t *testing.T) {
	t.Parallel()
	for _, o := range []pricing.Outcome{pricing.Delivered, pricing.Returned} {
		b, err := o.MarshalText()
		require.NoError(t, err)
		var back pricing.Outcome
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, o, back)
	}
	_, err := pricing.ParseOutcome("lost")
	assert.Equal(t, "outcome", errs.Field(err))
	_, err = pricing.Outcome(0).MarshalText()
	assert.Error(t, err)
}
