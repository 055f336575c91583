package ratecard_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
	"github.com/kasir-id/kasir/shipping"
)

func TestLocationsConformance(t *testing.T) {
	t.Parallel()
	portstest.TestLocations(t, func(t testing.TB, locations []shipping.Location, warehouses []shipping.Warehouse) (ports.Locations, ports.Warehouses) {
		s := ratecard.Spec{Rates: []ratecard.RateSpec{{Courier: "jne", Service: "REG", Name: "JNE Reguler", PricePerKg: 10_000}}}
		for _, l := range locations {
			s.Locations = append(s.Locations, ratecard.LocationSpec{
				ID: l.ID, Province: l.Province, City: l.City, District: l.District, PostalCodes: l.PostalCodes, COD: l.COD,
			})
		}
		for _, w := range warehouses {
			s.Warehouses = append(s.Warehouses, ratecard.WarehouseSpec{ID: w.ID, Name: w.Name, LocationID: w.LocationID, Default: w.Default})
		}
		c, err := ratecard.New(s)
		require.NoError(t, err)
		return c, c
	})
}
