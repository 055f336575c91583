package importing

import (
	"regexp"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/money"
)

// SourceChat is the Source of an [Order] read from a chat message.
const SourceChat = "chat"

// Order is one order as a file or a message gives it, before detection:
// texts as written, amounts as reported. An order of a marketplace export
// gathers the rows of one invoice.
type Order struct {
	// Row is where the order starts: the 1-based data row of a table (the
	// header not counted) or the line of a chat text.
	Row int `json:"row"`
	// Source is the mapping id ("shopee", "kasir" …) or "chat".
	Source  string  `json:"source"`
	Invoice string  `json:"invoice,omitempty"`
	AWB     string  `json:"awb,omitempty"`
	Name    string  `json:"name,omitempty"`
	Phone   string  `json:"phone,omitempty"`
	Address Address `json:"address"`
	Items   []Item  `json:"items,omitempty"`
	// Courier is the courier and service as written, e.g.
	// "Reguler (Cashless)-J&T Express".
	Courier string `json:"courier,omitempty"`
	// Payment is the payment as written ("COD", "Transfer"), if given.
	Payment string `json:"payment,omitempty"`
	Notes   string `json:"notes,omitempty"`
	// ShippingCost, Discount (the seller's voucher or discount on the
	// order) and Total are the amounts the source reported (0 when it gave
	// none); kasir does not price with them. A marketplace's order keeps
	// them as its external record.
	ShippingCost money.Money `json:"shipping_cost,omitempty"`
	Discount     money.Money `json:"discount,omitempty"`
	Total        money.Money `json:"total,omitempty"`
	// Errors are the fields that could not be read, each a coded error
	// naming its field.
	Errors []error `json:"-"`
}

// Address is a delivery address as written, with whatever parts the
// source gave apart.
type Address struct {
	Line       string `json:"line,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	District   string `json:"district,omitempty"`
	City       string `json:"city,omitempty"`
	Province   string `json:"province,omitempty"`
}

// Item is one product line as written.
type Item struct {
	SKU       string      `json:"sku,omitempty"`
	Name      string      `json:"name,omitempty"`
	Variation string      `json:"variation,omitempty"`
	Quantity  int64       `json:"quantity"`
	UnitPrice money.Money `json:"unit_price,omitempty"`
	// Subtotal is the line's amount as reported (0 when the source gave
	// none).
	Subtotal money.Money `json:"subtotal,omitempty"`
}

var postalRE = regexp.MustCompile(`(?:^|[^0-9])([1-9][0-9]{4})(?:[^0-9]|$)`)

// finish puts each one-line field on one line (line breaks in a cell
// become ", ", runs of spaces one) and fills what can be read from the
// rest: the postal code from the address line when none was given apart.
func (o *Order) finish() {
	for _, f := range []*string{&o.Invoice, &o.AWB, &o.Name, &o.Phone, &o.Courier, &o.Payment,
		&o.Address.Line, &o.Address.PostalCode, &o.Address.District, &o.Address.City, &o.Address.Province} {
		*f = oneLine(*f)
	}
	for i := range o.Items {
		it := &o.Items[i]
		it.SKU, it.Name, it.Variation = oneLine(it.SKU), oneLine(it.Name), oneLine(it.Variation)
	}
	if o.Address.PostalCode == "" {
		if m := postalRE.FindAllStringSubmatch(o.Address.Line, -1); len(m) > 0 {
			o.Address.PostalCode = m[len(m)-1][1]
		}
	}
}

// oneLine joins the lines of s with ", " and collapses white space.
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029
	})
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Trim(strings.Join(slices.DeleteFunc(lines, func(l string) bool { return l == "" }), ", "), " ,")
}
