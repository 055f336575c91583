package storefile_test

import (
	"fmt"

	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/errs"
)

// Load checks a whole store file and gives what a kasir.Service is wired
// from; a refused file names the field at fault.
func ExampleLoad() {
	st, err := storefile.Load("../../examples/server/demo.json")
	if err != nil {
		fmt.Println(errs.Code(err), errs.Field(err))
		return
	}
	fmt.Println(st.Settings.StoreName, len(st.Catalog.Products()), "products,", len(st.Vouchers), "vouchers")
	// Output:
	// Toko Kopi Nusantara 4 products, 4 vouchers
}
