package catalog

import "github.com/kasir-id/kasir/money"

// OptionNode is one node of a product's option tree: a value of
// one axis, with either the values of the next axis below it or, at the
// last axis, the variant it completes. It is a copy.
type OptionNode struct {
	Axis     string       `json:"axis"`  // "Warna"
	Value    string       `json:"value"` // "Merah"
	Children []OptionNode `json:"children,omitempty"`
	Variant  *OptionLeaf  `json:"variant,omitempty"` // at the last axis only
}

// OptionLeaf is the variant at the end of a path of the option tree.
type OptionLeaf struct {
	VariantID   string      `json:"variant_id"`
	SKU         string      `json:"sku"`
	Price       money.Money `json:"price"`
	Stock       int64       `json:"stock"`
	WeightGrams int64       `json:"weight_grams"`
}

// OptionTree returns the product's variants as a tree of option values:
// the values of the first axis at the top, in order of first use, each
// with the values of the next axis that are sold with it, down to a leaf
// per variant. Leaves show stock from levels, or the catalog's stock when
// levels is nil. A product without options has an empty tree.
func (p Product) OptionTree(levels StockLevels) []OptionNode {
	var roots []OptionNode
	for _, v := range p.variants {
		if len(v.options) == 0 {
			continue
		}
		stock := v.stock
		if levels != nil {
			stock = levels.Available(v.id)
		}
		nodes := &roots
		for a, val := range v.options {
			i := indexOf(*nodes, val)
			if i < 0 {
				*nodes = append(*nodes, OptionNode{Axis: p.axes[a], Value: val})
				i = len(*nodes) - 1
			}
			n := &(*nodes)[i]
			if a == len(v.options)-1 {
				n.Variant = &OptionLeaf{VariantID: v.id, SKU: v.sku, Price: v.price, Stock: stock, WeightGrams: v.weight}
			}
			nodes = &n.Children
		}
	}
	return roots
}

func indexOf(nodes []OptionNode, value string) int {
	for i, n := range nodes {
		if n.Value == value {
			return i
		}
	}
	return -1
}
