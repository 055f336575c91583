package importing

import "github.com/kasir-id/kasir/errs"

// Error codes of importing, all of kind Invalid. A quantity that cannot
// be read is catalog.CodeInvalidQuantity.
const (
	// CodeInvalidAmount: a text is not an amount of rupiah.
	CodeInvalidAmount = "invalid_amount"
	// CodeFractionalRupiah: an amount has a fraction of a rupiah other
	// than zero, which kasir cannot represent.
	CodeFractionalRupiah = "fractional_rupiah"
	// CodeInvalidWeight: a text is not a weight.
	CodeInvalidWeight = "invalid_weight"
	// CodeUnreadableFile: the file is not CSV, XLSX or JSON rows kasir
	// can read, or holds no rows.
	CodeUnreadableFile = "unreadable_file"
	// CodeUnknownMarketplace: no mapping has the id asked for, or none
	// matches the file's headers.
	CodeUnknownMarketplace = "unknown_marketplace"
	// CodeMissingField: a row lacks a field an order needs (name,
	// phone, address, a product).
	CodeMissingField = "missing_field"
	// CodeProductNotMatched: no product of the catalog resembles the
	// row's.
	CodeProductNotMatched = "product_not_matched"
	// CodeAmbiguousProduct: several products resemble the row's about as
	// well; the alternatives list them.
	CodeAmbiguousProduct = "ambiguous_product"
	// CodeLocationNotMatched: no location matches the address.
	CodeLocationNotMatched = "location_not_matched"
	// CodeAmbiguousLocation: several locations match the address about as
	// well; the alternatives list them.
	CodeAmbiguousLocation = "ambiguous_location"
	// CodeUnknownCourier: the courier text names no known courier.
	CodeUnknownCourier = "unknown_courier"
)

func invalid(code, field, format string, args ...any) *errs.Error {
	return errs.Invalidf(code, "importing: "+format, args...).WithField(field)
}
