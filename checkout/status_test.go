package checkout_test

import (
	"testing"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestLifecycleAllowedPaths(t *testing.T) {
	t.Parallel()
	paths := map[string][]checkout.Status{
		"transfer_paid_shipped_delivered": {checkout.StatusPendingPayment, checkout.StatusProcessing, checkout.StatusShipped, checkout.StatusDelivered},
		"cod_returned":                    {checkout.StatusProcessing, checkout.StatusShipped, checkout.StatusReturned},
		"unpaid_expires":                  {checkout.StatusPendingPayment, checkout.StatusExpired},
		"cancelled_before_payment":        {checkout.StatusPendingPayment, checkout.StatusCancelled},
		"cancelled_before_shipping":       {checkout.StatusProcessing, checkout.StatusCancelled},
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l, err := checkout.NewLifecycle(path[0], t0, "placed")
			require.NoError(t, err)
			for i, s := range path[1:] {
				require.NoError(t, l.Transition(s, t0.Add(time.Duration(i+1)*time.Hour), "step"))
			}
			assert.Equal(t, path[len(path)-1], l.Status())
			h := l.History()
			require.Len(t, h, len(path))
			assert.Equal(t, path[len(path)-1], h[len(h)-1].To)
			restored, err := checkout.RestoreLifecycle(l.Status(), h)
			require.NoError(t, err)
			assert.Equal(t, l, restored)
		})
	}
}

func TestLifecycleRefusesTransitionsOutsideTheCycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		start    []checkout.Status
		to       checkout.Status
		wantCode string
	}{
		{"cancel_after_shipping", []checkout.Status{checkout.StatusProcessing, checkout.StatusShipped}, checkout.StatusCancelled, checkout.CodeInvalidTransition},
		{"expire_paid_order", []checkout.Status{checkout.StatusProcessing}, checkout.StatusExpired, checkout.CodeInvalidTransition},
		{"ship_unpaid_order", []checkout.Status{checkout.StatusPendingPayment}, checkout.StatusShipped, checkout.CodeInvalidTransition},
		{"leave_delivered", []checkout.Status{checkout.StatusProcessing, checkout.StatusShipped, checkout.StatusDelivered}, checkout.StatusReturned, checkout.CodeInvalidTransition},
		{"same_status", []checkout.Status{checkout.StatusProcessing}, checkout.StatusProcessing, checkout.CodeInvalidTransition},
		{"unknown_status", []checkout.Status{checkout.StatusProcessing}, checkout.Status("lost"), errs.CodeInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := checkout.NewLifecycle(tt.start[0], t0, "")
			require.NoError(t, err)
			for _, s := range tt.start[1:] {
				require.NoError(t, l.Transition(s, t0, ""))
			}
			before := l.History()
			err = l.Transition(tt.to, t0, "")
			require.Error(t, err)
			assert.Equal(t, tt.wantCode, errs.Code(err))
			assert.Equal(t, tt.start[len(tt.start)-1], l.Status(), "status unchanged")
			assert.Equal(t, before, l.History(), "history unchanged")
		})
	}
}

func TestLifecycleStartAndRestoreValidation(t *testing.T) {
	t.Parallel()
	_, err := checkout.NewLifecycle(checkout.StatusShipped, t0, "")
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	_, err = checkout.RestoreLifecycle(checkout.StatusDelivered, []checkout.StatusChange{{From: checkout.StatusDraft, To: checkout.StatusDelivered}})
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "a history that skips the cycle")
	_, err = checkout.RestoreLifecycle(checkout.StatusShipped, []checkout.StatusChange{{From: checkout.StatusDraft, To: checkout.StatusProcessing}})
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "a status the history does not reach")
	var zero checkout.Lifecycle
	assert.Equal(t, checkout.StatusDraft, zero.Status())
	assert.True(t, checkout.StatusDelivered.Final())
	assert.False(t, checkout.StatusShipped.Final())
}
