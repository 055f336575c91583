package kasir_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

func TestAbandonedPageIsBoundedWhateverWasStored(t *testing.T) {
	f := newFixture(t)
	// The largest captures the bounds allow: 100 lines of the longest
	// texts, in a character JSON writes as six bytes.
	lines := make([]catalog.LineRequest, 100)
	for i := range lines {
		id := strings.Repeat("<", 64)
		lines[i] = catalog.LineRequest{SKU: id, VariantID: id, ProductID: id, PriceOptionID: id, Options: strings.Repeat("<", 300), Quantity: 1}
	}
	for i := range 20 {
		_, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: strings.Repeat("<", 100), Phone: fmt.Sprintf("0812%08d", i),
			Lines: lines, Notes: strings.Repeat("<", 500)})
		require.NoError(t, err)
	}
	// And what was stored before the bounds: 1 MB each.
	for i := range 5 {
		require.NoError(t, f.store.CreateAbandoned(ctx, &checkout.Abandoned{ID: fmt.Sprintf("lama-%d", i), Name: "x", Phone: fmt.Sprintf("+62813%08d", i),
			Notes: strings.Repeat("a", 1<<20), Status: checkout.AbandonedOpen, CreatedAt: start, UpdatedAt: start}))
	}
	seen := 0
	for offset := 0; offset < 25; {
		page, err := f.svc.ListAbandoned(ctx, ports.AbandonedFilter{Offset: offset, Limit: 100})
		require.NoError(t, err)
		assert.Equal(t, 25, page.Total)
		require.NotEmpty(t, page.Checkouts, "every page makes progress")
		b, err := json.Marshal(page)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(b), kasir.MaxPageBytes+1024, "a page of %d checkouts", len(page.Checkouts))
		offset += len(page.Checkouts)
		seen += len(page.Checkouts)
	}
	assert.Equal(t, 25, seen)
}
