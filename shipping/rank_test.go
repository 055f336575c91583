package shipping_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/shipping"
)

func TestDistanceAndRank(t *testing.T) {
	kb := shipping.Location{ID: "kb", Province: "DKI Jakarta", City: "Jakarta Selatan"}
	tb := shipping.Location{ID: "tb", Province: "DKI Jakarta", City: "Jakarta Selatan"}
	pg := shipping.Location{ID: "pg", Province: "DKI Jakarta", City: "Jakarta Timur"}
	bd := shipping.Location{ID: "bd", Province: "Jawa Barat", City: "Bandung"}
	assert.Equal(t, []int{0, 1, 2, 3}, []int{shipping.Distance(kb, kb), shipping.Distance(kb, tb), shipping.Distance(kb, pg), shipping.Distance(kb, bd)})

	ws := []shipping.Warehouse{{ID: "far", LocationID: "bd"}, {ID: "unknown", LocationID: "zz"}, {ID: "def", LocationID: "bd", Default: true}, {ID: "near", LocationID: "tb"}, {ID: "mid", LocationID: "pg"}}
	locs := map[string]shipping.Location{"bd": bd, "tb": tb, "pg": pg}
	ids := func(ws []shipping.Warehouse) (out []string) {
		for _, w := range ws {
			out = append(out, w.ID)
		}
		return out
	}
	assert.Equal(t, []string{"def", "near", "mid", "far", "unknown"}, ids(shipping.RankWarehouses(ws, locs, &kb)))
	assert.Equal(t, []string{"def", "far", "unknown", "near", "mid"}, ids(shipping.RankWarehouses(ws, locs, nil)), "without a destination: default, then list order")
	assert.Equal(t, "far", ws[0].ID, "the input is not changed")

	assert.NoError(t, shipping.RuleMostStock.Validate())
	assert.NoError(t, shipping.WarehouseRule("").Validate())
	assert.ErrorIs(t, shipping.WarehouseRule("closest").Validate(), errs.Invalid)
}
