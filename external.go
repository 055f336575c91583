package kasir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// externalOf is the external record of a marketplace's order: its
// marketplace, invoice, the items, shipping, discount and total as
// reported, airway bill, courier and payment as written. A line without a
// reported subtotal counts unit price × quantity.
//
// Errors: invalid_input naming the field (see checkout.External.Validate).
func externalOf(o importing.Order) (*checkout.External, error) {
	e := &checkout.External{
		Source: o.Source, Invoice: o.Invoice, ShippingCost: o.ShippingCost, Discount: o.Discount, Total: o.Total,
		AirwayBill: o.AWB, Courier: o.Courier, Payment: o.Payment,
	}
	for i, it := range o.Items {
		sub := it.Subtotal
		if sub == 0 {
			var err error
			if sub, err = it.UnitPrice.MulInt(it.Quantity); err != nil {
				return nil, errs.At("items["+strconv.Itoa(i)+"].unit_price", err)
			}
		}
		e.Items = append(e.Items, checkout.ExternalItem{SKU: it.SKU, Name: it.Name, Variation: it.Variation, Quantity: it.Quantity, UnitPrice: it.UnitPrice, Subtotal: sub})
		if e.Subtotal+sub > money.MaxAmount {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: the reported items add up to too much").WithField("items")
		}
		e.Subtotal += sub
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return e, nil
}

// externalHash is the digest an external order's idempotency key is bound
// to: the request and the reported record.
func externalHash(req OrderRequest, e *checkout.External) string {
	req.IdempotencyKey = ""
	b, _ := json.Marshal(struct { // plain data: cannot fail
		Request  OrderRequest       `json:"request"`
		External *checkout.External `json:"external"`
	}{req, e})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// externalSale builds what an external order sells: the buyer checked,
// the items resolved against the catalog and checked against live stock
// (without any price of kasir's: an external order's unit prices and
// subtotals are 0, its amounts are the marketplace's), the delivery
// address in its location and the courier as detected. Nothing is
// reserved.
func (s *Service) externalSale(ctx context.Context, req OrderRequest, e *checkout.External) (checkout.Sale, *prepared, error) {
	cust, err := checkCustomer(req.Customer)
	if err != nil {
		return checkout.Sale{}, nil, err
	}
	items, err := s.resolveCart(ctx, req.Lines, req.Bundles)
	if err != nil {
		return checkout.Sale{}, nil, err
	}
	for i := range items {
		items[i].UnitPrice, items[i].Subtotal = 0, 0
	}
	p := &prepared{items: items, method: payment.Marketplace, phone: cust.Phone}
	sale := checkout.Sale{
		Customer: cust, Notes: strings.TrimSpace(req.Notes), Items: items, Method: payment.Marketplace,
	}
	if items.NeedsShipping() {
		if strings.TrimSpace(req.LocationID) == "" {
			return checkout.Sale{}, nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: a destination is needed to ship the order").WithField("location_id")
		}
		dest, err := s.location(ctx, strings.TrimSpace(req.LocationID))
		if err != nil {
			return checkout.Sale{}, nil, err
		}
		p.dest = &dest
		if sale.Address, err = checkout.NewAddress(req.Address.Line, req.Address.PostalCode, dest); err != nil {
			return checkout.Sale{}, nil, err
		}
		name := e.Courier
		if r := []rune(name); len(r) > 100 {
			name = string(r[:100])
		}
		sale.Shipment = &checkout.Shipment{Courier: req.Courier, Service: req.Service, Name: name}
	}
	return sale, p, nil
}

// placeExternal places an order a marketplace sold and priced: unpriced by
// kasir (zero quote, the reported amounts in its External record), paid
// on the marketplace (method marketplace), its stock reserved from the
// catalog's variants in the same unit of work as any order's, straight in
// processing, or booked when the marketplace issued an airway bill. The
// idempotency key works as PlaceOrder's.
func (s *Service) placeExternal(ctx context.Context, req OrderRequest, e *checkout.External) (*checkout.Order, bool, error) {
	if err := s.checkRequest(req.QuoteRequest, orderTexts(req)); err != nil {
		return nil, false, err
	}
	key, hash := strings.TrimSpace(req.IdempotencyKey), externalHash(req, e)
	o, p, err := s.newExternal(ctx, req, e, key)
	if err != nil {
		if key != "" {
			if o, rerr := s.replay(ctx, key, hash); o != nil || rerr != nil {
				return o, o != nil, rerr
			}
		}
		return nil, false, err
	}
	placed, replayed, err := s.insert(ctx, o, p, hash)
	switch {
	case err != nil:
		return nil, false, err
	case replayed != nil:
		return replayed, true, nil
	}
	if _, err := s.deps.Store.ConvertAbandoned(ctx, placed.Customer.Phone, placed.ID, placed.PlacedAt); err != nil {
		s.log.ErrorContext(ctx, "kasir: abandoned checkout not converted", "order", placed.ID, "err", err)
	}
	s.publish(ctx, placed.ID)
	return placed, false, nil
}

// newExternal builds the external order placeExternal stores.
func (s *Service) newExternal(ctx context.Context, req OrderRequest, e *checkout.External, key string) (*checkout.Order, *prepared, error) {
	sale, p, err := s.externalSale(ctx, req, e)
	if err != nil {
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
	now := s.now(ctx)
	o, err := checkout.NewOrder(id, slug, now, sale, s.paymentTerms(), key)
	if err != nil {
		return nil, nil, err
	}
	o.External = e.Clone()
	o.Payment.Amount, o.Payment.PaidAt = e.Total, now
	if awb := strings.TrimSpace(e.AirwayBill); awb != "" && o.Shipment != nil {
		if err := o.Transition(checkout.StatusBooked, now, "booked on "+e.Source, awb); err != nil {
			return nil, nil, err
		}
	}
	return o, p, nil
}
