package kasir

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Service error codes.
const (
	CodeEmptyCart              = "empty_cart"
	CodePaymentNotOffered      = "payment_method_not_offered"
	CodeShippingOptionNotFound = "shipping_option_not_found"
	CodeNoCourier              = "no_courier"
	CodeIdempotencyConflict    = "idempotency_conflict"
	CodePhoneNotWhatsApp       = "phone_not_whatsapp"
	CodePaymentAmountMismatch  = "payment_amount_mismatch"
	CodeNotAwaitingPayment     = "not_awaiting_payment"
	// CodeTooManyUnpaidOrders: the buyer's phone already has as many
	// orders waiting for payment as the store allows (Conflict).
	CodeTooManyUnpaidOrders = "too_many_unpaid_orders"
)

// CustomerInput is the buyer as a request gives it.
type CustomerInput struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// QuoteRequest is a cart with its delivery, payment and vouchers: what a
// checkout form sends to be priced. It carries no price: every amount is
// computed by the Service from the catalog, the couriers and the store.
type QuoteRequest struct {
	// Lines name products by SKU, variant id, or product id + options.
	Lines []catalog.LineRequest `json:"lines,omitempty"`
	// Bundles name bundle price options by price_option_id.
	Bundles []catalog.LineRequest `json:"bundles,omitempty"`
	// LocationID is the destination district; an order may give it in its
	// address instead.
	LocationID      string         `json:"location_id,omitempty"`
	Courier         string         `json:"courier,omitempty"`
	Service         string         `json:"service,omitempty"`
	PaymentMethod   payment.Method `json:"payment_method,omitempty"`
	ProductVoucher  string         `json:"product_voucher,omitempty"`
	ShippingVoucher string         `json:"shipping_voucher,omitempty"`
	Insurance       bool           `json:"insurance,omitempty"`
	// Customer's phone, when given, counts per-customer voucher limits.
	Customer CustomerInput `json:"customer,omitzero"`
}

// InsuranceInfo tells whether the chosen service insures the parcel.
type InsuranceInfo struct {
	Available bool        `json:"available"`
	Mandatory bool        `json:"mandatory"`
	Chosen    bool        `json:"chosen"`
	Fee       money.Money `json:"fee"`
}

// Quotation is a priced cart: the items as they would be sold, the courier
// service, and the whole breakdown of docs/quote.md.
type Quotation struct {
	Items           []checkout.Item    `json:"items"`
	Shipment        *checkout.Shipment `json:"shipment,omitempty"`
	Insurance       InsuranceInfo      `json:"insurance"`
	PaymentMethod   payment.Method     `json:"payment_method"`
	ProductVoucher  string             `json:"product_voucher,omitempty"`
	ShippingVoucher string             `json:"shipping_voucher,omitempty"`
	Breakdown       pricing.Quote      `json:"breakdown"`
}

// ShippingOption is one courier service for a cart with the whole quote it
// gives, so a seller can pick by what they keep. Options the payment method cannot use (COD not collected there)
// carry the reason instead of a breakdown.
type ShippingOption struct {
	Courier         string         `json:"courier"`
	Service         string         `json:"service"`
	Name            string         `json:"name"`
	Price           money.Money    `json:"price"`
	EtdMinDays      int            `json:"etd_min_days"`
	EtdMaxDays      int            `json:"etd_max_days"`
	COD             bool           `json:"cod"`
	ChargeableGrams int64          `json:"chargeable_grams"`
	Insurance       InsuranceInfo  `json:"insurance"`
	Breakdown       *pricing.Quote `json:"breakdown,omitempty"`
	ErrorCode       string         `json:"error_code,omitempty"`
	ErrorMessage    string         `json:"error_message,omitempty"`
}

// prepared is a request resolved against the catalog, stock, couriers and
// vouchers, ready to be priced.
type prepared struct {
	items   checkout.Items
	method  payment.Method
	phone   string // E.164, "" when not given
	dest    *shipping.Location
	origin  shipping.Location
	whID    string
	ranked  []shipping.Warehouse // the store's warehouses, default then nearest first
	options []shipping.Option
	pv, sv  *pricing.Voucher
	in      pricing.QuoteInput // without shipping and kode unik
	opt     *shipping.Option   // the chosen service, set by quoteOf
	insured bool
	needs   []catalog.Need // the items' stock needs, once stockNeeds has read them
}

