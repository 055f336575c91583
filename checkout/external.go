package checkout

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// Bounds on an [External] record's texts, in runes.
const (
	MaxExternalText  = 200 // source, invoice, airway bill, courier and payment as reported
	MaxExternalItems = 100 // the product lines reported
)

// External is what a marketplace reported of an order kasir did not price:
// it was sold and paid on the marketplace (Shopee, Tokopedia, TikTok Shop
// …) and imported. Its amounts are the marketplace's, as the export gave
// them (0 when it gave none), never computed by kasir; an order with an
// External record has no quote of its own (its Breakdown is zero) and its
// payment method is payment.Marketplace.
type External struct {
	// Source is the marketplace: the id of the import mapping
	// ("shopee", "tokopedia", "tiktokshop", "smartorder").
	Source string `json:"source"`
	// Invoice is the marketplace's order or invoice number.
	Invoice string `json:"invoice,omitempty"`
	// Items are the product lines as the marketplace reported them.
	Items []ExternalItem `json:"items,omitempty"`
	// Subtotal is Σ of the reported items' subtotals.
	Subtotal money.Money `json:"subtotal"`
	// ShippingCost is the shipping the buyer paid, as reported.
	ShippingCost money.Money `json:"shipping_cost"`
	// Discount is the seller's discount or voucher, as reported.
	Discount money.Money `json:"discount"`
	// Total is the order's total as reported: what the buyer paid the
	// marketplace. Reports read it as the order's grand total.
	Total money.Money `json:"total"`
	// AirwayBill is the airway bill (resi) the marketplace issued.
	AirwayBill string `json:"airway_bill,omitempty"`
	// Courier is the courier and service as reported, e.g.
	// "Reguler (Cashless)-J&T Express".
	Courier string `json:"courier,omitempty"`
	// Payment is how the buyer paid the marketplace, as reported
	// ("COD", "ShopeePay" …).
	Payment string `json:"payment,omitempty"`
}

// ExternalItem is one product line as a marketplace reported it.
type ExternalItem struct {
	SKU       string      `json:"sku,omitempty"`
	Name      string      `json:"name"`
	Variation string      `json:"variation,omitempty"`
	Quantity  int64       `json:"quantity"`
	UnitPrice money.Money `json:"unit_price"`
	// Subtotal is the line's amount as reported (after the marketplace's
	// discounts on it), or unit price × quantity when none was reported.
	Subtotal money.Money `json:"subtotal"`
}

// Validate checks the record: a source; texts of at most MaxExternalText
// runes without control characters; 1 to MaxExternalItems items each with
// a positive quantity; every amount within 0…money.MaxAmount and the
// subtotal equal to Σ the items' subtotals.
// Errors: invalid_input naming the field.
func (e *External) Validate() error {
	if strings.TrimSpace(e.Source) == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: an external order names its marketplace").WithField("external.source")
	}
	for _, f := range []struct{ name, v string }{
		{"source", e.Source}, {"invoice", e.Invoice}, {"airway_bill", e.AirwayBill}, {"courier", e.Courier}, {"payment", e.Payment},
	} {
		if err := externalText("external."+f.name, f.v); err != nil {
			return err
		}
	}
	if len(e.Items) == 0 || len(e.Items) > MaxExternalItems {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: an external order has 1 to %d items", MaxExternalItems).WithField("external.items")
	}
	var sum money.Money
	for i, it := range e.Items {
		field := "external.items[" + strconv.Itoa(i) + "]"
		for _, f := range []struct{ name, v string }{{"sku", it.SKU}, {"name", it.Name}, {"variation", it.Variation}} {
			if err := externalText(field+"."+f.name, f.v); err != nil {
				return err
			}
		}
		if it.Quantity <= 0 || it.Quantity > int64(money.MaxAmount) {
			return errs.Invalidf(errs.CodeInvalidInput, "checkout: a quantity must be positive").WithField(field + ".quantity")
		}
		if err := money.CheckAmount(field+".unit_price", it.UnitPrice); err != nil {
			return err
		}
		if err := money.CheckAmount(field+".subtotal", it.Subtotal); err != nil {
			return err
		}
		if sum += it.Subtotal; sum > money.MaxAmount {
			return errs.Invalidf(errs.CodeInvalidInput, "checkout: the subtotal is too large").WithField("external.subtotal")
		}
	}
	if e.Subtotal != sum {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: the subtotal %s is not the sum of the items %s", e.Subtotal, sum).WithField("external.subtotal")
	}
	for _, f := range []struct {
		name string
		v    money.Money
	}{{"shipping_cost", e.ShippingCost}, {"discount", e.Discount}, {"total", e.Total}} {
		if err := money.CheckAmount("external."+f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

func externalText(field, v string) error {
	if len([]rune(v)) > MaxExternalText {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: %s is longer than %d characters", field, MaxExternalText).WithField(field)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return errs.Invalidf(errs.CodeInvalidInput, "checkout: %s holds a control character", field).WithField(field)
		}
	}
	return nil
}

// Clone returns a deep copy.
func (e *External) Clone() *External {
	if e == nil {
		return nil
	}
	c := *e
	c.Items = append([]ExternalItem(nil), e.Items...)
	return &c
}

// IsExternal reports whether the order was imported from a marketplace
// and keeps the marketplace's own amounts instead of a quote.
func (o *Order) IsExternal() bool { return o.External != nil }

// GrandTotal is the order's grand total as its reports read it: its
// quote's, or for an external order the total the marketplace reported.
func (o *Order) GrandTotal() money.Money {
	if o.External != nil {
		return o.External.Total
	}
	return o.Breakdown.GrandTotal
}

// CashOnDelivery reports whether the marketplace reported the order as
// paid on delivery ("COD (Bayar di Tempat)", "Cash on delivery", "COD"):
// the courier then collects the reported total from the buyer.
func (e *External) CashOnDelivery() bool {
	if e == nil {
		return false
	}
	p := strings.ToLower(e.Payment)
	if strings.Contains(p, "cash on delivery") || strings.Contains(p, "bayar di tempat") {
		return true
	}
	return slices.Contains(strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) }), "cod")
}
