package ratecard

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// Rates prices the parcel of req with every courier service of the card
// that serves the route (ports.Couriers):
//
//   - A row serves the route when its origin is req.Origin.ID or any, and
//     its destination is req.Destination.ID or any. Of the rows of one
//     courier service that serve it, only the most specific is used: exact
//     origin and destination, then exact destination, then exact origin,
//     then any to any.
//   - The chargeable weight follows the row's weight rule for the items of
//     req packed by shipping.Pack (shipping.PackedWeight, the weight the
//     order records); the price is the chargeable kilograms ×
//     price_per_kg.
//   - An option collects cash on delivery only when its row does and the
//     destination allows it: req.Destination.COD is true and, when the card
//     lists that location, the card's location allows it too. With req.COD,
//     options without COD are left out.
//   - req.Couriers, when not empty, keeps only those couriers (codes
//     compared without regard to case).
//
// Options come cheapest first, then by courier and service. No service for
// the route is an empty list and no error. Each option is a fresh value the
// caller may change.
//
// Errors: invalid_input naming the field ("items", "items[2].quantity",
// "items[0].dimensions.height_cm" …) for items shipping.Pack or
// shipping.ChargeableWeight refuses, or a price beyond money.MaxAmount;
// ctx's error when it is done.
func (c *Card) Rates(ctx context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	items := ports.ShippingItems(req.Items)
	parcel, err := shipping.Pack(items)
	if err != nil {
		return nil, err
	}
	// Check the parcel once, so a bad request fails whatever the route.
	if _, err := shipping.ChargeableWeight(items, parcel, shipping.DefaultWeightRule()); err != nil {
		return nil, err
	}
	best := make(map[string]int) // courier service → index of its most specific row
	var order []string           // courier services in card order
	for i, r := range c.rates {
		if r.origin != "" && r.origin != req.Origin.ID || r.destination != "" && r.destination != req.Destination.ID {
			continue
		}
		if len(req.Couriers) > 0 && !slices.ContainsFunc(req.Couriers, func(code string) bool { return strings.EqualFold(code, r.opt.Courier) }) {
			continue
		}
		j, ok := best[r.key]
		if !ok {
			order = append(order, r.key)
		}
		if !ok || r.specificity() > c.rates[j].specificity() {
			best[r.key] = i
		}
	}
	destCOD := req.Destination.COD
	if i, ok := c.byID[req.Destination.ID]; ok && !c.locations[i].COD {
		destCOD = false
	}
	out := make([]shipping.Option, 0, len(order))
	for _, key := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := c.rates[best[key]]
		cod := r.opt.COD && destCOD
		if req.COD && !cod {
			continue
		}
		w, err := shipping.ChargeableWeight(items, parcel, r.opt.Weight)
		if err != nil {
			return nil, err
		}
		price, err := r.opt.Price.MulInt(w.ChargeableKg)
		if err != nil {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "ratecard: %d kg by %s costs more than the largest amount", w.ChargeableKg, r.opt.Key()).WithField("items")
		}
		o := r.opt
		o.Price = price
		o.COD = cod
		if o.Insurance != nil {
			p := *o.Insurance
			o.Insurance = &p
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b shipping.Option) int {
		return cmp.Or(
			cmp.Compare(a.Price, b.Price),
			cmp.Compare(strings.ToLower(a.Courier), strings.ToLower(b.Courier)),
			cmp.Compare(strings.ToLower(a.Service), strings.ToLower(b.Service)),
		)
	})
	return out, nil
}