// stockNeeds returns the items' stock needs (checkout.Items.StockNeeds),
// worked out once per request.
func (p *prepared) stockNeeds() []catalog.Need {
	if p.needs == nil {
		p.needs = p.items.StockNeeds()
	}
	return p.needs
}

type levels map[string]int64

// Available implements catalog.StockLevels.
func (l levels) Available(id string) int64 { return l[id] }

// resolveCart resolves the request's lines and bundles into a cart checked
// against live stock.
func (s *Service) resolveCart(ctx context.Context, lines, bundles []catalog.LineRequest) (checkout.Items, error) {
	if len(lines)+len(bundles) == 0 {
		return nil, errs.E(errs.Invalid, CodeEmptyCart, "kasir: the cart is empty").WithField("lines")
	}
	cat, err := s.deps.Catalog.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	cart, err := checkout.NewCart(s.settings.Limits)
	if err != nil {
		return nil, err
	}
	type resolved struct {
		list string
		i    int
		line catalog.Line
	}
	cart.Grow(len(lines) + len(bundles))
	all := make([]resolved, 0, len(lines)+len(bundles))
	ids := make([]string, 0, len(lines)+len(bundles))
	for _, in := range []struct {
		list string
		reqs []catalog.LineRequest
	}{{"lines", lines}, {"bundles", bundles}} {
		for i, r := range in.reqs {
			if in.list == "bundles" && strings.TrimSpace(r.PriceOptionID) == "" {
				return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: a bundle is named by its price_option_id").WithField(in.list + "[" + itoa(i) + "].price_option_id")
			}
			line, err := cat.Resolve(r, nil)
			if err != nil {
				return nil, relabel(err, in.list, i)
			}
			all = append(all, resolved{in.list, i, line})
			if line.Kind() == catalog.VariantLine {
				ids = append(ids, line.VariantID()) // its one need
				continue
			}
			for _, n := range line.StockNeeds() {
				ids = append(ids, n.VariantID)
			}
		}
	}
	lv, err := s.deps.Store.StockLevels(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if err := cart.AddChecked(r.line, levels(lv)); err != nil {
			return nil, relabel(err, r.list, r.i)
		}
	}
	return cart.Items(), nil
}

// relabel names the request line an error came from. Cart errors name
// "lines[n]" by call order; resolution errors name no line.
func relabel(err error, list string, i int) error {
	strip := func(f string) string {
		if strings.HasPrefix(f, "lines[") {
			if j := strings.IndexByte(f, ']'); j > 0 {
				return strings.TrimPrefix(f[j+1:], ".")
			}
		}
		return f
	}
	var oos *catalog.OutOfStockError
	var e *errs.Error
	switch {
	case errors.As(err, &oos) && oos == err:
		c := *oos
		c.Field = strip(c.Field)
		err = &c
	case errors.As(err, &e) && e == err:
		err = e.WithField(strip(e.Field))
	}
	return errs.At(list+"["+itoa(i)+"]", err)
}

func (s *Service) checkMethod(m payment.Method) (payment.Method, error) {
	if m == "" {
		return "", errs.Invalidf(errs.CodeInvalidInput, "kasir: choose a payment method").WithField("payment_method")
	}
	if !m.Valid() {
		return "", errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown payment method %q", m).WithField("payment_method")
	}
	for _, o := range s.methods {
		if o == m && m.Offerable() {
			return m, nil
		}
	}
	return "", errs.E(errs.Invalid, CodePaymentNotOffered, "kasir: this store does not take "+string(m)).WithField("payment_method")
}

