package kasir

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

// Error codes of stored procurement besides those of package procurement.
const (
	// CodeNotOnTerms: a payment on terms for an order that is not a
	// procurement order.
	CodeNotOnTerms = "not_on_terms"
	// CodeUnknownVoucher: a platform voucher code the platform does not
	// define.
	CodeUnknownVoucher = pricing.CodeVoucherNotFound
)

// MaxProcurementItems bounds the items of one procurement purchase.
const MaxProcurementItems = 200

// ProcurementConfig is the platform's terms for procurement purchases.
type ProcurementConfig struct {
	// Platform is the platform's name, NPWP, transaction fee and the
	// fee's PPN and PPh 23.
	Platform procurement.Platform
	// BuyerKinds are the kinds of buyer and their withholding; nil:
	// procurement.DefaultBuyerKinds.
	BuyerKinds map[string]procurement.BuyerKind
	// PaymentTerms are the terms in days the platform allows; nil:
	// procurement.DefaultPaymentTerms. Each store may narrow them
	// (Settings.PaymentTerms).
	PaymentTerms []int
	// Vouchers are the platform vouchers a purchase may name (product
	// vouchers, split among the sellers).
	Vouchers []pricing.VoucherRule
}

// Procurement places procurement purchases (docs/procurement.md): one
// purchase of a buyer account holds items of several stores (the
// sellers) and becomes one order per seller, each placed in its seller's
// store, all under one checkout id, in one unit of work across the
// stores. It keeps the platform's buyer accounts. It is safe for
// concurrent use.
type Procurement struct {
	stores  *Stores
	records ports.Procurement
	cfg     ProcurementConfig
}

// NewProcurement returns the procurement of the stores, keeping buyer
// accounts and purchases in records (the platform: memory.Platform and
// postgres.Platform implement ports.Procurement). Errors: invalid_input
// for a missing dependency, buyer kinds, a fee or a voucher out of range.
func NewProcurement(stores *Stores, records ports.Procurement, cfg ProcurementConfig) (*Procurement, error) {
	if stores == nil || records == nil {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: procurement needs the stores and the platform's records")
	}
	if cfg.BuyerKinds == nil {
		cfg.BuyerKinds = procurement.DefaultBuyerKinds()
	}
	for name, k := range cfg.BuyerKinds {
		if err := k.Validate(); err != nil {
			return nil, errs.At("buyer_kinds."+name, err)
		}
	}
	if cfg.PaymentTerms == nil {
		cfg.PaymentTerms = procurement.DefaultPaymentTerms()
	}
	for i, v := range cfg.Vouchers {
		if err := v.Validate(); err != nil {
			return nil, errs.At("vouchers["+strconv.Itoa(i)+"]", err)
		}
	}
	cfg.BuyerKinds = maps.Clone(cfg.BuyerKinds)
	cfg.PaymentTerms = slices.Clone(cfg.PaymentTerms)
	cfg.Vouchers = slices.Clone(cfg.Vouchers)
	return &Procurement{stores: stores, records: records, cfg: cfg}, nil
}

func (p *Procurement) now(ctx context.Context) time.Time { return p.stores.deps.Clock.Now(ctx) }

// PutBuyerAccount creates or replaces a buyer account; its kind must be
// one the platform defines. CreatedAt is set on creation and kept after,
// UpdatedAt is now. Errors: invalid_input naming the field,
// unknown_buyer_kind (field "kind").
func (p *Procurement) PutBuyerAccount(ctx context.Context, a ports.BuyerAccount) (ports.BuyerAccount, error) {
	return p.storeAccount(ctx, a, p.records.PutBuyerAccount)
}

// CreateBuyerAccount creates a buyer account, as PutBuyerAccount does,
// but never replaces one: an id taken, also by a concurrent create, is
// duplicate (kind Conflict).
func (p *Procurement) CreateBuyerAccount(ctx context.Context, a ports.BuyerAccount) (ports.BuyerAccount, error) {
	return p.storeAccount(ctx, a, p.records.CreateBuyerAccount)
}

