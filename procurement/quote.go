package procurement

import (
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// Order is one seller's order of a procurement checkout, every amount in
// whole rupiah.
type Order struct {
	Seller  string        // the seller's ID
	Courier Courier       // the seller's courier choice
	Quote   pricing.Quote // the seller's quote; ProductDiscount is its share of the platform voucher

	GoodsTaxBase money.Money // the goods tax base: taxed goods' DPP plus the exempt goods amount
	ExemptAmount money.Money // exempt goods after their share of the voucher
	// Withholding reports whether the buyer's withholding applies: the
	// goods tax base is above the buyer kind's threshold.
	Withholding bool

	PlatformFee      money.Money // fixed + ceil((S − D) × percent / 100)
	PlatformFeePPN   money.Money // floor(fee × the platform's effective PPN rate / 100)
	PlatformFeePPh23 money.Money // floor(fee × PPh 23 / 100), withheld by the seller
	SellerSettlement money.Money // payable − fee − fee PPN + fee PPh 23

	DueAt time.Time // the last moment of the payment term, 23:59:59 WIB

	TaxInvoice      *TaxInvoice      // nil for a seller that charges no PPN
	WithholdingSlip *WithholdingSlip // nil when the buyer withholds no PPh
	FeeSlip         *WithholdingSlip // the seller's slip for the PPh 23 on the platform fee; nil when none
}

// TaxInvoice holds what a tax invoice (faktur pajak) for a seller's order states.
type TaxInvoice struct {
	SellerName       string      `json:"seller_name"`
	SellerNPWP       string      `json:"seller_npwp"`
	BuyerName        string      `json:"buyer_name"`
	BuyerNPWP        string      `json:"buyer_npwp"`
	DPP              money.Money `json:"dpp"` // the base PPN is charged on
	PPNPercent       money.Rate  `json:"ppn_percent"`
	DPPFactor        money.Rate  `json:"dpp_factor"` // 1 or 11/12
	PPN              money.Money `json:"ppn"`
	ExemptAmount     money.Money `json:"exempt_amount"`          // goods on the invoice outside PPN
	CollectedByBuyer bool        `json:"ppn_collected_by_buyer"` // the buyer collects the PPN (WAPU)
}

// WithholdingSlip holds what a PPh withholding slip (bukti potong) states:
// who withholds, from whom, and the tax of each article.
type WithholdingSlip struct {
	WithholderName string     `json:"withholder_name"`
	WithholderNPWP string     `json:"withholder_npwp"`
	RecipientName  string     `json:"recipient_name"`
	RecipientNPWP  string     `json:"recipient_npwp"`
	Lines          []SlipLine `json:"lines"`
}

// SlipLine is the tax of one article on a withholding slip.
type SlipLine struct {
	Article string      `json:"article"` // "22" or "23"
	Base    money.Money `json:"base"`    // the amount the tax is computed on
	Percent money.Rate  `json:"percent"`
	Amount  money.Money `json:"amount"`
}

// Totals are the sums of the sellers' orders.
type Totals struct {
	Subtotal, ProductDiscount, ShippingCost, InsuranceFee money.Money
	TaxBase, PPN, PPh22, PPh23                            money.Money
	GrandTotal, Withheld, Payable                         money.Money
	PlatformFee, PlatformFeePPN, PlatformFeePPh23         money.Money
	SellerSettlement                                      money.Money
}

// Result is a quoted procurement checkout: one order per seller, in the
// order of each seller's first item, and the totals.
type Result struct {
	Orders          []Order
	Totals          Totals
	VoucherDiscount money.Money // the platform voucher's whole discount, the sum of the sellers' shares
	PaymentTermDays int
	DueAt           time.Time
}

// Quote computes every seller's order of the checkout (see
// docs/procurement.md): the platform voucher's discount on the whole
// checkout split among the sellers in proportion to their eligible
// subtotals by [money.Allocate]'s rule; each seller's quote by
// [pricing.Calculate] with its courier, insurance, tax profile and the
// buyer's withholding when its goods tax base is above the threshold; the
// platform fee, its PPN and PPh 23 and the seller's settlement; the due
// date; the tax document fields; and the totals. Errors (see the package
// documentation) name the seller and the field, and nothing is returned
// with them.
func Quote(c Checkout) (Result, error) {
	sellers, lines, err := c.group()
	if err != nil {
		return Result{}, err
	}
	kinds := c.BuyerKinds
	if kinds == nil {
		kinds = DefaultBuyerKinds()
	}
	kind, err := c.Buyer.kind(kinds)
	if err != nil {
		return Result{}, err
	}
	if err := c.Platform.validate(); err != nil {
		return Result{}, errs.At("platform", err)
	}
	var subtotal money.Money
	for i, it := range c.Items {
		if it.Quantity <= 0 {
			return Result{}, errs.Invalidf(errs.CodeInvalidInput, "procurement: item %d (%s) of seller %q: quantity must be positive, got %d", i+1, it.SKU, it.Seller, it.Quantity).WithField(itemField(i, "quantity"))
		}
		if err := money.CheckAmount(itemField(i, "unit_price"), it.UnitPrice); err != nil {
			return Result{}, err
		}
		amount, err := it.UnitPrice.MulInt(it.Quantity)
		if err != nil || subtotal+amount > money.MaxAmount {
			return Result{}, errs.Invalidf(errs.CodeInvalidInput, "procurement: item %d (%s) of seller %q takes the purchase's subtotal beyond %s", i+1, it.SKU, it.Seller, money.MaxAmount).WithField(itemField(i, "quantity"))
		}
		subtotal += amount
	}
	shares, total, err := c.splitVoucher(lines)
	if err != nil {
		return Result{}, err
	}
	due := DueDate(c.PlacedAt, c.PaymentTermDays)
	res := Result{Orders: make([]Order, len(sellers)), VoucherDiscount: total, PaymentTermDays: c.PaymentTermDays, DueAt: due}
	for k, s := range sellers {
		o, err := c.order(s, lines[k], shares[k], kind)
		if err != nil {
			return Result{}, err
		}
		o.DueAt = due
		res.Orders[k] = o
		res.Totals.add(&o)
	}
	return res, nil
}

// splitVoucher returns each seller's share of the platform voucher and the
// whole discount: the voucher applied once to the checkout's eligible
// subtotal, its minimum checked against the whole subtotal, then split in
// proportion to the sellers' eligible subtotals.
func (c *Checkout) splitVoucher(lines [][]int) ([]money.Money, money.Money, error) {
	shares := make([]money.Money, len(lines))
	v := c.Voucher
	if v == nil {
		return shares, 0, nil
	}
	if v.Kind != pricing.ProductVoucher {
		return nil, 0, errs.Invalidf(pricing.CodeVoucherWrongKind, "procurement: the platform voucher %s must be a product voucher", v.Code).WithField("voucher")
	}
	if err := v.Validate(); err != nil {
		return nil, 0, errs.At("voucher", err)
	}
	parts := make([]money.Part, len(lines))
	var subtotal, eligible money.Money
	matched := false
	for k, idx := range lines {
		parts[k].Quantity = 1
		for _, i := range idx {
			it := c.Items[i]
			amount := it.UnitPrice * money.Money(it.Quantity) // bounded: Quote checked the subtotal
			subtotal += amount
			if v.AppliesTo(it.SKU) {
				parts[k].ListPrice += amount
				eligible += amount
				matched = true
			}
		}
	}
	if !matched {
		return nil, 0, errs.Invalidf(pricing.CodeVoucherNotApplicable, "procurement: the platform voucher %s applies to none of the items", v.Code).WithField("voucher")
	}
	if err := v.CheckMinSubtotal(subtotal); err != nil {
		return nil, 0, errs.At("voucher", err)
	}
	total, err := v.Discount(eligible)
	if err != nil {
		return nil, 0, errs.At("voucher", err)
	}
	if shares, err = money.Allocate(total, parts); err != nil {
		return nil, 0, err
	}
	return shares, total, nil
}

// order quotes one seller's order with its share of the platform voucher.
func (c *Checkout) order(s *Seller, idx []int, share money.Money, kind BuyerKind) (Order, error) {
	cr := c.Couriers[s.ID]
	in := pricing.QuoteInput{
		Shipping:     pricing.Shipping{Cost: cr.Cost, CashbackPercent: cr.CashbackPercent},
		InsuranceFee: cr.InsuranceFee,
		Tax: pricing.TaxProfile{
			PPNPercent: s.Tax.PPNPercent, DPPFactor: s.Tax.DPPFactor,
			PricesIncludePPN: s.Tax.PricesIncludePPN, PPNOnShipping: s.Tax.PPNOnShipping,
		},
	}
	for _, i := range idx {
		it := c.Items[i]
		in.Lines = append(in.Lines, pricing.Line{SKU: it.SKU, UnitPrice: it.UnitPrice, Quantity: it.Quantity, Exempt: it.Category == Exempt})
	}
	if share > 0 {
		// The share is at most the seller's eligible subtotal, so a fixed
		// voucher limited to the platform voucher's SKUs takes exactly it.
		in.ProductVoucher = &pricing.VoucherRule{Code: c.Voucher.Code, Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: share, SKUs: c.Voucher.SKUs}
	}
	// The tax bases do not depend on withholding: quote once without it,
	// and again with it when the goods tax base is above the threshold.
	q, tax, err := pricing.CalculateWithTax(in)
	if err != nil {
		return Order{}, errs.At("couriers."+s.ID, err)
	}
	o := Order{Seller: s.ID, Courier: cr, GoodsTaxBase: tax.GoodsBase, ExemptAmount: tax.ExemptBase}
	if tax.GoodsBase > kind.Threshold {
		o.Withholding = true
		in.Tax.PPNCollectedByBuyer = kind.PPNCollectedByBuyer
		in.Tax.PPh22Percent, in.Tax.PPh22OnShipping = kind.PPh22Percent, kind.PPh22OnShipping
		in.Tax.PPh23Percent = kind.PPh23Percent
		if q, tax, err = pricing.CalculateWithTax(in); err != nil {
			return Order{}, errs.At("couriers."+s.ID, err)
		}
	}
	o.Quote = q
	if err := c.Platform.fee(&o); err != nil {
		return Order{}, errs.At("platform", err)
	}
	c.documents(&o, s, in.Tax, tax)
	return o, nil
}

func (p Platform) validate() error {
	if err := money.CheckAmount("fee_fixed", p.FeeFixed); err != nil {
		return err
	}
	if p.FeePercent.Cmp(money.RateInt(100)) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "procurement: the platform fee percent must be within [0, 100], got %s", p.FeePercent).WithField("fee_percent")
	}
	return pricing.TaxProfile{PPNPercent: p.PPNPercent, DPPFactor: p.DPPFactor, PPh23Percent: p.PPh23Percent}.Validate()
}

