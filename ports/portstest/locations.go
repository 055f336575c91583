package portstest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// NewLocationsFunc builds the ports one subtest of [TestLocations] runs
// against. It must return a Locations and a Warehouses (usually one value
// serving both) holding exactly the given locations and warehouses, with
// no stock kept per warehouse, independent of every other pair it returns.
// It fails t when it cannot.
type NewLocationsFunc = func(t testing.TB, locations []shipping.Location, warehouses []shipping.Warehouse) (ports.Locations, ports.Warehouses)

// TestLocations runs the conformance suite of ports.Locations and
// ports.Warehouses against the adapters newLocations builds. Every subtest
// builds its own from a fixture of five districts (one excluded from COD)
// and two warehouses, and runs in parallel with the others. It checks:
//
//   - Location returns the stored location by id, as a copy, and an error
//     matching ports.ErrLocationNotFound, naming no field (the caller
//     places it), for an unknown id;
//   - SearchLocations finds locations by province, city, district or postal
//     code containing the query without regard to case, returns them
//     unchanged and as copies, at most limit of them (positive limits
//     only: ports does not say what limit ≤ 0 means), all of them for an
//     empty query, and an empty list without error when none matches;
//   - Warehouses lists every warehouse, as a copy;
//   - WarehouseStock reports tracked false for an adapter built without
//     per-warehouse stock, and an error matching ports.ErrNotFound for an
//     unknown warehouse;
//   - concurrent reads see the same values (run it with go test -race).
//
// Where ports is silent (copies, the exact number a limit returns, the
// error for an unknown warehouse) the
// suite asserts what memory and ratecard both do, and says so where it
// does. A cancelled context is not tested: ports does not say what it
// does, and the adapters differ (ratecard returns ctx's error, memory
// ignores it).
func TestLocations(t *testing.T, newLocations func(t testing.TB, locations []shipping.Location, warehouses []shipping.Warehouse) (ports.Locations, ports.Warehouses)) {
	for _, tc := range locationTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newLocationsFixture(t, newLocations))
		})
	}
}

// The locations fixture: ids look like Kemendagri district codes, which is
// what most rate sources use.
var (
	locKebayoran = shipping.Location{ID: "31.74.06", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12160"}, COD: true}
	locCoblong   = shipping.Location{ID: "32.73.20", Province: "Jawa Barat", City: "Kota Bandung", District: "Coblong", PostalCodes: []string{"40132", "40135"}, COD: true}
	locGubeng    = shipping.Location{ID: "35.78.09", Province: "Jawa Timur", City: "Kota Surabaya", District: "Gubeng", PostalCodes: []string{"60281"}, COD: true}
	locAbepura   = shipping.Location{ID: "91.71.04", Province: "Papua", City: "Kota Jayapura", District: "Abepura", PostalCodes: []string{"99351"}}
	locMedanKota = shipping.Location{ID: "12.71.01", Province: "Sumatera Utara", City: "Kota Medan", District: "Medan Kota", PostalCodes: []string{"20212", "20213", "20215"}, COD: true}

	whBandung  = shipping.Warehouse{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: locCoblong.ID, Default: true}
	whSurabaya = shipping.Warehouse{ID: "gudang-sby", Name: "Gudang Surabaya", LocationID: locGubeng.ID}
)

// fixtureLocations returns a new copy of the fixture's locations, so that
// neither an adapter nor a subtest can change another's.
func fixtureLocations() []shipping.Location {
	out := []shipping.Location{locKebayoran, locCoblong, locGubeng, locAbepura, locMedanKota}
	for i := range out {
		out[i].PostalCodes = slices.Clone(out[i].PostalCodes)
	}
	return out
}

func fixtureWarehouses() []shipping.Warehouse {
	return []shipping.Warehouse{whBandung, whSurabaya}
}

// locFx is a subtest's adapters over the fixture.
type locFx struct {
	locations  ports.Locations
	warehouses ports.Warehouses
	ctx        context.Context
}

func newLocationsFixture(t *testing.T, newLocations NewLocationsFunc) *locFx {
	l, w := newLocations(t, fixtureLocations(), fixtureWarehouses())
	require.NotNil(t, l, "newLocations returned no Locations")
	require.NotNil(t, w, "newLocations returned no Warehouses")
	return &locFx{locations: l, warehouses: w, ctx: t.Context()}
}

func (f *locFx) location(t testing.TB, id string) shipping.Location {
	t.Helper()
	l, err := f.locations.Location(f.ctx, id)
	require.NoError(t, err)
	return l
}

func (f *locFx) search(t testing.TB, query string, limit int) []shipping.Location {
	t.Helper()
	found, err := f.locations.SearchLocations(f.ctx, query, limit)
	require.NoError(t, err, "query %q", query)
	return found
}

// locationIDs returns the ids of ls, never nil.
func locationIDs(ls []shipping.Location) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, l.ID)
	}
	return out
}

