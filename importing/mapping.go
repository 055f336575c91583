package importing

import (
	"embed"
	"errors"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/money"
)

//go:embed mappings/*.json
var mappingFiles embed.FS

// The fields a mapping's columns fill.
var mappingFields = []string{
	"invoice", "awb", "name", "phone", "address", "postal_code", "district", "city", "province",
	"sku", "product_name", "variation", "quantity", "unit_price", "line_total", "shipping_cost", "discount", "total",
	"courier", "service", "payment", "notes",
}

// Mapping says which columns of a file hold which field of an order: for
// each field ("invoice", "name", "phone", "address", "postal_code",
// "district", "city", "province", "sku", "product_name", "variation",
// "quantity", "unit_price", "line_total", "shipping_cost", "discount",
// "total", "courier", "service", "payment", "notes", "awb"), the header
// names it may have, the
// first present winning. Header names compare without regard to case,
// spacing and punctuation.
type Mapping struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Marketplace is true for a marketplace's export, whose rows were
	// priced and paid on the marketplace; false for the seller's own
	// template, whose rows kasir prices.
	Marketplace bool                `json:"marketplace"`
	Columns     map[string][]string `json:"columns"`
}

// Mappings returns the built-in mappings (one embedded JSON file each),
// sorted by id. It fails only when a file is malformed, which the
// package's tests rule out.
func Mappings() ([]Mapping, error) {
	entries, err := mappingFiles.ReadDir("mappings")
	if err != nil {
		return nil, err
	}
	var out []Mapping
	for _, e := range entries {
		data, err := mappingFiles.ReadFile(path.Join("mappings", e.Name()))
		if err != nil {
			return nil, err
		}
		m, err := ParseMapping(data)
		if err != nil {
			return nil, errs.At(e.Name(), err)
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Mapping) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// ParseMapping reads one mapping file with the module's strict JSON
// decoder and checks it: an id, a name, only known fields, each with at
// least one header.
//
// Errors: the strict decoder's; invalid_input naming the field.
func ParseMapping(data []byte) (Mapping, error) {
	var m Mapping
	if err := strictjson.Decode(data, &m); err != nil {
		return Mapping{}, err
	}
	if strings.TrimSpace(m.ID) == "" || strings.TrimSpace(m.Name) == "" {
		return Mapping{}, errs.Invalidf(errs.CodeInvalidInput, "importing: a mapping needs an id and a name").WithField("id")
	}
	for f, hs := range m.Columns {
		if !slices.Contains(mappingFields, f) {
			return Mapping{}, errs.Invalidf(errs.CodeInvalidInput, "importing: mapping %s: unknown field %q", m.ID, f).WithField("columns." + f)
		}
		if len(hs) == 0 {
			return Mapping{}, errs.Invalidf(errs.CodeInvalidInput, "importing: mapping %s: field %q has no header", m.ID, f).WithField("columns." + f)
		}
	}
	return m, nil
}

// MappingByID returns the mapping with that id among ms.
//
// Errors: unknown_marketplace (field "marketplace").
func MappingByID(ms []Mapping, id string) (Mapping, error) {
	for _, m := range ms {
		if strings.EqualFold(m.ID, strings.TrimSpace(id)) {
			return m, nil
		}
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return Mapping{}, invalid(CodeUnknownMarketplace, "marketplace", "no mapping %q; there are %s", id, strings.Join(ids, ", "))
}

// headerKey is a header compared without case, spacing and punctuation.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '#' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// columns maps each field of m to its column index in headers.
func (m Mapping) columns(headers []string) map[string]int {
	at := map[string]int{}
	for i, h := range headers {
		if k := headerKey(h); k != "" {
			if _, dup := at[k]; !dup {
				at[k] = i
			}
		}
	}
	out := map[string]int{}
	for f, hs := range m.Columns {
		for _, h := range hs {
			if i, ok := at[headerKey(h)]; ok {
				out[f] = i
				break
			}
		}
	}
	return out
}

// DetectMapping returns the mapping among ms whose fields the headers
// hold best: the share of its fields found, at least half, and at least
// its name, phone or address and a product column.
//
// Errors: unknown_marketplace (field "marketplace") when none matches.
func DetectMapping(ms []Mapping, headers []string) (Mapping, error) {
	best, bestScore := -1, 0.0
	for i, m := range ms {
		cols := m.columns(headers)
		_, name := cols["product_name"]
		_, sku := cols["sku"]
		_, phone := cols["phone"]
		if !(name || sku) || !phone {
			continue
		}
		score := float64(len(cols)) / float64(len(m.Columns))
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore < 0.5 {
		return Mapping{}, invalid(CodeUnknownMarketplace, "marketplace", "the headers (%.200s) match no known marketplace or template", strings.Join(headers, ", "))
	}
	return ms[best], nil
}

// Extract reads a table's rows through m into orders: the rows of one
// invoice (anywhere in the file) make one order with one item each; a row
// without an invoice is an order of its own. A first row that describes
// the columns (words, not a number, under the quantity and the phone, as
// in TikTok Shop's exports) is left out. Fields that cannot be read
// are the order's Errors, named "total", "items[1].quantity" ….
//
// Errors: missing_field (field "columns") when the table has no column for
// a product (name or SKU).
func Extract(t Table, m Mapping) ([]Order, error) {
	cols := m.columns(t.Headers)
	_, name := cols["product_name"]
	_, sku := cols["sku"]
	if !name && !sku {
		return nil, invalid(CodeMissingField, "columns", "the file has no product column for mapping %s", m.ID)
	}
	get := func(row []string, f string) string {
		if i, ok := cols[f]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var (
		out       []Order
		byInvoice = map[string]int{}
	)
	for r, row := range t.Rows {
		if r == 0 && describesColumns(get(row, "quantity"), get(row, "phone")) {
			continue // a row describing the columns under the header, as TikTok Shop's exports have
		}
		inv := get(row, "invoice")
		i, seen := byInvoice[inv]
		if inv == "" || !seen {
			o := Order{
				Row: r + 1, Source: m.ID, Invoice: inv, AWB: get(row, "awb"),
				Name: get(row, "name"), Phone: get(row, "phone"),
				Address: Address{
					Line: get(row, "address"), PostalCode: get(row, "postal_code"),
					District: get(row, "district"), City: get(row, "city"), Province: get(row, "province"),
				},
				Courier: strings.TrimSpace(get(row, "courier") + " " + get(row, "service")),
				Payment: get(row, "payment"), Notes: get(row, "notes"),
			}
			o.ShippingCost = readAmount(&o, get(row, "shipping_cost"), "shipping_cost")
			o.Discount = readAmount(&o, get(row, "discount"), "discount")
			o.Total = readAmount(&o, get(row, "total"), "total")
			out = append(out, o)
			i = len(out) - 1
			if inv != "" {
				byInvoice[inv] = i
			}
		}
		o := &out[i]
		n := len(o.Items)
		it := Item{SKU: get(row, "sku"), Name: get(row, "product_name"), Variation: get(row, "variation"), Quantity: 1}
		if q := get(row, "quantity"); q != "" {
			v, err := ParseQuantity(q)
			if err != nil {
				o.Errors = append(o.Errors, errs.At("items["+strconv.Itoa(n)+"]", err))
			}
			it.Quantity = v
		}
		it.UnitPrice = readAmount(o, get(row, "unit_price"), "items["+strconv.Itoa(n)+"].unit_price")
		it.Subtotal = readAmount(o, get(row, "line_total"), "items["+strconv.Itoa(n)+"].line_total")
		if it.SKU != "" || it.Name != "" {
			o.Items = append(o.Items, it)
		}
	}
	for i := range out {
		out[i].finish()
	}
	return out, nil
}

// describesColumns tells a row that describes the columns (words where
// the quantity and the phone number go) from an order's row.
func describesColumns(quantity, phone string) bool {
	if quantity == "" || phone == "" || strings.ContainsAny(phone, "0123456789") {
		return false
	}
	_, err := ParseQuantity(quantity)
	return err != nil
}

// readAmount reads an optional amount, recording an error on o.
func readAmount(o *Order, s, field string) money.Money {
	if s == "" {
		return 0
	}
	v, err := ParseAmount(s)
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) {
			err = e.WithField(field)
		}
		o.Errors = append(o.Errors, err)
		return 0
	}
	return v
}

// Read reads a file of order rows into orders: [ReadTable], then the
// mapping named marketplace ([MappingByID]) or, when marketplace is "",
// the one the headers match ([DetectMapping]), then [Extract].
//
// Errors: those of the functions it calls (unreadable_file,
// unknown_marketplace, missing_field).
func Read(name string, data []byte, marketplace string) ([]Order, Mapping, error) {
	tab, err := ReadTable(name, data)
	if err != nil {
		return nil, Mapping{}, err
	}
	ms, err := Mappings()
	if err != nil {
		return nil, Mapping{}, err
	}
	var m Mapping
	if marketplace != "" {
		m, err = MappingByID(ms, marketplace)
	} else {
		m, err = DetectMapping(ms, tab.Headers)
	}
	if err != nil {
		return nil, Mapping{}, err
	}
	orders, err := Extract(tab, m)
	return orders, m, err
}