// storeAccount checks a and stores it with save.
func (p *Procurement) storeAccount(ctx context.Context, a ports.BuyerAccount, save func(context.Context, ports.BuyerAccount) error) (ports.BuyerAccount, error) {
	a.CompanyName = strings.TrimSpace(a.CompanyName)
	a.NPWP = strings.TrimSpace(a.NPWP)
	if err := a.Validate(); err != nil {
		return ports.BuyerAccount{}, err
	}
	if _, ok := p.cfg.BuyerKinds[a.Kind]; !ok {
		return ports.BuyerAccount{}, errs.Invalidf(procurement.CodeUnknownBuyerKind, "kasir: buyer kind %q is not defined", a.Kind).WithField("kind")
	}
	now := p.now(ctx)
	a.CreatedAt, a.UpdatedAt = now, now // the store keeps the first CreatedAt
	if err := save(ctx, a); err != nil {
		return ports.BuyerAccount{}, err
	}
	return p.records.BuyerAccount(ctx, a.ID)
}

// BuyerAccount returns one: buyer_account_not_found.
func (p *Procurement) BuyerAccount(ctx context.Context, id string) (ports.BuyerAccount, error) {
	return p.records.BuyerAccount(ctx, id)
}

// BuyerAccounts lists accounts by id, from offset, at most limit (≤ 0:
// all), and how many there are.
func (p *Procurement) BuyerAccounts(ctx context.Context, offset, limit int) ([]ports.BuyerAccount, int, error) {
	return p.records.ListBuyerAccounts(ctx, offset, limit)
}

// DeleteBuyerAccount removes one: buyer_account_not_found. Orders placed
// for it keep the buyer as they named it.
func (p *Procurement) DeleteBuyerAccount(ctx context.Context, id string) error {
	return p.records.DeleteBuyerAccount(ctx, id)
}

// ProcurementRequest is a procurement purchase as a buyer submits it. It
// carries no price: every amount comes from the sellers' catalogs and
// couriers and the platform's terms.
type ProcurementRequest struct {
	BuyerAccountID string `json:"buyer_account_id"`
	// Address is the index of the buyer account's address the goods go to.
	Address int `json:"address"`
	// PurchaseRequest is the buyer's purchase-request number.
	PurchaseRequest string `json:"purchase_request,omitempty"`
	// ReceiveBy is the day ("YYYY-MM-DD") the goods must be received at
	// the latest; "" for none. It is not before the day of placing (WIB).
	ReceiveBy string                        `json:"receive_by,omitempty"`
	Items     []ProcurementItem             `json:"items"`
	Couriers  map[string]ProcurementCourier `json:"couriers"` // by seller (store id)
	// Voucher is a platform voucher's code; "" for none.
	Voucher         string `json:"voucher,omitempty"`
	PaymentTermDays int    `json:"payment_term_days"`
	// IdempotencyKey makes retries safe: the same key and request give
	// the same purchase; the same key with another request is
	// idempotency_conflict.
	IdempotencyKey string `json:"-"`
}

// ProcurementItem is one line of a purchase: a seller's product by SKU or
// variant id.
type ProcurementItem struct {
	Seller    string `json:"seller"`
	SKU       string `json:"sku,omitempty"`
	VariantID string `json:"variant_id,omitempty"`
	Quantity  int64  `json:"quantity"`
}

// ProcurementCourier is a seller's courier choice.
type ProcurementCourier struct {
	Courier   string `json:"courier"`
	Service   string `json:"service"`
	Insurance bool   `json:"insurance,omitempty"`
}

// ProcurementOrder is one seller's order of a purchase.
type ProcurementOrder struct {
	Store string          `json:"store"`
	Order *checkout.Order `json:"order"`
}

// ProcurementResult is a purchase quoted or placed: the buyer, each
// seller's order and the totals across them. A quote's orders have no
// id, number or checkout id.
type ProcurementResult struct {
	CheckoutID      string             `json:"checkout_id,omitempty"`
	PurchaseRequest string             `json:"purchase_request,omitempty"`
	ReceiveBy       string             `json:"receive_by,omitempty"`
	BuyerAccountID  string             `json:"buyer_account_id"`
	PlacedAt        time.Time          `json:"placed_at"`
	PaymentTermDays int                `json:"payment_term_days"`
	DueAt           time.Time          `json:"due_at"`
	VoucherDiscount money.Money        `json:"voucher_discount"`
	Orders          []ProcurementOrder `json:"orders"`
	Totals          procurement.Totals `json:"totals"`
}

