package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// StorePrefix starts the paths of one store of many: /s/{store}/… serves
// every route of [Routes] for the store.
const StorePrefix = "/s/"

// StoresConfig configures [NewStores].
type StoresConfig struct {
	// Config configures every store's routes (body limit, deadline, log,
	// CORS, rate limit, order page). Its AdminToken is the owner's token
	// of the default store only; Authenticate, Keys and Webhooks are not
	// read: each store has its own keys (Platform.ForStore) and webhooks
	// (the Webhooks field below).
	Config
	// Platform keeps the stores and their records. Required.
	Platform ports.Platform
	// Service returns a store's Service (kasir.Stores.Service builds one
	// from the store's stored configuration). Required. Its errors are
	// answered as they are.
	Service func(ctx context.Context, store string) (*kasir.Service, error)
	// ServiceAt, when set and Platform is a ports.StoreStates, is used
	// instead of Service: a request reads the store's record and its
	// latest configuration version in one read (ports.ServedVersion) and
	// gets the Service of that version (kasir.Stores.ServiceAt), instead
	// of reading the record and then the version.
	ServiceAt func(ctx context.Context, store string, configVersion int64) (*kasir.Service, error)
	// Webhooks, when set, returns a store's outbound webhooks; nil answers
	// the webhook routes 404.
	Webhooks func(ctx context.Context, store string) (ports.Webhooks, error)
	// PlatformKey is the bearer token of the platform routes
	// (/v1/platform/…), which create, list and disable stores and mint a
	// store's keys. Empty: they answer 401.
	PlatformKey string
	// Hosts has a request without the /s/{store} prefix served by the
	// store whose host name the request names (Platform.StoreByHost); a
	// host no store has is served by the default store. Without it those
	// requests are the default store's.
	Hosts bool
	// Clock dates new stores and API keys; nil is the system clock.
	Clock ports.Clock
	// Procurement, when set, serves the platform's procurement routes
	// (buyer accounts, purchases); nil answers them 404.
	Procurement *kasir.Procurement
}

// Stores is an http.Handler serving many stores of one deployment:
// /s/{store}/… is every route of [Routes] for that store, on its own
// Service, keys and records; a path without the prefix is the default
// store's (ports.DefaultStore), or, with StoresConfig.Hosts, the store of
// the request's host name; /v1/platform/… are the platform's routes
// ([PlatformRoutes]). An unknown or disabled store is 404
// store_not_found. Every request reads the store's record and, on an
// admin route, its key: a store disabled or a key revoked by another
// process is refused from the next request on. It is safe for concurrent
// use.
type Stores struct {
	cfg         StoresConfig
	base        *Handler
	platformKey adminToken
	clock       ports.Clock
}

// NewStores returns the handler of many stores. It panics when
// cfg.Platform or cfg.Service is nil, and for what [New] panics on.
func NewStores(cfg StoresConfig) *Stores {
	if cfg.Platform == nil || cfg.Service == nil {
		panic("httpapi: NewStores needs a Platform and a Service function")
	}
	s := &Stores{cfg: cfg, platformKey: newAdminToken(cfg.PlatformKey), clock: cfg.Clock}
	if s.clock == nil {
		s.clock = systemClock{}
	}
	base := cfg.Config
	base.Authenticate, base.Keys, base.Webhooks = nil, nil, nil
	s.base = newHandler(nil, base, s)
	return s
}

// systemClock tells the system's time.
type systemClock struct{}

func (systemClock) Now(context.Context) time.Time { return time.Now() }

// handlerKey marks the context of a request a store's Handler serves.
type handlerKey struct{}

// current is the Handler serving r: the store's, when r is one of many
// stores', otherwise h.
func (h *Handler) current(r *http.Request) *Handler {
	if sh, ok := r.Context().Value(handlerKey{}).(*Handler); ok {
		return sh
	}
	return h
}

// ServeHTTP implements http.Handler as [Handler.ServeHTTP] does, choosing
// the store first.
func (s *Stores) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.base.serve(w, r, s.route)
}

// splitStore reads /s/{store}/rest: the store, /rest, and whether the path
// has the prefix.
func splitStore(path string) (store, rest string, ok bool) {
	after, ok := strings.CutPrefix(path, StorePrefix)
	if !ok {
		return "", path, false
	}
	store, rest, _ = strings.Cut(after, "/")
	return store, "/" + rest, true
}

