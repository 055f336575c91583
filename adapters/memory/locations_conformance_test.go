package memory_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
	"github.com/kasir-id/kasir/shipping"
)

func TestLocationsConformance(t *testing.T) {
	t.Parallel()
	portstest.TestLocations(t, func(t testing.TB, locations []shipping.Location, warehouses []shipping.Warehouse) (ports.Locations, ports.Warehouses) {
		l, err := memory.NewLocations(locations, warehouses, nil)
		require.NoError(t, err)
		return l, l
	})
}
