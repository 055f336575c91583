package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Stock adjustments (docs/stock.md):
//
//	POST /v1/stock/adjustments   {"warehouse_id","variant_id"|"sku","set"|"add","reason"} → 201 the audit row; staff
//	GET  /v1/stock/adjustments?warehouse_id=&variant_id=&before=&limit=   {"data":[row…],"next_before"}, newest first
//
// The actor of each row is the request's Caller: the API key's name, or
// AdminTokenName.

// stockAdjustmentPage is a page of the stock audit trail; NextBefore,
// when set, is the before= of the next page.
type stockAdjustmentPage struct {
	Data       []ports.StockAdjustment `json:"data"`
	NextBefore int64                   `json:"next_before,omitempty"`
}

// adjustStock: POST /v1/stock/adjustments.
func (h *Handler) adjustStock(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.StockAdjustmentRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	a, err := h.svc.AdjustStock(r.Context(), req, callerName(r))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, a, nil
}

// listStockAdjustments: GET /v1/stock/adjustments.
func (h *Handler) listStockAdjustments(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := ports.StockAdjustmentFilter{WarehouseID: strings.TrimSpace(q.Get("warehouse_id")), VariantID: strings.TrimSpace(q.Get("variant_id"))}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return 0, nil, err
	}
	f.Limit = limit
	if v := strings.TrimSpace(q.Get("before")); v != "" {
		if f.BeforeSeq, err = strconv.ParseInt(v, 10, 64); err != nil {
			return 0, nil, errs.Wrap(errs.Invalid, CodeInvalidQuery, err, "before must be an integer, got "+strconv.Quote(v)).WithField("before")
		}
	}
	rows, err := h.svc.StockAdjustments(r.Context(), f)
	if err != nil {
		return 0, nil, setQuery(err)
	}
	out := stockAdjustmentPage{Data: rows}
	if len(rows) > 0 && len(rows) == f.Page() {
		out.NextBefore = rows[len(rows)-1].Seq
	}
	return http.StatusOK, out, nil
}
