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
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// ordersPerPage is the dashboard's page of orders.
const ordersPerPage = 20

func (h *handler) adminRoutes() {
	m := h.mux
	home := func(h *handler, w http.ResponseWriter, r *http.Request, _ *session) {
		http.Redirect(w, r, h.base+"/admin/pesanan", http.StatusSeeOther)
	}
	m.HandleFunc("GET /admin", h.signed(home))
	m.HandleFunc("GET /admin/{$}", h.signed(home))
	m.HandleFunc("GET /admin/masuk", h.on((*handler).signInPage))
	m.HandleFunc("POST /admin/masuk", h.on((*handler).signIn))
	m.HandleFunc("POST /admin/keluar", h.signed((*handler).signOut))
	m.HandleFunc("GET /admin/pesanan", h.signed((*handler).orders))
	m.HandleFunc("GET /admin/pesanan/{id}", h.signed((*handler).adminOrder))
	m.HandleFunc("POST /admin/pesanan/{id}/bayar", h.signed((*handler).confirmPayment))
	m.HandleFunc("POST /admin/pesanan/{id}/status", h.signed((*handler).transition))
	m.HandleFunc("POST /admin/pesanan/{id}/ubah", h.signed((*handler).change))
	m.HandleFunc("GET /admin/pesanan/{id}/faktur", h.signed((*handler).invoicePDF))
	m.HandleFunc("GET /admin/pesanan/{id}/label", h.signed((*handler).labelPDF))
	m.HandleFunc("GET /admin/ekspor", h.signed((*handler).export))
	m.HandleFunc("GET /admin/tertinggal", h.signed((*handler).abandonedList))
	m.HandleFunc("POST /admin/tertinggal/{id}/hubungi", h.signed((*handler).followUp))
	m.HandleFunc("GET /admin/laporan", h.signed((*handler).report))
	m.HandleFunc("POST /admin/cetak", h.signed(staff((*handler).printLabels)))
	m.HandleFunc("GET /admin/cetak", h.signed((*handler).batches))
	m.HandleFunc("POST /admin/cetak/{id}/ulang", h.signed(staff((*handler).reprint)))
	m.HandleFunc("GET /admin/impor", h.signed((*handler).importForm))
	m.HandleFunc("POST /admin/impor", h.signedUpTo(maxImportBytes+maxFormBytes, staff((*handler).previewImport)))
	m.HandleFunc("POST /admin/impor/simpan", h.signed(staff((*handler).commitImport)))
	m.HandleFunc("GET /admin/saldo", h.signed((*handler).balance))
	m.HandleFunc("POST /admin/saldo/tarik", h.signed(owner((*handler).requestWithdrawal)))
	m.HandleFunc("POST /admin/saldo/tarik/{id}", h.signed(owner((*handler).moveWithdrawal)))
}

// signed wraps a dashboard page: 404 without an authenticator, a redirect
// to the sign-in page without a live session, and for a POST a form that
// must carry the session's CSRF token (403 otherwise) from a session whose
// role may act (RoleReadOnly may not: 403).
func (h *handler) signed(fn func(*handler, http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return h.signedUpTo(maxFormBytes, fn)
}

// signedUpTo is signed with a body of at most limit bytes (a form, or a
// multipart form with a file); a larger body is refused with 413.
func (h *handler) signedUpTo(limit int64, fn func(*handler, http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := h.at(r)
		if h.auth == nil {
			h.notFound(w, r)
			return
		}
		s := h.sessions.get(r, h.store)
		if s == nil {
			next := r.URL.Path
			if r.Method != http.MethodGet {
				next = "/admin/pesanan"
			}
			http.Redirect(w, r, h.base+"/admin/masuk?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			var err error
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				err = r.ParseMultipartForm(limit)
			} else {
				err = r.ParseForm()
			}
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				h.render(w, r, http.StatusRequestEntityTooLarge, "error", h.pageData(r, errorPage{Title: h.t(r, "refused"), Text: h.t(r, "too_large")}))
				return
			}
			if err != nil || !s.validCSRF(r) {
				h.render(w, r, http.StatusForbidden, "error", h.pageData(r, errorPage{Title: h.t(r, "forbidden"), Text: h.t(r, "csrf_text")}))
				return
			}
		}
		if r.Method == http.MethodPost && s.role == RoleReadOnly && r.URL.Path != "/admin/keluar" {
			h.render(w, r, http.StatusForbidden, "error", h.pageData(r, errorPage{Title: h.t(r, "forbidden"), Text: h.t(r, "read_only_text")}))
			return
		}
		fn(h, w, r, s)
	}
}