// prepare resolves everything but the courier service and the kode unik.
// phone, when not empty, is the customer's phone already normalised
// (E.164); otherwise req.Customer.Phone is parsed.
func (s *Service) prepare(ctx context.Context, req QuoteRequest, defaultMethod bool, phone string) (*prepared, error) {
	p := &prepared{}
	m := req.PaymentMethod
	if m == "" && defaultMethod {
		m = s.methods[0]
	}
	var err error
	if p.method, err = s.checkMethod(m); err != nil {
		return nil, err
	}
	p.phone = phone
	if phone == "" && req.Customer.Phone != "" {
		ph, err := checkout.ParseMobile(req.Customer.Phone)
		if err != nil {
			return nil, errs.At("customer.phone", err)
		}
		p.phone = ph.E164()
	}
	if p.items, err = s.resolveCart(ctx, req.Lines, req.Bundles); err != nil {
		return nil, err
	}
	if err := s.setup(ctx, p, s.settings.AdditionalCost, req.ProductVoucher, req.ShippingVoucher, s.deps.Store); err != nil {
		return nil, err
	}
	if p.items.NeedsShipping() {
		if err := s.route(ctx, p, req.LocationID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// setup fills the quote input from the items, the method and the vouchers.
func (s *Service) setup(ctx context.Context, p *prepared, additional money.Money, productVoucher, shippingVoucher string, vr voucherReader) error {
	p.in = pricing.QuoteInput{
		Lines:          p.items.PricingLines(),
		Digital:        !p.items.NeedsShipping(),
		AdditionalCost: additional,
		Tax:            s.settings.Tax,
	}
	if p.method == payment.COD {
		if !p.items.NeedsShipping() {
			return errs.E(errs.Invalid, pricing.CodeCODNotAllowed, "kasir: an order with nothing to ship cannot be paid cash on delivery").WithField("payment_method")
		}
		if !p.items.CODAllowed() {
			return errs.E(errs.Invalid, pricing.CodeCODNotAllowed, "kasir: an item in the cart cannot be paid cash on delivery").WithField("payment_method")
		}
		fee := s.settings.COD
		p.in.COD = &fee
	}
	for _, v := range []struct {
		code, field string
		kind        pricing.VoucherKind
		dst         **pricing.Voucher
		rule        **pricing.VoucherRule
	}{
		{productVoucher, "product_voucher", pricing.ProductVoucher, &p.pv, &p.in.ProductVoucher},
		{shippingVoucher, "shipping_voucher", pricing.ShippingVoucher, &p.sv, &p.in.ShippingVoucher},
	} {
		code := strings.TrimSpace(v.code)
		if code == "" {
			continue
		}
		sv, err := s.usableVoucher(ctx, vr, code, v.kind, p.method, p.phone)
		if err != nil {
			return errs.At(v.field, err)
		}
		*v.dst = &sv
		rule := sv.VoucherRule
		*v.rule = &rule
	}
	return nil
}

type voucherReader interface {
	Voucher(ctx context.Context, code string) (pricing.Voucher, error)
	VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error)
}

// usableVoucher loads a stored voucher and checks it may be used now.
func (s *Service) usableVoucher(ctx context.Context, r voucherReader, code string, kind pricing.VoucherKind, m payment.Method, phone string) (pricing.Voucher, error) {
	v, err := r.Voucher(ctx, code)
	if err != nil {
		return pricing.Voucher{}, err
	}
	if v.Kind != kind {
		return pricing.Voucher{}, errs.E(errs.Invalid, pricing.CodeVoucherWrongKind, "kasir: voucher "+v.Code+" is a "+v.Kind.String()+" voucher, not a "+kind.String()+" voucher")
	}
	used, err := r.VoucherUsage(ctx, v.Code, phone)
	if err != nil {
		return pricing.Voucher{}, err
	}
	if err := v.CheckUsable(s.now(ctx), m, used); err != nil {
		return pricing.Voucher{}, err
	}
	return v, nil
}

// location looks a location up, placing the port's not-found error (which
// names no field) at the request's location_id: an unknown origin, from
// the settings or a warehouse, answers as an unknown destination does.
func (s *Service) location(ctx context.Context, id string) (shipping.Location, error) {
	loc, err := s.deps.Locations.Location(ctx, id)
	if errors.Is(err, ports.ErrLocationNotFound) {
		err = errs.At("location_id", err)
	}
	return loc, err
}

// route finds the destination, the origin warehouse and the courier rates.
func (s *Service) route(ctx context.Context, p *prepared, locationID string) error {
	locationID = strings.TrimSpace(locationID)
	if locationID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: a destination is needed to ship the order").WithField("location_id")
	}
	dest, err := s.location(ctx, locationID)
	if err != nil {
		return err
	}
	p.dest = &dest
	if err := s.origin(ctx, p); err != nil {
		return err
	}
	if s.deps.Couriers == nil {
		return errs.E(errs.Unavailable, CodeNoCourier, "kasir: no courier is configured to price shipping")
	}
	items := make([]ports.RateItem, 0, len(p.items))
	for _, it := range p.items {
		if !it.Digital {
			items = append(items, ports.RateItem{Name: it.Name, SKU: it.SKU, Value: it.UnitPrice, WeightGrams: it.UnitWeight, Quantity: it.Quantity, Dimensions: it.Dimensions})
		}
	}
	opts, err := s.deps.Couriers.Rates(ctx, ports.RateRequest{
		Origin: p.origin, Destination: dest, Items: items, GoodsValue: p.items.GoodsValue(),
	})
	if err != nil {
		return err
	}
	// The options are the caller's own (ports.Couriers): kept as they
	// come when every one is valid, which is the rule.
	valid := 0
	for i := range opts {
		if opts[i].Validate() == nil {
			valid++
		}
	}
	if valid == len(opts) {
		p.options = opts
		return nil
	}
	p.options = make([]shipping.Option, 0, valid)
	for _, o := range opts {
		if o.Validate() == nil {
			p.options = append(p.options, o)
		}
	}
	return nil
}

func (s *Service) origin(ctx context.Context, p *prepared) error {
	if s.deps.Warehouses == nil {
		if s.settings.OriginLocationID == "" {
			return nil
		}
		loc, err := s.location(ctx, s.settings.OriginLocationID)
		p.origin = loc
		return err
	}
	ws, err := s.ranked(ctx, p.dest)
	if err != nil {
		return err
	}
	p.ranked = ws
	if w, ok, err := s.storedWarehouse(ctx, p); err != nil || ok {
		if err == nil {
			err = s.originAt(ctx, p, w)
		}
		return err
	}
	need := map[string]int64{}
	var skus []string
	for _, n := range p.stockNeeds() {
		if _, ok := need[n.SKU]; !ok {
			skus = append(skus, n.SKU)
		}
		need[n.SKU] += n.Quantity
	}
	stock := map[string]map[string]int64{}
	tracked := false
	for _, w := range ws {
		lv, t, err := s.deps.Warehouses.WarehouseStock(ctx, w.ID, skus)
		if err != nil {
			return err
		}
		tracked = tracked || t
		stock[w.ID] = lv
	}
	var at func(string, string) int64
	if tracked {
		at = func(w, sku string) int64 { return stock[w][sku] }
	}
	w, err := shipping.ChooseWarehouse(ws, need, at)
	if err != nil {
		return err
	}
	return s.originAt(ctx, p, w)
}

// originAt makes w the parcel's origin.
func (s *Service) originAt(ctx context.Context, p *prepared, w shipping.Warehouse) error {
	p.whID = w.ID
	loc, err := s.location(ctx, w.LocationID)
	if err != nil {
		return err
	}
	p.origin = loc
	return nil
}

// storedWarehouse picks the origin from the stock the store keeps per
// warehouse, by the same rule placing reserves with; ok is false when the
// store keeps none of the order's variants per warehouse (or the chosen
// warehouse is not one the Warehouses adapter lists).
func (s *Service) storedWarehouse(ctx context.Context, p *prepared) (w shipping.Warehouse, ok bool, err error) {
	needs := p.stockNeeds()
	ids := make([]string, 0, len(needs))
	for _, n := range needs {
		ids = append(ids, n.VariantID)
	}
	if len(ids) == 0 {
		return w, false, nil
	}
	levels, err := s.deps.Store.WarehouseLevels(ctx, ids)
	if err != nil || len(levels) == 0 {
		return w, false, err
	}
	id, err := s.chooser(p.ranked, needs)(levels)
	if err != nil {
		return w, false, err
	}
	i := slices.IndexFunc(p.ranked, func(x shipping.Warehouse) bool { return x.ID == id })
	if i < 0 {
		return w, false, nil
	}
	return p.ranked[i], true, nil
}

// findOption picks the requested courier service from the rates.
func (p *prepared) findOption(courier, service string) (shipping.Option, error) {
	courier, service = strings.TrimSpace(courier), strings.TrimSpace(service)
	if courier == "" {
		return shipping.Option{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: choose a courier").WithField("courier")
	}
	if service == "" {
		return shipping.Option{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: choose a courier service").WithField("service")
	}
	for _, o := range p.options {
		if strings.EqualFold(o.Courier, courier) && strings.EqualFold(o.Service, service) {
			return o, nil
		}
	}
	return shipping.Option{}, errs.E(errs.Invalid, CodeShippingOptionNotFound, "kasir: "+courier+" "+service+" does not deliver this parcel to this destination").WithField("service")
}

// price computes the quote with the given option (nil when nothing ships)
// and kode unik. The COD errors of shipping and pricing, which name no
// field, are placed at the request's payment_method.
func (s *Service) price(p *prepared, opt *shipping.Option, insurance bool, uniqueCode int) (pricing.Quote, *checkout.Shipment, InsuranceInfo, error) {
	q, sh, info, err := s.priceOf(p, opt, insurance, uniqueCode)
	if err == nil {
		return q, sh, info, nil
	}
	switch errs.Code(err) {
	case shipping.CodeCODNotAvailable, pricing.CodeCODNotAllowed, pricing.CodeCODLimitExceeded:
		if errs.Field(err) == "" {
			err = errs.At("payment_method", err)
		}
	}
	return q, sh, info, err
}

func (s *Service) priceOf(p *prepared, opt *shipping.Option, insurance bool, uniqueCode int) (pricing.Quote, *checkout.Shipment, InsuranceInfo, error) {
	in := p.in
	in.UniqueCode = uniqueCode
	var info InsuranceInfo
	var sh *checkout.Shipment
	if opt != nil {
		if p.method == payment.COD {
			if err := shipping.CheckCOD(*opt, *p.dest); err != nil {
				return pricing.Quote{}, nil, info, err
			}
		}
		in.Shipping = pricing.Shipping{Cost: opt.Price, CashbackPercent: opt.CashbackPercent}
		if p.method == payment.COD {
			in.Shipping.CODMax = opt.CODMax
			fee := *p.in.COD
			if !opt.CODFeePercent.IsZero() {
				fee.Percent = opt.CODFeePercent
			}
			in.COD = &fee
		}
		// The order records the weight the option was priced for: the
		// items packed as every courier adapter packs them.
		var weightItems []shipping.Item
		for _, it := range p.items {
			if !it.Digital {
				weightItems = append(weightItems, shipping.Item{WeightGrams: it.UnitWeight, Quantity: it.Quantity, Dimensions: it.Dimensions})
			}
		}
		w, err := shipping.PackedWeight(weightItems, opt.Weight)
		if err != nil {
			return pricing.Quote{}, nil, info, err
		}
		if opt.Insurance != nil {
			// A grand-total base is taken before the premium itself; only
			// that base needs the quote priced first.
			var total money.Money
			if opt.Insurance.Base == shipping.GrandTotal {
				q0, err := pricing.Calculate(in)
				if err != nil {
					return pricing.Quote{}, nil, info, err
				}
				total = q0.GrandTotal
			}
			prem, err := opt.Insurance.Premium(p.items.GoodsValue(), total)
			switch {
			case err == nil:
				info = InsuranceInfo{Available: true, Mandatory: prem.Mandatory, Fee: prem.Fee}
			case errs.Code(err) != shipping.CodeInsuranceNotAvailable:
				return pricing.Quote{}, nil, info, err
			}
		}
		if insurance && !info.Available {
			return pricing.Quote{}, nil, info, errs.E(errs.Invalid, shipping.CodeInsuranceNotAvailable, "kasir: "+opt.Name+" does not insure this parcel").WithField("insurance")
		}
		info.Chosen = insurance || info.Mandatory
		if info.Chosen {
			in.InsuranceFee = info.Fee
		}
		sh = &checkout.Shipment{
			Courier: opt.Courier, Service: opt.Service, Name: opt.Name, Price: opt.Price,
			EtdMinDays: opt.EtdMinDays, EtdMaxDays: opt.EtdMaxDays, Insured: info.Chosen,
			ChargeableGrams: w.ChargeableGrams, WarehouseID: p.whID, OriginID: p.origin.ID, Return: opt.Return,
		}
	}
	q, err := pricing.Calculate(in)
	if err != nil {
		return pricing.Quote{}, nil, info, err
	}
	return q, sh, info, nil
}

// Quote prices a cart for a destination, courier service, payment method
// and vouchers (see docs/quote.md). It reserves nothing. A bank transfer's kode unik
// is allocated when the order is placed, so the quote shows it as 0.
//
// Errors name the request field at fault: catalog errors (unknown_sku,
// out_of_stock …), voucher errors, invalid_phone, cod_not_available,
// cod_not_allowed, cod_limit_exceeded, shipping_option_not_found,
// payment_method_not_offered, empty_cart, unknown_location.
func (s *Service) Quote(ctx context.Context, req QuoteRequest) (*Quotation, error) {
	if err := s.checkRequest(req, nil); err != nil {
		return nil, err
	}
	p, err := s.prepare(ctx, req, false, "")
	if err != nil {
		return nil, err
	}
	return s.quoteOf(p, req)
}

func (s *Service) quoteOf(p *prepared, req QuoteRequest) (*Quotation, error) {
	var opt *shipping.Option
	if p.items.NeedsShipping() {
		o, err := p.findOption(req.Courier, req.Service)
		if err != nil {
			return nil, err
		}
		opt = &o
	}
	q, sh, info, err := s.price(p, opt, req.Insurance, 0)
	if err != nil {
		return nil, err
	}
	p.opt, p.insured = opt, req.Insurance
	qt := &Quotation{Items: p.items, Shipment: sh, Insurance: info, PaymentMethod: p.method, Breakdown: q}
	if p.pv != nil {
		qt.ProductVoucher = p.pv.Code
	}
	if p.sv != nil {
		qt.ShippingVoucher = p.sv.Code
	}
	return qt, nil
}

// ShippingOptions lists every courier service that can carry the cart to
// the destination, each with its whole quote for the request's payment
// method (the store's first method when none is given) and vouchers.
// Services the method cannot use (COD not collected, COD cap exceeded) are
// listed with the reason instead of a breakdown. A cart with nothing to
// ship has no options.
func (s *Service) ShippingOptions(ctx context.Context, req QuoteRequest) ([]ShippingOption, error) {
	if err := s.checkRequest(req, nil); err != nil {
		return nil, err
	}
	p, err := s.prepare(ctx, req, true, "")
	if err != nil {
		return nil, err
	}
	out := []ShippingOption{}
	for _, o := range p.options {
		so := ShippingOption{Courier: o.Courier, Service: o.Service, Name: o.Name, Price: o.Price,
			EtdMinDays: o.EtdMinDays, EtdMaxDays: o.EtdMaxDays, COD: o.COD && p.dest.COD}
		q, sh, info, err := s.price(p, &o, req.Insurance, 0)
		so.Insurance = info
		if sh != nil {
			so.ChargeableGrams = sh.ChargeableGrams
		}
		if err != nil {
			so.ErrorCode, so.ErrorMessage = errs.Code(err), err.Error()
			if so.ErrorCode == "" || errs.KindOf(err) == errs.Unavailable {
				return nil, err
			}
		} else {
			so.Breakdown = &q
		}
		out = append(out, so)
	}
	return out, nil
}
