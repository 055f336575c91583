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