// fee sets the platform fee of o, its PPN and PPh 23, and the seller's settlement.
func (p Platform) fee(o *Order) error {
	q := &o.Quote
	pct, err := money.ApplyPercent(q.Subtotal-q.ProductDiscount, p.FeePercent, money.Up)
	if err != nil {
		return err
	}
	o.PlatformFee = p.FeeFixed + pct
	dpp := p.DPPFactor
	if dpp.IsZero() {
		dpp = money.RateInt(1)
	}
	e, err := p.PPNPercent.Mul(dpp)
	if err != nil {
		return err
	}
	if o.PlatformFeePPN, err = money.ApplyPercent(o.PlatformFee, e, money.Down); err != nil {
		return err
	}
	if o.PlatformFeePPh23, err = money.ApplyPercent(o.PlatformFee, p.PPh23Percent, money.Down); err != nil {
		return err
	}
	o.SellerSettlement = q.Payable - o.PlatformFee - o.PlatformFeePPN + o.PlatformFeePPh23
	return nil
}

// documents fills the tax invoice and withholding slips of o.
func (c *Checkout) documents(o *Order, s *Seller, profile pricing.TaxProfile, tax pricing.Tax) {
	q := &o.Quote
	if !s.Tax.PPNPercent.IsZero() {
		dpp := s.Tax.DPPFactor
		if dpp.IsZero() {
			dpp = money.RateInt(1)
		}
		o.TaxInvoice = &TaxInvoice{
			SellerName: s.Name, SellerNPWP: s.NPWP, BuyerName: c.Buyer.Name, BuyerNPWP: c.Buyer.NPWP,
			DPP: q.TaxBase, PPNPercent: s.Tax.PPNPercent, DPPFactor: dpp, PPN: q.PPN,
			ExemptAmount: o.ExemptAmount, CollectedByBuyer: profile.PPNCollectedByBuyer,
		}
	}
	var lines []SlipLine
	if q.PPh22 > 0 {
		base := tax.GoodsBase
		if profile.PPh22OnShipping {
			base += tax.ShippingBase
		}
		lines = append(lines, SlipLine{Article: "22", Base: base, Percent: profile.PPh22Percent, Amount: q.PPh22})
	}
	if q.PPh23 > 0 {
		lines = append(lines, SlipLine{Article: "23", Base: tax.ShippingBase, Percent: profile.PPh23Percent, Amount: q.PPh23})
	}
	if lines != nil {
		o.WithholdingSlip = &WithholdingSlip{
			WithholderName: c.Buyer.Name, WithholderNPWP: c.Buyer.NPWP,
			RecipientName: s.Name, RecipientNPWP: s.NPWP, Lines: lines,
		}
	}
	if o.PlatformFeePPh23 > 0 {
		o.FeeSlip = &WithholdingSlip{
			WithholderName: s.Name, WithholderNPWP: s.NPWP,
			RecipientName: c.Platform.Name, RecipientNPWP: c.Platform.NPWP,
			Lines: []SlipLine{{Article: "23", Base: o.PlatformFee, Percent: c.Platform.PPh23Percent, Amount: o.PlatformFeePPh23}},
		}
	}
}

func (t *Totals) add(o *Order) {
	t.AddQuote(&o.Quote)
	t.PlatformFee += o.PlatformFee
	t.PlatformFeePPN += o.PlatformFeePPN
	t.PlatformFeePPh23 += o.PlatformFeePPh23
	t.SellerSettlement += o.SellerSettlement
}

// AddQuote adds a seller's quote's figures (subtotal to payable) to the
// totals; the platform fee's figures are the caller's to add.
func (t *Totals) AddQuote(q *pricing.Quote) {
	t.Subtotal += q.Subtotal
	t.ProductDiscount += q.ProductDiscount
	t.ShippingCost += q.ShippingCost
	t.InsuranceFee += q.InsuranceFee
	t.TaxBase += q.TaxBase
	t.PPN += q.PPN
	t.PPh22 += q.PPh22
	t.PPh23 += q.PPh23
	t.GrandTotal += q.GrandTotal
	t.Withheld += q.Withheld
	t.Payable += q.Payable
}
