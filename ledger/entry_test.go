package ledger_test

import (
	"testing"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sale prices in and attaches the return terms.
func sale(t testing.TB, in pricing.QuoteInput, returnPercent string, feeOnReturn bool) pricing.Sale {
	t.Helper()
	q, err := pricing.Calculate(in)
	require.NoError(t, err)
	terms, err := pricing.ParseReturnTerms(returnPercent, feeOnReturn)
	require.NoError(t, err)
	return pricing.Sale{Quote: q, COD: in.COD != nil, Return: terms}
}

// komship is the published Komship order: Rp100.000 of goods, Rp14.000
// shipping with 25% cashback, a 2,8% COD fee the seller pays (Rp3.192).
func komship(insurance money.Money) pricing.QuoteInput {
	return pricing.QuoteInput{
		Lines:        []pricing.Line{{SKU: "SKU-1", UnitPrice: 100_000, Quantity: 1}},
		Shipping:     pricing.Shipping{Cost: 14_000, CashbackPercent: money.MustRate("25")},
		InsuranceFee: insurance,
		COD:          &pricing.CODFee{Percent: money.MustRate("2.8")},
	}
}

// transfer is a bank-transfer order of 2 × Rp80.000, Rp20.000 shipping with
// 10% cashback, Rp1.000 insurance and kode unik 17 (G = P = Rp181.017).
func transfer() pricing.QuoteInput {
	return pricing.QuoteInput{
		Lines:        []pricing.Line{{SKU: "SKU-1", UnitPrice: 80_000, Quantity: 2}},
		Shipping:     pricing.Shipping{Cost: 20_000, CashbackPercent: money.MustRate("10")},
		InsuranceFee: 1_000,
		UniqueCode:   17,
	}
}

type e = ledger.Entry

func TestOrderEntries(t *testing.T) {
	t.Parallel()
	codPlain := sale(t, komship(0), "", false)
	codInsured := sale(t, komship(2_000), "", false)    // T0 116.000, F 3.248
	codFeeOnReturn := sale(t, komship(2_000), "", true) // the same, fee charged on return
	codPartial := sale(t, komship(0), "33", false)      // R = ceil(4.620) = 4.620
	transferHalf := sale(t, transfer(), "50", false)    // R = 10.000
	tests := []struct {
		name   string
		status checkout.Status
		sale   pricing.Sale
		want   []ledger.Entry
	}{
		{"cod_delivered", checkout.StatusDelivered, codPlain,
			[]e{{Kind: ledger.CODCollected, Amount: 114_000}, {Kind: ledger.CODFee, Amount: -3_192}, {Kind: ledger.Shipping, Amount: -14_000}, {Kind: ledger.Cashback, Amount: 3_500}}},
		{"cod_delivered_insured", checkout.StatusDelivered, codInsured,
			[]e{{Kind: ledger.CODCollected, Amount: 116_000}, {Kind: ledger.CODFee, Amount: -3_248}, {Kind: ledger.Shipping, Amount: -14_000}, {Kind: ledger.Insurance, Amount: -2_000}, {Kind: ledger.Cashback, Amount: 3_500}}},
		{"cod_shipped_writes_nothing", checkout.StatusShipped, codPlain, nil},
		{"cod_returned", checkout.StatusReturned, codInsured,
			[]e{{Kind: ledger.Shipping, Amount: -14_000}, {Kind: ledger.ReturnFee, Amount: -14_000}, {Kind: ledger.Insurance, Amount: -2_000}}},
		{"cod_returned_fee_on_return", checkout.StatusReturned, codFeeOnReturn,
			[]e{{Kind: ledger.Shipping, Amount: -14_000}, {Kind: ledger.ReturnFee, Amount: -14_000}, {Kind: ledger.Insurance, Amount: -2_000}, {Kind: ledger.CODFee, Amount: -3_248}}},
		{"cod_returned_partial", checkout.StatusReturned, codPartial,
			[]e{{Kind: ledger.Shipping, Amount: -14_000}, {Kind: ledger.ReturnFee, Amount: -4_620}}},
		{"transfer_shipped", checkout.StatusShipped, transferHalf,
			[]e{{Kind: ledger.Shipping, Amount: -20_000}, {Kind: ledger.Insurance, Amount: -1_000}}},
		{"transfer_delivered", checkout.StatusDelivered, transferHalf,
			[]e{{Kind: ledger.Cashback, Amount: 2_000}}},
		{"transfer_returned", checkout.StatusReturned, transferHalf,
			[]e{{Kind: ledger.ReturnFee, Amount: -10_000}}},
		{"processing_writes_nothing", checkout.StatusProcessing, transferHalf, nil},
		{"cancelled_writes_nothing", checkout.StatusCancelled, codPlain, nil},
		{"return_in_transit_writes_nothing", ledger.StatusReturnInTransit, codPlain, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ledger.OrderEntries(tt.status, tt.sale)
			require.NoError(t, err)
			assert.Equal(t, tt.want, []ledger.Entry(got))
		})
	}
}

