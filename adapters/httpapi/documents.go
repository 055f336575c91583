package httpapi

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
)

// MaxDocumentOrders is the most orders one bulk invoice or label request
// prints.
const MaxDocumentOrders = 500

// download is an answer that is not JSON: a PDF, CSV or XLSX file. write
// writes its bytes; until it has written any, an error it returns is
// answered as a JSON error.
type download struct {
	contentType string
	filename    string
	inline      bool // shown in the browser (a PDF) rather than saved
	write       func(w io.Writer) error
}

// lazyWriter sends the download's headers with its first bytes, so an
// error before them can still be answered as JSON.
type lazyWriter struct {
	w       http.ResponseWriter
	started bool
	status  int
	d       download
}

func (lw *lazyWriter) Write(p []byte) (int, error) {
	if !lw.started {
		lw.started = true
		h := lw.w.Header()
		h.Set("Content-Type", lw.d.contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		disp := "attachment"
		if lw.d.inline {
			disp = "inline"
		}
		h.Set("Content-Disposition", disp+`; filename="`+lw.d.filename+`"`)
		lw.w.WriteHeader(lw.status)
	}
	return lw.w.Write(p)
}

// writeDownload writes d. An error before any byte is answered as JSON;
// after, the answer is cut off (the client sees an incomplete response,
// never a shorter file that looks whole) and the error logged.
func (h *Handler) writeDownload(w http.ResponseWriter, r *http.Request, status int, d download) {
	lw := &lazyWriter{w: w, status: status, d: d}
	err := d.write(lw)
	if err == nil && !lw.started {
		_, err = lw.Write(nil)
	}
	switch {
	case err == nil:
	case !lw.started:
		h.writeError(w, r, err)
	default:
		h.log.ErrorContext(r.Context(), "httpapi: download cut off", "method", r.Method, "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// pdf renders a document into memory first, so a rendering error is
// still a JSON answer, and returns it as an inline PDF download.
func pdf(filename string, render func(w io.Writer) error) (download, error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return download{}, err
	}
	return download{contentType: "application/pdf", filename: filename, inline: true, write: func(w io.Writer) error {
		_, err := buf.WriteTo(w)
		return err
	}}, nil
}

// orderPageURL is the buyer's page of the order with slug, for the
// invoice's QR code: Config.OrderPageURL with {slug} replaced, or the slug
// appended; "" without one.
func (h *Handler) orderPageURL(slug string) string {
	if h.orderPage == "" {
		return ""
	}
	if strings.Contains(h.orderPage, "{slug}") {
		return strings.ReplaceAll(h.orderPage, "{slug}", url.PathEscape(slug))
	}
	return h.orderPage + url.PathEscape(slug)
}

// invoice is what WriteInvoice needs for o.
func (h *Handler) invoice(r *http.Request, o *checkout.Order) (documents.Invoice, error) {
	st := h.svc.Settings()
	from, err := h.svc.Sender(r.Context(), o)
	if err != nil {
		return documents.Invoice{}, err
	}
	return documents.Invoice{
		Order: o, Tax: st.Tax, OrderURL: h.orderPageURL(o.Slug),
		Store: documents.Party{Name: st.StoreName, Phone: st.CustomerServicePhone, Address: from.Address},
	}, nil
}

// label is what WriteLabels needs for o.
func (h *Handler) label(r *http.Request, o *checkout.Order) (documents.Label, error) {
	from, err := h.svc.Sender(r.Context(), o)
	if err != nil {
		return documents.Label{}, err
	}
	return documents.Label{Order: o, Sender: documents.Party{Name: from.Name, Phone: from.Phone, Address: from.Address}}, nil
}

// publicInvoice: GET /v1/public/orders/{secret_slug}/invoice, the buyer's
// invoice as a PDF.
func (h *Handler) publicInvoice(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	o, err := h.svc.OrderBySlug(r.Context(), r.PathValue("secret_slug"))
	if err != nil {
		return 0, nil, err
	}
	return h.invoicePDF(r, []*checkout.Order{o})
}

// orderInvoice: GET /v1/orders/{id}/invoice.
func (h *Handler) orderInvoice(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return h.invoicePDF(r, []*checkout.Order{o})
}

func (h *Handler) invoicePDF(r *http.Request, os []*checkout.Order) (int, any, error) {
	invs := make([]documents.Invoice, len(os))
	for i, o := range os {
		var err error
		if invs[i], err = h.invoice(r, o); err != nil {
			return 0, nil, err
		}
	}
	name := "invoices-" + strconv.Itoa(len(os)) + ".pdf"
	if len(os) == 1 {
		name = "invoice-" + safeName(os[0].Number) + ".pdf"
	}
	d, err := pdf(name, func(w io.Writer) error { return documents.WriteInvoices(w, invs) })
	return http.StatusOK, d, err
}

// orderLabel: GET /v1/orders/{id}/label?size=thermal|a4.
func (h *Handler) orderLabel(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	size, err := documents.ParseLabelSize(strings.TrimSpace(r.URL.Query().Get("size")))
	if err != nil {
		return 0, nil, setQuery(err)
	}
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if err := documents.CheckLabel(o); err != nil {
		return 0, nil, err
	}
	return h.labelPDF(r, size, []*checkout.Order{o})
}

func (h *Handler) labelPDF(r *http.Request, size documents.LabelSize, os []*checkout.Order) (int, any, error) {
	labels := make([]documents.Label, len(os))
	for i, o := range os {
		var err error
		if labels[i], err = h.label(r, o); err != nil {
			return 0, nil, err
		}
	}
	name := "labels-" + size.String() + "-" + strconv.Itoa(len(os)) + ".pdf"
	if len(os) == 1 {
		name = "label-" + safeName(os[0].Number) + ".pdf"
	}
	d, err := pdf(name, func(w io.Writer) error { return documents.WriteLabels(w, size, labels) })
	return http.StatusOK, d, err
}

// setQuery marks an invalid_input error about a query parameter as
// invalid_query, keeping its field.
func setQuery(err error) error {
	var e *errs.Error
	if errors.As(err, &e) {
		return errs.Wrap(errs.Invalid, CodeInvalidQuery, err, e.Message).WithField(e.Field)
	}
	return err
}

// safeName keeps the letters, digits, '-' and '_' of s, for a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
}

// documentsRequest is the body of the bulk invoice and label routes.
type documentsRequest struct {
	OrderIDs []string `json:"order_ids"`
	Size     string   `json:"size,omitempty"` // labels: thermal (default) or a4
}

// documentResult is one order of a bulk request that could not be
// printed, or could.
type documentResult struct {
	Index   int          `json:"index"`
	OrderID string       `json:"order_id"`
	Number  string       `json:"number,omitempty"`
	Error   *ErrorDetail `json:"error,omitempty"`
}

// documentsRefused is the answer to a bulk request with orders that
// cannot be printed: the first one's error, and a result per order.
type documentsRefused struct {
	Error   ErrorDetail      `json:"error"`
	Results []documentResult `json:"results"`
}

// bulkOrders reads a bulk request and fetches its orders, checking each
// with check. When any order is unknown or refused, it returns the answer
// that reports every order (nothing is printed).
func (h *Handler) bulkOrders(w http.ResponseWriter, r *http.Request, check func(*checkout.Order) error) (documentsRequest, []*checkout.Order, *documentsRefused, int, error) {
	var req documentsRequest
	if err := h.decode(w, r, &req); err != nil {
		return req, nil, nil, 0, err
	}
	switch {
	case len(req.OrderIDs) == 0:
		return req, nil, nil, 0, errs.Invalidf(errs.CodeInvalidInput, "no orders to print").WithField("order_ids")
	case len(req.OrderIDs) > MaxDocumentOrders:
		return req, nil, nil, 0, errs.Invalidf(errs.CodeInvalidInput, "at most %d orders are printed at once, got %d", MaxDocumentOrders, len(req.OrderIDs)).WithField("order_ids")
	}
	os, refused, status, err := h.checkOrders(r, req.OrderIDs, check)
	return req, os, refused, status, err
}

// checkOrders fetches the orders of ids, checking each with check. When
// any order is unknown or refused, it returns the answer that reports
// every order.
func (h *Handler) checkOrders(r *http.Request, ids []string, check func(*checkout.Order) error) ([]*checkout.Order, *documentsRefused, int, error) {
	os := make([]*checkout.Order, len(ids))
	results := make([]documentResult, len(ids))
	var refused *documentsRefused
	status := 0
	for i, id := range ids {
		results[i] = documentResult{Index: i, OrderID: id}
		o, err := h.svc.Order(r.Context(), id)
		if err == nil {
			results[i].Number = o.Number
			err = check(o)
		}
		if err != nil {
			if k := errs.KindOf(err); k != errs.NotFound && k != errs.Precondition && k != errs.Invalid {
				return nil, nil, 0, err // the store's failure, not the order's
			}
			st, d := h.detail(r, errs.At("order_ids["+strconv.Itoa(i)+"]", err))
			results[i].Error = &d
			if refused == nil {
				refused, status = &documentsRefused{Error: d}, st
			}
			continue
		}
		os[i] = o
	}
	if refused != nil {
		refused.Results = results
		return nil, refused, status, nil
	}
	return os, nil, 0, nil
}

// bulkInvoices: POST /v1/orders/invoices {"order_ids":[…]}, one PDF of
// every order's invoice in that order.
func (h *Handler) bulkInvoices(w http.ResponseWriter, r *http.Request) (int, any, error) {
	_, os, refused, status, err := h.bulkOrders(w, r, func(*checkout.Order) error { return nil })
	switch {
	case err != nil:
		return 0, nil, err
	case refused != nil:
		return status, refused, nil
	}
	return h.invoicePDF(r, os)
}

// bulkLabels: POST /v1/orders/labels {"order_ids":[…],"size":"a4"}, one
// PDF of every order's label in that order, recorded as a print batch
// (named by the X-Print-Batch-Id header, printed by the request's Caller)
// that marks each order's label printed. An order that cannot have a label (label_unavailable) or is
// unknown refuses the whole print with a result per order, and no batch
// is recorded.
func (h *Handler) bulkLabels(w http.ResponseWriter, r *http.Request) (int, any, error) {
	req, os, refused, status, err := h.bulkOrders(w, r, documents.CheckLabel)
	switch {
	case err != nil:
		return 0, nil, err
	case refused != nil:
		return status, refused, nil
	}
	size, err := documents.ParseLabelSize(strings.TrimSpace(req.Size))
	if err != nil {
		return 0, nil, err
	}
	st, d, err := h.labelPDF(r, size, os)
	if err != nil {
		return 0, nil, err
	}
	if err := h.recordLabels(w, r, req, size); err != nil {
		return 0, nil, err
	}
	return st, d, nil
}

// exportOrders: GET /v1/orders/export?format=csv|xlsx&rows=order|item&lang=id|en
// with the listing's filters (status, from, to, payment_method, q), every
// matching order, streamed page by page.
func (h *Handler) exportOrders(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	q := r.URL.Query()
	opt, err := documents.ParseExportOptions(q.Get("format"), q.Get("rows"), q.Get("lang"))
	if err != nil {
		return 0, nil, setQuery(err)
	}
	f, err := orderFilter(r, false)
	if err != nil {
		return 0, nil, err
	}
	name := "orders-" + time.Now().In(kasir.WIB).Format("20060102-150405") + opt.Format.Ext()
	return http.StatusOK, download{contentType: opt.Format.ContentType(), filename: name, write: func(w io.Writer) error {
		e, err := documents.NewExporter(w, opt)
		if err != nil {
			return err
		}
		if err := h.svc.EachOrder(r.Context(), f, e.Write); err != nil {
			return err
		}
		return e.Close()
	}}, nil
}
