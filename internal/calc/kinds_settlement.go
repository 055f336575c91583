package calc

import (
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

type settlementIn struct {
	quoteIn
	Outcome        string  `json:"outcome"`
	ReturnPercent  percent `json:"return_percent"`
	CODFeeOnReturn bool    `json:"cod_fee_on_return"`
	Refunds        int64   `json:"refunds"`
}

// SettlementOutput is the result of kind settlement: what one order leaves
// in the seller's balance once its parcel is delivered or returned.
type SettlementOutput struct {
	ReturnFee        int64          `json:"return_fee"`
	ShippingCashback int64          `json:"shipping_cashback"`
	NetProfit        int64          `json:"net_profit"`
	Entries          []ledger.Entry `json:"entries"`
	BalanceChange    int64          `json:"balance_change"`
}

func runSettlement(data []byte) (any, error) {
	var in settlementIn
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	outcome, err := pricing.ParseOutcome(in.Outcome)
	if err != nil {
		return nil, err
	}
	terms, err := pricing.ParseReturnTerms(in.ReturnPercent.text, in.CODFeeOnReturn)
	if err != nil {
		return nil, err
	}
	qi, err := in.pricing()
	if err != nil {
		return nil, err
	}
	q, err := calculate(qi)
	if err != nil {
		return nil, err
	}
	sale := pricing.Sale{Quote: q, COD: qi.COD != nil, Return: terms}
	st, err := sale.Settle(outcome, money.Money(in.Refunds))
	if err != nil {
		return nil, err
	}
	entries, err := ledger.Lifetime(outcome, sale)
	if err != nil {
		return nil, err
	}
	change, err := ledger.Balance(entries)
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []ledger.Entry{}
	}
	return SettlementOutput{
		ReturnFee: st.ReturnFee.Int64(), ShippingCashback: st.Cashback.Int64(), NetProfit: st.NetProfit.Int64(),
		Entries: entries, BalanceChange: change.Int64(),
	}, nil
}
