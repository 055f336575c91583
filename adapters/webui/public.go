package webui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// maxFormBytes bounds a form post; the order form is a few hundred bytes.
const maxFormBytes = 64 << 10

type productCard struct {
	Link     string
	Name     string
	From, To money.Money
	Left     int64
	Bundle   bool
}

type productsPage struct {
	Products []productCard
}

// products: GET /, the published products and the bundles.
func (h *handler) products(w http.ResponseWriter, r *http.Request) {
	c, err := h.svc.Catalog(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var ids []string
	for _, p := range c.Products() {
		for _, v := range p.Variants() {
			ids = append(ids, v.ID())
		}
	}
	lv, err := h.svc.StockLevels(r.Context(), ids)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var out productsPage
	for _, p := range c.Products() {
		if !p.Published() {
			continue
		}
		card := productCard{Link: h.base + "/beli/" + url.PathEscape(p.ID()), Name: p.Name()}
		for i, v := range p.Variants() {
			if i == 0 || v.Price() < card.From {
				card.From = v.Price()
			}
			card.To = max(card.To, v.Price())
			card.Left += lv[v.ID()]
		}
		out.Products = append(out.Products, card)
	}
	for _, b := range c.Bundles() {
		card := productCard{Link: h.base + "/paket/" + url.PathEscape(b.ID()), Name: b.Name(), Bundle: true, Left: 1}
		for i, po := range b.PriceOptions() {
			if i == 0 || po.Price() < card.From {
				card.From = po.Price()
			}
			card.To = max(card.To, po.Price())
		}
		if len(b.PriceOptions()) > 0 {
			out.Products = append(out.Products, card)
		}
	}
	h.render(w, r, http.StatusOK, "products", h.pageData(r, out))
}

// goods is what a form sells: a product (with its option axes) or a
// bundle (with its price options).
type goods struct {
	Bundle  bool
	ID      string
	Name    string
	Axes    []axis
	Options []priceOption
	Price   money.Money // a product without options
}

type axis struct {
	Index  int
	Name   string
	Values []string
}

type priceOption struct {
	ID    string
	Name  string
	Price money.Money
}

// goodsOf reads the product or bundle a form path names: product_not_found
// for a draft or unknown one.
func (h *handler) goodsOf(r *http.Request) (*goods, error) {
	c, err := h.svc.Catalog(r.Context())
	if err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	if strings.HasPrefix(r.URL.Path, "/paket/") {
		b, err := c.Bundle(id)
		if err != nil {
			return nil, err
		}
		g := &goods{Bundle: true, ID: b.ID(), Name: b.Name()}
		for _, po := range b.PriceOptions() {
			name := po.Name()
			if name == "" {
				name = b.Name()
			}
			g.Options = append(g.Options, priceOption{ID: po.ID(), Name: name, Price: po.Price()})
		}
		return g, nil
	}
	p, err := c.Product(id)
	if err != nil {
		return nil, err
	}
	if !p.Published() {
		return nil, errs.E(errs.NotFound, catalog.CodeUnknownProduct, "webui: product "+id+" is not published")
	}
	g := &goods{ID: p.ID(), Name: p.Name()}
	if p.HasOptions() {
		vals := p.OptionValues()
		for i, name := range p.Options() {
			g.Axes = append(g.Axes, axis{Index: i, Name: name, Values: vals[i]})
		}
	} else if vs := p.Variants(); len(vs) > 0 {
		g.Price = vs[0].Price()
	}
	return g, nil
}

// formInput is the order form as posted.
type formInput struct {
	Options     []string // one value per axis
	PriceOption string
	Quantity    string
	Name        string
	Phone       string
	Email       string
	Address     string
	LocationID  string
	Location    string // the chosen location as the buyer read it
	Ship        string // "courier/service"
	Method      string
	Voucher     string
	Notes       string
	Key         string // the idempotency key, one per form
	Expected    string // the total the buyer was shown
}

func readForm(r *http.Request, g *goods) formInput {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in := formInput{PriceOption: f("price_option"), Quantity: f("quantity"), Name: f("name"), Phone: f("phone"), Email: f("email"),
		Address: f("address"), LocationID: f("location_id"), Location: f("location_label"), Ship: f("ship"), Method: f("method"),
		Voucher: strings.ToUpper(f("voucher")), Notes: f("notes"), Key: f("key"), Expected: f("expected")}
	for i := range g.Axes {
		in.Options = append(in.Options, f("opt"+strconv.Itoa(i)))
	}
	return in
}

// request is the quote request of a form. A quantity that is not a
// number is left 0, which the Service refuses with its own sentence.
func (in formInput) request(g *goods) kasir.QuoteRequest {
	qty, _ := strconv.ParseInt(in.Quantity, 10, 64)
	var req kasir.QuoteRequest
	if g.Bundle {
		req.Bundles = []catalog.LineRequest{{PriceOptionID: in.PriceOption, Quantity: qty}}
	} else {
		req.Lines = []catalog.LineRequest{{ProductID: g.ID, Options: strings.Join(in.Options, ", "), Quantity: qty}}
	}
	req.LocationID = in.LocationID
	req.PaymentMethod = payment.Method(in.Method)
	if c, s, ok := strings.Cut(in.Ship, "/"); ok {
		req.Courier, req.Service = c, s
	}
	req.Customer = kasir.CustomerInput{Name: in.Name, Phone: in.Phone, Email: in.Email}
	if _, err := checkout.ParsePhone(in.Phone); err != nil {
		req.Customer.Phone = "" // a phone being typed does not refuse the quote
	}
	return req
}

type shipOption struct {
	Value   string
	Name    string
	Price   money.Money
	Days    string
	Checked bool
	Refusal string // why the payment method cannot use it
}

type line struct {
	Label  string
	Amount string
	Class  string
}

// priced is what the form shows for its input: the shipping options, the
// voucher's state, the breakdown and the errors by form field.
type priced struct {
	Lang          string
	Ship          []shipOption
	NeedsShipping bool
	NoLocation    bool
	Lines         []line
	Total         money.Money // what the buyer pays
	Grand         money.Money // the grand total, which placing compares
	HasTotal      bool
	Voucher       string // the voucher's state: the saving or the refusal
	VoucherOK     bool
	Errors        map[string]string
	Methods       []methodOption
}

type methodOption struct {
	Value   string
	Label   string
	Checked bool
}

// evaluate prices a form: every amount comes from the Service.
func (h *handler) evaluate(ctx context.Context, l string, g *goods, in *formInput) (*priced, kasir.QuoteRequest) {
	out := &priced{Lang: l, Errors: map[string]string{}}
	methods := h.svc.PaymentMethods()
	if in.Method == "" || !validMethod(methods, in.Method) {
		in.Method = string(methods[0])
	}
	for _, m := range methods {
		out.Methods = append(out.Methods, methodOption{Value: string(m), Label: text(l, "method_"+string(m)), Checked: string(m) == in.Method})
	}
	req := in.request(g)
	// The voucher: which slot it goes in, or why it does not apply.
	if in.Voucher != "" {
		probe := req
		probe.Courier, probe.Service = "", ""
		probe.ProductVoucher, probe.ShippingVoucher = in.Voucher, in.Voucher
		if in.LocationID == "" {
			probe.LocationID = ""
		}
		vs, err := h.svc.EligibleVouchers(ctx, probe)
		switch {
		case err != nil:
			// the cart itself is refused; its error shows below
		default:
			found := false
			for _, v := range vs {
				if !strings.EqualFold(v.Code, in.Voucher) {
					continue
				}
				found = true
				if !v.Eligible {
					out.Voucher = sayCode(l, v.Reason)
					break
				}
				out.VoucherOK = true
				if v.Kind == pricing.ShippingVoucher {
					req.ShippingVoucher = v.Code
					out.Voucher = text(l, "voucher_shipping_ok")
				} else {
					req.ProductVoucher = v.Code
					out.Voucher = text(l, "voucher_ok")
				}
			}
			if !found {
				out.Voucher = sayCode(l, pricing.CodeVoucherNotFound)
			}
		}
	}
	// The courier services to the destination, for the chosen method.
	if req.LocationID != "" {
		probe := req
		probe.Courier, probe.Service = "", ""
		opts, err := h.svc.ShippingOptions(ctx, probe)
		if err != nil {
			out.Errors[formField(errs.Field(err))] = sayCode(l, errs.Code(err))
		}
		chosen := ""
		for _, o := range opts {
			v := o.Courier + "/" + o.Service
			if o.ErrorCode == "" && (v == in.Ship || chosen == "" && !hasUsable(opts, in.Ship)) && chosen == "" {
				chosen = v
			}
		}
		for _, o := range opts {
			so := shipOption{Value: o.Courier + "/" + o.Service, Name: o.Name, Price: o.Price, Days: days(l, o.EtdMinDays, o.EtdMaxDays)}
			if so.Name == "" {
				so.Name = strings.ToUpper(o.Courier) + " " + o.Service
			}
			if o.ErrorCode != "" {
				so.Refusal = sayCode(l, o.ErrorCode)
			}
			so.Checked = so.Value == chosen
			out.Ship = append(out.Ship, so)
		}
		out.NeedsShipping = len(opts) > 0
		in.Ship = chosen
		req.Courier, req.Service, _ = strings.Cut(chosen, "/")
		if chosen == "" && len(opts) > 0 && err == nil {
			out.Errors["ship"] = sayCode(l, "shipping_option_not_found")
		}
	} else {
		out.NoLocation = true
	}
	q, err := h.svc.Quote(ctx, req)
	if err != nil {
		f := formField(errs.Field(err))
		if !(f == "location" && in.LocationID == "") {
			out.Errors[f] = sayCode(l, errs.Code(err))
		}
		return out, req
	}
	out.NoLocation = false
	out.Lines, out.Total, out.Grand, out.HasTotal = breakdown(l, q), q.Breakdown.Payable, q.Breakdown.GrandTotal, true
	return out, req
}

func validMethod(ms []payment.Method, m string) bool {
	for _, x := range ms {
		if string(x) == m {
			return true
		}
	}
	return false
}

func hasUsable(opts []kasir.ShippingOption, v string) bool {
	for _, o := range opts {
		if o.ErrorCode == "" && o.Courier+"/"+o.Service == v {
			return true
		}
	}
	return false
}

func days(l string, lo, hi int) string {
	switch {
	case lo <= 0 && hi <= 0:
		return ""
	case lo == hi || lo <= 0:
		return strconv.Itoa(max(lo, hi)) + " " + text(l, "days")
	default:
		return strconv.Itoa(lo) + "–" + strconv.Itoa(hi) + " " + text(l, "days")
	}
}

// breakdown is the buyer's lines of a quote.
func breakdown(l string, q *kasir.Quotation) []line {
	b := q.Breakdown
	var out []line
	for _, it := range q.Items {
		out = append(out, line{Label: it.Name + " × " + strconv.FormatInt(it.Quantity, 10), Amount: it.Subtotal.String()})
	}
	add := func(key string, m money.Money, neg bool) {
		if m == 0 {
			return
		}
		s := m.String()
		cls := ""
		if neg {
			s, cls = "−"+s, "minus"
		}
		out = append(out, line{Label: text(l, key), Amount: s, Class: cls})
	}
	out = append(out, line{Label: text(l, "subtotal"), Amount: b.Subtotal.String(), Class: "sub"})
	add("product_discount", b.ProductDiscount, true)
	if q.Shipment != nil {
		out = append(out, line{Label: text(l, "shipping_cost"), Amount: b.ShippingCost.String()})
	}
	add("shipping_discount", b.ShippingDiscount, true)
	add("insurance_fee", b.InsuranceFee, false)
	add("additional_cost", b.AdditionalCost, false)
	add("ppn", b.PPNAdded, false)
	if b.ServiceFeePayer == pricing.Buyer {
		add("cod_fee", b.ServiceFee, false)
	}
	add("withheld", b.Withheld, true)
	if q.PaymentMethod == payment.BankTransfer {
		out = append(out, line{Label: text(l, "unique_code"), Amount: text(l, "unique_code_later")})
	}
	return out
}

// formField is the form field an error's field path belongs to.
func formField(path string) string {
	switch {
	case path == "":
		return "general"
	case strings.HasPrefix(path, "customer.name"):
		return "name"
	case strings.HasPrefix(path, "customer.phone"):
		return "phone"
	case strings.HasPrefix(path, "customer.email"):
		return "email"
	case strings.HasPrefix(path, "address.line"):
		return "address"
	case strings.Contains(path, "location_id"), strings.HasPrefix(path, "address"):
		return "location"
	case strings.Contains(path, "voucher"):
		return "voucher"
	case path == "courier" || path == "service" || path == "insurance":
		return "ship"
	case path == "payment_method":
		return "method"
	case strings.HasSuffix(path, "quantity"):
		return "quantity"
	case strings.HasPrefix(path, "lines") || strings.HasPrefix(path, "bundles"):
		return "variant"
	case path == "notes":
		return "notes"
	}
	return "general"
}

type formPage struct {
	Goods  *goods
	Action string
	In     formInput
	P      *priced
	Phone  string // the phone's state when the page was rendered
}

// form: GET /beli/{id} and GET /paket/{id}, the order form.
func (h *handler) form(w http.ResponseWriter, r *http.Request) {
	g, err := h.goodsOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := formInput{Quantity: "1", Key: newKey()}
	for _, a := range g.Axes {
		if len(a.Values) == 1 {
			in.Options = append(in.Options, a.Values[0])
		} else {
			in.Options = append(in.Options, "")
		}
	}
	if len(g.Options) > 0 {
		in.PriceOption = g.Options[0].ID
	}
	h.showForm(w, r, http.StatusOK, g, in, nil)
}

func (h *handler) showForm(w http.ResponseWriter, r *http.Request, status int, g *goods, in formInput, p *priced) {
	if p == nil {
		p, _ = h.evaluate(r.Context(), lang(r), g, &in)
		if in.LocationID == "" {
			clear(p.Errors) // a fresh form shows no refusals
		}
	}
	action := "/beli/"
	if g.Bundle {
		action = "/paket/"
	}
	h.render(w, r, status, "form", h.pageData(r, formPage{Goods: g, Action: h.base + action + url.PathEscape(g.ID), In: in, P: p}))
}

// priceAnswer is what the form's script receives: the parts to replace,
// rendered by the server, and the errors by field.
type priceAnswer struct {
	Shipping  string            `json:"shipping"`
	Summary   string            `json:"summary"`
	Voucher   string            `json:"voucher"`
	VoucherOK bool              `json:"voucher_ok"`
	Errors    map[string]string `json:"errors"`
	Expected  string            `json:"expected"`
}

// price: POST /beli/{id}/harga, the form priced again as the buyer types.
func (h *handler) price(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	g, err := h.goodsOf(r)
	if err != nil {
		h.jsonError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.jsonError(w, r, errs.Invalidf(errs.CodeInvalidInput, "webui: the form cannot be read"))
		return
	}
	in := readForm(r, g)
	p, _ := h.evaluate(r.Context(), lang(r), g, &in)
	v := h.pageData(r, formPage{Goods: g, In: in, P: p})
	ans := priceAnswer{Voucher: p.Voucher, VoucherOK: p.VoucherOK, Errors: p.Errors}
	if p.HasTotal {
		ans.Expected = strconv.FormatInt(int64(p.Grand), 10)
	}
	if ans.Shipping, err = h.fragment("form", "shipping", v); err == nil {
		ans.Summary, err = h.fragment("form", "summary", v)
	}
	if err != nil {
		h.jsonError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// place: POST /beli/{id}, the order placed (at most Config.RateLimit a
// second from one client). Success redirects to the order
// page; a refusal shows the form again with the sentence by its field.
func (h *handler) place(w http.ResponseWriter, r *http.Request) {
	if !h.allow(w, r, h.posts) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	g, err := h.goodsOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, errs.Invalidf(errs.CodeInvalidInput, "webui: the form cannot be read"))
		return
	}
	in := readForm(r, g)
	l := lang(r)
	p, qr := h.evaluate(r.Context(), l, g, &in)
	if in.Voucher != "" && !p.VoucherOK {
		p.Errors["voucher"] = p.Voucher
	}
	if len(p.Errors) > 0 {
		h.showForm(w, r, http.StatusUnprocessableEntity, g, in, p)
		return
	}
	req := kasir.OrderRequest{QuoteRequest: qr, Notes: in.Notes,
		Address: kasir.AddressInput{Line: in.Address, LocationID: in.LocationID}}
	req.Customer.Phone = in.Phone
	if e, err := strconv.ParseInt(in.Expected, 10, 64); err == nil && e > 0 {
		m := money.Money(e)
		req.ExpectedGrandTotal = &m
	}
	req.IdempotencyKey = buyerKey(in.Key, in.Phone)
	o, _, err := h.svc.PlaceOrderReplayed(r.Context(), req)
	if err != nil {
		if errs.Code(err) == "" || errors.Is(err, errs.Unavailable) {
			h.log.ErrorContext(r.Context(), "webui: placing an order", "err", err)
		}
		f := formField(errs.Field(err))
		if errs.Field(err) == "expected_grand_total" || errs.Code(err) == "price_changed" {
			f = "general"
		}
		p.Errors[f] = sayCode(l, errs.Code(err))
		if errs.Code(err) == "" {
			p.Errors[f] = text(l, "error_text")
		}
		h.showForm(w, r, http.StatusUnprocessableEntity, g, in, p)
		return
	}
	http.Redirect(w, r, h.base+"/o/"+url.PathEscape(o.Slug), http.StatusSeeOther)
}

// buyerKey scopes the form's idempotency key to the buyer's phone, as the
// JSON API does, so a key guessed for another phone is another key.
func buyerKey(key, phone string) string {
	key = strings.TrimSpace(key)
	if key == "" {
		return ""
	}
	scope := strings.TrimSpace(phone)
	if p, err := checkout.ParsePhone(phone); err == nil {
		scope = p.E164()
	}
	return "web:" + scope + ":" + key
}

func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type phoneAnswer struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// checkPhone: GET /cek-nomor?number=, the WhatsApp number as it is typed.
func (h *handler) checkPhone(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	pc, err := h.svc.CheckPhone(r.Context(), r.URL.Query().Get("number"))
	switch {
	case err != nil:
		writeJSON(w, http.StatusOK, phoneAnswer{Message: sayCode(l, errs.Code(err))})
	case !pc.Mobile:
		writeJSON(w, http.StatusOK, phoneAnswer{Message: sayCode(l, "phone_not_mobile")})
	case pc.WhatsApp != nil && !*pc.WhatsApp && h.svc.Settings().RequireWhatsApp:
		writeJSON(w, http.StatusOK, phoneAnswer{Message: sayCode(l, "phone_not_whatsapp")})
	default:
		writeJSON(w, http.StatusOK, phoneAnswer{OK: true, Message: text(l, "phone_ok") + " " + pc.National})
	}
}

type locationAnswer struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// locations: GET /lokasi?q=, the districts the buyer may pick.
func (h *handler) locations(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := []locationAnswer{}
	if len([]rune(q)) >= 3 {
		ls, err := h.svc.SearchLocations(r.Context(), q, 8)
		if err != nil {
			h.jsonError(w, r, err)
			return
		}
		for _, l := range ls {
			label := l.District + ", " + l.City + ", " + l.Province
			if len(l.PostalCodes) > 0 {
				label += " " + l.PostalCodes[0]
			}
			out = append(out, locationAnswer{ID: l.ID, Label: label})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// abandon: POST /tinggal, sent by the form's script when the buyer leaves
// with a name and a phone typed: the Service keeps the checkout.
func (h *handler) abandon(w http.ResponseWriter, r *http.Request) {
	if !h.allow(w, r, h.posts) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	req := kasir.AbandonedRequest{Name: f("name"), Phone: f("phone"), Email: f("email"), Notes: f("address")}
	qty, _ := strconv.ParseInt(f("quantity"), 10, 64)
	qty = max(qty, 1)
	switch {
	case f("price_option") != "":
		req.Lines = []catalog.LineRequest{{PriceOptionID: f("price_option"), Quantity: qty}}
	case f("product") != "":
		var opts []string
		for i := 0; i < 8 && r.PostForm.Has("opt"+strconv.Itoa(i)); i++ {
			opts = append(opts, f("opt"+strconv.Itoa(i)))
		}
		lr := catalog.LineRequest{ProductID: f("product"), Quantity: qty}
		if len(opts) > 0 && !contains(opts, "") {
			lr.Options = strings.Join(opts, ", ")
		}
		req.Lines = []catalog.LineRequest{lr}
	}
	if _, err := h.svc.CaptureAbandoned(r.Context(), req); err != nil {
		if len(req.Lines) > 0 && errs.KindOf(err) == errs.Invalid {
			req.Lines = nil // keep the buyer even when the cart cannot be read
			_, err = h.svc.CaptureAbandoned(r.Context(), req)
		}
		if err != nil {
			w.WriteHeader(http.StatusUnprocessableEntity)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *handler) jsonError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusUnprocessableEntity
	switch {
	case errors.Is(err, errs.NotFound):
		status = http.StatusNotFound
	case errs.Code(err) == "" || errors.Is(err, errs.Unavailable):
		h.log.ErrorContext(r.Context(), "webui: request failed", "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, map[string]string{"error": h.say(r, err)})
}
