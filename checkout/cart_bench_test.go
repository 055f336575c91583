package checkout_test

import (
	"fmt"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
)

// BenchmarkCartAdd fills a cart with n distinct lines, each added twice so
// that half the additions merge. Adding is linear in the lines: ns/op per
// line (reported as ns/line) stays about the same from 10 to 1.000 lines.
// Compare the sizes as ratios in one run:
//
//	go test -run x -bench CartAdd -benchmem ./checkout
func BenchmarkCartAdd(b *testing.B) {
	const most = 1000
	specs := make([]catalog.ProductSpec, most)
	for i := range specs {
		specs[i] = catalog.ProductSpec{ID: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("Produk %d", i), SKU: fmt.Sprintf("SKU-%04d", i),
			Status: catalog.Published, WeightGrams: 100, Price: 1000, Stock: 10}
	}
	cat, err := catalog.New(specs, nil)
	if err != nil {
		b.Fatal(err)
	}
	lines := make([]catalog.Line, most)
	for i := range lines {
		if lines[i], err = cat.Resolve(catalog.LineRequest{SKU: specs[i].SKU, Quantity: 1}, nil); err != nil {
			b.Fatal(err)
		}
	}
	stock := checkoutLevels{}
	for _, sp := range specs {
		stock[sp.ID] = 10
	}
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cart, err := checkout.NewCart(checkout.CartLimits{MaxLines: 2 * n})
				if err != nil {
					b.Fatal(err)
				}
				for round := range 2 {
					for _, l := range lines[:n] {
						if err := cart.AddChecked(l, stock); err != nil {
							b.Fatal(round, err)
						}
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
		})
	}
}

// checkoutLevels is stock by variant id.
type checkoutLevels map[string]int64

func (l checkoutLevels) Available(id string) int64 { return l[id] }
