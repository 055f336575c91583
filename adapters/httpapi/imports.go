package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// importRows is the JSON body of an import: rows as objects, in a shape a
// mapping knows (nested objects read as "customer.name" columns).
type importRows struct {
	Rows json.RawMessage `json:"rows"`
}

// importMapping is a mapping as GET /v1/imports/mappings lists it.
type importMapping struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Marketplace bool                `json:"marketplace"`
	Columns     map[string][]string `json:"columns"`
}

// importRowView is one row of an import answer.
type importRowView struct {
	Index      int                      `json:"index"`
	Row        int                      `json:"row"`
	Source     string                   `json:"source"`
	Invoice    string                   `json:"invoice,omitempty"`
	Accepted   bool                     `json:"accepted"`
	Imported   bool                     `json:"imported"`
	Confidence float64                  `json:"confidence"`
	Read       importing.Order          `json:"read"`
	Items      []importing.ProductMatch `json:"items"`
	Location   importing.LocationMatch  `json:"location"`
	Courier    importing.CourierMatch   `json:"courier"`
	Request    *kasir.OrderRequest      `json:"request,omitempty"`
	Quoted     money.Money              `json:"quoted,omitempty"`
	External   *checkout.External       `json:"external,omitempty"`
	Errors     []ErrorDetail            `json:"errors"`
	Order      *sellerOrder             `json:"order,omitempty"`
}

// importAnswer is the answer of an import preview or commit.
type importAnswer struct {
	Marketplace string          `json:"marketplace"`
	Accepted    int             `json:"accepted"`
	Refused     int             `json:"refused"`
	Placed      int             `json:"placed"`
	Imported    int             `json:"imported"`
	Rows        []importRowView `json:"rows"`
}

// importMappings: GET /v1/imports/mappings, the marketplace exports and
// templates an import reads.
func (h *Handler) importMappings(_ http.ResponseWriter, _ *http.Request) (int, any, error) {
	ms, err := importing.Mappings()
	if err != nil {
		return 0, nil, err
	}
	out := make([]importMapping, len(ms))
	for i, m := range ms {
		out[i] = importMapping(m)
	}
	return http.StatusOK, map[string]any{"data": out}, nil
}

// importPreview: POST /v1/imports/preview, the dry run.
func (h *Handler) importPreview(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return h.runImport(w, r, h.svc.PreviewImport)
}

// importCommit: POST /v1/imports/commit, placing the accepted rows.
func (h *Handler) importCommit(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return h.runImport(w, r, h.svc.CommitImport)
}

// runImport reads the orders of an import request — a multipart upload
// (field "file": CSV, XLSX or JSON rows), a JSON body {"rows": […]}, or
// plain text (chat messages) — with the query's marketplace,
// payment_method and select, and answers run's report row by row.
func (h *Handler) runImport(w http.ResponseWriter, r *http.Request, run func(context.Context, kasir.ImportRequest) (*kasir.ImportReport, error)) (int, any, error) {
	q := r.URL.Query()
	req := kasir.ImportRequest{}
	if m := strings.TrimSpace(q.Get("payment_method")); m != "" {
		pm, err := payment.ParseMethod(m)
		if err != nil {
			return 0, nil, errs.At("payment_method", err)
		}
		req.PaymentMethod = pm
	}
	for _, s := range queryList(r, "select") {
		i, err := strconv.Atoi(s)
		if err != nil {
			return 0, nil, errs.Wrap(errs.Invalid, CodeInvalidQuery, err, "select must list row indexes, got "+strconv.Quote(s)).WithField("select")
		}
		req.Select = append(req.Select, i)
	}
	orders, source, err := h.readImport(w, r, strings.TrimSpace(q.Get("marketplace")))
	if err != nil {
		return 0, nil, err
	}
	req.Orders = orders
	rep, err := run(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	out := importAnswer{Marketplace: source, Accepted: rep.Accepted, Refused: rep.Refused, Placed: rep.Placed, Imported: rep.Imported,
		Rows: make([]importRowView, len(rep.Rows))}
	for i, row := range rep.Rows {
		d := row.Detected
		v := importRowView{
			Index: row.Index, Row: d.Order.Row, Source: d.Order.Source, Invoice: d.Order.Invoice,
			Accepted: row.Accepted, Imported: row.Imported, Confidence: d.Confidence,
			Read: d.Order, Items: d.Items, Location: d.Location, Courier: d.Courier,
			Request: row.Request, Quoted: row.Quoted, External: row.External, Errors: []ErrorDetail{},
		}
		if row.External != nil {
			v.Request = nil // a marketplace's row is placed from its external record, not priced
		}
		for _, e := range row.Errors {
			_, det := h.detail(r, e)
			v.Errors = append(v.Errors, det)
		}
		if row.Order != nil {
			so := viewSellerOrder(row.Order)
			v.Order = &so
		}
		out.Rows[i] = v
	}
	return http.StatusOK, out, nil
}

// readImport reads the body into orders and names their source.
func (h *Handler) readImport(w http.ResponseWriter, r *http.Request, marketplace string) ([]importing.Order, string, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = ""
	}
	body, err := readLimited(w, r, h.maxImport)
	if err != nil {
		return nil, "", err
	}
	var name string
	switch mt {
	case "text/plain":
		orders, err := importing.ParseChat(string(body))
		return orders, importing.SourceChat, err
	case "application/json":
		var rows importRows
		if err := strictjson.Decode(body, &rows); err != nil {
			return nil, "", err
		}
		if len(bytes.TrimSpace(rows.Rows)) == 0 {
			return nil, "", errs.Invalidf(errs.CodeInvalidInput, "the body has no rows").WithField("rows")
		}
		body, name = rows.Rows, "rows.json"
	case "multipart/form-data":
		if body, name, err = uploadedFile(body, params["boundary"]); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", errs.E(errs.Invalid, CodeUnsupportedMedia, "an import is sent as multipart/form-data (field file), application/json ({\"rows\": […]}) or text/plain (chat messages)")
	}
	orders, m, err := importing.Read(name, body, marketplace)
	return orders, m.ID, err
}

// uploadedFile returns the part named "file" of a multipart body.
func uploadedFile(body []byte, boundary string) ([]byte, string, error) {
	bad := func(err error) error {
		return errs.Wrap(errs.Invalid, importing.CodeUnreadableFile, err, "the multipart body cannot be read").WithField("file")
	}
	if boundary == "" {
		return nil, "", bad(errors.New("no boundary"))
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "", errs.Invalidf(importing.CodeUnreadableFile, "the upload has no part named file").WithField("file")
		}
		if err != nil {
			return nil, "", bad(err)
		}
		if p.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, "", bad(err)
		}
		return data, p.FileName(), nil
	}
}
