package ratecard

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
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
	// The rows for the route are those to any destination and those to
	// req.Destination, merged back into card order.
	var bestBuf, orderBuf [32]int
	best := bestBuf[:0] // courier service → its most specific row, -1 for none yet
	if c.services > len(bestBuf) {
		best = make([]int, 0, c.services)
	}
	for range c.services {
		best = append(best, -1)
	}
	order := orderBuf[:0] // courier services in card order
	anyDest, toDest := c.anyDest, c.toDest[req.Destination.ID]
	for len(anyDest) > 0 || len(toDest) > 0 {
		var i int
		if len(toDest) == 0 || len(anyDest) > 0 && anyDest[0] < toDest[0] {
			i, anyDest = anyDest[0], anyDest[1:]
		} else {
			i, toDest = toDest[0], toDest[1:]
		}
		r := &c.rates[i]
		if r.origin != "" && r.origin != req.Origin.ID {
			continue
		}
		if len(req.Couriers) > 0 && !slices.ContainsFunc(req.Couriers, func(code string) bool { return strings.EqualFold(code, r.opt.Courier) }) {
			continue
		}
		j := best[r.service]
		if j < 0 {
			order = append(order, r.service)
		}
		if j < 0 || r.specificity() > c.rates[j].specificity() {
			best[r.service] = i
		}
	}
	destCOD := req.Destination.COD
	if i, ok := c.byID[req.Destination.ID]; ok && !c.locations[i].COD {
		destCOD = false
	}
	// The rows are priced and sorted as small values; the options are
	// copied out once, in their order.
	type priced struct {
		r     *rate
		price money.Money
		cod   bool
	}
	var pickBuf [32]priced
	picks := pickBuf[:0]
	insured := 0
	for _, k := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := &c.rates[best[k]]
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
		picks = append(picks, priced{r: r, price: price, cod: cod})
		if r.opt.Insurance != nil {
			insured++
		}
	}
	slices.SortFunc(picks, func(a, b priced) int {
		if c := cmp.Compare(a.price, b.price); c != 0 {
			return c
		}
		if c := strings.Compare(a.r.lowCourier, b.r.lowCourier); c != 0 {
			return c
		}
		return strings.Compare(a.r.lowService, b.r.lowService)
	})
	out := make([]shipping.Option, len(picks))
	var policies []shipping.InsurancePolicy // each option's own copy
	if insured > 0 {
		policies = make([]shipping.InsurancePolicy, insured)
	}
	for i, p := range picks {
		o := &out[i]
		*o = p.r.opt
		o.Price = p.price
		o.COD = p.cod
		if o.Insurance != nil {
			policies[0] = *o.Insurance
			o.Insurance = &policies[0]
			policies = policies[1:]
		}
	}
	return out, nil
}
