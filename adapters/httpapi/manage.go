package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Store management (Config.Stores; see docs/management.md):
//
//	GET    /v1/config                     the whole data file (configuration and vouchers); ETag "version"
//	PUT    /v1/config                     a data file: imported (If-Match: "version" to refuse a stale one)
//	GET    /v1/config/versions?limit=     {"data":[version…]}, newest first
//	GET    /v1/config/{section}           {"version","value"} of store, bank_accounts, locations, warehouses, products, bundles, rates
//	PUT    /v1/config/{section}           the section's new value → the saved version
//	PUT    /v1/config/products/{id}       catalog.ProductSpec → the saved version
//	PUT    /v1/config/products/{id}/status   {"status":"published"|"draft"}
//	DELETE /v1/config/products/{id}
//	PUT    /v1/config/bundles/{id}        catalog.BundleSpec
//	DELETE /v1/config/bundles/{id}
//	GET    /v1/vouchers                   {"data":[voucher…]} with uses so far
//	GET    /v1/vouchers/{code}
//	PUT    /v1/vouchers/{code}            a voucher as the data file writes it → created or replaced
//	PUT    /v1/vouchers/{code}/active  {"active":false} deactivates it, {"active":true} activates it again

// configVersionView is one saved version of the configuration.
type configVersionView struct {
	Version int64     `json:"version"`
	Author  string    `json:"author,omitempty"`
	SavedAt time.Time `json:"saved_at"`
}

func viewConfigVersion(c ports.StoreConfig) configVersionView {
	return configVersionView{Version: c.Version, Author: c.Author, SavedAt: c.SavedAt}
}

// configSectionView is one section of the configuration.
type configSectionView struct {
	Version int64           `json:"version"`
	Value   json.RawMessage `json:"value"`
}

// importView is what an import stored.
type importView struct {
	Version  int64 `json:"version"`
	Vouchers int   `json:"vouchers"`
}

// storedVoucherView is a stored voucher with its uses.
type storedVoucherView struct {
	Code    string          `json:"code"`
	Active  bool            `json:"active"`
	Used    int64           `json:"used"`
	Voucher json.RawMessage `json:"voucher"`
}

func viewStoredVoucher(v kasir.VoucherState) storedVoucherView {
	return storedVoucherView{Code: v.Code, Active: v.Active, Used: v.Used, Voucher: v.Voucher}
}

// activeRequest deactivates a voucher or activates it again.
type activeRequest struct {
	Active *bool `json:"active"`
}

// statusRequest publishes a product or makes it a draft.
type statusRequest struct {
	Status catalog.Status `json:"status"`
}

// manager returns the manager of the request's store, or
// config_not_found when the host gave no Stores.
func (h *Handler) manager() (*kasir.Manager, error) {
	if h.manage == nil {
		return nil, errs.E(errs.NotFound, ports.CodeConfigNotFound, "httpapi: the server keeps no store configuration (Config.Stores)")
	}
	return h.manage.Manager(h.storeID)
}

// editing is the start of every route that saves a change: the store's
// Manager and the edit the request asks for.
func (h *Handler) editing(r *http.Request) (*kasir.Manager, kasir.Edit, error) {
	m, err := h.manager()
	if err != nil {
		return nil, kasir.Edit{}, err
	}
	e, err := edit(r)
	return m, e, err
}

// edit reads If-Match ("3" or 3) as the version a change was made on; no
// header is 0, the latest. The author is the request's Caller: the API
// key's name, or AdminTokenName.
func edit(r *http.Request) (kasir.Edit, error) {
	e := kasir.Edit{Author: callerName(r)}
	v := strings.Trim(strings.TrimPrefix(strings.TrimSpace(r.Header.Get("If-Match")), "W/"), `"`)
	if v == "" || v == "*" {
		return e, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return e, errs.Invalidf(errs.CodeInvalidInput, "httpapi: If-Match is a configuration version such as \"3\", got %q", r.Header.Get("If-Match")).WithField("If-Match")
	}
	e.Version = n
	return e, nil
}

// saved answers a saved version, its number also as the ETag.
func saved(w http.ResponseWriter, c ports.StoreConfig, err error) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(c.Version, 10)))
	return http.StatusOK, viewConfigVersion(c), nil
}

// exportConfig: GET /v1/config.
func (h *Handler) exportConfig(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	file, v, err := m.Export(r.Context())
	if err != nil {
		return 0, nil, err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(v, 10)))
	return http.StatusOK, json.RawMessage(file), nil
}

// importConfig: PUT /v1/config.
func (h *Handler) importConfig(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	if err := jsonContent(r); err != nil {
		return 0, nil, err
	}
	body, err := h.readBody(w, r)
	if err != nil {
		return 0, nil, err
	}
	res, err := m.Import(r.Context(), e, body)
	if err != nil {
		return 0, nil, err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(res.Config.Version, 10)))
	return http.StatusOK, importView{Version: res.Config.Version, Vouchers: res.Vouchers}, nil
}