// errStoreNotFound is ports.ErrStoreNotFound naming the store.
func errStoreNotFound(store string) error {
	e := *ports.ErrStoreNotFound
	e.Message = fmt.Sprintf("httpapi: no store %q is served", store)
	return &e
}

func (s *Stores) route(w http.ResponseWriter, r *http.Request) {
	h := s.base
	store, rest, prefixed := splitStore(r.URL.Path)
	in := r
	if prefixed {
		in = r.Clone(r.Context())
		in.URL.Path = rest
		if in.URL.RawPath != "" {
			_, in.URL.RawPath, _ = splitStore(in.URL.RawPath) // a store id is never escaped
		}
	}
	// CORS and unknown routes are answered before any look-up.
	if h.cors(w, in) {
		return
	}
	_, pattern := h.mux.Handler(in)
	if pattern == "" {
		h.noRoute(w, in)
		return
	}
	if isPlatformPattern(pattern) {
		if prefixed {
			h.writeError(w, in, errNoRoute)
			return
		}
		h.mux.ServeHTTP(w, in)
		r.Pattern = in.Pattern
		return
	}
	if pattern == "GET /healthz" || pattern == "GET /openapi.json" {
		// Liveness and the document ask no store: they answer while the
		// database does not.
		h.mux.ServeHTTP(w, in)
		r.Pattern = in.Pattern
		return
	}
	ctx := r.Context()
	if !prefixed {
		var err error
		if store, err = s.storeOfHost(ctx, r.Host); err != nil {
			h.writeError(w, in, err)
			return
		}
	}
	sh, err := s.handlerFor(ctx, store)
	if err != nil {
		h.writeError(w, in, err)
		return
	}
	in = in.WithContext(context.WithValue(ctx, handlerKey{}, sh))
	h.mux.ServeHTTP(w, in)
	if prefixed {
		r.Pattern = StorePrefix + "{store}" + in.Pattern // for the access log
	} else {
		r.Pattern = in.Pattern
	}
}

// storeOfHost is the store a request without the prefix is for: the
// host's, with StoresConfig.Hosts, or the default store.
func (s *Stores) storeOfHost(ctx context.Context, hostport string) (string, error) {
	if !s.cfg.Hosts || hostport == "" {
		return ports.DefaultStore, nil
	}
	return ports.StoreOfHost(ctx, s.cfg.Platform, hostport)
}

// handlerFor returns the Handler of one store's routes: the base Handler
// on the store's Service, keys and webhooks. The default store is served
// when the platform has no record of it (a deployment that began with one
// store); any other store must have one and not be disabled.
func (s *Stores) handlerFor(ctx context.Context, store string) (*Handler, error) {
	svc, svcErr, err := s.serviceOf(ctx, store)
	switch {
	case errors.Is(err, ports.ErrStoreNotFound):
		return nil, errStoreNotFound(store)
	case err != nil:
		return nil, err
	}
	switch {
	case svcErr != nil && errs.KindOf(svcErr) != errs.NotFound:
		return nil, svcErr
	case svcErr == nil && svc == nil:
		return nil, errs.E(errs.Other, errs.CodeInternal, "httpapi: StoresConfig.Service returned no Service for "+store)
	}
	keys, err := s.keysOf(store)
	if err != nil {
		return nil, err
	}
	h := *s.base
	// A store whose Service is not found (no configuration saved yet)
	// still serves the routes that need none: its keys.
	h.svc, h.svcErr, h.keys, h.auth, h.hooks = svc, svcErr, keys, KeysAuthenticator(keys), nil
	h.storeID = store
	if store != ports.DefaultStore {
		h.token = adminToken{} // the admin token is the default store's owner only
	}
	if s.cfg.Webhooks != nil {
		if h.hooks, err = s.cfg.Webhooks(ctx, store); err != nil {
			return nil, err
		}
	}
	return &h, nil
}

// serviceOf checks that the store is served (err) and asks for its
// Service (svc, svcErr): with StoresConfig.ServiceAt on a platform that
// reads a store's record with its configuration version, in one read.
func (s *Stores) serviceOf(ctx context.Context, store string) (svc *kasir.Service, svcErr, err error) {
	return ports.ServedService(ctx, s.cfg.Platform, store, s.cfg.Service, s.cfg.ServiceAt)
}

// keysOf returns the store's API keys.
func (s *Stores) keysOf(store string) (*kasir.Keys, error) {
	db, err := s.cfg.Platform.ForStore(store)
	if err != nil {
		return nil, err
	}
	return kasir.NewKeys(store, db, s.clock)
}
