package catalog_test

import (
	"encoding/json"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOptionTreeMatchesSeed003(t *testing.T) {
	t.Parallel()
	c := shop(t)
	p, err := c.Product("gamis")
	require.NoError(t, err)
	want := []catalog.OptionNode{
		{Axis: "Warna", Value: "Merah", Children: []catalog.OptionNode{
			{Axis: "Ukuran", Value: "XL", Variant: &catalog.OptionLeaf{VariantID: "gamis-merah-xl", SKU: "G-0001-MXL", Price: 10000, Stock: 10, WeightGrams: 100}},
			{Axis: "Ukuran", Value: "L", Variant: &catalog.OptionLeaf{VariantID: "gamis-merah-l", SKU: "G-0001-ML", Price: 15000, Stock: 5, WeightGrams: 100}},
		}},
		{Axis: "Warna", Value: "Kuning", Children: []catalog.OptionNode{
			{Axis: "Ukuran", Value: "XL", Variant: &catalog.OptionLeaf{VariantID: "gamis-kuning-xl", SKU: "G-0001-KXL", Price: 100000, Stock: 13, WeightGrams: 150}},
			{Axis: "Ukuran", Value: "L", Variant: &catalog.OptionLeaf{VariantID: "gamis-kuning-l", SKU: "G-0001-KL", Price: 25000, Stock: 8, WeightGrams: 100}},
		}},
	}
	assert.Equal(t, want, p.OptionTree(nil))

	live := c.InitialStock()
	require.NoError(t, live.Reserve([]catalog.Need{{VariantID: "gamis-kuning-l", Quantity: 3}}))
	tree := p.OptionTree(live)
	assert.Equal(t, int64(5), tree[1].Children[1].Variant.Stock)

	js, err := json.Marshal(tree[0].Children[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"axis":"Ukuran","value":"XL","variant":{"variant_id":"gamis-merah-xl","sku":"G-0001-MXL","price":10000,"stock":10,"weight_grams":100}}`, string(js))
	assert.Equal(t, [][]string{{"Merah", "Kuning"}, {"XL", "L"}}, p.OptionValues())
}

func TestOptionTreeThreeAxes(t *testing.T) {
	t.Parallel()
	c, err := catalog.New([]catalog.ProductSpec{{
		ID: "kain", Name: "Kain", SKU: "KN", Status: catalog.Published, WeightGrams: 300,
		Options: []string{"Warna", "Ukuran", "Panjang"},
		Variants: []catalog.VariantSpec{
			{ID: "k1", SKU: "KN-1", Options: []string{"Biru Muda", "S", "1 m"}, Price: 10, Stock: 1},
			{ID: "k2", SKU: "KN-2", Options: []string{"Biru Muda", "S", "2 m"}, Price: 20, Stock: 2},
			{ID: "k3", SKU: "KN-3", Options: []string{"Biru Muda", "M", "1 m"}, Price: 30, Stock: 3},
		},
	}}, nil)
	require.NoError(t, err)
	p, err := c.Product("kain")
	require.NoError(t, err)
	tree := p.OptionTree(nil)
	require.Len(t, tree, 1)
	require.Len(t, tree[0].Children, 2)
	require.Len(t, tree[0].Children[0].Children, 2)
	assert.Nil(t, tree[0].Variant)
	assert.Equal(t, "Panjang", tree[0].Children[0].Children[1].Axis)
	assert.Equal(t, "k2", tree[0].Children[0].Children[1].Variant.VariantID)

	v, err := p.VariantByOptions("biru muda, s, 2M")
	require.NoError(t, err)
	assert.Equal(t, "k2", v.ID())

	plain, err := c.Resolve(catalog.LineRequest{ProductID: "kain", Options: "BiruMuda,M,1m", Quantity: 1}, nil)
	require.NoError(t, err)
	assert.Equal(t, "k3", plain.VariantID())
	assert.Equal(t, []string{"Biru Muda", "M", "1 m"}, plain.Options())
}

func TestOptionTreeEmptyWithoutOptions(t *testing.T) {
	t.Parallel()
	p, err := shop(t).Product("jilbab")
	require.NoError(t, err)
	assert.Empty(t, p.OptionTree(nil))
}
