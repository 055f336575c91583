package memory_test

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

func TestCatalog(t *testing.T) {
	t.Parallel()
	src := memory.NewCatalog(nil)
	_, err := src.Catalog(t.Context())
	require.ErrorIs(t, err, errs.Unavailable)

	c, err := catalog.New([]catalog.ProductSpec{{
		ID: "kaos", Name: "Kaos", SKU: "KAOS", Status: catalog.Published, Price: 50000, Stock: 4, WeightGrams: 200,
	}}, nil)
	require.NoError(t, err)
	src.Set(c)
	got, err := src.Catalog(t.Context())
	require.NoError(t, err)
	assert.Same(t, c, got)
}

var (
	kebayoran = shipping.Location{ID: "31.74.06", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12160"}, COD: true}
	coblong   = shipping.Location{ID: "32.73.20", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}}
	gubeng    = shipping.Location{ID: "35.78.09", Province: "Jawa Timur", City: "Surabaya", District: "Gubeng", PostalCodes: []string{"60281"}}
)

func TestLocations(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	ws := []shipping.Warehouse{{ID: "jkt", Name: "Gudang Jakarta", LocationID: kebayoran.ID, Default: true}, {ID: "bdg", Name: "Gudang Bandung", LocationID: coblong.ID}}
	l, err := memory.NewLocations([]shipping.Location{kebayoran, coblong, gubeng}, ws, nil)
	require.NoError(t, err)

	got, err := l.Location(ctx, coblong.ID)
	require.NoError(t, err)
	assert.Equal(t, coblong, got)
	got.PostalCodes[0] = "00000"
	got, err = l.Location(ctx, coblong.ID)
	require.NoError(t, err)
	assert.Equal(t, "40132", got.PostalCodes[0], "locations are copies")

	_, err = l.Location(ctx, "nope")
	require.ErrorIs(t, err, ports.ErrLocationNotFound)
	assert.Empty(t, errs.Field(err), "the caller places it")

	for _, tc := range []struct {
		query string
		limit int
		want  []string
	}{
		{"jawa", 0, []string{coblong.ID, gubeng.ID}},
		{"JAWA", 1, []string{coblong.ID}},
		{"kebayoran", 5, []string{kebayoran.ID}},
		{"bandung", 0, []string{coblong.ID}},
		{"6028", 0, []string{gubeng.ID}},
		{"", 2, []string{kebayoran.ID, coblong.ID}},
		{"medan", 0, nil},
	} {
		found, err := l.SearchLocations(ctx, tc.query, tc.limit)
		require.NoError(t, err)
		var ids []string
		for _, f := range found {
			ids = append(ids, f.ID)
		}
		assert.Equal(t, tc.want, ids, "%q limit %d", tc.query, tc.limit)
	}

	gotWs, err := l.Warehouses(ctx)
	require.NoError(t, err)
	assert.Equal(t, ws, gotWs)
	_, tracked, err := l.WarehouseStock(ctx, "jkt", []string{"KAOS"})
	require.NoError(t, err)
	assert.False(t, tracked)
	_, _, err = l.WarehouseStock(ctx, "nope", nil)
	require.ErrorIs(t, err, ports.ErrNotFound)
}

func TestLocationsWithWarehouseStock(t *testing.T) {
	t.Parallel()
	ws := []shipping.Warehouse{{ID: "jkt", LocationID: kebayoran.ID}, {ID: "bdg", LocationID: coblong.ID}}
	l, err := memory.NewLocations([]shipping.Location{kebayoran, coblong}, ws, map[string]map[string]int64{"jkt": {"KAOS": 4}})
	require.NoError(t, err)
	levels, tracked, err := l.WarehouseStock(t.Context(), "jkt", []string{"KAOS", "TOPI"})
	require.NoError(t, err)
	assert.True(t, tracked)
	assert.Equal(t, map[string]int64{"KAOS": 4, "TOPI": 0}, levels)
	levels, tracked, err = l.WarehouseStock(t.Context(), "bdg", []string{"KAOS"})
	require.NoError(t, err)
	assert.True(t, tracked)
	assert.Equal(t, map[string]int64{"KAOS": 0}, levels)
}

func TestNewLocationsRefusesBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		locs  []shipping.Location
		ws    []shipping.Warehouse
		stock map[string]map[string]int64
		field string
	}{
		{"bad_postal_code", []shipping.Location{{ID: "x", PostalCodes: []string{"123"}}}, nil, nil, "locations[0].postal_codes[0]"},
		{"duplicate_location", []shipping.Location{kebayoran, kebayoran}, nil, nil, "locations[1].id"},
		{"warehouse_without_id", []shipping.Location{kebayoran}, []shipping.Warehouse{{LocationID: kebayoran.ID}}, nil, "warehouses[0].id"},
		{"duplicate_warehouse", []shipping.Location{kebayoran}, []shipping.Warehouse{{ID: "a", LocationID: kebayoran.ID}, {ID: "a", LocationID: kebayoran.ID}}, nil, "warehouses[1].id"},
		{"warehouse_in_unknown_location", []shipping.Location{kebayoran}, []shipping.Warehouse{{ID: "a", LocationID: "nope"}}, nil, "warehouses[0].location_id"},
		{"stock_of_unknown_warehouse", []shipping.Location{kebayoran}, nil, map[string]map[string]int64{"a": {}}, `stock["a"]`},
		{"negative_stock", []shipping.Location{kebayoran}, []shipping.Warehouse{{ID: "a", LocationID: kebayoran.ID}}, map[string]map[string]int64{"a": {"K": -1}}, `stock["a"]["K"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := memory.NewLocations(tc.locs, tc.ws, tc.stock)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tc.field, errs.Field(err))
		})
	}
}

func TestSystemClock(t *testing.T) {
	t.Parallel()
	before := time.Now()
	now := memory.SystemClock{}.Now(t.Context())
	assert.False(t, now.Before(before))
}

func TestIDs(t *testing.T) {
	t.Parallel()
	ids := memory.IDs{}
	seen := map[string]bool{}
	for range 100 {
		id, err := ids.NewID(t.Context())
		require.NoError(t, err)
		u, err := uuid.Parse(id)
		require.NoError(t, err)
		assert.Equal(t, uuid.Version(4), u.Version())
		assert.Equal(t, u.String(), id)

		slug, err := ids.NewSlug(t.Context())
		require.NoError(t, err)
		raw, err := base64.RawURLEncoding.DecodeString(slug)
		require.NoError(t, err, slug)
		assert.Len(t, raw, 16)
		assert.False(t, seen[id] || seen[slug], "repeated %s or %s", id, slug)
		seen[id], seen[slug] = true, true
	}
}
