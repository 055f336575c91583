package procurement

import (
	"slices"
	"strconv"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// Error codes of the procurement checkout besides those of package pricing.
const (
	CodeUnknownSeller         = "unknown_seller"           // an item of a seller the checkout does not know
	CodeCourierRequired       = "courier_required"         // a seller with items but no courier choice
	CodePaymentTermNotAllowed = "payment_term_not_allowed" // a payment term a seller does not offer
)

// TaxCategory says whether PPN is charged on a product.
type TaxCategory uint8

// The tax categories. Standard is the zero value and the default.
const (
	Standard TaxCategory = iota // PPN is charged
	Exempt                      // outside PPN: in the subtotal, not in the PPN base
)

// Valid reports whether c is a declared category.
func (c TaxCategory) Valid() bool { return c <= Exempt }

// String returns "standard" or "exempt".
func (c TaxCategory) String() string {
	switch c {
	case Standard:
		return "standard"
	case Exempt:
		return "exempt"
	}
	return "invalid"
}

// MarshalText implements encoding.TextMarshaler.
func (c TaxCategory) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: invalid tax category %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads "standard" (or "") or "exempt"; anything else is invalid_input.
func (c *TaxCategory) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "standard":
		*c = Standard
	case "exempt":
		*c = Exempt
	default:
		return errs.Invalidf(errs.CodeInvalidInput, "procurement: tax category %q is not standard or exempt", string(b))
	}
	return nil
}

// SellerTax is the part of a seller's tax profile the seller decides; what
// is withheld comes from the buyer's kind.
type SellerTax struct {
	PPNPercent       money.Rate // 0 for a seller not registered for VAT: no PPN is charged
	DPPFactor        money.Rate // 1 or 11/12; 0 reads as 1
	PricesIncludePPN bool       // the seller's prices include PPN
	PPNOnShipping    bool       // shipping is part of the taxed supply
}

// Seller is a store selling through the platform.
type Seller struct {
	ID   string
	Name string
	NPWP string
	Tax  SellerTax
	// PaymentTerms lists the payment terms in days the seller accepts; nil
	// means the checkout's list.
	PaymentTerms []int
}

// Item is one line of the purchase: a product of a seller.
type Item struct {
	Seller    string // the seller's ID
	SKU       string
	UnitPrice money.Money
	Quantity  int64
	Category  TaxCategory
}

// Courier is a seller's courier choice and what it costs.
type Courier struct {
	Courier         string      // courier code, e.g. "jne"
	Service         string      // service code, e.g. "REG"
	Cost            money.Money // the courier's full price for the seller's parcel
	CashbackPercent money.Rate  // shipping cashback paid back to the seller
	InsuranceFee    money.Money // the insurance premium, when insured
}

// validate checks the amounts (whole rupiah ≥ 0) and the cashback percent
// (within [0, 100]). Errors are invalid_input naming the field.
func (cr Courier) validate() error {
	if err := money.CheckAmount("cost", cr.Cost); err != nil {
		return err
	}
	if err := money.CheckAmount("insurance_fee", cr.InsuranceFee); err != nil {
		return err
	}
	if cr.CashbackPercent.Cmp(money.RateInt(100)) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "procurement: cashback_percent must be within [0, 100], got %s", cr.CashbackPercent).WithField("cashback_percent")
	}
	return nil
}

// Platform is the platform's transaction fee on each seller's order and
// the platform's own tax profile.
type Platform struct {
	Name         string
	NPWP         string
	FeeFixed     money.Money // added to each seller's fee
	FeePercent   money.Rate  // of the goods amount S − D, rounded up
	PPNPercent   money.Rate  // the platform's PPN rate on its fee
	DPPFactor    money.Rate  // 0 reads as 1
	PPh23Percent money.Rate  // PPh 23 the seller withholds from the fee
}

// DefaultPaymentTerms is the payment terms a checkout allows when it lists
// none: cash (0) and 7, 14, 30 or 60 days.
func DefaultPaymentTerms() []int { return []int{0, 7, 14, 30, 60} }

