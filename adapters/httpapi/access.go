package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// CodeForbidden is the code of a 403: the credentials are good, but not
// for this request (a key of another store, or a role that does not allow
// the route). The detail names the key's role and the role needed.
const CodeForbidden = ports.CodeForbidden

// Caller is who sent an admin request: the role its credentials have in
// the store, and the name the store's records keep as its author (the
// author of a configuration version, the actor of a stock adjustment, who
// printed a batch of labels).
type Caller struct {
	Role ports.Role
	// Name is the API key's name, AdminTokenName for the admin token.
	Name string
}

// AdminTokenName is the Caller name of requests made with the admin token.
const AdminTokenName = "admin-token"

// Authenticator tells who a bearer token is in the Handler's store: its
// role and its name (see Config.Authenticate).
type Authenticator func(ctx context.Context, token string) (Caller, error)

// KeysAuthenticator is the Authenticator of a store's API keys: the role
// and name of keys.Authenticate's key.
func KeysAuthenticator(keys *kasir.Keys) Authenticator {
	return func(ctx context.Context, token string) (Caller, error) {
		k, err := keys.Authenticate(ctx, token)
		if err != nil {
			return Caller{}, err
		}
		return Caller{Role: k.Role, Name: k.Name}, nil
	}
}

// callerKey marks the Caller of an admitted admin request in its context.
type callerKey struct{}

// callerName is the name of the Caller the admin route r was admitted
// for; AdminTokenName when r carries none (a route that is not an admin
// route never asks).
func callerName(r *http.Request) string {
	if c, ok := r.Context().Value(callerKey{}).(Caller); ok && c.Name != "" {
		return c.Name
	}
	return AdminTokenName
}

// adminToken is the SHA-256 of Config.AdminToken.
type adminToken struct {
	set bool
	sum [sha256.Size]byte
}

func newAdminToken(tok string) adminToken {
	if tok == "" {
		return adminToken{}
	}
	return adminToken{set: true, sum: sha256.Sum256([]byte(tok))}
}

// matches reports whether tok is the admin token. The digests are compared
// in constant time, so neither the token nor its length leaks through
// timing.
func (a adminToken) matches(tok string) bool {
	got := sha256.Sum256([]byte(tok))
	return a.set && subtle.ConstantTimeCompare(got[:], a.sum[:]) == 1
}

// bearer returns the request's bearer token, or "" when it has none.
func bearer(r *http.Request) string {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// authenticate returns who r's bearer token is in the store: the owner
// AdminTokenName for the admin token, the authenticator's answer for any
// other. Errors: unauthorized without a token, or for one nobody accepts;
// forbidden and store errors from the authenticator.
func (h *Handler) authenticate(r *http.Request) (Caller, error) {
	tok := bearer(r)
	switch {
	case tok == "":
		return Caller{}, errUnauthorized
	case h.token.matches(tok):
		return Caller{Role: ports.RoleOwner, Name: AdminTokenName}, nil
	case h.auth == nil:
		return Caller{}, errUnauthorized
	}
	c, err := h.auth(r.Context(), tok)
	if err != nil {
		return Caller{}, err
	}
	if !c.Role.Valid() {
		return Caller{}, errs.E(errs.Other, errs.CodeInternal, "httpapi: the authenticator answered the role "+string(c.Role))
	}
	return c, nil
}

// authorized reports whether r carries credentials of the store, whatever
// their role: a public route then answers with the seller's view.
func (h *Handler) authorized(r *http.Request) bool {
	if bearer(r) == "" {
		return false
	}
	_, err := h.authenticate(r)
	return err == nil
}

// admit checks an admin route's credentials and role, and returns r
// with its Caller in the context (callerName).
func (h *Handler) admit(w http.ResponseWriter, r *http.Request, rt Route) (*http.Request, error) {
	c, err := h.authenticate(r)
	if err != nil {
		if errs.Code(err) == errs.CodeUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kasir"`)
		}
		return r, err
	}
	if need := rt.NeedsRole(); !c.Role.Allows(need) {
		return r, errs.E(errs.Unauthorized, CodeForbidden, "httpapi: a key with role "+string(c.Role)+" may not call "+
			rt.Method+" "+rt.Path+"; it needs "+string(need))
	}
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, c)), nil
}

// NeedsRole is the least role that may call the route: "" for a public
// route; for an admin route its Role, or, when that is empty, read_only
// for a GET and owner for anything else.
func (rt Route) NeedsRole() ports.Role {
	switch {
	case !rt.Admin:
		return ""
	case rt.Role != "":
		return rt.Role
	case rt.Method == http.MethodGet:
		return ports.RoleReadOnly
	}
	return ports.RoleOwner
}

// The store's API keys (Config.Keys), owner only:
//
//	GET    /v1/api-keys        {"data":[key…]}, revoked ones too, without secrets
//	POST   /v1/api-keys        {"name","role"} → 201 the key and its secret, shown once
//	DELETE /v1/api-keys/{id}   → 200 the revoked key; it opens nothing from now on

// apiKeyRequest creates a key.
type apiKeyRequest struct {
	Name string     `json:"name"`
	Role ports.Role `json:"role"`
}

// apiKeyView is a key; secret only in the answer that creates it.
type apiKeyView struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Role       ports.Role `json:"role"`
	Hint       string     `json:"hint"`
	Secret     string     `json:"secret,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func viewAPIKey(k ports.APIKey, secret string) apiKeyView {
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	return apiKeyView{ID: k.ID, Name: k.Name, Role: k.Role, Hint: k.Hint, Secret: secret, CreatedAt: k.CreatedAt,
		LastUsedAt: at(k.LastUsedAt), RevokedAt: at(k.RevokedAt)}
}

// apiKeys returns the store's keys, or not_found when the host plugged
// none in.
func (h *Handler) apiKeys() (*kasir.Keys, error) {
	if h.keys == nil {
		return nil, errs.E(errs.NotFound, errs.CodeNotFound, "httpapi: API keys are not configured")
	}
	return h.keys, nil
}

// listAPIKeys: GET /v1/api-keys.
func (h *Handler) listAPIKeys(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	keys, err := h.apiKeys()
	if err != nil {
		return 0, nil, err
	}
	ks, err := keys.List(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := dataList[apiKeyView]{Data: []apiKeyView{}}
	for _, k := range ks {
		out.Data = append(out.Data, viewAPIKey(k, ""))
	}
	return http.StatusOK, out, nil
}

// createAPIKey: POST /v1/api-keys.
func (h *Handler) createAPIKey(w http.ResponseWriter, r *http.Request) (int, any, error) {
	keys, err := h.apiKeys()
	if err != nil {
		return 0, nil, err
	}
	return h.mintKey(w, r, keys)
}

// mintKey creates a key of keys from the request body {"name","role"}.
func (h *Handler) mintKey(w http.ResponseWriter, r *http.Request, keys *kasir.Keys) (int, any, error) {
	var req apiKeyRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	k, secret, err := keys.Create(r.Context(), req.Name, req.Role)
	if err != nil {
		return 0, nil, err
	}
	w.Header().Set("Cache-Control", "no-store")
	return http.StatusCreated, viewAPIKey(k, secret), nil
}

// revokeAPIKey: DELETE /v1/api-keys/{id}.
func (h *Handler) revokeAPIKey(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	keys, err := h.apiKeys()
	if err != nil {
		return 0, nil, err
	}
	k, err := keys.Revoke(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewAPIKey(k, ""), nil
}
