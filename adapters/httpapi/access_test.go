package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/ports"
)

// keysFixture is the fixture with the store's API keys plugged in, and a
// key of each role.
type keysFixture struct {
	*fixture
	secret map[ports.Role]string
}

func newKeysFixture(t testing.TB, opts ...fixtureOpt) *keysFixture {
	t.Helper()
	f := newFixture(t, opts...)
	kf := &keysFixture{fixture: f, secret: map[ports.Role]string{}}
	for _, role := range []ports.Role{ports.RoleOwner, ports.RoleStaff, ports.RoleReadOnly} {
		_, s, err := f.keys.Create(t.Context(), "key "+string(role), role)
		require.NoError(t, err)
		kf.secret[role] = s
	}
	return kf
}

// bearer is the Authorization header of a secret.
func bearer(secret string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + secret}
}

// concrete fills a route's path parameters with an id nothing has.
func concrete(path string) string {
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return path
		}
		j := strings.IndexByte(path[i:], '}')
		path = path[:i] + "nothing-here" + path[i+j+1:]
	}
}

func TestRolesOnEveryAdminRoute(t *testing.T) {
	t.Parallel()
	f := newKeysFixture(t)
	for _, rt := range httpapi.Routes() {
		if !rt.Admin {
			assert.Empty(t, rt.NeedsRole(), "%s %s is public", rt.Method, rt.Path)
			continue
		}
		need := rt.NeedsRole()
		require.True(t, need.Valid(), "%s %s needs a role", rt.Method, rt.Path)
		for role, secret := range f.secret {
			res := f.do(t, req{method: rt.Method, path: concrete(rt.Path), body: "{}", header: bearer(secret)})
			if role.Allows(need) {
				assert.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, res.Status,
					"%s may call %s %s: %s", role, rt.Method, rt.Path, res.Body)
				continue
			}
			require.Equal(t, http.StatusForbidden, res.Status, "%s may not call %s %s: %s", role, rt.Method, rt.Path, res.Body)
			e := res.Err(t)
			assert.Equal(t, httpapi.CodeForbidden, e.Error.Code)
			assert.Contains(t, e.Error.Detail, "role "+string(role), "the answer names the key's role")
			assert.Contains(t, e.Error.Detail, "needs "+string(need))
		}
		res := f.do(t, req{method: rt.Method, path: concrete(rt.Path), body: "{}"})
		assert.Equal(t, http.StatusUnauthorized, res.Status, "%s %s without a key", rt.Method, rt.Path)
		assert.Equal(t, `Bearer realm="kasir"`, res.Header.Get("WWW-Authenticate"))
	}
}

func TestRolesOfTheRoutes(t *testing.T) {
	t.Parallel()
	need := map[string]ports.Role{}
	for _, rt := range httpapi.Routes() {
		need[rt.Method+" "+rt.Path] = rt.NeedsRole()
	}
	for route, want := range map[string]ports.Role{
		"GET /v1/orders":                            ports.RoleReadOnly,
		"GET /v1/orders/export":                     ports.RoleReadOnly,
		"POST /v1/orders/{id}/transitions":          ports.RoleStaff,
		"PATCH /v1/orders/{id}":                     ports.RoleStaff,
		"POST /v1/orders/batch":                     ports.RoleStaff,
		"POST /v1/imports/commit":                   ports.RoleStaff,
		"POST /v1/webhook-endpoints":                ports.RoleOwner,
		"DELETE /v1/webhook-endpoints/{id}":         ports.RoleOwner,
		"GET /v1/api-keys":                          ports.RoleOwner,
		"POST /v1/api-keys":                         ports.RoleOwner,
		"DELETE /v1/api-keys/{id}":                  ports.RoleOwner,
		"POST /v1/orders/{id}/payment-confirmation": ports.RoleStaff,
	} {
		assert.Equal(t, want, need[route], route)
	}
}

func TestAPIKeyRoutes(t *testing.T) {
	t.Parallel()
	f := newKeysFixture(t)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/api-keys", admin: true, body: map[string]any{"name": "gudang", "role": "staff"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	var created struct {
		ID, Name, Role, Hint, Secret string
		RevokedAt                    *string `json:"revoked_at"`
	}
	res.Decode(t, &created)
	assert.Equal(t, "gudang", created.Name)
	assert.Equal(t, "staff", created.Role)
	assert.True(t, strings.HasPrefix(created.Secret, "ksr_default_"), created.Secret)
	assert.Nil(t, created.RevokedAt)

	staff := bearer(created.Secret)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: staff})
	assert.Equal(t, http.StatusOK, res.Status, "the new key works at once: %s", res.Body)

	res = f.do(t, req{method: http.MethodGet, path: "/v1/api-keys", header: bearer(f.secret[ports.RoleOwner])})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotContains(t, string(res.Body), created.Secret, "a listing shows no secret")
	assert.NotContains(t, string(res.Body), `"secret"`)
	var list struct{ Data []map[string]any }
	res.Decode(t, &list)
	assert.Len(t, list.Data, 4, "several keys per store")

	res = f.do(t, req{method: http.MethodDelete, path: "/v1/api-keys/" + created.ID, header: staff})
	assert.Equal(t, http.StatusForbidden, res.Status, "staff do not manage keys")
	res = f.do(t, req{method: http.MethodDelete, path: "/v1/api-keys/" + created.ID, admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.NotNil(t, res.JSON(t)["revoked_at"])
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: staff})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "revoked: refused from the next request")
	res = f.do(t, req{method: http.MethodDelete, path: "/v1/api-keys/key_none", admin: true})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, ports.CodeAPIKeyNotFound, res.Err(t).Error.Code)

	for name, body := range map[string]map[string]any{
		"role": {"name": "x", "role": "admin"}, "name": {"name": " ", "role": "owner"},
	} {
		res = f.do(t, req{method: http.MethodPost, path: "/v1/api-keys", admin: true, body: body})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, name)
		assert.Equal(t, name, res.Err(t).Error.Field, name)
	}
}

func TestKeysOfAnotherStoreAndBadTokens(t *testing.T) {
	t.Parallel()
	f := newKeysFixture(t)
	other, err := kasir.NewKeys("toko-lain", f.store, f.clock)
	require.NoError(t, err)
	_, foreign, err := other.Create(t.Context(), "owner", ports.RoleOwner)
	require.NoError(t, err)

	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: bearer(foreign)})
	assert.Equal(t, http.StatusForbidden, res.Status, "%s", res.Body)
	assert.Equal(t, httpapi.CodeForbidden, res.Err(t).Error.Code)
	for _, tok := range []string{"Bearer wrong", "Bearer " + f.secret[ports.RoleOwner] + "x", "Basic " + adminToken, adminToken} {
		res = f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: map[string]string{"Authorization": tok}})
		assert.Equal(t, http.StatusUnauthorized, res.Status, tok)
	}
	res = f.do(t, req{method: http.MethodPost, path: "/v1/api-keys", admin: true, body: map[string]any{"name": "x", "role": "owner"}})
	assert.Equal(t, http.StatusCreated, res.Status, "the admin token is the default store's owner")
}

func TestAnyRoleSeesTheSellersViewOfPublicRoutes(t *testing.T) {
	t.Parallel()
	f := newKeysFixture(t)
	for role, secret := range f.secret {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), header: bearer(secret)})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		assert.Contains(t, res.JSON(t)["breakdown"], "net_profit", role)
	}
	res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), header: bearer("ksr_default_" + strings.Repeat("A", 43))})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotContains(t, res.JSON(t)["breakdown"], "net_profit", "a wrong key gets the buyer's view")
}