// part is one seller's share of a purchase being priced.
type part struct {
	store string
	svc   *Service
	items []int // indexes into the request's items
	p     *prepared
	qt    *Quotation
	order *checkout.Order
}

// Quote prices a purchase without placing it (see Place for the errors).
func (p *Procurement) Quote(ctx context.Context, req ProcurementRequest) (*ProcurementResult, error) {
	res, _, err := p.build(ctx, req, p.now(ctx), false)
	return res, err
}

// Place places a purchase: it prices it as Quote does, then in one unit
// of work across the sellers' stores reserves every seller's stock,
// numbers and stores each seller's order (an invoice order on the
// purchase's terms, with its procurement figures and tax documents), and
// records the purchase and its idempotency key. When any seller's part
// fails (out_of_stock …) nothing is placed in any store.
//
// Errors name the field at fault: buyer_account_not_found
// (buyer_account_id), unknown_buyer_kind, invalid_input (no items, a
// quantity ≤ 0, a bad address index or date), unknown_seller
// (items[i].seller), courier_required (couriers.<seller>),
// payment_term_not_allowed, voucher_not_found, voucher_not_applicable,
// voucher_min_subtotal, the catalog's errors at items[i] (unknown_sku,
// out_of_stock …), shipping_option_not_found (couriers.<seller>),
// idempotency_conflict.
func (p *Procurement) Place(ctx context.Context, req ProcurementRequest) (res *ProcurementResult, replayed bool, err error) {
	key := strings.TrimSpace(req.IdempotencyKey)
	hash := procurementHash(req)
	now := p.now(ctx)
	res, parts, err := p.build(ctx, req, now, true)
	if err != nil {
		if key != "" {
			if r, rerr := p.replay(ctx, key, hash); r != nil || rerr != nil {
				return r, r != nil, rerr
			}
		}
		return nil, false, err
	}
	ids := make([]string, len(parts))
	for i, pt := range parts {
		ids[i] = pt.store
	}
	var prior *ports.Purchase
	placed := make([]*checkout.Order, len(parts))
	err = p.records.AtomicStores(ctx, ids, func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error {
		prior = nil
		if key != "" {
			pu, err := ptx.PurchaseByKey(ctx, key)
			switch {
			case err == nil:
				if pu.RequestHash != hash {
					return idempotencyConflict()
				}
				prior = &pu
				return nil
			case !errors.Is(err, ports.ErrNotFound):
				return err
			}
		}
		pu := ports.Purchase{ID: res.CheckoutID, IdempotencyKey: key, RequestHash: hash, BuyerAccountID: req.BuyerAccountID,
			PurchaseRequest: res.PurchaseRequest, PlacedAt: now}
		for i, pt := range parts {
			o := pt.order.Clone()
			if err := pt.svc.reserve(ctx, txs[i], o, pt.p); err != nil {
				return relocate(err, pt.store, pt.items)
			}
			seq, err := txs[i].NextSequence(ctx, pt.svc.sequenceName(now))
			if err != nil {
				return err
			}
			o.Number = fmt.Sprintf("%s-%04d", pt.svc.sequenceName(now), seq)
			if err := txs[i].CreateOrder(ctx, o); err != nil {
				return err
			}
			if err := pt.svc.record(ctx, txs[i], ports.Event{Type: ports.EventOrderPlaced, OrderID: o.ID, OrderNumber: o.Number,
				From: checkout.StatusDraft, To: o.Status(), At: now, Reason: "placed (procurement " + res.CheckoutID + ")"}); err != nil {
				return err
			}
			placed[i] = o
			pu.Orders = append(pu.Orders, ports.PurchaseOrder{Store: pt.store, OrderID: o.ID, Number: o.Number})
		}
		return ptx.CreatePurchase(ctx, pu)
	})
	if err != nil {
		return nil, false, err
	}
	if prior != nil {
		r, err := p.result(ctx, *prior)
		return r, true, err
	}
	for i, pt := range parts {
		res.Orders[i].Order = placed[i]
		pt.svc.publish(ctx, placed[i].ID)
	}
	return res, false, nil
}

