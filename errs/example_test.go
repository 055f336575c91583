package errs_test

import (
	"errors"
	"fmt"

	"github.com/kasir-id/kasir/errs"
)

// A caller reads the stable code, the field at fault and the kind of an
// error, however deeply it was wrapped.
func Example() {
	err := fmt.Errorf("placing order: %w",
		errs.E(errs.Conflict, "out_of_stock", "catalog: only 2 left of KAOS-MERAH-M").WithField("lines[0]"))

	fmt.Println(errs.Code(err), errs.Field(err))
	fmt.Println(errors.Is(err, errs.Conflict), errors.Is(err, errs.NotFound))
	fmt.Println(errs.Code(errors.New("disk full")) == "") // an unexpected error has no code
	// Output:
	// out_of_stock lines[0]
	// true false
	// true
}

// A package names its own field; the caller says where the value was
// given, level by level.
func ExampleAt() {
	err := errs.Invalidf("invalid_quantity", "quantity must be positive").WithField("quantity")
	err2 := errs.At("lines[2]", err)
	fmt.Println(errs.Field(err2))
	fmt.Println(errs.Field(errs.At("orders[0]", err2)))
	fmt.Println(errs.Code(errs.At("orders[0]", err2)))
	// Output:
	// lines[2].quantity
	// orders[0].lines[2].quantity
	// invalid_quantity
}