// Checkout is one procurement purchase as the buyer submits it, with the
// sellers and terms it is quoted under.
type Checkout struct {
	Buyer      Buyer
	BuyerKinds map[string]BuyerKind // nil: DefaultBuyerKinds
	Platform   Platform
	Sellers    []Seller
	Items      []Item
	Couriers   map[string]Courier   // by seller ID
	Voucher    *pricing.VoucherRule // the platform voucher, a product voucher; nil: none

	PaymentTerms    []int     // the terms in days the store allows; nil: DefaultPaymentTerms
	PaymentTermDays int       // the term the buyer picked
	PlacedAt        time.Time // when the purchase is placed; the due date counts from its day in WIB
}

func itemField(i int, name string) string { return "items[" + strconv.Itoa(i) + "]." + name }

// group checks the sellers, items, couriers and payment term, and returns
// the sellers that have items in order of their first item, with the index
// of each item's seller.
func (c *Checkout) group() (sellers []*Seller, lines [][]int, err error) {
	byID := make(map[string]*Seller, len(c.Sellers))
	for i := range c.Sellers {
		s := &c.Sellers[i]
		field := "sellers[" + strconv.Itoa(i) + "]"
		if s.ID == "" {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: seller %d has no id", i+1).WithField(field + ".id")
		}
		if _, dup := byID[s.ID]; dup {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: seller %q is listed twice", s.ID).WithField(field + ".id")
		}
		p := pricing.TaxProfile{PPNPercent: s.Tax.PPNPercent, DPPFactor: s.Tax.DPPFactor}
		if err := p.Validate(); err != nil {
			return nil, nil, errs.At(field+".tax", err)
		}
		byID[s.ID] = s
	}
	if len(c.Items) == 0 {
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: a checkout needs at least one item").WithField("items")
	}
	index := map[string]int{}
	for i, it := range c.Items {
		s, ok := byID[it.Seller]
		if !ok {
			return nil, nil, errs.Invalidf(CodeUnknownSeller, "procurement: item %d (%s) is sold by %q, a seller the checkout does not know", i+1, it.SKU, it.Seller).WithField(itemField(i, "seller"))
		}
		if !it.Category.Valid() {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: item %d (%s) has an invalid tax category", i+1, it.SKU).WithField(itemField(i, "tax_category"))
		}
		k, seen := index[it.Seller]
		if !seen {
			k = len(sellers)
			index[it.Seller] = k
			sellers = append(sellers, s)
			lines = append(lines, nil)
		}
		lines[k] = append(lines[k], i)
	}
	for _, s := range sellers {
		cr, ok := c.Couriers[s.ID]
		if !ok {
			return nil, nil, errs.Invalidf(CodeCourierRequired, "procurement: seller %q has items but no courier choice", s.ID).WithField("couriers." + s.ID)
		}
		if err := cr.validate(); err != nil {
			return nil, nil, errs.At("couriers."+s.ID, err)
		}
	}
	for id := range c.Couriers {
		if _, ok := index[id]; !ok {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: a courier is chosen for %q, a seller with no items in the checkout", id).WithField("couriers." + id)
		}
	}
	if c.PaymentTermDays < 0 {
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "procurement: payment term must not be negative, got %d", c.PaymentTermDays).WithField("payment_term_days")
	}
	allowed := c.PaymentTerms
	if allowed == nil {
		allowed = DefaultPaymentTerms()
	}
	if !slices.Contains(allowed, c.PaymentTermDays) {
		return nil, nil, errs.Invalidf(CodePaymentTermNotAllowed, "procurement: a payment term of %d days is not allowed; allowed: %v", c.PaymentTermDays, allowed).WithField("payment_term_days")
	}
	for _, s := range sellers {
		if s.PaymentTerms != nil && !slices.Contains(s.PaymentTerms, c.PaymentTermDays) {
			return nil, nil, errs.Invalidf(CodePaymentTermNotAllowed, "procurement: seller %q does not accept a payment term of %d days; it accepts %v", s.ID, c.PaymentTermDays, s.PaymentTerms).WithField("payment_term_days")
		}
	}
	return sellers, lines, nil
}