// configVersions: GET /v1/config/versions.
func (h *Handler) configVersions(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return 0, nil, err
	}
	vs, err := m.ConfigVersions(r.Context(), limit)
	if err != nil {
		return 0, nil, err
	}
	out := dataList[configVersionView]{Data: []configVersionView{}}
	for _, v := range vs {
		out.Data = append(out.Data, viewConfigVersion(v))
	}
	return http.StatusOK, out, nil
}

// configSection: GET /v1/config/{section}.
func (h *Handler) configSection(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	v, version, err := m.Section(r.Context(), r.PathValue("section"))
	if err != nil {
		return 0, nil, err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(version, 10)))
	return http.StatusOK, configSectionView{Version: version, Value: v}, nil
}

// putConfigSection: PUT /v1/config/{section}.
func (h *Handler) putConfigSection(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	var value json.RawMessage
	if err := h.decode(w, r, &value); err != nil {
		return 0, nil, err
	}
	c, err := m.PutSection(r.Context(), e, r.PathValue("section"), value)
	return saved(w, c, err)
}

// pathID checks that a body's id is the path's (an empty one takes it).
func pathID(r *http.Request, id *string) error {
	p := r.PathValue("id")
	if *id == "" {
		*id = p
	}
	if *id != p {
		return errs.Invalidf(errs.CodeInvalidInput, "httpapi: the body's id %q is not the path's %q", *id, p).WithField("id")
	}
	return nil
}

// putProduct: PUT /v1/config/products/{id}.
func (h *Handler) putProduct(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	var p catalog.ProductSpec
	if err := h.decode(w, r, &p); err != nil {
		return 0, nil, err
	}
	if err := pathID(r, &p.ID); err != nil {
		return 0, nil, err
	}
	c, err := m.PutProduct(r.Context(), e, p)
	return saved(w, c, err)
}

// setProductStatus: PUT /v1/config/products/{id}/status.
func (h *Handler) setProductStatus(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	var s statusRequest
	if err := h.decode(w, r, &s); err != nil {
		return 0, nil, err
	}
	c, err := m.SetProductStatus(r.Context(), e, r.PathValue("id"), s.Status)
	return saved(w, c, err)
}

// deleteProduct: DELETE /v1/config/products/{id}.
func (h *Handler) deleteProduct(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	c, err := m.DeleteProduct(r.Context(), e, r.PathValue("id"))
	return saved(w, c, err)
}

// putBundle: PUT /v1/config/bundles/{id}.
func (h *Handler) putBundle(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	var b catalog.BundleSpec
	if err := h.decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	if err := pathID(r, &b.ID); err != nil {
		return 0, nil, err
	}
	c, err := m.PutBundle(r.Context(), e, b)
	return saved(w, c, err)
}

// deleteBundle: DELETE /v1/config/bundles/{id}.
func (h *Handler) deleteBundle(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, e, err := h.editing(r)
	if err != nil {
		return 0, nil, err
	}
	c, err := m.DeleteBundle(r.Context(), e, r.PathValue("id"))
	return saved(w, c, err)
}

// listStoredVouchers: GET /v1/vouchers.
func (h *Handler) listStoredVouchers(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	vs, err := m.Vouchers(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := dataList[storedVoucherView]{Data: []storedVoucherView{}}
	for _, v := range vs {
		out.Data = append(out.Data, viewStoredVoucher(v))
	}
	return http.StatusOK, out, nil
}

// getStoredVoucher: GET /v1/vouchers/{code}.
func (h *Handler) getStoredVoucher(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	v, err := m.Voucher(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewStoredVoucher(v), nil
}

// putStoredVoucher: PUT /v1/vouchers/{code}. The body's code, when
// given, must be the path's, without regard to case.
func (h *Handler) putStoredVoucher(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	if err := jsonContent(r); err != nil {
		return 0, nil, err
	}
	body, err := h.readBody(w, r)
	if err != nil {
		return 0, nil, err
	}
	var probe struct {
		Code *string `json:"code"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.Code == nil {
		var doc map[string]json.RawMessage
		if json.Unmarshal(body, &doc) == nil && doc != nil {
			doc["code"], _ = json.Marshal(r.PathValue("code"))
			body, _ = json.Marshal(doc)
		}
	} else if probe.Code != nil && !strings.EqualFold(strings.TrimSpace(*probe.Code), r.PathValue("code")) {
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "httpapi: the body's code %q is not the path's %q", *probe.Code, r.PathValue("code")).WithField("code")
	}
	v, err := m.PutVoucher(r.Context(), body)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewStoredVoucher(v), nil
}

// setVoucherActive: PUT /v1/vouchers/{code}/active.
func (h *Handler) setVoucherActive(w http.ResponseWriter, r *http.Request) (int, any, error) {
	m, err := h.manager()
	if err != nil {
		return 0, nil, err
	}
	var a activeRequest
	if err := h.decode(w, r, &a); err != nil {
		return 0, nil, err
	}
	if a.Active == nil {
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "httpapi: say \"active\": true or false").WithField("active")
	}
	v, err := m.SetVoucherActive(r.Context(), r.PathValue("code"), *a.Active)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewStoredVoucher(v), nil
}
