package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
)

// adminCall sends a request with the admin token and decodes the JSON answer.
func adminCall(t *testing.T, method, url, body string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer secret")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&m))
	return res.StatusCode, m
}

// TestServerFollowsAParcel runs the server on the embedded demo store with
// the simulated courier on a clock the test moves: an order is booked
// through the API, and the tracking loop sees it picked up and then
// delivered as the courier's clock passes two days; the courier's webhook
// route is mounted and checks its token.
func TestServerFollowsAParcel(t *testing.T) {
	t.Parallel()
	clock := kasirtest.NewManualClock(time.Now())
	cfg, err := parseConfig([]string{"-addr", "127.0.0.1:0", "-admin-token", "secret", "-track-every", "20ms"}, env(nil), io.Discard)
	require.NoError(t, err)
	cfg.courierClock = clock
	ctx, cancel := context.WithCancel(t.Context())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(&out, nil))) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	var base string
	require.Eventually(t, func() bool {
		m := regexp.MustCompile(`msg=listening addr=(\S+)`).FindStringSubmatch(out.String())
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil
	}, 10*time.Second, 10*time.Millisecond, "no listening line:\n%s", out.String())

	status, o := adminCall(t, http.MethodPost, base+"/v1/orders", `{"lines":[{"sku":"GAYO-250-BIJI","quantity":2}],
		"courier":"jne","service":"REG","payment_method":"cod",
		"customer":{"name":"Siti Aminah","phone":"0812-3456-7890"},
		"address":{"line":"Jl. Melawai Raya No. 5","location_id":"jaksel-kebayoran-baru","postal_code":"12160"}}`,
		map[string]string{"Idempotency-Key": "parcel-1"})
	require.Equal(t, http.StatusCreated, status, "%v", o)
	id := o["id"].(string)

	status, o = adminCall(t, http.MethodPost, base+"/v1/orders/"+id+"/booking", "{}", nil)
	require.Equal(t, http.StatusOK, status, "%v", o)
	assert.Equal(t, "booked", o["status"])
	awb := o["airway_bill"].(string)
	assert.Equal(t, "SIM0000000001", awb)

	// A pickup from the demo store's sender address, with what to pack.
	status, pk := adminCall(t, http.MethodPost, base+"/v1/pickups", `{"order_ids":["`+id+`"],"date":"2026-11-24","time_from":"09:00","time_to":"12:00"}`, nil)
	require.Equal(t, http.StatusCreated, status, "%v", pk)
	assert.Equal(t, "Jl. Ir. H. Juanda No. 88, Dago", pk["address"])
	assert.Equal(t, "Gudang Kopi Nusantara", pk["contact"])
	assert.Equal(t, []any{map[string]any{"product": "Kopi Arabika Gayo", "variant": "250 g, Biji", "sku": "GAYO-250-BIJI", "quantity": float64(2)}}, pk["packing"])

	orderStatus := func() string {
		_, o := adminCall(t, http.MethodGet, base+"/v1/orders/"+id, "", nil)
		return o["status"].(string)
	}
	time.Sleep(100 * time.Millisecond) // a few polls: nothing has happened to the parcel yet
	assert.Equal(t, "booked", orderStatus())

	clock.Advance(5 * time.Hour)
	require.Eventually(t, func() bool { return orderStatus() == "shipped" }, 10*time.Second, 20*time.Millisecond, "picked up:\n%s", out.String())
	clock.Advance(2 * 24 * time.Hour)
	require.Eventually(t, func() bool { return orderStatus() == "delivered" }, 10*time.Second, 20*time.Millisecond, "delivered:\n%s", out.String())

	status, tr := adminCall(t, http.MethodGet, base+"/v1/orders/"+id+"/tracking", "", nil)
	require.Equal(t, http.StatusOK, status)
	events := tr["events"].([]any)
	require.Len(t, events, 3, "picked up, in transit, delivered; each once however often it was polled")
	assert.Equal(t, "delivered", events[0].(map[string]any)["status"])
	for _, e := range events {
		assert.Equal(t, "applied", e.(map[string]any)["outcome"])
	}
	for _, ev := range []string{"order.booked", "order.picked_up", "order.delivered"} {
		assert.Equal(t, 1, strings.Count(out.String(), "msg=\"order event\" type="+ev+" "), "%s logged once", ev)
	}

	// The courier's webhook: a push with the courier's token about an
	// airway bill no order has is acknowledged; a wrong token is refused.
	push := `{"booking_id":"BK999999","airway_bill":"SIM9999999999","events":[{"status":"delivered","text":"Paket diterima","at":"2026-11-25T10:00:00Z"}]}`
	status, ans := adminCall(t, http.MethodPost, base+"/v1/webhooks/couriers/simcourier", push, map[string]string{simcourier.HeaderToken: simcourier.DefaultToken})
	assert.Equal(t, http.StatusOK, status, "%v", ans)
	assert.Equal(t, map[string]any{"updates": float64(1), "applied": float64(0)}, ans)
	status, ans = adminCall(t, http.MethodPost, base+"/v1/webhooks/couriers/simcourier", push, map[string]string{simcourier.HeaderToken: "wrong"})
	assert.Equal(t, http.StatusUnauthorized, status, "%v", ans)
}

