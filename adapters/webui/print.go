package webui

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// batchesPerPage is the print batches page.
const batchesPerPage = 20

// batchNumbers is how many of a batch's order numbers its row names.
const batchNumbers = 4

// may reports whether the session's role may do what needs need: the
// admin token's role may do everything, read_only reads, an API key's role
// as ports.Role.Allows says, and any other role an authenticator returns
// works orders (staff) but is not the owner.
func (ss *session) may(need ports.Role) bool {
	switch ss.role {
	case RoleAdmin:
		return true
	case RoleReadOnly:
		return need == ports.RoleReadOnly
	}
	if r := ports.Role(ss.role); r.Valid() {
		return r.Allows(need)
	}
	return need != ports.RoleOwner
}

// forbidden answers a session that may not do what it asked.
func (h *handler) forbidden(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusForbidden, "error", h.pageData(r, errorPage{Title: h.t(r, "forbidden"), Text: h.t(r, "owner_only")}))
}

// labelsOf reads the orders of a print, in order, each checked for a
// label; a refusal names the order.
func (h *handler) labelsOf(r *http.Request, ids []string) ([]documents.Label, error) {
	out := make([]documents.Label, 0, len(ids))
	for _, id := range ids {
		o, err := h.svc.Order(r.Context(), id)
		if err == nil {
			err = o.CheckLabel()
		}
		if err != nil {
			return nil, refusedOrder{err: err, number: numberOf(o, id)}
		}
		from, err := h.svc.Sender(r.Context(), o)
		if err != nil {
			return nil, err
		}
		out = append(out, documents.Label{Order: o, Sender: documents.Party{Name: from.Name, Phone: from.Phone, Address: from.Address}})
	}
	return out, nil
}

func numberOf(o *checkout.Order, id string) string {
	if o != nil {
		return o.Number
	}
	return id
}

// refusedOrder is an order a print refuses, with its number.
type refusedOrder struct {
	err    error
	number string
}

func (e refusedOrder) Error() string { return e.number + ": " + e.err.Error() }
func (e refusedOrder) Unwrap() error { return e.err }

// printFailed shows why a print was refused.
func (h *handler) printFailed(w http.ResponseWriter, r *http.Request, err error) {
	var ro refusedOrder
	if !errors.As(err, &ro) || errs.Code(err) == "" {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusUnprocessableEntity, "error", h.pageData(r, errorPage{Title: h.t(r, "print_refused"), Text: ro.number + ": " + h.say(r, err)}))
}

// printLabels: POST /admin/cetak, the labels of the orders ticked on the
// orders page as one PDF, recorded as a print batch that marks each
// order's label printed. An order that cannot have a label refuses the
// whole print, and nothing is recorded.
func (h *handler) printLabels(w http.ResponseWriter, r *http.Request, s *session) {
	ids := r.PostForm["order"]
	if len(ids) == 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "error", h.pageData(r, errorPage{Title: h.t(r, "print_refused"), Text: h.t(r, "choose_orders")}))
		return
	}
	if len(ids) > kasir.MaxPrintBatchOrders {
		h.fail(w, r, errs.Invalidf(errs.CodeInvalidInput, "webui: at most %d labels at once", kasir.MaxPrintBatchOrders).WithField("order_ids"))
		return
	}
	size, err := documents.ParseLabelSize(r.PostFormValue("size"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	buf, ok := h.renderLabels(w, r, ids, size)
	if !ok {
		return
	}
	b, err := h.svc.RecordPrintBatch(r.Context(), kasir.PrintRequest{OrderIDs: ids, Size: size.String(), By: s.name})
	if err != nil {
		h.printFailed(w, r, err)
		return
	}
	w.Header().Set("X-Print-Batch-Id", b.ID)
	h.sendPDF(w, r, "labels-"+h.now().In(kasir.WIB).Format("20060102-150405")+".pdf", func(wr io.Writer) error {
		_, err := buf.WriteTo(wr)
		return err
	})
}

// renderLabels writes the orders' labels at size into a buffer; on a
// failure it answers the request and returns false.
func (h *handler) renderLabels(w http.ResponseWriter, r *http.Request, ids []string, size documents.LabelSize) (*bytes.Buffer, bool) {
	labels, err := h.labelsOf(r, ids)
	if err != nil {
		h.printFailed(w, r, err)
		return nil, false
	}
	var buf bytes.Buffer
	if err := documents.WriteLabels(&buf, size, labels); err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	return &buf, true
}

// reprint: POST /admin/cetak/{id}/ulang, a batch's labels printed again
// and counted as a reprint.
func (h *handler) reprint(w http.ResponseWriter, r *http.Request, s *session) {
	b, err := h.svc.PrintBatch(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	size, err := documents.ParseLabelSize(b.Size)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	buf, ok := h.renderLabels(w, r, b.OrderIDs, size)
	if !ok {
		return
	}
	if _, err := h.svc.RecordReprint(r.Context(), b.ID, s.name); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("X-Print-Batch-Id", b.ID)
	h.sendPDF(w, r, "labels-"+fileName(b.ID)+".pdf", func(wr io.Writer) error {
		_, err := buf.WriteTo(wr)
		return err
	})
}

type batchRow struct {
	B       ports.PrintBatch
	Numbers string
	More    int
	Last    time.Time
	Reprint string
}

type batchesPage struct {
	Rows       []batchRow
	Total      int
	Prev, Next string
}

// batches: GET /admin/cetak, the print batches, newest first, each with a
// reprint.
func (h *handler) batches(w http.ResponseWriter, r *http.Request, _ *session) {
	page, _ := strconv.Atoi(r.URL.Query().Get("hal"))
	page = max(page, 1)
	res, err := h.svc.ListPrintBatches(r.Context(), (page-1)*batchesPerPage, batchesPerPage)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := batchesPage{Total: res.Total}
	for _, b := range res.Batches {
		row := batchRow{B: b, Reprint: h.base + "/admin/cetak/" + url.PathEscape(b.ID) + "/ulang", Last: b.CreatedAt}
		if n := len(b.LastReprints); n > 0 {
			row.Last = b.LastReprints[n-1].At
		}
		var nums []string
		for i, id := range b.OrderIDs {
			if i == batchNumbers {
				row.More = len(b.OrderIDs) - i
				break
			}
			o, err := h.svc.Order(r.Context(), id)
			nums = append(nums, numberOf(o, id))
			if err != nil && !errorsIsNotFound(err) {
				h.fail(w, r, err)
				return
			}
		}
		row.Numbers = strings.Join(nums, ", ")
		p.Rows = append(p.Rows, row)
	}
	link := func(n int) string { return h.base + "/admin/cetak?hal=" + strconv.Itoa(n) }
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page*batchesPerPage < res.Total {
		p.Next = link(page + 1)
	}
	h.render(w, r, http.StatusOK, "batches", h.pageData(r, p))
}

func errorsIsNotFound(err error) bool { return errs.KindOf(err) == errs.NotFound }