// TestDeliveredCODEntriesAddUpToNetProfit is the balance's promise: what a
// delivered COD order puts in the balance is exactly its net profit, and a
// returned one takes out exactly its (negative) net profit.
func TestDeliveredCODEntriesAddUpToNetProfit(t *testing.T) {
	t.Parallel()
	for _, s := range []pricing.Sale{sale(t, komship(0), "", false), sale(t, komship(2_000), "40", true)} {
		for _, o := range []pricing.Outcome{pricing.Delivered, pricing.Returned} {
			es, err := ledger.Lifetime(o, s)
			require.NoError(t, err)
			sum, err := ledger.Balance(es)
			require.NoError(t, err)
			st, err := s.Settle(o, 0)
			require.NoError(t, err)
			assert.Equal(t, st.NetProfit, sum, "%s", o)
		}
	}
}

func TestLifetimeOfATransferOrder(t *testing.T) {
	t.Parallel()
	s := sale(t, transfer(), "50", false)
	es, err := ledger.Lifetime(pricing.Returned, s)
	require.NoError(t, err)
	assert.Equal(t, []ledger.Entry{{Kind: ledger.Shipping, Amount: -20_000}, {Kind: ledger.Insurance, Amount: -1_000}, {Kind: ledger.ReturnFee, Amount: -10_000}}, es)
	es, err = ledger.Lifetime(pricing.Delivered, s)
	require.NoError(t, err)
	sum, err := ledger.Balance(es)
	require.NoError(t, err)
	assert.Equal(t, money.Money(-19_000), sum, "the buyer paid the seller directly: the balance only sees shipping, insurance and cashback")

	_, err = ledger.Lifetime(0, s)
	assert.Equal(t, "outcome", errs.Field(err))
}

func TestOrderEntriesRejectsAMalformedSale(t *testing.T) {
	t.Parallel()
	s := sale(t, transfer(), "", false)
	s.Quote.InsuranceFee = -5
	for _, st := range []checkout.Status{checkout.StatusShipped, checkout.StatusDelivered, checkout.StatusReturned} {
		_, err := ledger.OrderEntries(st, s)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), st)
		assert.Equal(t, "insurance_fee", errs.Field(err), st)
	}
}

func TestWithdrawReverseAdjust(t *testing.T) {
	t.Parallel()
	w, err := ledger.Withdraw(100_000, 100_000)
	require.NoError(t, err)
	assert.Equal(t, ledger.Entry{Kind: ledger.Withdrawal, Amount: -100_000}, w, "the whole balance may be withdrawn")

	_, err = ledger.Withdraw(100_000, 100_001)
	assert.Equal(t, ledger.CodeInsufficientBalance, errs.Code(err))
	assert.ErrorIs(t, err, errs.Conflict)
	_, err = ledger.Withdraw(-5_000, 1)
	assert.Equal(t, ledger.CodeInsufficientBalance, errs.Code(err), "a negative balance allows nothing")
	for _, amount := range []money.Money{0, -1, money.MaxAmount + 1} {
		_, err = ledger.Withdraw(money.MaxAmount*2, amount)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), amount)
		assert.Equal(t, "amount", errs.Field(err), amount)
		_, err = ledger.Reverse(amount)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), amount)
	}

	r, err := ledger.Reverse(100_000)
	require.NoError(t, err)
	assert.Equal(t, ledger.Entry{Kind: ledger.WithdrawalReversal, Amount: 100_000}, r)

	a, err := ledger.Adjust(-2_500, "  parcel lost by the courier, compensation reversed \n")
	require.NoError(t, err)
	assert.Equal(t, ledger.Entry{Kind: ledger.Adjustment, Amount: -2_500, Reason: "parcel lost by the courier, compensation reversed"}, a)
	for _, bad := range []struct {
		amount money.Money
		reason string
		field  string
	}{
		{0, "nothing", "amount"},
		{money.MaxAmount + 1, "too much", "amount"},
		{100, "  ", "reason"},
		{100, "bad\x00byte", "reason"},
		{100, "\xff", "reason"},
		{100, string(make([]byte, ledger.MaxReasonLength+1)), "reason"},
	} {
		_, err := ledger.Adjust(bad.amount, bad.reason)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), bad.reason)
		assert.Equal(t, bad.field, errs.Field(err), bad.reason)
	}

	bal, err := ledger.Balance([]ledger.Entry{{Kind: ledger.Cashback, Amount: 3_500}, w, r, a})
	require.NoError(t, err)
	assert.Equal(t, money.Money(1_000), bal)
	_, err = ledger.Balance([]ledger.Entry{{Kind: ledger.Adjustment, Amount: money.MaxAmount + 1}})
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}

func TestKinds(t *testing.T) {
	t.Parallel()
	for _, k := range ledger.Kinds() {
		got, err := ledger.ParseKind(string(k))
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err := ledger.ParseKind("refund")
	assert.Equal(t, "kind", errs.Field(err))
}