// Purchase returns a placed purchase with its orders as they are now:
// purchase_not_found.
func (p *Procurement) Purchase(ctx context.Context, id string) (*ProcurementResult, error) {
	pu, err := p.records.Purchase(ctx, id)
	if err != nil {
		return nil, err
	}
	return p.result(ctx, pu)
}

// Purchases lists the purchases of a buyer account ("" for all), newest
// first, with their orders as they are now, and how many there are.
func (p *Procurement) Purchases(ctx context.Context, buyerAccountID string, offset, limit int) ([]*ProcurementResult, int, error) {
	list, total, err := p.records.ListPurchases(ctx, buyerAccountID, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*ProcurementResult, 0, len(list))
	for _, pu := range list {
		r, err := p.result(ctx, pu)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, nil
}

// replay returns the purchase an idempotency key already placed, nil when
// the key is new, or idempotency_conflict.
func (p *Procurement) replay(ctx context.Context, key, hash string) (*ProcurementResult, error) {
	var prior *ports.Purchase
	err := p.records.AtomicStores(ctx, nil, func(ctx context.Context, ptx ports.PlatformTx, _ []ports.Tx) error {
		pu, err := ptx.PurchaseByKey(ctx, key)
		switch {
		case errors.Is(err, ports.ErrNotFound):
			return nil
		case err != nil:
			return err
		case pu.RequestHash != hash:
			return idempotencyConflict()
		}
		prior = &pu
		return nil
	})
	if err != nil || prior == nil {
		return nil, err
	}
	return p.result(ctx, *prior)
}

// result reads a purchase's orders from their stores.
func (p *Procurement) result(ctx context.Context, pu ports.Purchase) (*ProcurementResult, error) {
	r := &ProcurementResult{CheckoutID: pu.ID, PurchaseRequest: pu.PurchaseRequest, BuyerAccountID: pu.BuyerAccountID, PlacedAt: pu.PlacedAt}
	for _, po := range pu.Orders {
		st, err := p.stores.Store(po.Store)
		if err != nil {
			return nil, err
		}
		o, err := st.Order(ctx, po.OrderID)
		if err != nil {
			return nil, err
		}
		r.Orders = append(r.Orders, ProcurementOrder{Store: po.Store, Order: o})
	}
	r.summarize()
	return r, nil
}

// summarize sets the result's terms and totals from its orders.
func (r *ProcurementResult) summarize() {
	r.Totals = procurement.Totals{}
	for _, po := range r.Orders {
		o := po.Order
		pr, t := o.Procurement, &r.Totals
		t.AddQuote(&o.Breakdown)
		r.VoucherDiscount = t.ProductDiscount
		if pr == nil {
			continue
		}
		t.PlatformFee += pr.PlatformFee
		t.PlatformFeePPN += pr.PlatformFeePPN
		t.PlatformFeePPh23 += pr.PlatformFeePPh23
		t.SellerSettlement += pr.SellerSettlement
		r.PaymentTermDays, r.DueAt, r.ReceiveBy = pr.PaymentTermDays, pr.DueAt, pr.ReceiveBy
	}
}

// procurementHash is the digest an idempotency key is bound to.
func procurementHash(req ProcurementRequest) string {
	req.IdempotencyKey = ""
	b, _ := json.Marshal(req) // plain data: cannot fail
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// build checks and prices a purchase and, when ids is set, gives the
// purchase and each order their ids.
func (p *Procurement) build(ctx context.Context, req ProcurementRequest, now time.Time, ids bool) (*ProcurementResult, []*part, error) {
	if len(req.Items) == 0 {
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: a purchase needs at least one item").WithField("items")
	}
	if len(req.Items) > MaxProcurementItems {
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: a purchase has at most %d items", MaxProcurementItems).WithField("items")
	}
	tx := texts(nil).add(checkout.IDText, "buyer_account_id", req.BuyerAccountID).
		add(checkout.IDText, "purchase_request", req.PurchaseRequest).add(checkout.IDText, "voucher", req.Voucher)
	for i, it := range req.Items {
		f := "items[" + strconv.Itoa(i) + "]"
		tx = tx.add(checkout.IDText, f+".seller", it.Seller).add(checkout.IDText, f+".sku", it.SKU).add(checkout.IDText, f+".variant_id", it.VariantID)
	}
	for id, c := range req.Couriers {
		tx = tx.add(checkout.IDText, "couriers", id).add(checkout.IDText, "couriers."+id+".courier", c.Courier).add(checkout.IDText, "couriers."+id+".service", c.Service)
	}
	if err := tx.check(); err != nil {
		return nil, nil, err
	}
	acct, err := p.records.BuyerAccount(ctx, strings.TrimSpace(req.BuyerAccountID))
	if err != nil {
		return nil, nil, errs.At("buyer_account_id", err)
	}
	if req.Address < 0 || req.Address >= len(acct.Addresses) {
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: buyer account %s has %d addresses; there is no address %d", acct.ID, len(acct.Addresses), req.Address).WithField("address")
	}
	addr := acct.Addresses[req.Address]
	placedDay := now.In(procurement.WIB).Format(time.DateOnly)
	if req.ReceiveBy != "" {
		d, err := time.Parse(time.DateOnly, req.ReceiveBy)
		if err != nil || d.Format(time.DateOnly) != req.ReceiveBy {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: receive_by is a day as YYYY-MM-DD, got %q", req.ReceiveBy).WithField("receive_by")
		}
		if req.ReceiveBy < placedDay {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: receive_by %s is before the day of placing, %s", req.ReceiveBy, placedDay).WithField("receive_by")
		}
	}

	// Group the items by seller, in the order of each seller's first item.
	var parts []*part
	bySeller := map[string]*part{}
	for i, it := range req.Items {
		f := "items[" + strconv.Itoa(i) + "]"
		if it.Quantity <= 0 {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: item %d of seller %q: quantity must be positive, got %d", i+1, it.Seller, it.Quantity).WithField(f + ".quantity")
		}
		pt, ok := bySeller[it.Seller]
		if !ok {
			svc, err := p.seller(ctx, it.Seller)
			if err != nil {
				return nil, nil, errs.At(f+".seller", err)
			}
			pt = &part{store: it.Seller, svc: svc}
			bySeller[it.Seller] = pt
			parts = append(parts, pt)
		}
		pt.items = append(pt.items, i)
	}
	for _, id := range slices.Sorted(maps.Keys(req.Couriers)) {
		if _, ok := bySeller[id]; !ok {
			return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: a courier is chosen for %q, a seller with no items in the purchase", id).WithField("couriers." + id)
		}
	}

	// The terms first: they are the platform's and the sellers' to allow.
	if !slices.Contains(p.cfg.PaymentTerms, req.PaymentTermDays) {
		return nil, nil, errs.Invalidf(procurement.CodePaymentTermNotAllowed, "kasir: a payment term of %d days is not allowed; allowed: %v", req.PaymentTermDays, p.cfg.PaymentTerms).WithField("payment_term_days")
	}
	for _, pt := range parts {
		if terms := pt.svc.settings.PaymentTerms; terms != nil && !slices.Contains(terms, req.PaymentTermDays) {
			return nil, nil, errs.Invalidf(procurement.CodePaymentTermNotAllowed, "kasir: seller %q does not accept a payment term of %d days; it accepts %v", pt.store, req.PaymentTermDays, terms).WithField("payment_term_days")
		}
	}
	c := procurement.Checkout{
		Buyer:      procurement.Buyer{Name: acct.CompanyName, NPWP: acct.NPWP, Kind: acct.Kind},
		BuyerKinds: p.cfg.BuyerKinds, Platform: p.cfg.Platform, Couriers: map[string]procurement.Courier{},
		PaymentTerms: p.cfg.PaymentTerms, PaymentTermDays: req.PaymentTermDays, PlacedAt: now,
	}
	if code := strings.TrimSpace(req.Voucher); code != "" {
		i := slices.IndexFunc(p.cfg.Vouchers, func(v pricing.VoucherRule) bool { return strings.EqualFold(v.Code, code) })
		if i < 0 {
			return nil, nil, errs.Invalidf(pricing.CodeVoucherNotFound, "kasir: the platform has no voucher %q", code).WithField("voucher")
		}
		v := p.cfg.Vouchers[i]
		c.Voucher = &v
	}
	// Price each seller's part with its own catalog, courier and rates.
	for _, pt := range parts {
		choice, ok := req.Couriers[pt.store]
		if !ok {
			return nil, nil, errs.Invalidf(procurement.CodeCourierRequired, "kasir: seller %q has items but no courier choice", pt.store).WithField("couriers." + pt.store)
		}
		if err := pt.price(ctx, req, choice, addr.LocationID); err != nil {
			return nil, nil, err
		}
		st := pt.svc.settings
		c.Sellers = append(c.Sellers, procurement.Seller{
			ID: pt.store, Name: st.StoreName, NPWP: st.NPWP, PaymentTerms: st.PaymentTerms,
			Tax: procurement.SellerTax{PPNPercent: st.Tax.PPNPercent, DPPFactor: st.Tax.DPPFactor, PricesIncludePPN: st.Tax.PricesIncludePPN, PPNOnShipping: st.Tax.PPNOnShipping},
		})
		cr := procurement.Courier{}
		if sh := pt.qt.Shipment; sh != nil {
			cr = procurement.Courier{Courier: sh.Courier, Service: sh.Service, Cost: sh.Price, CashbackPercent: pt.p.opt.CashbackPercent}
			if pt.qt.Insurance.Chosen {
				cr.InsuranceFee = pt.qt.Insurance.Fee
			}
		}
		c.Couriers[pt.store] = cr
	}
	// The items as the sellers' carts hold them (two lines of one product
	// are one item), seller after seller, priced by their catalogs.
	for _, pt := range parts {
		cat, err := pt.svc.deps.Catalog.Catalog(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range pt.qt.Items {
			category := procurement.Standard
			if pr, err := cat.Product(it.ProductID); err == nil && pr.Exempt() {
				category = procurement.Exempt
			}
			c.Items = append(c.Items, procurement.Item{Seller: pt.store, SKU: it.SKU, UnitPrice: it.UnitPrice, Quantity: it.Quantity, Category: category})
		}
	}
	q, err := procurement.Quote(c)
	if err != nil {
		return nil, nil, err
	}
	res := &ProcurementResult{
		PurchaseRequest: strings.TrimSpace(req.PurchaseRequest), ReceiveBy: req.ReceiveBy, BuyerAccountID: acct.ID,
		PlacedAt: now, PaymentTermDays: q.PaymentTermDays, DueAt: q.DueAt, VoucherDiscount: q.VoucherDiscount, Totals: q.Totals,
	}
	if ids {
		if res.CheckoutID, err = p.stores.deps.IDs.NewID(ctx); err != nil {
			return nil, nil, err
		}
	}
	kind := c.BuyerKinds[cmp.Or(acct.Kind, procurement.KindRegular)]
	for k, pt := range parts {
		qo := q.Orders[k] // Quote keeps the order of each seller's first item, as parts do
		o, err := pt.newOrder(ctx, res, acct, addr, qo, kind, ids)
		if err != nil {
			return nil, nil, err
		}
		pt.order = o
		res.Orders = append(res.Orders, ProcurementOrder{Store: pt.store, Order: o})
	}
	return res, parts, nil
}

// seller returns the Service of a seller's store: unknown_seller when the
// store does not exist or has no configuration.
func (p *Procurement) seller(ctx context.Context, id string) (*Service, error) {
	if err := ports.ValidateStoreID(id); err != nil {
		return nil, errs.Invalidf(procurement.CodeUnknownSeller, "kasir: %q is not a seller's store id", id)
	}
	if _, err := p.stores.deps.Platform.StoreInfo(ctx, id); err != nil {
		if errs.KindOf(err) == errs.NotFound {
			return nil, errs.Invalidf(procurement.CodeUnknownSeller, "kasir: there is no seller %q", id)
		}
		return nil, err
	}
	svc, err := p.stores.Service(ctx, id)
	if errors.Is(err, ports.ErrConfigNotFound) {
		return nil, errs.Invalidf(procurement.CodeUnknownSeller, "kasir: seller %q sells nothing yet", id)
	}
	return svc, err
}

// price resolves the seller's lines in its catalog against its live stock
// and prices its courier's service to the buyer's address.
func (pt *part) price(ctx context.Context, req ProcurementRequest, choice ProcurementCourier, locationID string) error {
	s := pt.svc
	qr := QuoteRequest{LocationID: locationID, Courier: choice.Courier, Service: choice.Service, Insurance: choice.Insurance}
	for _, i := range pt.items {
		it := req.Items[i]
		qr.Lines = append(qr.Lines, catalog.LineRequest{SKU: it.SKU, VariantID: it.VariantID, Quantity: it.Quantity})
	}
	pp := &prepared{method: payment.Invoice}
	items, err := s.resolveCart(ctx, qr.Lines, nil)
	if err != nil {
		return relocate(err, pt.store, pt.items)
	}
	pp.items = items
	if err := s.setup(ctx, pp, 0, "", "", s.deps.Store); err != nil {
		return relocate(err, pt.store, pt.items)
	}
	if pp.items.NeedsShipping() {
		if err := s.route(ctx, pp, locationID); err != nil {
			return errs.At("couriers."+pt.store, err)
		}
	}
	qt, err := s.quoteOf(pp, qr)
	if err != nil {
		return errs.At("couriers."+pt.store, err)
	}
	pt.p, pt.qt = pp, qt
	return nil
}

// newOrder builds the seller's order of the purchase from its quote.
func (pt *part) newOrder(ctx context.Context, res *ProcurementResult, acct ports.BuyerAccount, addr ports.BuyerAddress,
	qo procurement.Order, kind procurement.BuyerKind, ids bool) (*checkout.Order, error) {
	s := pt.svc
	var address checkout.Address
	if pt.p.dest != nil {
		a, err := checkout.NewAddress(addr.Line, addr.PostalCode, *pt.p.dest)
		if err != nil {
			return nil, errs.At("address", err)
		}
		address = a
	}
	tax := s.settings.Tax
	tax.PPNCollectedByBuyer, tax.PPh22Percent, tax.PPh22OnShipping, tax.PPh23Percent = false, money.Rate{}, false, money.Rate{}
	if qo.Withholding {
		tax.PPNCollectedByBuyer, tax.PPh22Percent, tax.PPh22OnShipping, tax.PPh23Percent = kind.PPNCollectedByBuyer, kind.PPh22Percent, kind.PPh22OnShipping, kind.PPh23Percent
	}
	var id, slug string
	if ids {
		var err error
		if id, err = s.deps.IDs.NewID(ctx); err != nil {
			return nil, err
		}
		if slug, err = s.deps.IDs.NewSlug(ctx); err != nil {
			return nil, err
		}
	}
	items := checkout.Items(pt.qt.Items).Clone()
	o, err := checkout.NewOrder(id, slug, res.PlacedAt, checkout.Sale{
		Customer: checkout.Customer{Name: acct.CompanyName}, Address: address, Items: items, Shipment: pt.qt.Shipment,
		Quote: qo.Quote, Tax: tax, Method: payment.Invoice,
	}, checkout.PaymentTerms{Invoice: payment.Terms{Days: res.PaymentTermDays}}, "")
	if err != nil {
		return nil, err
	}
	o.Payment.DueDate = qo.DueAt
	o.Procurement = &checkout.Procurement{
		CheckoutID: res.CheckoutID, PurchaseRequest: res.PurchaseRequest, ReceiveBy: res.ReceiveBy,
		BuyerAccountID: acct.ID, BuyerName: acct.CompanyName, BuyerNPWP: acct.NPWP, BuyerKind: cmp.Or(acct.Kind, procurement.KindRegular),
		SellerName: s.settings.StoreName, SellerNPWP: s.settings.NPWP,
		GoodsTaxBase: qo.GoodsTaxBase, ExemptAmount: qo.ExemptAmount, Withholding: qo.Withholding,
		PlatformFee: qo.PlatformFee, PlatformFeePPN: qo.PlatformFeePPN, PlatformFeePPh23: qo.PlatformFeePPh23, SellerSettlement: qo.SellerSettlement,
		PaymentTermDays: res.PaymentTermDays, DueAt: qo.DueAt, Payable: qo.Quote.Payable,
		TaxInvoice: qo.TaxInvoice, WithholdingSlip: qo.WithholdingSlip, FeeSlip: qo.FeeSlip,
	}
	return o, nil
}

// relocate names a seller's line error by the purchase's item: "lines[j]…"
// of the seller's j-th line becomes "items[i]…"; any other error is put
// under "sellers.<store>".
func relocate(err error, store string, idx []int) error {
	f := errs.Field(err)
	if rest, ok := strings.CutPrefix(f, "lines["); ok {
		if end := strings.IndexByte(rest, ']'); end > 0 {
			if j, perr := strconv.Atoi(rest[:end]); perr == nil && j >= 0 && j < len(idx) {
				field := "items[" + strconv.Itoa(idx[j]) + "]" + rest[end+1:]
				var fs errs.FieldSetter
				var e *errs.Error
				switch {
				case errors.As(err, &fs):
					return fs.WithErrorField(field)
				case errors.As(err, &e):
					return e.WithField(field)
				}
			}
		}
	}
	return errs.At("sellers."+store, err)
}

// TermPayment is a payment on terms as the seller records it.
type TermPayment struct {
	Amount    money.Money `json:"amount"`
	Reference string      `json:"reference,omitempty"`
	PaidAt    time.Time   `json:"paid_at,omitzero"` // zero: now
}

// RecordTermPayment records a partial or final payment on terms against a
// procurement order's payable amount. Concurrent payments never take the
// paid sum above it: each runs in the order's unit of work. The payment
// that completes it marks the order paid (order.paid; an order still
// pending payment moves to processing). Errors: order_not_found,
// not_on_terms, invalid_input (amount ≤ 0), payment_exceeds_payable.
func (s *Service) RecordTermPayment(ctx context.Context, id string, pay TermPayment) (*checkout.Order, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.IDText, "reference", pay.Reference).check(); err != nil {
		return nil, err
	}
	return s.update(ctx, id, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		pr := o.Procurement
		if pr == nil {
			return "", "", errs.E(errs.Invalid, CodeNotOnTerms, "kasir: order "+o.Number+" is not a procurement order on terms")
		}
		if o.Status() == checkout.StatusCancelled || o.Status() == checkout.StatusExpired {
			return "", "", errs.E(errs.Conflict, CodeNotAwaitingPayment, "kasir: order "+o.Number+" is "+string(o.Status()))
		}
		paidAt := pay.PaidAt
		if paidAt.IsZero() {
			paidAt = now
		}
		if err := o.PayOnTerms(pay.Amount, strings.TrimSpace(pay.Reference), paidAt, now); err != nil {
			return "", "", err
		}
		if !pr.Settled() {
			return evRecorded, "payment on terms", nil
		}
		o.Payment.PaidAt = paidAt
		if o.Status() == checkout.StatusPendingPayment {
			if _, err := transition(ctx, tx, o, checkout.StatusProcessing, now, "paid in full on terms", ""); err != nil {
				return "", "", err
			}
		}
		return ports.EventOrderPaid, "paid in full on terms", nil
	})
}

// TermsDue lists the store's procurement orders not paid in full that are
// overdue at now (within 0) or due within the given time from now
// (within > 0), by the filter's paging, newest first.
func (s *Service) TermsDue(ctx context.Context, within time.Duration, offset, limit int) (OrderPage, error) {
	now := s.now(ctx)
	f := ports.OrderFilter{TermsDueBefore: now, Offset: offset, Limit: limit}
	if within > 0 {
		f = ports.OrderFilter{TermsDueFrom: now, TermsDueBefore: now.Add(within), Offset: offset, Limit: limit}
	}
	return s.ListOrders(ctx, f)
}
