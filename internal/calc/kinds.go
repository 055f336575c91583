package calc

import (
	"reflect"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

var percentType = reflect.TypeOf(percent{})

// invalidField reports that the input field is invalid because of err.
func invalidField(field string, err error) error {
	return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "calc: "+field+" is invalid").WithField(field)
}

// rate parses p for field; absent is 0.
func (p percent) rate(field string) (money.Rate, error) {
	if !p.set {
		return money.Rate{}, nil
	}
	r, err := money.ParseRate(p.text)
	if err != nil {
		return money.Rate{}, invalidField(field, err)
	}
	return r, nil
}

type quoteIn struct {
	Lines []struct {
		SKU       string `json:"sku"`
		UnitPrice int64  `json:"unit_price"`
		Quantity  int64  `json:"quantity"`
	} `json:"lines"`
	ProductVoucher  *voucherIn `json:"product_voucher"`
	ShippingVoucher *voucherIn `json:"shipping_voucher"`
	Shipping        *struct {
		Cost            int64   `json:"cost"`
		CashbackPercent percent `json:"cashback_percent"`
		CODMax          int64   `json:"cod_max"`
	} `json:"shipping"`
	InsuranceFee   int64 `json:"insurance_fee"`
	AdditionalCost int64 `json:"additional_cost"`
	Payment        *struct {
		Method         string  `json:"method"`
		CODFeePercent  percent `json:"cod_fee_percent"`
		CODFeeMin      int64   `json:"cod_fee_min"`
		CODFeePayer    string  `json:"cod_fee_payer"`
		CODFeeRounding string  `json:"cod_fee_rounding"`
		UniqueCode     int     `json:"unique_code"`
	} `json:"payment"`
	Tax *struct {
		PPNPercent          percent `json:"ppn_percent"`
		DPPFactor           percent `json:"dpp_factor"`
		PricesIncludePPN    bool    `json:"prices_include_ppn"`
		PPNOnShipping       bool    `json:"ppn_on_shipping"`
		PPNCollectedByBuyer bool    `json:"ppn_collected_by_buyer"`
		PPh22Percent        percent `json:"pph22_percent"`
		PPh22OnShipping     bool    `json:"pph22_on_shipping"`
		PPh23Percent        percent `json:"pph23_percent"`
	} `json:"tax"`
	Digital bool `json:"digital"`
}

type voucherIn struct {
	Type        string   `json:"type"`
	Value       percent  `json:"value"`
	MaxDiscount int64    `json:"max_discount"`
	MinSubtotal int64    `json:"min_subtotal"`
	SKUs        []string `json:"skus"`
}

// QuoteOutput is the result of kind quote: exactly the fields of the contract.
type QuoteOutput struct {
	Subtotal         int64 `json:"subtotal"`
	ProductDiscount  int64 `json:"product_discount"`
	ShippingCost     int64 `json:"shipping_cost"`
	ShippingDiscount int64 `json:"shipping_discount"`
	InsuranceFee     int64 `json:"insurance_fee"`
	AdditionalCost   int64 `json:"additional_cost"`
	TaxBase          int64 `json:"tax_base"`
	PPN              int64 `json:"ppn"`
	PPh22            int64 `json:"pph22"`
	PPh23            int64 `json:"pph23"`
	ServiceFee       int64 `json:"service_fee"`
	UniqueCode       int64 `json:"unique_code"`
	GrandTotal       int64 `json:"grand_total"`
	ShippingCashback int64 `json:"shipping_cashback"`
	Withheld         int64 `json:"withheld"`
	Payable          int64 `json:"payable"`
	NetProfit        int64 `json:"net_profit"`
}

func (v *voucherIn) rule(field string, kind pricing.VoucherKind) (*pricing.VoucherRule, error) {
	if v == nil {
		return nil, nil
	}
	r := &pricing.VoucherRule{Kind: kind, MaxDiscount: money.Money(v.MaxDiscount), MinSubtotal: money.Money(v.MinSubtotal), SKUs: v.SKUs}
	if err := r.Type.UnmarshalText([]byte(v.Type)); err != nil {
		return nil, invalidField(field+".type", err)
	}
	if !v.Value.set {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "calc: %s.value is missing", field).WithField(field + ".value")
	}
	val, err := v.Value.rate(field + ".value")
	if err != nil {
		return nil, err
	}
	if r.Type == pricing.Percent {
		r.Percent = val
	} else {
		if val.Den() != 1 {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "calc: %s.value of a fixed voucher must be whole rupiah, got %s", field, val).WithField(field + ".value")
		}
		r.Amount = money.Money(int64(min(val.Num(), uint64(money.MaxAmount)+1)))
	}
	return r, nil
}

