package ratecard

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// plainRates is Rates read straight from its documentation, row by row
// over the whole card: every matching row, the most specific per courier
// service, priced, then sorted by price, courier and service. Rates must
// answer as it does, options and errors alike.
func plainRates(c *Card, req ports.RateRequest) ([]shipping.Option, error) {
	items := ports.ShippingItems(req.Items)
	parcel, err := shipping.Pack(items)
	if err != nil {
		return nil, err
	}
	if _, err := shipping.ChargeableWeight(items, parcel, shipping.DefaultWeightRule()); err != nil {
		return nil, err
	}
	best := make(map[string]int)
	var order []string
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

// randomCard is a card of up to 40 rows over four locations, with courier
// and service codes in mixed case (so one service has rows in several
// spellings), prices that tie, rows for any and for one origin or
// destination, with and without COD and insurance, and now and then a
// price per kilogram so large that a heavy parcel costs too much.
func randomCard(t *testing.T, rnd *rand.Rand) *Card {
	t.Helper()
	locs := []LocationSpec{
		{ID: "A", Province: "P", City: "C", District: "A", COD: true},
		{ID: "B", Province: "P", City: "C", District: "B", COD: true},
		{ID: "C", Province: "P", City: "C", District: "C", COD: false},
		{ID: "D", Province: "P", City: "C", District: "D", COD: true},
	}
	couriers := []string{"jne", "JNE", "sicepat", "jnt", "j-nt", "pos"}
	services := []string{"REG", "reg", "YES", "EZ", "REG-X", "REGX"}
	ends := []string{"", "", "A", "B", "C", "D"}
	seen := map[string]bool{}
	var rows []RateSpec
	for range 1 + rnd.IntN(40) {
		rs := RateSpec{
			Courier: couriers[rnd.IntN(len(couriers))], Service: services[rnd.IntN(len(services))], Name: "Layanan",
			Origin: ends[rnd.IntN(len(ends))], Destination: ends[rnd.IntN(len(ends))],
			PricePerKg: money.Money(1000 * (1 + rnd.IntN(5))), COD: rnd.IntN(2) == 0, MinimumKg: int64(rnd.IntN(3)),
		}
		if rnd.IntN(10) == 0 {
			rs.PricePerKg = money.MaxAmount / 3
		}
		if rnd.IntN(2) == 0 {
			rs.Insurance = &InsuranceSpec{Percent: "0.2", AdminFee: money.Money(rnd.IntN(3) * 1000)}
		}
		route := strings.ToLower(rs.Courier+":"+rs.Service) + "\x00" + rs.Origin + "\x00" + rs.Destination
		if seen[route] {
			continue
		}
		seen[route] = true
		rows = append(rows, rs)
	}
	c, err := New(Spec{Locations: locs, Rates: rows})
	require.NoError(t, err)
	return c
}

func TestRatesAnswerAsTheirPlainReading(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(1, 2))
	ends := []string{"A", "B", "C", "D", "E"}
	for n := range 300 {
		c := randomCard(t, rnd)
		for range 20 {
			req := ports.RateRequest{
				Origin:      shipping.Location{ID: ends[rnd.IntN(len(ends))]},
				Destination: shipping.Location{ID: ends[rnd.IntN(len(ends))], COD: rnd.IntN(4) > 0},
				Items:       []ports.RateItem{{Name: "Kopi", SKU: "KOPI", Value: 50_000, WeightGrams: int64(100 + rnd.IntN(5000)), Quantity: int64(1 + rnd.IntN(3))}},
				COD:         rnd.IntN(3) == 0,
			}
			if rnd.IntN(4) == 0 {
				req.Couriers = []string{"JNE", "pos"}
			}
			want, wantErr := plainRates(c, req)
			got, err := c.Rates(context.Background(), req)
			name := fmt.Sprintf("card %d, %+v", n, req)
			if wantErr != nil {
				require.Error(t, err, name)
				require.Equal(t, wantErr.Error(), err.Error(), name)
				require.Equal(t, errs.Field(wantErr), errs.Field(err), name)
				continue
			}
			require.NoError(t, err, name)
			require.Equal(t, want, got, name)
			for i := range got { // each option is the caller's own
				if got[i].Insurance != nil {
					got[i].Insurance.AdminFee += 7
				}
			}
			again, err := c.Rates(context.Background(), req)
			require.NoError(t, err, name)
			require.Equal(t, want, again, name)
		}
	}
}
