package webui

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// maxImportBytes bounds an uploaded import, as the JSON API's
// DefaultMaxImportBytes does.
const maxImportBytes = 10 << 20

// pendingImport is an upload previewed and not yet committed, kept in the
// session that uploaded it.
type pendingImport struct {
	id     string
	orders []importing.Order
	method payment.Method
	source string
}

type marketplaceOption struct {
	ID, Name string
	Checked  bool
}

type importRowView struct {
	Index    int
	Row      int
	Invoice  string
	Name     string
	Items    string
	Place    string
	Courier  string
	Quoted   money.Money
	Accepted bool
	Imported bool
	Errors   []string
	Link     string // the order placed, after a commit
	Number   string
	Market   string // the marketplace whose total Quoted is, for its rows
}

type importPage struct {
	Markets   []marketplaceOption
	Methods   []methodOption
	Error     string
	ID        string // the pending import a commit names
	Source    string
	Rows      []importRowView
	Accepted  int
	Refused   int
	Committed bool
	Placed    int
	Imported  int
}

// importForm: GET /admin/impor, the upload form.
func (h *handler) importForm(w http.ResponseWriter, r *http.Request, _ *session) {
	h.render(w, r, http.StatusOK, "import", h.pageData(r, h.importPage(r, "", "")))
}

func (h *handler) importPage(r *http.Request, market, method string) importPage {
	l := lang(r)
	var p importPage
	if ms, err := importing.Mappings(); err == nil {
		for _, m := range ms {
			p.Markets = append(p.Markets, marketplaceOption{ID: m.ID, Name: m.Name, Checked: m.ID == market})
		}
	}
	for _, m := range h.svc.PaymentMethods() {
		p.Methods = append(p.Methods, methodOption{Value: string(m), Label: text(l, "method_"+string(m)), Checked: string(m) == method})
	}
	return p
}

// previewImport: POST /admin/impor, a file (or chat text) read and
// previewed row by row; nothing is stored. The rows wait in the session
// for the commit.
func (h *handler) previewImport(w http.ResponseWriter, r *http.Request, s *session) {
	market := strings.TrimSpace(r.PostFormValue("marketplace"))
	method := strings.TrimSpace(r.PostFormValue("method"))
	refuse := func(err error) {
		if errs.Code(err) == "" || errors.Is(err, errs.Unavailable) {
			h.fail(w, r, err)
			return
		}
		p := h.importPage(r, market, method)
		p.Error = h.say(r, err)
		h.render(w, r, http.StatusUnprocessableEntity, "import", h.pageData(r, p))
	}
	var pm payment.Method
	if method != "" {
		var err error
		if pm, err = payment.ParseMethod(method); err != nil {
			refuse(errs.At("method", err))
			return
		}
	}
	orders, source, err := readUpload(r, market)
	if err != nil {
		refuse(err)
		return
	}
	rep, err := h.svc.PreviewImport(r.Context(), kasir.ImportRequest{Orders: orders, PaymentMethod: pm})
	if err != nil {
		refuse(err)
		return
	}
	pi := &pendingImport{id: token(), orders: orders, method: pm, source: source}
	h.sessions.keepImport(s, pi)
	p := h.importPage(r, market, method)
	p.ID, p.Source = pi.id, source
	h.fillImport(r, &p, rep)
	h.render(w, r, http.StatusOK, "import", h.pageData(r, p))
}

// readUpload reads the form's file, or its pasted chat text.
func readUpload(r *http.Request, market string) ([]importing.Order, string, error) {
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, "", errs.Wrap(errs.Invalid, importing.CodeUnreadableFile, err, "webui: the upload cannot be read").WithField("file")
			}
			defer f.Close()
			data, err := io.ReadAll(io.LimitReader(f, maxImportBytes))
			if err != nil {
				return nil, "", errs.Wrap(errs.Invalid, importing.CodeUnreadableFile, err, "webui: the upload cannot be read").WithField("file")
			}
			orders, m, err := importing.Read(fhs[0].Filename, data, market)
			return orders, m.ID, err
		}
	}
	if t := strings.TrimSpace(r.PostFormValue("text")); t != "" {
		orders, err := importing.ParseChat(t)
		return orders, importing.SourceChat, err
	}
	return nil, "", errs.Invalidf(importing.CodeUnreadableFile, "webui: choose a file or paste the messages").WithField("file")
}

// fillImport writes a report's rows into the page.
func (h *handler) fillImport(r *http.Request, p *importPage, rep *kasir.ImportReport) {
	l := lang(r)
	p.Accepted, p.Refused, p.Placed, p.Imported = rep.Accepted, rep.Refused, rep.Placed, rep.Imported
	for _, row := range rep.Rows {
		d := row.Detected
		v := importRowView{Index: row.Index, Row: d.Order.Row, Invoice: d.Order.Invoice, Name: d.Order.Name,
			Place: d.Location.Label, Quoted: row.Quoted, Accepted: row.Accepted, Imported: row.Imported}
		var items []string
		for i, it := range d.Items {
			label := it.Label
			if label == "" && i < len(d.Order.Items) {
				label = d.Order.Items[i].Name
			}
			if i < len(d.Order.Items) {
				label += " ×" + strconv.FormatInt(max(d.Order.Items[i].Quantity, 1), 10)
			}
			items = append(items, label)
		}
		v.Items = strings.Join(items, ", ")
		if d.Courier.Courier != "" {
			v.Courier = strings.ToUpper(d.Courier.Courier) + " " + d.Courier.Service
		}
		if v.Place == "" {
			v.Place = d.Order.Address.Line
		}
		if ex := row.External; ex != nil {
			v.Quoted, v.Market = ex.Total, ex.Source
			if ex.AirwayBill != "" {
				v.Courier = strings.TrimSpace(ex.Courier + " · " + ex.AirwayBill)
			}
		}
		for _, e := range row.Errors {
			msg := sayCode(l, errs.Code(e))
			if f := errs.Field(e); f != "" {
				msg = f + ": " + msg
			}
			v.Errors = append(v.Errors, msg)
		}
		if row.Order != nil {
			v.Link, v.Number = h.base+"/admin/pesanan/"+row.Order.ID, row.Order.Number
		}
		p.Rows = append(p.Rows, v)
	}
}

// commitImport: POST /admin/impor/simpan, the previewed rows ticked placed
// as orders. A row imported before places nothing new.
func (h *handler) commitImport(w http.ResponseWriter, r *http.Request, s *session) {
	pi := h.sessions.pendingImport(s, r.PostFormValue("import"))
	if pi == nil {
		p := h.importPage(r, "", "")
		p.Error = h.t(r, "import_expired")
		h.render(w, r, http.StatusUnprocessableEntity, "import", h.pageData(r, p))
		return
	}
	req := kasir.ImportRequest{Orders: pi.orders, PaymentMethod: pi.method, Select: []int{}}
	for _, v := range r.PostForm["row"] {
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(pi.orders) {
			continue
		}
		req.Select = append(req.Select, i)
	}
	if len(req.Select) == 0 {
		p := h.importPage(r, pi.source, string(pi.method))
		p.Error = h.t(r, "choose_rows")
		h.render(w, r, http.StatusUnprocessableEntity, "import", h.pageData(r, p))
		return
	}
	rep, err := h.svc.CommitImport(r.Context(), req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.importPage(r, pi.source, string(pi.method))
	p.Committed, p.Source = true, pi.source
	h.fillImport(r, &p, rep)
	h.render(w, r, http.StatusOK, "import", h.pageData(r, p))
}
