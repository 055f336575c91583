package calc

import (
	"strconv"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

type procurementIn struct {
	Buyer struct {
		Name string `json:"name"`
		NPWP string `json:"npwp"`
		Kind string `json:"kind"`
	} `json:"buyer"`
	BuyerKinds map[string]struct {
		PPNCollectedByBuyer  bool    `json:"ppn_collected_by_buyer"`
		PPh22Percent         percent `json:"pph22_percent"`
		PPh22OnShipping      bool    `json:"pph22_on_shipping"`
		PPh23Percent         percent `json:"pph23_percent"`
		WithholdingThreshold int64   `json:"withholding_threshold"`
	} `json:"buyer_kinds"`
	Platform struct {
		Name         string  `json:"name"`
		NPWP         string  `json:"npwp"`
		FeeFixed     int64   `json:"fee_fixed"`
		FeePercent   percent `json:"fee_percent"`
		PPNPercent   percent `json:"ppn_percent"`
		DPPFactor    percent `json:"dpp_factor"`
		PPh23Percent percent `json:"pph23_percent"`
	} `json:"platform"`
	Sellers []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		NPWP string `json:"npwp"`
		Tax  struct {
			PPNPercent       percent `json:"ppn_percent"`
			DPPFactor        percent `json:"dpp_factor"`
			PricesIncludePPN bool    `json:"prices_include_ppn"`
			PPNOnShipping    bool    `json:"ppn_on_shipping"`
		} `json:"tax"`
		PaymentTerms []int `json:"payment_terms"`
	} `json:"sellers"`
	Items []struct {
		Seller      string                  `json:"seller"`
		SKU         string                  `json:"sku"`
		UnitPrice   int64                   `json:"unit_price"`
		Quantity    int64                   `json:"quantity"`
		TaxCategory procurement.TaxCategory `json:"tax_category"`
	} `json:"items"`
	Couriers map[string]struct {
		Courier         string  `json:"courier"`
		Service         string  `json:"service"`
		Cost            int64   `json:"cost"`
		CashbackPercent percent `json:"cashback_percent"`
		InsuranceFee    int64   `json:"insurance_fee"`
	} `json:"couriers"`
	Voucher         *voucherIn         `json:"voucher"`
	PaymentTerms    []int              `json:"payment_terms"`
	PaymentTermDays int                `json:"payment_term_days"`
	PlacedAt        time.Time          `json:"placed_at"`
	AsOf            *time.Time         `json:"as_of"`
	Payments        map[string][]int64 `json:"payments"`
}

// ProcurementOrder is one seller's order in the result of kind procurement.
type ProcurementOrder struct {
	Seller  string `json:"seller"`
	Courier string `json:"courier"`
	Service string `json:"service"`
	QuoteOutput
	GoodsTaxBase       int64                        `json:"goods_tax_base"`
	ExemptAmount       int64                        `json:"exempt_amount"`
	Withholding        bool                         `json:"withholding"`
	PlatformFee        int64                        `json:"platform_fee"`
	PlatformFeePPN     int64                        `json:"platform_fee_ppn"`
	PlatformFeePPh23   int64                        `json:"platform_fee_pph23"`
	SellerSettlement   int64                        `json:"seller_settlement"`
	DueAt              string                       `json:"due_at"`
	Paid               int64                        `json:"paid"`
	Outstanding        int64                        `json:"outstanding"`
	Overdue            bool                         `json:"overdue"`
	TaxInvoice         *procurement.TaxInvoice      `json:"tax_invoice"`
	WithholdingSlip    *procurement.WithholdingSlip `json:"withholding_slip"`
	FeeWithholdingSlip *procurement.WithholdingSlip `json:"fee_withholding_slip"`
}

