package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// shipments wires the courier every store books and tracks parcels with:
// Biteship (its Orders, Trackings and webhooks) when BITESHIP_API_KEY is
// set (c is then its rates client too), and otherwise the simulated
// courier, offline, on its own clock (clock: the system's, run
// -sim-speed times as fast). It returns the courier, its webhook reader
// under the name of its route (/v1/webhooks/couriers/{name}).
func shipments(cfg config, c *biteship.Client, clock ports.Clock) (ports.Shipments, map[string]ports.TrackingPushes, error) {
	if c != nil {
		return c, map[string]ports.TrackingPushes{"biteship": c}, nil
	}
	if cfg.courierClock != nil {
		clock = cfg.courierClock
	} else if cfg.simSpeed != 1 {
		clock = newSpeedClock(clock, cfg.simSpeed)
	}
	sim, err := simcourier.New(simcourier.Config{Clock: clock, ReturnPercent: cfg.simReturnPercent, Token: cfg.simToken})
	if err != nil {
		return nil, nil, fmt.Errorf("the simulated courier: %w", err)
	}
	return sim, map[string]ports.TrackingPushes{"simcourier": sim}, nil
}

// speedClock is a clock that runs speed times as fast as base from the
// moment it was made: the simulated courier's, so that a demo shows a
// parcel's days in minutes.
type speedClock struct {
	base  ports.Clock
	start time.Time
	speed float64
}

func newSpeedClock(base ports.Clock, speed float64) *speedClock {
	return &speedClock{base: base, start: base.Now(context.Background()), speed: speed}
}

// Now implements ports.Clock.
func (c *speedClock) Now(ctx context.Context) time.Time {
	return c.start.Add(time.Duration(float64(c.base.Now(ctx).Sub(c.start)) * c.speed))
}

// poller is the part of kasir.Service the tracking loop calls.
type poller interface {
	PollTracking(ctx context.Context) (kasir.PollReport, error)
}

// trackLoop polls, every interval until ctx is done, the courier for the
// tracking of every travelling parcel of each store ids lists (the
// default store, and with a platform key every enabled store), through
// the Service of the store's latest configuration (service). A store
// without a courier is skipped; another failure is logged and the loop
// goes on.
func trackLoop(ctx context.Context, ids func(context.Context) ([]string, error), service func(context.Context, string) (poller, error), every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		list, err := ids(ctx)
		if err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "listing stores to track", "err", err) // the default store is tracked still
		}
		for _, id := range list {
			svc, err := service(ctx, id)
			if err != nil {
				continue // not configured yet
			}
			rep, err := svc.PollTracking(ctx)
			switch {
			case errs.Code(err) == kasir.CodeNoShipments:
			case err != nil:
				if ctx.Err() == nil {
					log.ErrorContext(ctx, "polling tracking", "store", id, "err", err)
				}
			case rep.Checked > 0:
				log.InfoContext(ctx, "tracking polled", "store", id, "checked", rep.Checked, "moved", rep.Moved, "failed", rep.Failed)
			}
		}
	}
}

// trackedStores lists the default store and, when others is set, every
// other enabled store of the platform; when the platform cannot list them,
// the default store and the error.
func trackedStores(platform ports.Platform, others bool) func(context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) {
		ids := []string{ports.DefaultStore}
		if !others {
			return ids, nil
		}
		list, _, err := platform.ListStores(ctx, 0, 0)
		if err != nil {
			return ids, err
		}
		for _, info := range list {
			if info.ID != ports.DefaultStore && !info.Disabled {
				ids = append(ids, info.ID)
			}
		}
		return ids, nil
	}
}
