package httpapi

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// The platform's routes ([Stores] only), with "Authorization: Bearer
// <StoresConfig.PlatformKey>":
//
//	GET   /v1/platform/stores?offset=&limit=   {"data":[store…],"total","offset","limit"}, by id
//	POST  /v1/platform/stores                  {"id","name","host"} → 201 the store
//	GET   /v1/platform/stores/{store}          the store
//	PATCH /v1/platform/stores/{store}          {"name","host","disabled"}, each optional → the store
//	POST  /v1/platform/stores/{store}/api-keys {"name","role"} → 201 a key of the store and its secret, shown once
var platformRoutes = []route{
	{Route{Method: http.MethodGet, Path: "/v1/platform/stores", Platform: true}, (*Handler).listStores},
	{Route{Method: http.MethodPost, Path: "/v1/platform/stores", Platform: true}, (*Handler).createStore},
	{Route{Method: http.MethodGet, Path: "/v1/platform/stores/{store}", Platform: true}, (*Handler).getStore},
	{Route{Method: http.MethodPatch, Path: "/v1/platform/stores/{store}", Platform: true}, (*Handler).updateStore},
	{Route{Method: http.MethodPost, Path: "/v1/platform/stores/{store}/api-keys", Platform: true}, (*Handler).mintStoreKey},
}

func init() { platformRoutes = append(platformRoutes, procurementPlatformRoutes...) }

// PlatformRoutes returns the routes a [Stores] handler serves besides
// every store's [Routes], in a stable order.
func PlatformRoutes() []Route {
	out := make([]Route, len(platformRoutes))
	for i, rt := range platformRoutes {
		out[i] = rt.Route
	}
	return out
}

// isPlatformPattern reports whether a mux pattern is a platform route's.
func isPlatformPattern(pattern string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	return strings.HasPrefix(path, "/v1/platform/")
}

// admitPlatform checks the platform key, in constant time.
func (h *Handler) admitPlatform(w http.ResponseWriter, r *http.Request) error {
	if h.stores == nil || !h.stores.platformKey.matches(bearer(r)) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kasir platform"`)
		return errs.E(errs.Unauthorized, CodeUnauthorized, "httpapi: the platform key is missing or wrong")
	}
	return nil
}

// storeRequest creates a store.
type storeRequest struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Host string `json:"host,omitempty"`
}

// storeChange changes a store; an absent field is left as it is.
type storeChange struct {
	Name     *string `json:"name,omitempty"`
	Host     *string `json:"host,omitempty"`
	Disabled *bool   `json:"disabled,omitempty"`
}

// maxStoreName bounds a store's name, in bytes.
const maxStoreName = 200

// checkStore checks a store's name and host name (lower-cased here):
// invalid_input at "name" or "host".
func checkStore(info *ports.StoreInfo) error {
	info.Name = strings.TrimSpace(info.Name)
	if info.Name == "" || len(info.Name) > maxStoreName || strings.ContainsFunc(info.Name, unicode.IsControl) {
		return errs.Invalidf(errs.CodeInvalidInput, "httpapi: a store's name is 1 to %d bytes of text", maxStoreName).WithField("name")
	}
	info.Host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(info.Host)), ".")
	if info.Host != "" && !validHost(info.Host) {
		return errs.Invalidf(errs.CodeInvalidInput, "httpapi: %q is not a host name such as toko.example", info.Host).WithField("host")
	}
	return nil
}

// validHost reports whether h is a lower-case DNS name: labels of a–z,
// 0–9 and "-", not starting or ending with "-", at most 253 bytes.
func validHost(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// listStores: GET /v1/platform/stores.
func (h *Handler) listStores(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	offset, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	list, total, err := h.stores.cfg.Platform.ListStores(r.Context(), offset, limit)
	if err != nil {
		return 0, nil, err
	}
	if list == nil {
		list = []ports.StoreInfo{}
	}
	return http.StatusOK, listPage[ports.StoreInfo]{Data: list, Total: total, Offset: offset, Limit: limit}, nil
}

// createStore: POST /v1/platform/stores.
func (h *Handler) createStore(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req storeRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	if err := ports.ValidateStoreID(req.ID); err != nil {
		return 0, nil, errs.At("id", errs.Invalidf(errs.CodeInvalidInput, "%s", err.Error()))
	}
	info := ports.StoreInfo{ID: req.ID, Name: req.Name, Host: req.Host, CreatedAt: h.stores.clock.Now(r.Context()).UTC()}
	if err := checkStore(&info); err != nil {
		return 0, nil, err
	}
	if err := h.stores.cfg.Platform.CreateStore(r.Context(), info); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, info, nil
}

// getStore: GET /v1/platform/stores/{store}.
func (h *Handler) getStore(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	info, err := h.stores.cfg.Platform.StoreInfo(r.Context(), r.PathValue("store"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, info, nil
}

// updateStore: PATCH /v1/platform/stores/{store}. The change is applied
// to the store as read; of two changes at once, the last one written
// wins.
func (h *Handler) updateStore(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var ch storeChange
	if err := h.decode(w, r, &ch); err != nil {
		return 0, nil, err
	}
	info, err := h.stores.cfg.Platform.StoreInfo(r.Context(), r.PathValue("store"))
	if err != nil {
		return 0, nil, err
	}
	if ch.Name != nil {
		info.Name = *ch.Name
	}
	if ch.Host != nil {
		info.Host = *ch.Host
	}
	if ch.Disabled != nil {
		info.Disabled = *ch.Disabled
	}
	if err := checkStore(&info); err != nil {
		return 0, nil, err
	}
	if err := h.stores.cfg.Platform.UpdateStore(r.Context(), info); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, info, nil
}

// mintStoreKey: POST /v1/platform/stores/{store}/api-keys, e.g. a new
// store's first owner key.
func (h *Handler) mintStoreKey(w http.ResponseWriter, r *http.Request) (int, any, error) {
	store := r.PathValue("store")
	if _, err := h.stores.cfg.Platform.StoreInfo(r.Context(), store); err != nil {
		return 0, nil, err
	}
	keys, err := h.stores.keysOf(store)
	if err != nil {
		return 0, nil, err
	}
	return h.mintKey(w, r, keys)
}