// ProcurementTotals are the sums over the sellers' orders.
type ProcurementTotals struct {
	Subtotal         int64 `json:"subtotal"`
	ProductDiscount  int64 `json:"product_discount"`
	ShippingCost     int64 `json:"shipping_cost"`
	InsuranceFee     int64 `json:"insurance_fee"`
	TaxBase          int64 `json:"tax_base"`
	PPN              int64 `json:"ppn"`
	PPh22            int64 `json:"pph22"`
	PPh23            int64 `json:"pph23"`
	GrandTotal       int64 `json:"grand_total"`
	Withheld         int64 `json:"withheld"`
	Payable          int64 `json:"payable"`
	PlatformFee      int64 `json:"platform_fee"`
	PlatformFeePPN   int64 `json:"platform_fee_ppn"`
	PlatformFeePPh23 int64 `json:"platform_fee_pph23"`
	SellerSettlement int64 `json:"seller_settlement"`
	Paid             int64 `json:"paid"`
	Outstanding      int64 `json:"outstanding"`
}

// ProcurementOutput is the result of kind procurement.
type ProcurementOutput struct {
	Orders          []ProcurementOrder `json:"orders"`
	Totals          ProcurementTotals  `json:"totals"`
	VoucherDiscount int64              `json:"voucher_discount"`
	PaymentTermDays int                `json:"payment_term_days"`
	DueAt           string             `json:"due_at"`
}

// checkout maps the input onto procurement's, the buyer kinds given over
// the default ones.
func (in *procurementIn) checkout() (procurement.Checkout, error) {
	c := procurement.Checkout{
		Buyer:           procurement.Buyer{Name: in.Buyer.Name, NPWP: in.Buyer.NPWP, Kind: in.Buyer.Kind},
		BuyerKinds:      procurement.DefaultBuyerKinds(),
		PaymentTerms:    in.PaymentTerms,
		PaymentTermDays: in.PaymentTermDays,
		PlacedAt:        in.PlacedAt,
		Couriers:        map[string]procurement.Courier{},
	}
	if in.PlacedAt.IsZero() {
		return c, errs.Invalidf(errs.CodeInvalidInput, "calc: placed_at is missing: the due date counts from it").WithField("placed_at")
	}
	var err error
	for name, k := range in.BuyerKinds {
		bk := procurement.BuyerKind{PPNCollectedByBuyer: k.PPNCollectedByBuyer, PPh22OnShipping: k.PPh22OnShipping, Threshold: money.Money(k.WithholdingThreshold)}
		f := "buyer_kinds." + name
		if err := rates(rf{f + ".pph22_percent", k.PPh22Percent, &bk.PPh22Percent}, rf{f + ".pph23_percent", k.PPh23Percent, &bk.PPh23Percent}); err != nil {
			return c, err
		}
		c.BuyerKinds[name] = bk
	}
	p := in.Platform
	c.Platform = procurement.Platform{Name: p.Name, NPWP: p.NPWP, FeeFixed: money.Money(p.FeeFixed)}
	if err := rates(rf{"platform.fee_percent", p.FeePercent, &c.Platform.FeePercent}, rf{"platform.ppn_percent", p.PPNPercent, &c.Platform.PPNPercent},
		rf{"platform.dpp_factor", p.DPPFactor, &c.Platform.DPPFactor}, rf{"platform.pph23_percent", p.PPh23Percent, &c.Platform.PPh23Percent}); err != nil {
		return c, err
	}
	for i, s := range in.Sellers {
		ps := procurement.Seller{ID: s.ID, Name: s.Name, NPWP: s.NPWP, PaymentTerms: s.PaymentTerms}
		ps.Tax.PricesIncludePPN, ps.Tax.PPNOnShipping = s.Tax.PricesIncludePPN, s.Tax.PPNOnShipping
		f := "sellers[" + strconv.Itoa(i) + "].tax"
		if err := rates(rf{f + ".ppn_percent", s.Tax.PPNPercent, &ps.Tax.PPNPercent}, rf{f + ".dpp_factor", s.Tax.DPPFactor, &ps.Tax.DPPFactor}); err != nil {
			return c, err
		}
		c.Sellers = append(c.Sellers, ps)
	}
	for _, it := range in.Items {
		c.Items = append(c.Items, procurement.Item{Seller: it.Seller, SKU: it.SKU, UnitPrice: money.Money(it.UnitPrice), Quantity: it.Quantity, Category: it.TaxCategory})
	}
	for id, cr := range in.Couriers {
		pc := procurement.Courier{Courier: cr.Courier, Service: cr.Service, Cost: money.Money(cr.Cost), InsuranceFee: money.Money(cr.InsuranceFee)}
		if err := rates(rf{"couriers." + id + ".cashback_percent", cr.CashbackPercent, &pc.CashbackPercent}); err != nil {
			return c, err
		}
		c.Couriers[id] = pc
	}
	if c.Voucher, err = in.Voucher.rule("voucher", pricing.ProductVoucher); err != nil {
		return c, err
	}
	return c, nil
}

