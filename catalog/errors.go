package catalog

import (
	"fmt"

	"github.com/kasir-id/kasir/errs"
)

// The stable codes of the errors this package returns. Structural problems
// in the specs given to [New], malformed line requests and malformed option
// paths are errs.CodeInvalidInput.
const (
	CodeUnknownSKU         = "unknown_sku"          // no variant has the SKU (NotFound)
	CodeUnknownVariant     = "unknown_variant"      // no variant has the id (NotFound)
	CodeUnknownProduct     = "unknown_product"      // no product has the id (NotFound)
	CodeUnknownBundle      = "unknown_bundle"       // no bundle has the id (NotFound)
	CodeUnknownPriceOption = "unknown_price_option" // no bundle price option has the id (NotFound)
	CodeAmbiguousOptions   = "ambiguous_options"    // an option path that does not pick exactly one variant (Invalid)
	CodeProductUnavailable = "product_unavailable"  // the product (or a bundle component's product) is a draft (Precondition)
	CodeOutOfStock         = "out_of_stock"         // not enough stock; see [OutOfStockError] (Conflict)
	CodeInvalidQuantity    = "invalid_quantity"     // a quantity ≤ 0, above [MaxQuantity], or whose total is too large (Invalid)
)

// Sentinels for errors.Is: an error of this package matches the sentinel with
// the same code (errors.Is(err, catalog.ErrUnknownSKU)), whatever its message
// or field. They are never returned as they are.
var (
	ErrUnknownSKU         = errs.E(errs.NotFound, CodeUnknownSKU, "catalog: unknown SKU")
	ErrUnknownVariant     = errs.E(errs.NotFound, CodeUnknownVariant, "catalog: unknown variant")
	ErrUnknownProduct     = errs.E(errs.NotFound, CodeUnknownProduct, "catalog: unknown product")
	ErrUnknownBundle      = errs.E(errs.NotFound, CodeUnknownBundle, "catalog: unknown bundle")
	ErrUnknownPriceOption = errs.E(errs.NotFound, CodeUnknownPriceOption, "catalog: unknown bundle price option")
	ErrAmbiguousOptions   = errs.E(errs.Invalid, CodeAmbiguousOptions, "catalog: options do not pick one variant")
	ErrProductUnavailable = errs.E(errs.Precondition, CodeProductUnavailable, "catalog: product unavailable")
	ErrOutOfStock         = errs.E(errs.Conflict, CodeOutOfStock, "catalog: out of stock")
	ErrInvalidQuantity    = errs.E(errs.Invalid, CodeInvalidQuantity, "catalog: invalid quantity")
)

// OutOfStockError reports that a line (or a stock reservation) needs more
// units of a variant than are left. Its code is out_of_stock and its kind
// errs.Conflict, so errors.Is(err, errs.Conflict) and
// errors.Is(err, catalog.ErrOutOfStock) both hold; use errors.As to read
// what is left.
type OutOfStockError struct {
	VariantID string // the short variant
	SKU       string // its SKU, when known
	Requested int64  // units needed in total (for a bundle line: component quantity × line quantity)
	Available int64  // units left
	Field     string // the offending input ("lines[2]"), or ""
}

// Error returns a message naming the SKU (or variant id), what was asked and
// what is left.
func (e *OutOfStockError) Error() string {
	name := e.SKU
	if name == "" {
		name = e.VariantID
	}
	msg := fmt.Sprintf("catalog: %s is out of stock: %d requested, %d left", name, e.Requested, e.Available)
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	return msg
}

// ErrorCode returns "out_of_stock"; it implements errs.Coded.
func (e *OutOfStockError) ErrorCode() string { return CodeOutOfStock }

// ErrorKind returns errs.Conflict; it implements errs.Coded.
func (e *OutOfStockError) ErrorKind() errs.Kind { return errs.Conflict }

// ErrorField returns the offending input field; it implements errs.Fielded.
func (e *OutOfStockError) ErrorField() string { return e.Field }

// WithErrorField returns a copy of e naming field; it implements
// errs.FieldSetter, so errs.At keeps the error an *OutOfStockError.
func (e *OutOfStockError) WithErrorField(field string) error {
	c := *e
	c.Field = field
	return &c
}

// Is reports whether target is errs.Conflict or a coded *errs.Error with the
// code out_of_stock (such as [ErrOutOfStock]).
func (e *OutOfStockError) Is(target error) bool {
	switch t := target.(type) {
	case errs.Kind:
		return t == errs.Conflict
	case *errs.Error:
		return t != nil && t.Code == CodeOutOfStock
	}
	return false
}

func invalid(field, format string, args ...any) *errs.Error {
	return errs.Invalidf(errs.CodeInvalidInput, "catalog: "+format, args...).WithField(field)
}

func coded(kind errs.Kind, code, field, format string, args ...any) *errs.Error {
	return errs.E(kind, code, fmt.Sprintf("catalog: "+format, args...)).WithField(field)
}

func notFound(code, field, format string, args ...any) *errs.Error {
	return coded(errs.NotFound, code, field, format, args...)
}

func ambiguous(field, format string, args ...any) *errs.Error {
	return coded(errs.Invalid, CodeAmbiguousOptions, field, format, args...)
}

func unavailable(format string, args ...any) *errs.Error {
	return coded(errs.Precondition, CodeProductUnavailable, "", format, args...)
}

func badQuantity(field, format string, args ...any) *errs.Error {
	return coded(errs.Invalid, CodeInvalidQuantity, field, format, args...)
}
