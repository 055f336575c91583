package postgres_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

func TestConcurrentCapturesOfOnePhoneLeaveOneOpenCheckout(t *testing.T) {
	f := newServiceFixture(t)
	ctx := t.Context()
	const n = 200
	var start, done sync.WaitGroup
	start.Add(1)
	errList := make([]error, n)
	for i := range n {
		done.Go(func() {
			start.Wait()
			_, errList[i] = f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: fmt.Sprintf("Pembeli %d", i), Phone: "0812-3456-7890"})
		})
	}
	start.Done()
	done.Wait()
	for i, err := range errList {
		require.NoError(t, err, "capture %d", i)
	}
	page, err := f.svc.ListAbandoned(ctx, ports.AbandonedFilter{Phone: "+6281234567890"})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total, "one record for the phone")
	require.Len(t, page.Checkouts, 1)
	assert.Equal(t, checkout.AbandonedOpen, page.Checkouts[0].Status)
}
