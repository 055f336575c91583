package httpapi

import (
	"net/http"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// orderFilter reads the listing query: status (repeatable or a comma
// list), from, to (RFC 3339 or a WIB date; to is exclusive, a date
// includes its whole day), payment_method, q, and with paged offset and
// limit.
func orderFilter(r *http.Request, paged bool) (ports.OrderFilter, error) {
	var f ports.OrderFilter
	for _, s := range queryList(r, "status") {
		f.Statuses = append(f.Statuses, checkout.Status(s))
	}
	var err error
	if f.From, err = queryTime(r, "from", false); err != nil {
		return f, err
	}
	if f.To, err = queryTime(r, "to", true); err != nil {
		return f, err
	}
	f.Method = payment.Method(strings.TrimSpace(r.URL.Query().Get("payment_method")))
	f.Query = r.URL.Query().Get("q")
	f.Label = ports.LabelFilter(strings.TrimSpace(r.URL.Query().Get("label")))
	if !f.Label.Valid() {
		return f, errs.E(errs.Invalid, CodeInvalidQuery, "label must be printed or not_printed").WithField("label")
	}
	if paged {
		if f.Offset, f.Limit, err = page(r); err != nil {
			return f, err
		}
	}
	return f, nil
}

// MaxPageLimit is the largest page a listing answers (orders, abandoned
// checkouts): with every text field of an order bounded, a page stays
// within a few MB whatever was stored. A larger limit gets this many;
// DefaultPageLimit is the page when no limit is given.
const (
	MaxPageLimit     = 100
	DefaultPageLimit = 50
)

// page reads offset and limit: negative is invalid_query, a limit of 0 is
// DefaultPageLimit and one over MaxPageLimit is MaxPageLimit.
func page(r *http.Request) (offset, limit int, err error) {
	if offset, err = queryInt(r, "offset"); err != nil {
		return 0, 0, err
	}
	if limit, err = queryInt(r, "limit"); err != nil {
		return 0, 0, err
	}
	for name, v := range map[string]int{"offset": offset, "limit": limit} {
		if v < 0 {
			return 0, 0, errs.E(errs.Invalid, CodeInvalidQuery, name+" must not be negative").WithField(name)
		}
	}
	switch {
	case limit == 0:
		limit = DefaultPageLimit
	case limit > MaxPageLimit:
		limit = MaxPageLimit
	}
	return offset, limit, nil
}

// listOrders: GET /v1/orders.
func (h *Handler) listOrders(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	f, err := orderFilter(r, true)
	if err != nil {
		return 0, nil, err
	}
	page, err := h.svc.ListOrders(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, listPage[sellerOrder]{Data: viewSellerOrders(page.Orders), Total: page.Total, Offset: f.Offset, Limit: f.Limit}, nil
}

type summaryView struct {
	Data  map[checkout.Status]int `json:"data"`
	Total int                     `json:"total"`
}

// orderSummary: GET /v1/orders/summary, the count per status of the
// orders the filter matches.
func (h *Handler) orderSummary(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	f, err := orderFilter(r, false)
	if err != nil {
		return 0, nil, err
	}
	m, err := h.svc.Summary(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := summaryView{Data: m}
	for _, n := range m {
		out.Total += n
	}
	return http.StatusOK, out, nil
}

// getOrder: GET /v1/orders/{id}.
func (h *Handler) getOrder(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewProcurementOrder(o, h.svc.Now(r.Context())), nil
}

// changeOrder: PATCH /v1/orders/{id}, re-quoted in full by the Service.
func (h *Handler) changeOrder(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var ch kasir.OrderChange
	if err := h.decode(w, r, &ch); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.ChangeOrder(r.Context(), r.PathValue("id"), ch)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}

// transition: POST /v1/orders/{id}/transitions.
func (h *Handler) transition(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.TransitionRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.Transition(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}

// confirmPayment: POST /v1/orders/{id}/payment-confirmation.
func (h *Handler) confirmPayment(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var c kasir.PaymentConfirmation
	if err := h.decode(w, r, &c); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.ConfirmPayment(r.Context(), r.PathValue("id"), c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}

type batchRequest struct {
	Orders []batchRow `json:"orders"`
}

// batchRow is one order of a batch: an order request with its own
// idempotency key (e.g. the seller's invoice number), so uploading the same
// batch again places nothing twice.
type batchRow struct {
	kasir.OrderRequest
	IdempotencyKey string `json:"idempotency_key,omitempty"`
}

type batchResult struct {
	Index int          `json:"index"`
	Order *sellerOrder `json:"order,omitempty"`
	Error *ErrorDetail `json:"error,omitempty"`
}

type batchAnswer struct {
	Results []batchResult `json:"results"`
	Placed  int           `json:"placed"`
	Failed  int           `json:"failed"`
}

// batchOrders: POST /v1/orders/batch. Every row is placed on its own; the
// answer is 200 with a result per row, in order, even when rows fail. A
// body that cannot be read refuses the whole batch.
func (h *Handler) batchOrders(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req batchRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	switch {
	case len(req.Orders) == 0:
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "the batch has no orders").WithField("orders")
	case len(req.Orders) > MaxBatchOrders:
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "a batch holds at most %d orders, got %d", MaxBatchOrders, len(req.Orders)).WithField("orders")
	}
	rows := make([]kasir.OrderRequest, len(req.Orders))
	for i, o := range req.Orders {
		rows[i] = o.OrderRequest
		rows[i].IdempotencyKey = o.IdempotencyKey
	}
	res := h.svc.PlaceOrders(r.Context(), rows)
	out := batchAnswer{Results: make([]batchResult, len(res))}
	for i, br := range res {
		out.Results[i].Index = br.Index
		if br.Err != nil {
			_, d := h.detail(r, br.Err) // the field is the row's own
			out.Results[i].Error = &d
			out.Failed++
			continue
		}
		v := viewSellerOrder(br.Order)
		out.Results[i].Order = &v
		out.Placed++
	}
	return http.StatusOK, out, nil
}

// listAbandoned: GET /v1/checkouts/abandoned?status=&phone=&offset=&limit=.
func (h *Handler) listAbandoned(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	f := ports.AbandonedFilter{
		Status: checkout.AbandonedStatus(strings.TrimSpace(r.URL.Query().Get("status"))),
		Phone:  strings.TrimSpace(r.URL.Query().Get("phone")),
	}
	var err error
	if f.Offset, f.Limit, err = page(r); err != nil {
		return 0, nil, err
	}
	page, err := h.svc.ListAbandoned(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, listPage[sellerAbandonedView]{Data: viewSellerAbandonedList(page.Checkouts), Total: page.Total, Offset: f.Offset, Limit: f.Limit}, nil
}

// addFollowUp: POST /v1/checkouts/abandoned/{id}/follow-ups.
func (h *Handler) addFollowUp(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.FollowUpRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	a, err := h.svc.AddFollowUp(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewSellerAbandoned(a), nil
}