// countingPoller counts polls and answers err.
type countingPoller struct {
	n   atomic.Int64
	err error
}

func (p *countingPoller) PollTracking(context.Context) (kasir.PollReport, error) {
	p.n.Add(1)
	return kasir.PollReport{Checked: 1}, p.err
}

// TestTrackLoop: every store listed is polled each round; a store without
// a courier is skipped quietly, one whose Service cannot be built is
// skipped, another failure is logged and the loop goes on; when the stores
// cannot be listed the ones returned are polled still.
func TestTrackLoop(t *testing.T) {
	t.Parallel()
	pollers := map[string]*countingPoller{
		"default": {}, "toko-a": {err: errs.E(errs.Unavailable, kasir.CodeNoShipments, "none")},
		"toko-b": {err: errors.New("courier down")},
	}
	var listed atomic.Int64
	ids := func(context.Context) ([]string, error) {
		if listed.Add(1)%2 == 0 {
			return []string{"default"}, errors.New("platform down")
		}
		return []string{"default", "toko-a", "toko-b", "toko-c"}, nil
	}
	service := func(_ context.Context, id string) (poller, error) {
		p, ok := pollers[id]
		if !ok {
			return nil, errors.New("not configured")
		}
		return p, nil
	}
	var logs syncBuffer
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		trackLoop(ctx, ids, service, 5*time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)))
		close(done)
	}()
	require.Eventually(t, func() bool { return listed.Load() >= 4 }, 10*time.Second, 5*time.Millisecond)
	cancel()
	<-done
	rounds := listed.Load()
	assert.Equal(t, rounds, pollers["default"].n.Load(), "the default store every round")
	assert.InDelta(t, (rounds+1)/2, pollers["toko-b"].n.Load(), 1, "the other stores when listed")
	assert.Equal(t, pollers["toko-b"].n.Load(), pollers["toko-a"].n.Load())
	assert.Contains(t, logs.String(), "courier down")
	assert.Contains(t, logs.String(), "platform down")
	assert.NotContains(t, logs.String(), "none", "a store without a courier is not an error")
	assert.Contains(t, logs.String(), "msg=\"tracking polled\" store=default checked=1")
}

// TestSpeedClock: the simulated courier's clock runs speed times as fast
// as its base from the moment it is made.
func TestSpeedClock(t *testing.T) {
	t.Parallel()
	base := kasirtest.NewManualClock(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
	c := newSpeedClock(base, 3600)
	assert.Equal(t, base.Now(t.Context()), c.Now(t.Context()))
	base.Advance(2 * time.Second)
	assert.Equal(t, time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC), c.Now(t.Context()), "two seconds are two hours")
}
