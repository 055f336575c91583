package messages_test

import (
	"fmt"

	"github.com/kasir-id/kasir/messages"
)

// The language comes from the request's Accept-Language header; the code
// from errs.Code(err).
func Example() {
	for _, header := range []string{"id-ID,id;q=0.9,en;q=0.8", "en-US"} {
		msg, _ := messages.Text("out_of_stock", messages.Match(header))
		fmt.Println(msg)
	}
	// Output:
	// Stok barang ini tidak mencukupi.
	// There is not enough stock of this item.
}
