package webui

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// StorePrefix starts the pages of one store of many: /s/{store}/… are the
// pages of that store, as the JSON API's /s/{store}/v1/… are its routes.
const StorePrefix = "/s/"

// StoresConfig configures [NewStores].
type StoresConfig struct {
	// Config configures every store's pages (sessions, rate limits, log).
	// Its BasePath must be empty: the default store is at / and the others
	// under /s/{store}. Its Authenticate is the default store's legacy
	// sign-in (AdminToken), tried before the store's API keys; the other
	// stores sign in with their own keys only.
	Config
	// Platform keeps the stores (a store must exist and not be disabled;
	// the default store is served without a record) and their API keys.
	// Required.
	Platform ports.Platform
	// Service returns a store's Service; kasir.Stores.Service returns the
	// one of the store's latest stored configuration, so a change saved
	// through the JSON API shows on the next page. Required.
	Service func(ctx context.Context, store string) (*kasir.Service, error)
	// ServiceAt, when set and Platform is a ports.StoreStates, is used
	// instead of Service: a request reads the store's record and its
	// latest configuration version in one read (ports.ServedVersion) and
	// gets the Service of that version (kasir.Stores.ServiceAt).
	ServiceAt func(ctx context.Context, store string, configVersion int64) (*kasir.Service, error)
	// Hosts has a request without the /s/{store} prefix served by the store
	// whose host name it names (Platform.StoreByHost); a host no store has
	// is the default store's.
	Hosts bool
	// Clock records the use of API keys; nil is the system clock.
	Clock ports.Clock
}

// stores serves the pages of many stores.
type stores struct {
	cfg  StoresConfig
	h    *handler
	auth signer // the default store's legacy sign-in, or nil
}

// NewStores returns the handler of many stores' pages: / and every page
// under it are the default store's (ports.DefaultStore) — or, with
// StoresConfig.Hosts, the store of the request's host — and
// /s/{store}/… are that store's, each request on the Service
// StoresConfig.Service returns for the store then. Each store's dashboard
// is signed into with the store's own API keys (kasir.Keys; the key's
// role: owner, staff or read_only), the default store's also with
// Config.Authenticate; a session opens its own store only, and a key of
// one store signs into no other. An unknown or disabled store is 404.
// Errors: invalid_input for a nil Platform or Service, a BasePath, and
// what [New] refuses.
func NewStores(cfg StoresConfig) (http.Handler, error) {
	if cfg.Platform == nil || cfg.Service == nil {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webui: NewStores needs a Platform and a Service function")
	}
	if cfg.BasePath != "" && cfg.BasePath != "/" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webui: NewStores serves / and /s/{store}; BasePath must be empty, got %q", cfg.BasePath).WithField("base_path")
	}
	cfg.BasePath = ""
	h, err := newHandler(cfg.Config)
	if err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	s := &stores{cfg: cfg, h: h}
	if cfg.Authenticate != nil {
		s.auth = roleSigner(cfg.Authenticate)
	}
	return s, nil
}

// systemClock tells the system's time.
type systemClock struct{}

func (systemClock) Now(context.Context) time.Time { return time.Now() }

func (s *stores) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	store, base := "", ""
	if rest, ok := strings.CutPrefix(r.URL.Path, StorePrefix); ok {
		store, _, _ = strings.Cut(rest, "/")
		base = StorePrefix + store
	} else {
		var err error
		if store, err = s.storeOfHost(r.Context(), r.Host); err != nil {
			s.h.fail(w, r, err)
			return
		}
	}
	sh, err := s.handlerFor(r.Context(), store, base)
	if err != nil {
		s.h.failStore(w, r, err) // a page with no store's name

		return
	}
	sh.serve(w, r)
}

// storeOfHost is the store of a request without the prefix.
func (s *stores) storeOfHost(ctx context.Context, hostport string) (string, error) {
	if !s.cfg.Hosts || hostport == "" {
		return ports.DefaultStore, nil
	}
	return ports.StoreOfHost(ctx, s.cfg.Platform, hostport)
}

// serviceOf checks that the store is served and returns its Service: with
// StoresConfig.ServiceAt on a platform that reads a store's record with
// its configuration version, in one read.
func (s *stores) serviceOf(ctx context.Context, store string) (*kasir.Service, error) {
	svc, svcErr, err := ports.ServedService(ctx, s.cfg.Platform, store, s.cfg.Service, s.cfg.ServiceAt)
	if err != nil {
		return nil, err
	}
	return svc, svcErr
}

// handlerFor is the handler of one store's request: the shared handler
// with the store's Service, base path and sign-in.
func (s *stores) handlerFor(ctx context.Context, store, base string) (*handler, error) {
	svc, err := s.serviceOf(ctx, store)
	if err != nil {
		return nil, err
	}
	db, err := s.cfg.Platform.ForStore(store)
	if err != nil {
		return nil, err
	}
	keys, err := kasir.NewKeys(store, db, s.cfg.Clock)
	if err != nil {
		return nil, err
	}
	h := *s.h
	h.svc, h.base, h.store = svc, base, store
	legacy := s.auth
	if store != ports.DefaultStore {
		legacy = nil // the admin token is the default store's only
	}
	h.auth = func(ctx context.Context, token string) (identity, error) {
		if legacy != nil {
			if who, err := legacy(ctx, token); err == nil {
				return who, nil
			}
		}
		k, err := keys.Authenticate(ctx, token)
		if err != nil {
			return identity{}, err
		}
		return identity{role: string(k.Role), name: k.Name}, nil
	}
	return &h, nil
}

// failStore answers a request whose store cannot be served: 404 for a
// store that does not exist, is disabled or has no configuration yet.
func (h *handler) failStore(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errs.NotFound) {
		h.render(w, r, http.StatusNotFound, "error", h.pageData(r, errorPage{Title: h.t(r, "not_found"), Text: h.t(r, "not_found_text")}))
		return
	}
	h.log.ErrorContext(r.Context(), "webui: store cannot be served", "path", r.URL.Path, "err", err)
	status := http.StatusInternalServerError
	if errors.Is(err, errs.Unavailable) {
		status = http.StatusServiceUnavailable
	}
	h.render(w, r, status, "error", h.pageData(r, errorPage{Title: h.t(r, "error"), Text: h.t(r, "error_text")}))
}
