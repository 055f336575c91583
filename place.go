package kasir

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// AddressInput is the delivery address as a request gives it.
type AddressInput struct {
	Line       string `json:"line,omitempty"`
	LocationID string `json:"location_id,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
}

// OrderRequest is a checkout form submitted: the quote request plus who
// the buyer is and where it goes. It carries no price; ExpectedGrandTotal
// is only compared.
type OrderRequest struct {
	QuoteRequest
	Address AddressInput `json:"address,omitzero"`
	Notes   string       `json:"notes,omitempty"`
	// ExpectedGrandTotal is the grand total the buyer was shown. When set
	// and the Service's quote differs, the order is refused with
	// price_changed and nothing is reserved. For a bank transfer it is
	// compared before the kode unik is added.
	ExpectedGrandTotal *money.Money `json:"expected_grand_total,omitempty"`
	// IdempotencyKey makes retries safe: the same key and request give the
	// same order; the same key with another request is
	// idempotency_conflict.
	IdempotencyKey string `json:"-"`
}

// customer checks the buyer's name, phone and email.
func checkCustomer(in CustomerInput) (checkout.Customer, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return checkout.Customer{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: the customer's name is required").WithField("customer.name")
	}
	if strings.TrimSpace(in.Phone) == "" {
		return checkout.Customer{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: the customer's phone is required").WithField("customer.phone")
	}
	ph, err := checkout.ParseMobile(in.Phone)
	if err != nil {
		return checkout.Customer{}, errs.At("customer.phone", err)
	}
	email := strings.TrimSpace(in.Email)
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			return checkout.Customer{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: %q is not an email address", email).WithField("customer.email")
		}
	}
	return checkout.Customer{Name: name, Phone: ph.E164(), Email: email}, nil
}

// requestHash is the digest an idempotency key is bound to.
func requestHash(req OrderRequest) string {
	req.IdempotencyKey = ""
	b, _ := json.Marshal(req) // plain data: cannot fail
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// PlaceOrder places an order: it prices the request like Quote, then in one
// unit of work reserves stock, redeems the vouchers, allocates the kode unik
// of a bank transfer (so no two pending transfers share an amount), records
// the idempotency key and stores the order. Any error leaves stock, vouchers,
// kode unik and orders as they were. COD orders start processing, the
// others pending payment.
//
// A gateway order without an idempotency key gets its payment link before
// the unit of work, so a gateway that fails leaves nothing stored. With a
// key, the link is made after the unit has taken the key, so concurrent
// retries of one request make one gateway transaction (a retry that reads
// the order before its link is stored gets it without payment_url; read
// the order again). When the gateway then fails, the order is cancelled,
// giving back what it took, and the error returned; the key then reads the
// cancelled order.
//
// Errors: those of Quote; customer.* invalid_input, invalid_phone,
// phone_not_mobile, phone_not_whatsapp; too_many_lines, too_long,
// invalid_text; price_changed (Conflict); idempotency_conflict (Conflict);
// too_many_unpaid_orders (Conflict); out_of_stock, voucher_quota_exhausted,
// voucher_customer_limit; unique_code_exhausted; provider errors of the
// gateway.
func (s *Service) PlaceOrder(ctx context.Context, req OrderRequest) (*checkout.Order, error) {
	o, _, err := s.placeOrder(ctx, req)
	return o, err
}

// PlaceOrderReplayed is PlaceOrder that also reports whether the order was
// placed by an earlier request with the same idempotency key (replayed
// true) rather than now.
func (s *Service) PlaceOrderReplayed(ctx context.Context, req OrderRequest) (o *checkout.Order, replayed bool, err error) {
	return s.placeOrder(ctx, req)
}

func (s *Service) placeOrder(ctx context.Context, req OrderRequest) (*checkout.Order, bool, error) {
	if err := s.checkRequest(req.QuoteRequest, orderTexts(req)); err != nil {
		return nil, false, err
	}
	// The request's digest binds an idempotency key; without a key
	// nothing reads it.
	key, hash := strings.TrimSpace(req.IdempotencyKey), ""
	if key != "" {
		hash = requestHash(req)
	}
	// The key is read once, under its lock in the placing unit. Only when
	// the request cannot be placed now (stock gone, prices changed, …) is
	// it read before answering, so that a retry still gets the order its
	// key made, or idempotency_conflict.
	o, p, err := s.newOrder(ctx, req, key)
	if err != nil {
		if key != "" {
			if o, rerr := s.replay(ctx, key, hash); o != nil || rerr != nil {
				return o, o != nil, rerr
			}
		}
		return nil, false, err
	}
	// With an idempotency key the link is made once the key is taken
	// (linkPlaced), so retries of one request make one link; without one,
	// first, so that a gateway that fails leaves nothing stored.
	if key == "" && o.NeedsPaymentLink() {
		if err := s.link(ctx, o, o.PlacedAt); err != nil {
			return nil, false, err
		}
	}
	placed, replayed, err := s.insert(ctx, o, p, hash)
	switch {
	case err != nil:
		return nil, false, err
	case replayed != nil:
		return replayed, true, nil
	case placed.NeedsPaymentLink():
		if placed, err = s.linkPlaced(ctx, placed); err != nil {
			return nil, false, err
		}
	}
	if _, err := s.deps.Store.ConvertAbandoned(ctx, placed.Customer.Phone, placed.ID, placed.PlacedAt); err != nil {
		s.log.ErrorContext(ctx, "kasir: abandoned checkout not converted", "order", placed.ID, "err", err)
	}
	s.publish(ctx, placed.ID)
	return placed, false, nil
}

// newOrder checks the buyer, prices the request and builds the order it
// places, with nothing reserved yet.
func (s *Service) newOrder(ctx context.Context, req OrderRequest, key string) (*checkout.Order, *prepared, error) {
	cust, err := checkCustomer(req.Customer)
	if err != nil {
		return nil, nil, err
	}
	qr := req.QuoteRequest
	qr.Customer.Phone = cust.Phone
	switch loc := strings.TrimSpace(req.Address.LocationID); {
	case qr.LocationID == "":
		qr.LocationID = loc
	case loc != "" && loc != strings.TrimSpace(qr.LocationID):
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: the address is in another location than location_id").WithField("address.location_id")
	}
	p, err := s.prepare(ctx, qr, false, cust.Phone)
	if err != nil {
		return nil, nil, err
	}
	qt, err := s.quoteOf(p, qr)
	if err != nil {
		return nil, nil, err
	}
	var addr checkout.Address
	if p.items.NeedsShipping() {
		if addr, err = checkout.NewAddress(req.Address.Line, req.Address.PostalCode, *p.dest); err != nil {
			return nil, nil, err
		}
	}
	if req.ExpectedGrandTotal != nil && *req.ExpectedGrandTotal != qt.Breakdown.GrandTotal {
		return nil, nil, errs.E(errs.Conflict, checkout.CodePriceChanged, fmt.Sprintf("kasir: the grand total is now %s, not %s", qt.Breakdown.GrandTotal, *req.ExpectedGrandTotal)).WithField("expected_grand_total")
	}
	if err := s.checkWhatsApp(ctx, cust.Phone); err != nil {
		return nil, nil, err
	}
	id, err := s.deps.IDs.NewID(ctx)
	if err != nil {
		return nil, nil, err
	}
	slug, err := s.deps.IDs.NewSlug(ctx)
	if err != nil {
		return nil, nil, err
	}
	o, err := checkout.NewOrder(id, slug, s.now(ctx), checkout.Sale{
		Customer: cust, Address: addr, Notes: strings.TrimSpace(req.Notes), Items: p.items, Shipment: qt.Shipment,
		ProductVoucher: qt.ProductVoucher, ShipVoucher: qt.ShippingVoucher, AdditionalCost: s.settings.AdditionalCost,
		Quote: qt.Breakdown, Tax: p.in.Tax, Method: p.method,
	}, s.paymentTerms(), key)
	return o, p, err
}

// paymentTerms are the store's terms for setting up a payment.
func (s *Service) paymentTerms() checkout.PaymentTerms {
	return checkout.PaymentTerms{BankAccounts: s.settings.BankAccounts, ExpiryHours: s.settings.ExpiryHours, Invoice: s.settings.InvoiceTerms}
}

// insert stores a new order in one unit of work: it reads the idempotency
// key (returning the order it made before, if any), takes the order's
// stock, vouchers and kode unik, numbers it and records the key and the
// event.
func (s *Service) insert(ctx context.Context, o *checkout.Order, p *prepared, hash string) (placed, replayed *checkout.Order, err error) {
	key, now := o.IdempotencyKey, o.PlacedAt
	err = s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		placed, replayed = nil, nil
		o := o.Clone()
		if key != "" {
			rec, err := tx.Idempotency(ctx, key)
			switch {
			case err == nil:
				if rec.RequestHash != hash {
					return idempotencyConflict()
				}
				replayed, err = tx.Order(ctx, rec.OrderID)
				return err
			case !errors.Is(err, ports.ErrNotFound):
				return err
			}
		}
		if err := s.takeResources(ctx, tx, o, p); err != nil {
			return err
		}
		seqName := s.sequenceName(now)
		seq, err := tx.NextSequence(ctx, seqName)
		if err != nil {
			return err
		}
		o.Number = orderNumber(seqName, seq)
		if err := tx.CreateOrder(ctx, o); err != nil {
			return err
		}
		if key != "" {
			if err := tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: key, RequestHash: hash, OrderID: o.ID, CreatedAt: now}); err != nil {
				return err
			}
		}
		placed = o
		return s.record(ctx, tx, ports.Event{Type: ports.EventOrderPlaced, OrderID: o.ID, OrderNumber: o.Number, From: checkout.StatusDraft, To: o.Status(), At: now, Reason: "placed"})
	})
	return placed, replayed, err
}

// link asks the gateway for the order's payment link, valid from `from`,
// and sets it.
func (s *Service) link(ctx context.Context, o *checkout.Order, from time.Time) error {
	link, err := s.deps.Gateway.CreatePayment(ctx, s.gatewayRequest(o, from))
	if err != nil {
		return err
	}
	o.SetPaymentLink(link)
	return nil
}

// linkPlaced makes the payment link of a gateway order just placed and
// stores it. When the gateway fails the order is cancelled, giving back
// what it took, and the gateway's error returned; a retry with the same
// idempotency key then reads the cancelled order.
func (s *Service) linkPlaced(ctx context.Context, placed *checkout.Order) (*checkout.Order, error) {
	o := placed.Clone()
	if linkErr := s.link(ctx, o, o.PlacedAt); linkErr != nil {
		_, err := s.update(ctx, o.ID, func(ctx context.Context, tx ports.Tx, cur *checkout.Order, now time.Time) (ports.EventType, string, error) {
			if !cur.NeedsPaymentLink() {
				return "", "", nil
			}
			const why = "the payment link could not be created"
			ev, err := transition(ctx, tx, cur, checkout.StatusCancelled, now, why, "")
			return ev, why, err
		})
		if err != nil {
			s.log.ErrorContext(ctx, "kasir: order without a payment link not cancelled", "order", o.ID, "err", err)
		}
		return nil, linkErr
	}
	var out *checkout.Order
	err := s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		cur, err := tx.Order(ctx, o.ID)
		if err != nil {
			return err
		}
		out = cur
		if !cur.NeedsPaymentLink() || cur.Payment.GatewayOrderID != o.Payment.GatewayOrderID {
			return nil // paid, cancelled or changed meanwhile
		}
		cur.Payment = o.Payment
		cur.Version++
		return tx.SaveOrder(ctx, cur)
	})
	return out, err
}

func idempotencyConflict() error {
	return errs.E(errs.Conflict, CodeIdempotencyConflict, "kasir: this idempotency key was used for another request").WithField("idempotency_key")
}

// replay returns the order an idempotency key already made, nil when the key
// is new, or idempotency_conflict when it came with another request.
func (s *Service) replay(ctx context.Context, key, hash string) (*checkout.Order, error) {
	var o *checkout.Order
	err := s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		o = nil
		rec, err := tx.Idempotency(ctx, key)
		if errors.Is(err, ports.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.RequestHash != hash {
			return idempotencyConflict()
		}
		o, err = tx.Order(ctx, rec.OrderID)
		return err
	})
	return o, err
}

// takeResources checks the phone's unpaid orders against the cap, redeems
// the order's vouchers, reserves its stock and, for a bank transfer,
// allocates its kode unik, inside the unit of work.
func (s *Service) takeResources(ctx context.Context, tx ports.Tx, o *checkout.Order, p *prepared) error {
	if err := s.checkUnpaidCap(ctx, tx, o); err != nil {
		return err
	}
	if err := s.redeemVouchers(ctx, tx, o); err != nil {
		return err
	}
	if err := s.reserve(ctx, tx, o, p); err != nil {
		return err
	}
	if o.Payment.Method == payment.BankTransfer {
		return s.allocateCode(ctx, tx, o, p)
	}
	return nil
}

// checkUnpaidCap refuses an order waiting for payment when its phone has as
// many such orders as the store allows; the store keeps the count and holds
// it for the unit of work.
func (s *Service) checkUnpaidCap(ctx context.Context, tx ports.Tx, o *checkout.Order) error {
	limit := *s.settings.MaxOpenUnpaidPerPhone
	if limit == 0 || o.Status() != checkout.StatusPendingPayment {
		return nil
	}
	n, err := tx.UnpaidOrders(ctx, o.Customer.Phone)
	if err != nil {
		return err
	}
	if n >= limit {
		return errs.E(errs.Conflict, CodeTooManyUnpaidOrders, fmt.Sprintf("kasir: %s already has %d orders waiting for payment; pay or cancel one first", o.Customer.Phone, n)).WithField("customer.phone")
	}
	return nil
}

// allocateCode picks the kode unik for a bank-transfer order so that no
// pending transfer holds the same amount, re-prices the order with it and
// holds the amount.
func (s *Service) allocateCode(ctx context.Context, tx ports.Tx, o *checkout.Order, p *prepared) error {
	r := s.settings.UniqueCodes
	base := o.Breakdown.Payable - money.Money(o.Breakdown.UniqueCode)
	held, err := tx.HeldAmounts(ctx, base+money.Money(r.Min), base+money.Money(r.Max))
	if err != nil {
		return err
	}
	taken := map[money.Money]bool{}
	for _, h := range held {
		taken[h] = true
	}
	h := sha256.Sum256([]byte(o.ID))
	start := r.Min + int(binary.BigEndian.Uint32(h[:4])%uint32(r.Len()))
	code, err := payment.PickUniqueCode(r, start, func(c int) bool { return taken[base+money.Money(c)] })
	if err != nil {
		return err
	}
	q, _, _, err := s.price(p, p.opt, p.insured, code)
	if err != nil {
		return err
	}
	o.SetUniqueCode(code, q)
	return tx.HoldAmount(ctx, q.Payable, o.ID)
}

// orderVouchers are the order's vouchers with the request field each is
// named by.
func orderVouchers(o *checkout.Order) []struct {
	code, field string
	kind        pricing.VoucherKind
} {
	return []struct {
		code, field string
		kind        pricing.VoucherKind
	}{{o.ProductVoucher, "product_voucher", pricing.ProductVoucher}, {o.ShipVoucher, "shipping_voucher", pricing.ShippingVoucher}}
}

// redeemVouchers checks that the order's vouchers may still be used, as
// the unit of work reads them, and records their use.
func (s *Service) redeemVouchers(ctx context.Context, tx ports.Tx, o *checkout.Order) error {
	for _, v := range orderVouchers(o) {
		if v.code == "" {
			continue
		}
		if _, err := s.usableVoucher(ctx, tx, v.code, v.kind, o.Payment.Method, o.Customer.Phone); err != nil {
			return errs.At(v.field, err)
		}
		if err := tx.RedeemVoucher(ctx, ports.Redemption{Code: v.code, Customer: o.Customer.Phone, OrderID: o.ID}); err != nil {
			return errs.At(v.field, err)
		}
	}
	return nil
}

// releaseHolds gives back the order's voucher uses and held transfer
// amount (not its stock).
func releaseHolds(ctx context.Context, tx ports.Tx, o *checkout.Order) error {
	for _, v := range orderVouchers(o) {
		if v.code != "" {
			if err := tx.ReleaseVoucher(ctx, v.code, o.ID); err != nil {
				return err
			}
		}
	}
	if o.Payment.HoldsAmount() {
		return tx.ReleaseAmount(ctx, o.Payment.Amount, o.ID)
	}
	return nil
}

// releaseResources gives back what a cancelled or expired order held.
func releaseResources(ctx context.Context, tx ports.Tx, o *checkout.Order) error {
	if err := release(ctx, tx, o); err != nil {
		return err
	}
	return releaseHolds(ctx, tx, o)
}

// orderNumber is the number of the order seq of a sequence, "PREFIX20260102-0007":
// fmt's "%s-%04d" without its allocations.
func orderNumber(sequence string, seq int64) string {
	switch {
	case seq < 0: // never from a store
		return fmt.Sprintf("%s-%04d", sequence, seq)
	case seq > 9999:
		return sequence + "-" + strconv.FormatInt(seq, 10)
	}
	var b [4]byte
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + seq%10)
		seq /= 10
	}
	return sequence + "-" + string(b[:])
}

func (s *Service) sequenceName(t time.Time) string {
	return s.settings.OrderPrefix + t.In(s.loc).Format("20060102")
}

// checkWhatsApp asks the WhatsApp port about the phone. A failed or
// negative check blocks the order only when the store requires it.
func (s *Service) checkWhatsApp(ctx context.Context, phone string) error {
	if s.deps.WhatsApp == nil || !s.settings.RequireWhatsApp {
		return nil
	}
	ok, err := s.deps.WhatsApp.Registered(ctx, strings.TrimPrefix(phone, "+"))
	if err != nil {
		return errs.At("customer.phone", err)
	}
	if !ok {
		return errs.E(errs.Invalid, CodePhoneNotWhatsApp, "kasir: "+phone+" is not on WhatsApp").WithField("customer.phone")
	}
	return nil
}

// gatewayRequest builds the payment-link request of an order; its items add
// up to the amount to pay.
func (s *Service) gatewayRequest(o *checkout.Order, from time.Time) payment.GatewayRequest {
	q := o.Breakdown
	var buyerFee money.Money // the COD fee is in the total only when the buyer pays it
	if q.ServiceFeePayer == pricing.Buyer {
		buyerFee = q.ServiceFee
	}
	var items []payment.GatewayItem
	for _, it := range o.Items {
		id := it.SKU
		if it.Kind == "bundle" {
			id = it.PriceOptionID
		}
		items = append(items, payment.GatewayItem{ID: id, Name: it.Name, Price: it.UnitPrice, Quantity: it.Quantity})
	}
	for _, extra := range []struct {
		id, name string
		amount   money.Money
	}{
		{"discount", "Diskon", -q.ProductDiscount},
		{"shipping", "Ongkos kirim", q.ShippingCost - q.ShippingDiscount},
		{"insurance", "Asuransi", q.InsuranceFee},
		{"additional", "Biaya lain", q.AdditionalCost},
		{"ppn", "PPN", q.PPNAdded},
		{"service_fee", "Biaya layanan", buyerFee},
		{"unique_code", "Kode unik", money.Money(q.UniqueCode)},
		{"withheld", "Pajak dipotong", -q.Withheld},
	} {
		if extra.amount != 0 {
			items = append(items, payment.GatewayItem{ID: extra.id, Name: extra.name, Price: extra.amount, Quantity: 1})
		}
	}
	ref := o.Payment.GatewayOrderID
	if ref == "" {
		ref = o.ID
	}
	return payment.GatewayRequest{
		OrderID: ref, OrderNumber: o.Number, Amount: o.Payment.Amount, Items: items,
		Customer:        payment.GatewayCustomer{Name: o.Customer.Name, Phone: o.Customer.Phone, Email: o.Customer.Email},
		EnabledPayments: slices.Clone(s.settings.GatewayPayments),
		ExpiryMinutes:   int(o.Payment.ExpiresAt.Sub(from) / time.Minute),
	}
}

// BatchResult is the outcome of one row of PlaceOrders: the order, or the
// error that refused it.
type BatchResult struct {
	Index int             `json:"index"`
	Order *checkout.Order `json:"order,omitempty"`
	// Replayed is true when the row's idempotency key had already placed
	// Order (as PlaceOrderReplayed reports).
	Replayed bool  `json:"replayed,omitempty"`
	Err      error `json:"-"`
}

// PlaceOrders places many orders at once (a batch import): each row
// is placed as PlaceOrder would, in order, and reports its own result; a bad
// row does not stop the others.
func (s *Service) PlaceOrders(ctx context.Context, reqs []OrderRequest) []BatchResult {
	out := make([]BatchResult, len(reqs))
	for i, r := range reqs {
		out[i].Index = i
		if err := ctx.Err(); err != nil {
			out[i].Err = err
			continue
		}
		out[i].Order, out[i].Replayed, out[i].Err = s.placeOrder(ctx, r)
	}
	return out
}
