package pricing

import "github.com/kasir-id/kasir/money"

// Line is one priced line of a quote: a SKU (or a bundle's price option id)
// sold Quantity times at UnitPrice. The checkout cart produces these from
// the catalog; the quote never takes prices from anywhere else.
type Line struct {
	SKU       string      // what the line sells; product vouchers match on it
	UnitPrice money.Money // whole rupiah, ≥ 0
	Quantity  int64       // > 0
	// Exempt marks goods outside PPN: the line counts in the subtotal and in
	// the PPh 22 base at its amount, but no PPN is charged on it (see
	// docs/tax.md). The zero value is a standard, taxed line.
	Exempt bool
}