// staff and owner wrap a dashboard action that needs that role.
func staff(fn func(*handler, http.ResponseWriter, *http.Request, *session)) func(*handler, http.ResponseWriter, *http.Request, *session) {
	return needs(ports.RoleStaff, fn)
}

func owner(fn func(*handler, http.ResponseWriter, *http.Request, *session)) func(*handler, http.ResponseWriter, *http.Request, *session) {
	return needs(ports.RoleOwner, fn)
}

func needs(role ports.Role, fn func(*handler, http.ResponseWriter, *http.Request, *session)) func(*handler, http.ResponseWriter, *http.Request, *session) {
	return func(h *handler, w http.ResponseWriter, r *http.Request, s *session) {
		if !s.may(role) {
			h.forbidden(w, r)
			return
		}
		fn(h, w, r, s)
	}
}

type signInPage struct {
	Next  string
	Error string
}

// safeNext keeps a sign-in's next page inside the dashboard.
func safeNext(p string) string {
	if !strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
		return "/admin/pesanan"
	}
	return p
}

func (h *handler) signInPage(w http.ResponseWriter, r *http.Request) {
	if h.auth == nil {
		h.notFound(w, r)
		return
	}
	if h.sessions.get(r, h.store) != nil {
		http.Redirect(w, r, h.base+safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "signin", h.pageData(r, signInPage{Next: safeNext(r.URL.Query().Get("next"))}))
}

// signIn: POST /admin/masuk, the token checked by the store's sign-in
// (Config.Authenticate, or the store's API keys), at most
// Config.SignInsPerMinute attempts a minute from one client.
func (h *handler) signIn(w http.ResponseWriter, r *http.Request) {
	if h.auth == nil {
		h.notFound(w, r)
		return
	}
	if !h.allow(w, r, h.signIns) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	_ = r.ParseForm()
	next := safeNext(r.PostFormValue("next"))
	who, err := h.auth(r.Context(), strings.TrimSpace(r.PostFormValue("token")))
	if err != nil || who.role == "" {
		if err != nil && !errors.Is(err, errs.Unauthorized) {
			h.log.WarnContext(r.Context(), "webui: sign-in failed", "err", err)
		}
		h.render(w, r, http.StatusUnauthorized, "signin", h.pageData(r, signInPage{Next: next, Error: h.t(r, "wrong_token")}))
		return
	}
	h.setSession(w, r, h.sessions.start(h.store, who))
	http.Redirect(w, r, h.base+next, http.StatusSeeOther)
}

func (h *handler) signOut(w http.ResponseWriter, r *http.Request, s *session) {
	h.sessions.end(s.id)
	h.clearSession(w, r)
	http.Redirect(w, r, h.base+"/admin/masuk", http.StatusSeeOther)
}

type tab struct {
	Status  string
	Label   string
	Count   int
	Link    string
	Current bool
}

type orderRow struct {
	O      *checkout.Order
	Status checkout.Status
	Link   string
	Items  string
	Label  bool // its label can be printed
}

type ordersPage struct {
	Tabs       []tab
	Rows       []orderRow
	Query      string
	Method     string
	From, To   string
	Status     string
	Methods    []methodOption
	Total      int
	Page       int
	Pages      int
	Prev, Next string
	Export     string
	Printable  bool // a listed order's label can be printed
}

// filterOf reads the dashboard's listing query; a date that cannot be
// read is ignored.
func filterOf(r *http.Request) (ports.OrderFilter, url.Values) {
	q := r.URL.Query()
	keep := url.Values{}
	var f ports.OrderFilter
	if v := strings.TrimSpace(q.Get("q")); v != "" {
		f.Query = v
		keep.Set("q", v)
	}
	if v := q.Get("metode"); v != "" {
		if m, err := payment.ParseMethod(v); err == nil {
			f.Method = m
			keep.Set("metode", v)
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("dari"), kasir.WIB); err == nil {
		f.From = t
		keep.Set("dari", q.Get("dari"))
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("sampai"), kasir.WIB); err == nil {
		f.To = t.AddDate(0, 0, 1)
		keep.Set("sampai", q.Get("sampai"))
	}
	return f, keep
}

// orders: GET /admin/pesanan, the orders by status with counts, search,
// filters and pages.
func (h *handler) orders(w http.ResponseWriter, r *http.Request, _ *session) {
	l := lang(r)
	f, keep := filterOf(r)
	counts, err := h.svc.Summary(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	status := r.URL.Query().Get("status")
	if st, err := checkout.ParseStatus(status); err == nil && st.Valid() {
		f.Statuses = []checkout.Status{st}
	} else {
		status = ""
	}
	p := ordersPage{Query: keep.Get("q"), Method: keep.Get("metode"), From: keep.Get("dari"), To: keep.Get("sampai"), Status: status}
	link := func(st string, page int) string {
		v := url.Values{}
		for k, vs := range keep {
			v[k] = vs
		}
		if st != "" {
			v.Set("status", st)
		}
		if page > 1 {
			v.Set("hal", strconv.Itoa(page))
		}
		if len(v) == 0 {
			return h.base + "/admin/pesanan"
		}
		return h.base + "/admin/pesanan?" + v.Encode()
	}
	all := 0
	for _, n := range counts {
		all += n
	}
	p.Tabs = append(p.Tabs, tab{Label: text(l, "all"), Count: all, Link: link("", 0), Current: status == ""})
	for _, st := range checkout.Statuses() {
		if st == checkout.StatusDraft && counts[st] == 0 {
			continue
		}
		p.Tabs = append(p.Tabs, tab{Status: string(st), Label: text(l, "status_"+string(st)), Count: counts[st], Link: link(string(st), 0), Current: status == string(st)})
	}
	for _, m := range h.svc.PaymentMethods() {
		p.Methods = append(p.Methods, methodOption{Value: string(m), Label: text(l, "method_"+string(m)), Checked: string(m) == p.Method})
	}
	p.Page, _ = strconv.Atoi(r.URL.Query().Get("hal"))
	p.Page = max(p.Page, 1)
	f.Offset, f.Limit = (p.Page-1)*ordersPerPage, ordersPerPage
	page, err := h.svc.ListOrders(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Total = page.Total
	p.Pages = max(1, (page.Total+ordersPerPage-1)/ordersPerPage)
	if p.Page > 1 {
		p.Prev = link(status, p.Page-1)
	}
	if p.Page < p.Pages {
		p.Next = link(status, p.Page+1)
	}
	for _, o := range page.Orders {
		var items []string
		for _, it := range o.Items {
			items = append(items, it.Name+" ×"+strconv.FormatInt(it.Quantity, 10))
		}
		p.Rows = append(p.Rows, orderRow{O: o, Status: o.Status(), Link: h.base + "/admin/pesanan/" + url.PathEscape(o.ID), Items: strings.Join(items, ", "),
			Label: o.CheckLabel() == nil})
		p.Printable = p.Printable || o.CheckLabel() == nil
	}
	ex := url.Values{}
	for k, vs := range keep {
		ex[k] = vs
	}
	if status != "" {
		ex.Set("status", status)
	}
	p.Export = h.base + "/admin/ekspor?" + ex.Encode()
	h.render(w, r, http.StatusOK, "orders", h.pageData(r, p))
}

type action struct {
	To    string
	Label string
	Kind  string // "pay", "ship", "cancel", "plain"
}

type adminOrderPage struct {
	O        *checkout.Order
	Status   checkout.Status
	Lines    []line
	History  []historyRow
	Actions  []action
	Editable bool
	Pending  bool
	Ship     []shipOption
	Methods  []methodOption
	Edit     editForm
	Preview  []line // the new breakdown of a change not saved yet
	Flash    string
	Error    string
	Buyer    string // the buyer's order page
	Tracking []trackingRow
	Label    bool // a label can be printed
}

type editForm struct {
	Ship, Method, Name, Phone, Address, Additional, Reason string
}

// adminOrder: GET /admin/pesanan/{id}.
func (h *handler) adminOrder(w http.ResponseWriter, r *http.Request, _ *session) {
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.orderView(r, o, nil)
	if k := r.URL.Query().Get("ok"); k != "" {
		p.Flash = h.t(r, "done_"+k)
	}
	h.render(w, r, http.StatusOK, "admin_order", h.pageData(r, p))
}

// orderView is the seller's page of o; ed is the edit form as posted, or
// nil for the order's own values.
func (h *handler) orderView(r *http.Request, o *checkout.Order, ed *editForm) *adminOrderPage {
	l := lang(r)
	p := &adminOrderPage{O: o, Status: o.Status(), Lines: orderLines(l, o, true), Editable: o.Editable(),
		Pending: o.Status() == checkout.StatusPendingPayment, Buyer: h.base + "/o/" + url.PathEscape(o.Slug), Tracking: tracking(o),
		Label: documents.CheckLabel(o) == nil}
	for _, c := range o.Lifecycle.History() {
		note := c.Reason
		if c.Note != "" && c.Note != c.Reason {
			note = strings.TrimSpace(note + " · " + c.Note)
		}
		p.History = append(p.History, historyRow{At: c.At, Status: c.To, Label: text(l, "status_"+string(c.To)), Note: note})
	}
	for _, st := range checkout.Statuses() {
		if !o.Status().CanBecome(st) || st == checkout.StatusExpired || st == checkout.StatusDraft {
			continue
		}
		a := action{To: string(st), Label: text(l, "to_"+string(st)), Kind: "plain"}
		switch {
		case st == checkout.StatusProcessing && o.Status() == checkout.StatusPendingPayment:
			a.Kind = "pay"
		case st == checkout.StatusShipped:
			a.Kind = "ship"
		case st == checkout.StatusCancelled || st == checkout.StatusReturned:
			a.Kind = "cancel"
		}
		if a.Label == "to_"+string(st) {
			a.Label = text(l, "status_"+string(st))
		}
		p.Actions = append(p.Actions, a)
	}
	if ed == nil {
		ed = &editForm{Method: string(o.Payment.Method), Name: o.Customer.Name, Phone: o.Customer.Phone, Address: o.Address.Line,
			Additional: strconv.FormatInt(int64(o.AdditionalCost), 10)}
		if o.Shipment != nil {
			ed.Ship = o.Shipment.Courier + "/" + o.Shipment.Service
		}
	}
	p.Edit = *ed
	if p.Editable {
		for _, m := range h.svc.PaymentMethods() {
			p.Methods = append(p.Methods, methodOption{Value: string(m), Label: text(l, "method_"+string(m)), Checked: string(m) == ed.Method})
		}
		if o.Shipment != nil && o.Address.LocationID != "" {
			opts, err := h.svc.ShippingOptions(r.Context(), kasir.QuoteRequest{Lines: linesOf(o), Bundles: bundlesOf(o),
				LocationID: o.Address.LocationID, PaymentMethod: payment.Method(ed.Method)})
			if err == nil {
				for _, so := range opts {
					v := so.Courier + "/" + so.Service
					name := so.Name
					if name == "" {
						name = strings.ToUpper(so.Courier) + " " + so.Service
					}
					opt := shipOption{Value: v, Name: name, Price: so.Price, Days: days(l, so.EtdMinDays, so.EtdMaxDays), Checked: v == ed.Ship}
					if so.ErrorCode != "" {
						opt.Refusal = sayCode(l, so.ErrorCode)
					}
					p.Ship = append(p.Ship, opt)
				}
			}
		}
	}
	return p
}

// linesOf and bundlesOf name an order's items for a shipping quote.
func linesOf(o *checkout.Order) []catalog.LineRequest {
	var out []catalog.LineRequest
	for _, it := range o.Items {
		if it.PriceOptionID == "" && it.VariantID != "" {
			out = append(out, catalog.LineRequest{VariantID: it.VariantID, Quantity: it.Quantity})
		}
	}
	return out
}

func bundlesOf(o *checkout.Order) []catalog.LineRequest {
	var out []catalog.LineRequest
	for _, it := range o.Items {
		if it.PriceOptionID != "" {
			out = append(out, catalog.LineRequest{PriceOptionID: it.PriceOptionID, Quantity: it.Quantity})
		}
	}
	return out
}

// actionFailed shows the order again with the refusal.
func (h *handler) actionFailed(w http.ResponseWriter, r *http.Request, err error, ed *editForm) {
	o, oerr := h.svc.Order(r.Context(), r.PathValue("id"))
	if oerr != nil {
		h.fail(w, r, oerr)
		return
	}
	if errs.Code(err) == "" || errors.Is(err, errs.Unavailable) {
		h.fail(w, r, err)
		return
	}
	p := h.orderView(r, o, ed)
	p.Error = h.say(r, err)
	h.render(w, r, http.StatusUnprocessableEntity, "admin_order", h.pageData(r, p))
}

func (h *handler) done(w http.ResponseWriter, r *http.Request, what string) {
	http.Redirect(w, r, h.base+"/admin/pesanan/"+url.PathEscape(r.PathValue("id"))+"?ok="+what, http.StatusSeeOther)
}

// confirmPayment: POST /admin/pesanan/{id}/bayar, a transfer the seller
// has seen arrive; the amount typed must be the order's.
func (h *handler) confirmPayment(w http.ResponseWriter, r *http.Request, _ *session) {
	c := kasir.PaymentConfirmation{Reference: strings.TrimSpace(r.PostFormValue("reference"))}
	if v := strings.TrimSpace(r.PostFormValue("amount")); v != "" {
		n, err := strconv.ParseInt(strings.NewReplacer(".", "", "Rp", "", " ", "").Replace(v), 10, 64)
		if err != nil {
			h.actionFailed(w, r, errs.Invalidf(errs.CodeInvalidInput, "webui: the amount is not a number").WithField("amount"), nil)
			return
		}
		m := money.Money(n)
		c.Amount = &m
	}
	if _, err := h.svc.ConfirmPayment(r.Context(), r.PathValue("id"), c); err != nil {
		h.actionFailed(w, r, err, nil)
		return
	}
	h.done(w, r, "paid")
}

// transition: POST /admin/pesanan/{id}/status, a move along the life
// cycle (ship with an airway bill, deliver, return, cancel with a reason).
func (h *handler) transition(w http.ResponseWriter, r *http.Request, _ *session) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	req := kasir.TransitionRequest{To: checkout.Status(f("to")), AirwayBill: f("airway_bill"), Reason: f("reason"), Note: f("note")}
	if _, err := h.svc.Transition(r.Context(), r.PathValue("id"), req); err != nil {
		h.actionFailed(w, r, err, nil)
		return
	}
	h.done(w, r, "status")
}

// change: POST /admin/pesanan/{id}/ubah. With aksi=lihat it shows the
// new quote without saving; otherwise it saves the change.
func (h *handler) change(w http.ResponseWriter, r *http.Request, _ *session) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	ed := &editForm{Ship: f("ship"), Method: f("method"), Name: f("name"), Phone: f("phone"), Address: f("address"), Additional: f("additional_cost"), Reason: f("reason")}
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ch := kasir.OrderChange{Reason: ed.Reason}
	if c, s, ok := strings.Cut(ed.Ship, "/"); ok && o.Shipment != nil && (c != o.Shipment.Courier || s != o.Shipment.Service) {
		ch.Courier, ch.Service = &c, &s
	}
	if m := payment.Method(ed.Method); m != "" && m != o.Payment.Method {
		ch.PaymentMethod = &m
	}
	if ed.Name != o.Customer.Name || ed.Phone != o.Customer.Phone {
		ch.Customer = &kasir.CustomerInput{Name: ed.Name, Phone: ed.Phone, Email: o.Customer.Email}
	}
	if ed.Address != o.Address.Line {
		ch.Address = &kasir.AddressInput{Line: ed.Address, LocationID: o.Address.LocationID, PostalCode: o.Address.PostalCode}
	}
	if ed.Additional != "" {
		n, err := strconv.ParseInt(strings.NewReplacer(".", "", "Rp", "", " ", "").Replace(ed.Additional), 10, 64)
		if err != nil {
			h.actionFailed(w, r, errs.Invalidf(errs.CodeInvalidInput, "webui: biaya lain is not a number").WithField("additional_cost"), ed)
			return
		}
		if m := money.Money(n); m != o.AdditionalCost {
			ch.AdditionalCost = &m
		}
	}
	if r.PostFormValue("aksi") == "lihat" {
		next, err := h.svc.PreviewChange(r.Context(), o.ID, ch)
		if err != nil {
			h.actionFailed(w, r, err, ed)
			return
		}
		p := h.orderView(r, o, ed)
		p.Preview = orderLines(lang(r), next, true)
		h.render(w, r, http.StatusOK, "admin_order", h.pageData(r, p))
		return
	}
	if _, err := h.svc.ChangeOrder(r.Context(), o.ID, ch); err != nil {
		h.actionFailed(w, r, err, ed)
		return
	}
	h.done(w, r, "changed")
}

// invoicePDF and labelPDF: the order's invoice and shipping label.
func (h *handler) invoicePDF(w http.ResponseWriter, r *http.Request, _ *session) {
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.sendInvoice(w, r, o)
}

// buyerInvoice: GET /o/{slug}/faktur, the buyer's invoice (the PDF the
// JSON API answers at /v1/public/orders/{secret_slug}/invoice).
func (h *handler) buyerInvoice(w http.ResponseWriter, r *http.Request) {
	o, err := h.svc.OrderBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.sendInvoice(w, r, o)
}

// sendInvoice answers o's invoice as a PDF, its QR code to the buyer's
// order page.
func (h *handler) sendInvoice(w http.ResponseWriter, r *http.Request, o *checkout.Order) {
	st := h.svc.Settings()
	from, err := h.svc.Sender(r.Context(), o)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	inv := documents.Invoice{Order: o, Tax: st.Tax, OrderURL: absolute(r, h.base+"/o/"+url.PathEscape(o.Slug)),
		Store: documents.Party{Name: st.StoreName, Phone: st.CustomerServicePhone, Address: from.Address}}
	h.sendPDF(w, r, "invoice-"+o.Number+".pdf", func(wr io.Writer) error { return documents.WriteInvoice(wr, inv) })
}

func (h *handler) labelPDF(w http.ResponseWriter, r *http.Request, _ *session) {
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err == nil {
		err = documents.CheckLabel(o)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	from, err := h.svc.Sender(r.Context(), o)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	size, err := documents.ParseLabelSize(r.URL.Query().Get("size"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lb := documents.Label{Order: o, Sender: documents.Party{Name: from.Name, Phone: from.Phone, Address: from.Address}}
	h.sendPDF(w, r, "label-"+o.Number+".pdf", func(wr io.Writer) error { return documents.WriteLabels(wr, size, []documents.Label{lb}) })
}

func (h *handler) sendPDF(w http.ResponseWriter, r *http.Request, name string, render func(io.Writer) error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+fileName(name)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

func fileName(s string) string {
	return strings.Map(func(c rune) rune {
		if c == '-' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return c
		}
		return -1
	}, s)
}

// absolute is a path of this site as a URL, for the invoice's QR code.
func absolute(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// export: GET /admin/ekspor, the listed orders as CSV (or ?format=xlsx).
func (h *handler) export(w http.ResponseWriter, r *http.Request, _ *session) {
	f, _ := filterOf(r)
	if st, err := checkout.ParseStatus(r.URL.Query().Get("status")); err == nil {
		f.Statuses = []checkout.Status{st}
	}
	lng := "id"
	if lang(r) == "en" {
		lng = "en"
	}
	opt, err := documents.ParseExportOptions(r.URL.Query().Get("format"), "", lng)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	e, err := documents.NewExporter(&buf, opt)
	if err == nil {
		err = h.svc.EachOrder(r.Context(), f, e.Write)
	}
	if err == nil {
		err = e.Close()
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", opt.Format.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="orders-`+h.now().In(kasir.WIB).Format("20060102-150405")+opt.Format.Ext()+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

type abandonedRow struct {
	A      *checkout.Abandoned
	Items  string
	Action string
	Last   *checkout.FollowUp
}

type abandonedPage struct {
	Rows       []abandonedRow
	Status     string
	Total      int
	Prev, Next string
}

// abandonedList: GET /admin/tertinggal, the checkouts buyers left, each
// with a WhatsApp follow-up.
func (h *handler) abandonedList(w http.ResponseWriter, r *http.Request, _ *session) {
	page, _ := strconv.Atoi(r.URL.Query().Get("hal"))
	page = max(page, 1)
	status := checkout.AbandonedStatus(r.URL.Query().Get("status"))
	if status != "" && status != checkout.AbandonedOpen {
		status = checkout.AbandonedStatus(strings.TrimSpace(string(status)))
	}
	f := ports.AbandonedFilter{Status: status, Offset: (page - 1) * ordersPerPage, Limit: ordersPerPage}
	res, err := h.svc.ListAbandoned(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.svc.Catalog(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := abandonedPage{Status: string(status), Total: res.Total}
	for _, a := range res.Checkouts {
		row := abandonedRow{A: a, Items: itemsOf(c, a.Lines), Action: h.base + "/admin/tertinggal/" + url.PathEscape(a.ID) + "/hubungi"}
		if n := len(a.FollowUps); n > 0 {
			row.Last = &a.FollowUps[n-1]
		}
		p.Rows = append(p.Rows, row)
	}
	link := func(n int) string { return h.base + "/admin/tertinggal?hal=" + strconv.Itoa(n) }
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page*ordersPerPage < res.Total {
		p.Next = link(page + 1)
	}
	h.render(w, r, http.StatusOK, "abandoned", h.pageData(r, p))
}

// itemsOf names what an abandoned checkout held.
func itemsOf(c *catalog.Catalog, lines []catalog.LineRequest) string {
	var out []string
	for _, lr := range lines {
		name := lr.ProductID
		switch {
		case lr.PriceOptionID != "":
			if po, err := c.PriceOption(lr.PriceOptionID); err == nil {
				name = po.BundleName()
				if po.Name() != "" {
					name += " " + po.Name()
				}
			}
		case lr.ProductID != "":
			if p, err := c.Product(lr.ProductID); err == nil {
				name = p.Name()
			}
			if lr.Options != "" {
				name += " (" + lr.Options + ")"
			}
		case lr.SKU != "":
			name = lr.SKU
			if v, err := c.VariantBySKU(lr.SKU); err == nil {
				if p, err := c.Product(v.ProductID()); err == nil {
					name = p.Name()
				}
			}
		}
		out = append(out, name+" ×"+strconv.FormatInt(max(lr.Quantity, 1), 10))
	}
	return strings.Join(out, ", ")
}

// followUp: POST /admin/tertinggal/{id}/hubungi records a WhatsApp
// follow-up and opens WhatsApp with the message.
func (h *handler) followUp(w http.ResponseWriter, r *http.Request, s *session) {
	a, err := h.svc.AddFollowUp(r.Context(), r.PathValue("id"), kasir.FollowUpRequest{Channel: "whatsapp", By: s.name, Note: "wa.me"})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.svc.Catalog(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, followUpLink(h.svc.Settings().StoreName, a, itemsOf(c, a.Lines)), http.StatusSeeOther)
}

// followUpLink is a wa.me link to the buyer with the message in
// Indonesian.
func followUpLink(store string, a *checkout.Abandoned, items string) string {
	msg := "Halo " + a.Name + ", kami dari " + store + "."
	if items != "" {
		msg += " Pesanan " + items + " Anda belum selesai."
	} else {
		msg += " Pesanan Anda belum selesai."
	}
	msg += " Ada yang bisa kami bantu agar pesanannya bisa segera kami kirim?"
	phone := strings.TrimPrefix(a.Phone, "+")
	return "https://wa.me/" + phone + "?text=" + strings.ReplaceAll(url.QueryEscape(msg), "+", "%20")
}