var locationTests = []struct {
	name string
	run  func(t *testing.T, f *locFx)
}{
	{"LocationReturnsStoredValue", func(t *testing.T, f *locFx) {
		for _, want := range fixtureLocations() {
			assert.Equal(t, want, f.location(t, want.ID))
		}
	}},
	{"LocationReturnsCopy", func(t *testing.T, f *locFx) {
		// ports does not say so; memory and ratecard both return copies,
		// and callers (the checkout address form) change what they get.
		got := f.location(t, locCoblong.ID)
		require.NotEmpty(t, got.PostalCodes)
		got.PostalCodes[0] = "00000"
		got.PostalCodes = append(got.PostalCodes, "11111")
		assert.Equal(t, locCoblong, f.location(t, locCoblong.ID), "changing a returned location changed the stored one")
	}},
	{"LocationUnknownID", func(t *testing.T, f *locFx) {
		for _, id := range []string{"", "nope", "31.74"} {
			_, err := f.locations.Location(f.ctx, id)
			require.ErrorIs(t, err, ports.ErrLocationNotFound, "id %q", id)
			// The caller, not the store, knows where the id was given.
			assert.Empty(t, errs.Field(err), "id %q", id)
		}
	}},
	{"SearchMatchesEachFieldWithoutCase", func(t *testing.T, f *locFx) {
		tests := []struct {
			query string
			want  []string
		}{
			{"jawa", []string{locCoblong.ID, locGubeng.ID}},                                 // province
			{"JAWA BARAT", []string{locCoblong.ID}},                                         // whole province
			{"dki", []string{locKebayoran.ID}},                                              // province
			{"Bandung", []string{locCoblong.ID}},                                            // city
			{"kota", []string{locCoblong.ID, locGubeng.ID, locAbepura.ID, locMedanKota.ID}}, // city and district
			{"jakarta selatan", []string{locKebayoran.ID}},                                  // whole city, two words
			{"KEBAYORAN baru", []string{locKebayoran.ID}},                                   // whole district
			{"blon", []string{locCoblong.ID}},                                               // inside a district
			{"gubeng", []string{locGubeng.ID}},                                              // district
			{"12160", []string{locKebayoran.ID}},                                            // second postal code
			{"4013", []string{locCoblong.ID}},                                               // part of two postal codes, one location
			{"99351", []string{locAbepura.ID}},                                              // postal code
			{"202", []string{locMedanKota.ID}},                                              // part of postal codes
		}
		byID := map[string]shipping.Location{}
		for _, l := range fixtureLocations() {
			byID[l.ID] = l
		}
		for _, tc := range tests {
			got := f.search(t, tc.query, 10)
			// ports does not give an order, so none is asserted.
			assert.ElementsMatch(t, tc.want, locationIDs(got), "query %q", tc.query)
			for _, l := range got {
				if want, ok := byID[l.ID]; ok {
					assert.Equal(t, want, l, "query %q", tc.query)
				}
			}
		}
	}},
	{"SearchWithoutMatchIsEmpty", func(t *testing.T, f *locFx) {
		// The ids of the fixture are no province, city, district or postal
		// code, so they match nothing either.
		for _, query := range []string{"Makassar", "Jawa Tengah", "55281", locKebayoran.ID, "31.74"} {
			got, err := f.locations.SearchLocations(f.ctx, query, 10)
			require.NoError(t, err, "query %q", query)
			assert.Empty(t, got, "query %q", query)
		}
	}},
	{"SearchEmptyQueryMatchesAll", func(t *testing.T, f *locFx) {
		// Every string contains the empty string.
		assert.ElementsMatch(t, locationIDs(fixtureLocations()), locationIDs(f.search(t, "", 10)))
	}},
	{"SearchRespectsLimit", func(t *testing.T, f *locFx) {
		// "kota" matches four locations. ports says "at most limit"; both
		// memory and ratecard return exactly min(limit, matches), which is
		// what a search box relies on, so that is asserted.
		all := []string{locCoblong.ID, locGubeng.ID, locAbepura.ID, locMedanKota.ID}
		for _, limit := range []int{1, 2, 3, 4, 5, 100} {
			got := locationIDs(f.search(t, "KOTA", limit))
			assert.Len(t, got, min(limit, len(all)), "limit %d", limit)
			assert.Subset(t, all, got, "limit %d", limit)
			assert.Len(t, uniq(got), len(got), "limit %d: a location listed twice: %v", limit, got)
		}
	}},
	{"SearchReturnsCopies", func(t *testing.T, f *locFx) {
		// ports does not say so; memory and ratecard both return copies.
		got := f.search(t, "coblong", 10)
		require.Len(t, got, 1)
		got[0].PostalCodes[0] = "00000"
		got[0].District = "Changed"
		assert.Equal(t, locCoblong, f.location(t, locCoblong.ID))
		assert.Equal(t, []shipping.Location{locCoblong}, f.search(t, "coblong", 10))
	}},
	{"WarehousesListsAll", func(t *testing.T, f *locFx) {
		got, err := f.warehouses.Warehouses(f.ctx)
		require.NoError(t, err)
		assert.ElementsMatch(t, fixtureWarehouses(), got)
	}},
	{"WarehousesReturnsCopy", func(t *testing.T, f *locFx) {
		// ports does not say so; memory and ratecard both return a copy.
		got, err := f.warehouses.Warehouses(f.ctx)
		require.NoError(t, err)
		require.NotEmpty(t, got)
		for i := range got {
			got[i].Name, got[i].Default = "Changed", !got[i].Default
		}
		again, err := f.warehouses.Warehouses(f.ctx)
		require.NoError(t, err)
		assert.ElementsMatch(t, fixtureWarehouses(), again)
	}},
	{"WarehouseStockUntracked", func(t *testing.T, f *locFx) {
		for _, w := range fixtureWarehouses() {
			_, tracked, err := f.warehouses.WarehouseStock(f.ctx, w.ID, []string{"KOPI-250", "KAOS-HITAM-M"})
			require.NoError(t, err, w.ID)
			assert.False(t, tracked, "%s: stock is tracked though the adapter was given none", w.ID)
		}
	}},
	{"WarehouseStockUnknownWarehouse", func(t *testing.T, f *locFx) {
		// ports does not name the error; memory and ratecard both return
		// one matching ports.ErrNotFound.
		for _, id := range []string{"", "gudang-jkt"} {
			_, _, err := f.warehouses.WarehouseStock(f.ctx, id, []string{"KOPI-250"})
			require.ErrorIs(t, err, ports.ErrNotFound, "warehouse %q", id)
		}
	}},
	{"ConcurrentReads", func(t *testing.T, f *locFx) {
		want := fixtureLocations()
		failures := parallel(20, func(i int) error {
			l := want[i%len(want)]
			got, err := f.locations.Location(f.ctx, l.ID)
			if err != nil {
				return err
			}
			if !assert.ObjectsAreEqual(l, got) {
				return fmt.Errorf("location %s: got %+v", l.ID, got)
			}
			got.PostalCodes[0] = "00000" // each caller owns its copy
			found, err := f.locations.SearchLocations(f.ctx, l.District, 10)
			if err != nil {
				return err
			}
			if !slices.Contains(locationIDs(found), l.ID) {
				return fmt.Errorf("search %q: %s not found in %v", l.District, l.ID, locationIDs(found))
			}
			ws, err := f.warehouses.Warehouses(f.ctx)
			if err != nil {
				return err
			}
			if len(ws) != len(fixtureWarehouses()) {
				return fmt.Errorf("%d warehouses, want %d", len(ws), len(fixtureWarehouses()))
			}
			ws[0].Name = "Changed"
			_, _, err = f.warehouses.WarehouseStock(f.ctx, whBandung.ID, []string{"KOPI-250"})
			return err
		})
		for i, err := range failures {
			assert.NoError(t, err, "reader %d", i)
		}
	}},
}

// uniq returns the distinct strings of ss, in order.
func uniq(ss []string) []string {
	out := []string{}
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
