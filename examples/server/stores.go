package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/ports"
)

// storesAPI is the JSON API on the platform's stores: the data file's
// store is the default store, served without a prefix and under
// /s/default, each request on the Service of the store's latest stored
// configuration (kasir.Stores). With a platform key (-platform-key) it
// also serves every store the platform routes create under /s/{store},
// with its own API keys, and returns the other stores' background work:
// their expiry of unpaid orders and their event relays, run until the
// context is done (nil without a platform key).
func storesAPI(platform ports.Platform, stores *kasir.Stores, procure *kasir.Procurement, hc httpapi.Config, cfg config, log *slog.Logger) (http.Handler, func(context.Context)) {
	webhooks := func(ctx context.Context, id string) (ports.Webhooks, error) {
		return storeWebhooks(ctx, stores, id)
	}
	h := httpapi.NewStores(httpapi.StoresConfig{
		Config: hc, Platform: platform, Service: stores.Service, ServiceAt: stores.ServiceAt, Webhooks: webhooks,
		PlatformKey: cfg.platformKey, Hosts: cfg.storeHosts, Clock: memory.SystemClock{},
		Procurement: procure,
	})
	if cfg.platformKey == "" {
		return h, nil
	}
	log.Info("serving many stores", "prefix", httpapi.StorePrefix+"{store}/", "store_hosts", cfg.storeHosts)
	return h, func(ctx context.Context) { othersLoop(ctx, platform, stores, cfg.expireEvery, log) }
}

// othersLoop runs, every interval until ctx is done, the expiry of unpaid
// orders of every enabled store but the default one (which serve runs
// itself), and starts each such store's event relay the first time it is
// seen.
func othersLoop(ctx context.Context, platform ports.Platform, stores *kasir.Stores, every time.Duration, log *slog.Logger) {
	var wg sync.WaitGroup
	defer wg.Wait()
	relays := map[string]bool{}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		list, _, err := platform.ListStores(ctx, 0, 0)
		if err != nil {
			if ctx.Err() == nil {
				log.ErrorContext(ctx, "listing stores", "err", err)
			}
			continue
		}
		for _, info := range list {
			if info.ID == ports.DefaultStore || info.Disabled {
				continue
			}
			svc, err := stores.Service(ctx, info.ID)
			if err != nil {
				continue // not configured yet
			}
			if !relays[info.ID] {
				if relay, err := stores.Relay(ctx, info.ID); err == nil && relay != nil {
					relays[info.ID] = true
					wg.Go(func() { _ = relay.Run(ctx, time.Second) })
				}
			}
			expired, err := svc.ExpireUnpaid(ctx)
			if len(expired) > 0 {
				log.InfoContext(ctx, "expired unpaid orders", "store", info.ID, "count", len(expired))
			}
			if err != nil && ctx.Err() == nil {
				log.ErrorContext(ctx, "expiring unpaid orders", "store", info.ID, "err", err)
			}
		}
	}
}
