package catalog_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Any request either resolves to a line that sells something or fails with
// a coded error; it never panics.
func FuzzResolve(f *testing.F) {
	f.Add("", "", "gamis", "Merah, XL", "", int64(1))
	f.Add("G-0001", "", "", "", "", int64(2))
	f.Add("", "", "gamis", ",,", "", int64(1))
	f.Add("", "", "gamis", " k u n i n g , x l ", "", int64(1))
	f.Add("", "", "", "", "bpo-hemat-3", int64(4))
	f.Add("", "jilbab", "", "", "", int64(-1))
	c, err := catalog.New(shopProducts(), shopBundles())
	require.NoError(f, err)
	stock := c.InitialStock()
	f.Fuzz(func(t *testing.T, sku, variantID, productID, options, priceOptionID string, q int64) {
		req := catalog.LineRequest{SKU: sku, VariantID: variantID, ProductID: productID, Options: options, PriceOptionID: priceOptionID, Quantity: q}
		l, err := c.Resolve(req, stock)
		if err != nil {
			assert.NotEmpty(t, errs.Code(err), err.Error())
			assert.Equal(t, catalog.Line{}, l)
			return
		}
		assert.True(t, l.Kind().Valid())
		assert.Equal(t, q, l.Quantity())
		assert.GreaterOrEqual(t, int64(l.Subtotal()), int64(0))
	})
}

func TestConcurrentReads(t *testing.T) {
	t.Parallel()
	c := shop(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 50 {
				l, err := c.Resolve(catalog.LineRequest{ProductID: "gamis", Options: "Merah, L", Quantity: int64(i + 1)}, nil)
				assert.NoError(t, err)
				assert.Equal(t, "gamis-merah-l", l.VariantID())
				p, err := c.Product("gamis")
				assert.NoError(t, err)
				assert.Len(t, p.OptionTree(nil), 2)
				_, err = c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-2", Quantity: 1}, c.InitialStock())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}

// Any catalogue document either builds or fails with a coded error; it
// never panics, and what builds resolves every variant it holds.
func FuzzNew(f *testing.F) {
	f.Add(`{"products":[{"id":"a","name":"A","sku":"A1","status":"published","price":10,"stock":1}]}`)
	f.Add(`{"products":[{"id":"k","name":"K","sku":"K","status":"draft","options":["Warna","Ukuran"],"variants":[{"id":"k1","sku":"K1","options":["Merah","XL"],"price":1,"stock":1},{"id":"k2","sku":"K2","options":["merah","L"],"price":1,"stock":1}]}]}`)
	f.Add(`{"products":[{"id":"a","name":"A","sku":"A1","status":"published","price":10,"stock":1}],"bundles":[{"id":"b","name":"B","price_options":[{"id":"o","price":5,"items":[{"sku":"A1","quantity":2}]}]}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var in struct {
			Products []catalog.ProductSpec `json:"products"`
			Bundles  []catalog.BundleSpec  `json:"bundles"`
		}
		if json.Unmarshal([]byte(doc), &in) != nil {
			return
		}
		c, err := catalog.New(in.Products, in.Bundles)
		if err != nil {
			assert.NotEmpty(t, errs.Code(err), err.Error())
			assert.NotEmpty(t, errs.Field(err), err.Error())
			return
		}
		for _, p := range c.Products() {
			for _, v := range p.Variants() {
				got, err := p.VariantByOptions(v.OptionPath())
				if assert.NoError(t, err) {
					assert.Equal(t, v.ID(), got.ID())
				}
			}
		}
		for _, b := range c.Bundles() {
			for _, o := range b.PriceOptions() {
				var sum int64
				for _, comp := range o.Components() {
					sum += comp.Allocated.Int64()
				}
				assert.Equal(t, o.Price().Int64(), sum)
			}
		}
	})
}
