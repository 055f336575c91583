package httpapi

import (
	"net/http"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// PrintBatchHeader names, on a label PDF that POST /v1/orders/labels or a
// reprint answers, the print batch it was recorded as.
const PrintBatchHeader = "X-Print-Batch-Id"

// printBatchView is a print batch as the seller sees it.
type printBatchView struct {
	ID           string            `json:"id"`
	Status       ports.PrintStatus `json:"status"` // printed or reprinted
	Size         string            `json:"size"`
	Count        int               `json:"count"`
	OrderIDs     []string          `json:"order_ids"`
	CreatedAt    time.Time         `json:"created_at"`
	CreatedBy    string            `json:"created_by,omitempty"`
	Reprints     int               `json:"reprints"`
	LastReprints []ports.Reprint   `json:"last_reprints"`
}

// printBatchDetail adds each order's number, status, airway bill and
// buyer, as they are now.
type printBatchDetail struct {
	printBatchView
	Orders []printedOrderView `json:"orders"`
}

type printedOrderView struct {
	ID         string          `json:"id"`
	Number     string          `json:"number,omitempty"`
	Status     checkout.Status `json:"status,omitempty"`
	AirwayBill string          `json:"airway_bill,omitempty"`
	Customer   string          `json:"customer,omitempty"`
	// Missing is true for an order the store no longer has.
	Missing bool `json:"missing,omitempty"`
}

func viewPrintBatch(b ports.PrintBatch) printBatchView {
	v := printBatchView{ID: b.ID, Status: b.Status(), Size: b.Size, Count: b.Count(), OrderIDs: b.OrderIDs,
		CreatedAt: b.CreatedAt, CreatedBy: b.CreatedBy, Reprints: b.Reprints, LastReprints: b.LastReprints}
	if v.LastReprints == nil {
		v.LastReprints = []ports.Reprint{}
	}
	return v
}

// listPrintBatches: GET /v1/print-batches?offset=&limit=, newest first.
func (h *Handler) listPrintBatches(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	offset, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := h.svc.ListPrintBatches(r.Context(), offset, limit)
	if err != nil {
		return 0, nil, err
	}
	out := struct {
		Data  []printBatchView `json:"data"`
		Total int              `json:"total"`
	}{Data: make([]printBatchView, len(p.Batches)), Total: p.Total}
	for i, b := range p.Batches {
		out.Data[i] = viewPrintBatch(b)
	}
	return http.StatusOK, out, nil
}

// getPrintBatch: GET /v1/print-batches/{id}.
func (h *Handler) getPrintBatch(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	b, err := h.svc.PrintBatch(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	d := printBatchDetail{printBatchView: viewPrintBatch(b), Orders: make([]printedOrderView, len(b.OrderIDs))}
	for i, id := range b.OrderIDs {
		d.Orders[i].ID = id
		o, err := h.svc.Order(r.Context(), id)
		switch {
		case errs.KindOf(err) == errs.NotFound:
			d.Orders[i].Missing = true
		case err != nil:
			return 0, nil, err
		default:
			d.Orders[i] = printedOrderView{ID: id, Number: o.Number, Status: o.Status(), AirwayBill: o.AirwayBill, Customer: o.Customer.Name}
		}
	}
	return http.StatusOK, d, nil
}

// reprintRequest is the body of a reprint: {} (who reprints is the
// request's Caller).
type reprintRequest struct{}

// reprintBatch: POST /v1/print-batches/{id}/reprint {}, the batch's labels
// again as one PDF, the orders as they are now, counted as a reprint by
// the request's Caller. An order that can no longer have a label (cancelled since)
// refuses the reprint with a result per order, and nothing is counted.
func (h *Handler) reprintBatch(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req reprintRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	b, err := h.svc.PrintBatch(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	size, err := documents.ParseLabelSize(b.Size)
	if err != nil {
		return 0, nil, err
	}
	os, refused, status, err := h.checkOrders(r, b.OrderIDs, documents.CheckLabel)
	switch {
	case err != nil:
		return 0, nil, err
	case refused != nil:
		return status, refused, nil
	}
	st, d, err := h.labelPDF(r, size, os)
	if err != nil {
		return 0, nil, err
	}
	if _, err := h.svc.RecordReprint(r.Context(), b.ID, callerName(r)); err != nil {
		return 0, nil, err
	}
	w.Header().Set(PrintBatchHeader, b.ID)
	return st, d, nil
}

// recordLabels records the bulk print of os as a batch and names it in
// the answer's header.
func (h *Handler) recordLabels(w http.ResponseWriter, r *http.Request, req documentsRequest, size documents.LabelSize) error {
	b, err := h.svc.RecordPrintBatch(r.Context(), kasir.PrintRequest{OrderIDs: req.OrderIDs, Size: size.String(), By: callerName(r)})
	if err != nil {
		return err
	}
	w.Header().Set(PrintBatchHeader, b.ID)
	return nil
}