func runProcurement(data []byte) (any, error) {
	var in procurementIn
	if err := strictjson.Decode(data, &in); err != nil {
		return nil, &ReadError{Err: err}
	}
	c, err := in.checkout()
	if err != nil {
		return nil, err
	}
	res, err := procurement.Quote(c)
	if err != nil {
		return nil, err
	}
	out := ProcurementOutput{
		Orders: make([]ProcurementOrder, len(res.Orders)), VoucherDiscount: res.VoucherDiscount.Int64(),
		PaymentTermDays: res.PaymentTermDays, DueAt: res.DueAt.Format(time.RFC3339),
	}
	known := map[string]bool{}
	for i, o := range res.Orders {
		known[o.Seller] = true
		acct := procurement.Account{Payable: o.Quote.Payable, DueAt: o.DueAt}
		for j, amount := range in.Payments[o.Seller] {
			if acct, err = acct.Pay(money.Money(amount)); err != nil {
				return nil, errs.At("payments."+o.Seller+"["+strconv.Itoa(j)+"]", err)
			}
		}
		out.Orders[i] = ProcurementOrder{
			Seller: o.Seller, Courier: o.Courier.Courier, Service: o.Courier.Service, QuoteOutput: quoteOutput(o.Quote),
			GoodsTaxBase: o.GoodsTaxBase.Int64(), ExemptAmount: o.ExemptAmount.Int64(), Withholding: o.Withholding,
			PlatformFee: o.PlatformFee.Int64(), PlatformFeePPN: o.PlatformFeePPN.Int64(), PlatformFeePPh23: o.PlatformFeePPh23.Int64(),
			SellerSettlement: o.SellerSettlement.Int64(), DueAt: o.DueAt.Format(time.RFC3339),
			Paid: acct.Paid.Int64(), Outstanding: acct.Outstanding().Int64(), Overdue: in.AsOf != nil && acct.Overdue(*in.AsOf),
			TaxInvoice: o.TaxInvoice, WithholdingSlip: o.WithholdingSlip, FeeWithholdingSlip: o.FeeSlip,
		}
		t, po := &out.Totals, &out.Orders[i]
		t.Paid += po.Paid
		t.Outstanding += po.Outstanding
	}
	for id := range in.Payments {
		if !known[id] {
			return nil, errs.Invalidf(procurement.CodeUnknownSeller, "calc: payments are given for %q, a seller with no order in the checkout", id).WithField("payments." + id)
		}
	}
	t := res.Totals
	out.Totals = ProcurementTotals{
		Subtotal: t.Subtotal.Int64(), ProductDiscount: t.ProductDiscount.Int64(), ShippingCost: t.ShippingCost.Int64(),
		InsuranceFee: t.InsuranceFee.Int64(), TaxBase: t.TaxBase.Int64(), PPN: t.PPN.Int64(), PPh22: t.PPh22.Int64(),
		PPh23: t.PPh23.Int64(), GrandTotal: t.GrandTotal.Int64(), Withheld: t.Withheld.Int64(), Payable: t.Payable.Int64(),
		PlatformFee: t.PlatformFee.Int64(), PlatformFeePPN: t.PlatformFeePPN.Int64(), PlatformFeePPh23: t.PlatformFeePPh23.Int64(),
		SellerSettlement: t.SellerSettlement.Int64(), Paid: out.Totals.Paid, Outstanding: out.Totals.Outstanding,
	}
	return out, nil
}

// rf is a percentage of the input, where it goes and the field it came from.
type rf struct {
	name string
	in   percent
	out  *money.Rate
}

// rates parses each percentage into its place; the first malformed one is
// the error.
func rates(fs ...rf) error {
	for _, f := range fs {
		r, err := f.in.rate(f.name)
		if err != nil {
			return err
		}
		*f.out = r
	}
	return nil
}