// pricing maps the quote's input onto pricing's, with the contract's
// defaults: method bank_transfer, fee payer seller, fee rounding up.
func (in *quoteIn) pricing() (pricing.QuoteInput, error) {
	q := pricing.QuoteInput{
		Digital:        in.Digital,
		InsuranceFee:   money.Money(in.InsuranceFee),
		AdditionalCost: money.Money(in.AdditionalCost),
	}
	for _, l := range in.Lines {
		q.Lines = append(q.Lines, pricing.Line{SKU: l.SKU, UnitPrice: money.Money(l.UnitPrice), Quantity: l.Quantity})
	}
	var err error
	if q.ProductVoucher, err = in.ProductVoucher.rule("product_voucher", pricing.ProductVoucher); err != nil {
		return q, err
	}
	if q.ShippingVoucher, err = in.ShippingVoucher.rule("shipping_voucher", pricing.ShippingVoucher); err != nil {
		return q, err
	}
	if s := in.Shipping; s != nil {
		q.Shipping.Cost, q.Shipping.CODMax = money.Money(s.Cost), money.Money(s.CODMax)
		if q.Shipping.CashbackPercent, err = s.CashbackPercent.rate("shipping.cashback_percent"); err != nil {
			return q, err
		}
	}
	method := "bank_transfer"
	if p := in.Payment; p != nil {
		if p.Method != "" {
			method = p.Method
		}
		switch method {
		case "cod":
			fee := &pricing.CODFee{Min: money.Money(p.CODFeeMin)}
			if fee.Percent, err = p.CODFeePercent.rate("payment.cod_fee_percent"); err != nil {
				return q, err
			}
			if err := fee.Payer.UnmarshalText([]byte(p.CODFeePayer)); err != nil {
				return q, invalidField("payment.cod_fee_payer", err)
			}
			if fee.Rounding, err = money.ParseRounding(p.CODFeeRounding, money.Up); err != nil {
				return q, invalidField("payment.cod_fee_rounding", err)
			}
			q.COD = fee
		case "bank_transfer":
			q.UniqueCode = p.UniqueCode
		case "gateway", "invoice":
		default:
			return q, errs.Invalidf(errs.CodeInvalidInput, "calc: payment.method %q is not one of cod, bank_transfer, gateway, invoice", method).WithField("payment.method")
		}
	}
	if t := in.Tax; t != nil {
		tp := &q.Tax
		tp.PricesIncludePPN, tp.PPNOnShipping, tp.PPNCollectedByBuyer, tp.PPh22OnShipping = t.PricesIncludePPN, t.PPNOnShipping, t.PPNCollectedByBuyer, t.PPh22OnShipping
		for _, f := range []struct {
			name string
			in   percent
			out  *money.Rate
		}{{"tax.ppn_percent", t.PPNPercent, &tp.PPNPercent}, {"tax.dpp_factor", t.DPPFactor, &tp.DPPFactor}, {"tax.pph22_percent", t.PPh22Percent, &tp.PPh22Percent}, {"tax.pph23_percent", t.PPh23Percent, &tp.PPh23Percent}} {
			if *f.out, err = f.in.rate(f.name); err != nil {
				return q, err
			}
		}
		if t.DPPFactor.set && tp.DPPFactor.IsZero() {
			return q, errs.Invalidf(errs.CodeInvalidInput, "calc: tax.dpp_factor must be within (0, 1], got 0").WithField("tax.dpp_factor")
		}
	}
	return q, nil
}

func runQuote(data []byte) (any, error) {
	var in quoteIn
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	q, err := in.pricing()
	if err != nil {
		return nil, err
	}
	res, err := calculate(q)
	if err != nil {
		return nil, err
	}
	return quoteOutput(res), nil
}

// calculate prices q, placing pricing's COD errors, which name no field,
// at the input's payment.method.
func calculate(q pricing.QuoteInput) (pricing.Quote, error) {
	res, err := pricing.Calculate(q)
	switch errs.Code(err) {
	case pricing.CodeCODNotAllowed, pricing.CodeCODLimitExceeded:
		if errs.Field(err) == "" {
			err = errs.At("payment.method", err)
		}
	}
	return res, err
}

// quoteOutput is the contract's view of a quote.
func quoteOutput(res pricing.Quote) QuoteOutput {
	return QuoteOutput{
		Subtotal: res.Subtotal.Int64(), ProductDiscount: res.ProductDiscount.Int64(),
		ShippingCost: res.ShippingCost.Int64(), ShippingDiscount: res.ShippingDiscount.Int64(),
		InsuranceFee: res.InsuranceFee.Int64(), AdditionalCost: res.AdditionalCost.Int64(),
		TaxBase: res.TaxBase.Int64(), PPN: res.PPN.Int64(), PPh22: res.PPh22.Int64(), PPh23: res.PPh23.Int64(),
		ServiceFee: res.ServiceFee.Int64(), UniqueCode: int64(res.UniqueCode), GrandTotal: res.GrandTotal.Int64(),
		ShippingCashback: res.ShippingCashback.Int64(), Withheld: res.Withheld.Int64(),
		Payable: res.Payable.Int64(), NetProfit: res.NetProfit.Int64(),
	}
}

type allocateIn struct {
	Price int64 `json:"price"`
	Parts []struct {
		SKU       string `json:"sku"`
		ListPrice int64  `json:"list_price"`
		Quantity  int64  `json:"quantity"`
	} `json:"parts"`
}

// Allocation is one part's share in the result of kind allocate.
type Allocation struct {
	SKU    string `json:"sku"`
	Amount int64  `json:"amount"`
}

// AllocateOutput is the result of kind allocate.
type AllocateOutput struct {
	Allocations []Allocation `json:"allocations"`
}

func runAllocate(data []byte) (any, error) {
	var in allocateIn
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	parts := make([]money.Part, len(in.Parts))
	for i, p := range in.Parts {
		parts[i] = money.Part{ListPrice: money.Money(p.ListPrice), Quantity: p.Quantity}
	}
	shares, err := money.Allocate(money.Money(in.Price), parts)
	if err != nil {
		return nil, err
	}
	out := AllocateOutput{Allocations: make([]Allocation, len(shares))}
	for i, s := range shares {
		out.Allocations[i] = Allocation{SKU: in.Parts[i].SKU, Amount: s.Int64()}
	}
	return out, nil
}

// FormatOutput is the result of kind format.
type FormatOutput struct {
	Text string `json:"text"`
}

func runFormat(data []byte) (any, error) {
	var in struct {
		Amount *int64 `json:"amount"`
	}
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	if in.Amount == nil {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "calc: amount is missing").WithField("amount")
	}
	return FormatOutput{Text: money.Format(*in.Amount)}, nil
}
