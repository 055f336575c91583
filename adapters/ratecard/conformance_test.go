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

// conformanceParcel is a kaos with its size and a sticker without one.
func conformanceParcel() []ports.RateItem {
	return []ports.RateItem{
		{Name: "Kaos Polos Hitam L", SKU: "KAOS-HTM-L", Value: 85_000, WeightGrams: 250, Quantity: 2,
			Dimensions: shipping.Dimensions{LengthCm: 30, WidthCm: 20, HeightCm: 3}},
		{Name: "Stiker", SKU: "STIKER", Value: 5_000, WeightGrams: 10, Quantity: 1},
	}
}

func TestCouriersConformance(t *testing.T) {
	t.Parallel()
	t.Run("demo_card", func(t *testing.T) {
		t.Parallel()
		// Every service of the demo card serves any route, so no
		// destination is unserved.
		portstest.TestCouriers(t, func(t testing.TB) ports.Couriers {
			c, err := ratecard.Load("testdata/demo.json")
			require.NoError(t, err)
			return c
		}, portstest.Route{
			Request: ports.RateRequest{
				Origin:      shipping.Location{ID: "bdg-coblong", COD: true},
				Destination: shipping.Location{ID: "jaksel-kebayoran-baru", COD: true},
				Items:       conformanceParcel(),
				GoodsValue:  175_000,
			},
			NoCOD: shipping.Location{ID: "jayapura-abepura"},
		})
	})
	t.Run("routes", func(t *testing.T) {
		t.Parallel()
		// A card whose services each serve named destinations: Makassar
		// has none, Jayapura is excluded from COD though its rows collect.
		spec := ratecard.Spec{
			Locations: []ratecard.LocationSpec{
				{ID: "bdg", Province: "Jawa Barat", City: "Kota Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
				{ID: "jaksel", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12160"}, COD: true},
				{ID: "jayapura", Province: "Papua", City: "Kota Jayapura", District: "Abepura", PostalCodes: []string{"99351"}},
				{ID: "makassar", Province: "Sulawesi Selatan", City: "Kota Makassar", District: "Panakkukang", PostalCodes: []string{"90231"}, COD: true},
			},
			Rates: []ratecard.RateSpec{
				{Courier: "jne", Service: "REG", Name: "JNE Reguler", Destination: "jaksel", PricePerKg: 14_000, COD: true,
					Insurance: &ratecard.InsuranceSpec{Percent: "0.2", AdminFee: 5_000}},
				{Courier: "jne", Service: "REG", Name: "JNE Reguler", Origin: "bdg", Destination: "jaksel", PricePerKg: 11_000, COD: true,
					Insurance: &ratecard.InsuranceSpec{Percent: "0.2", AdminFee: 5_000}},
				{Courier: "jne", Service: "YES", Name: "JNE Yakin Esok Sampai", Destination: "jaksel", PricePerKg: 24_000},
				{Courier: "jne", Service: "JTR", Name: "JNE Trucking", Destination: "jaksel", PricePerKg: 5_000, VolumetricDivisor: 5_000, MinimumKg: 10},
				{Courier: "SiCepat", Service: "REG", Name: "SiCepat Reguler", Destination: "jaksel", PricePerKg: 13_000, COD: true,
					Insurance: &ratecard.InsuranceSpec{Percent: "0.3", Base: "grand_total"}},
				{Courier: "jnt", Service: "EZ", Name: "J&T Express EZ", Destination: "jaksel", PricePerKg: 15_000, COD: true, ToleranceGrams: new(int64(0))},
				{Courier: "jne", Service: "REG", Name: "JNE Reguler", Destination: "jayapura", PricePerKg: 40_000, COD: true},
				{Courier: "jnt", Service: "EZ", Name: "J&T Express EZ", Destination: "jayapura", PricePerKg: 42_000, COD: true},
			},
		}
		portstest.TestCouriers(t, func(t testing.TB) ports.Couriers {
			c, err := ratecard.New(spec)
			require.NoError(t, err)
			return c
		}, portstest.Route{
			Request: ports.RateRequest{
				Origin:      shipping.Location{ID: "bdg", COD: true},
				Destination: shipping.Location{ID: "jaksel", COD: true},
				Items:       conformanceParcel(),
				GoodsValue:  175_000,
			},
			NoCOD:    shipping.Location{ID: "jayapura"},
			Unserved: shipping.Location{ID: "makassar", COD: true},
		})
	})
}
