package portstest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// NewCouriersFunc builds the adapter one subtest of [TestCouriers] runs
// against. Every adapter it returns must price Route's requests alike. It
// fails t when it cannot.
type NewCouriersFunc = func(t testing.TB) ports.Couriers

// Route is what the caller of [TestCouriers] knows its adapter serves.
// The suite copies it before changing anything, so subtests may share it.
type Route struct {
	// Request is a parcel the adapter serves with services of at least two
	// couriers, at least one of which collects cash on delivery:
	// Request.Destination.COD is true, Request.COD false and
	// Request.Couriers empty. Its items should weigh a few kilograms at
	// most: the suite adds up to 25 kg to them.
	Request ports.RateRequest
	// NoCOD is a destination excluded from cash on delivery (COD false)
	// that some service serves from Request.Origin. When its ID is empty,
	// the suite uses Request.Destination with COD false.
	NoCOD shipping.Location
	// Unserved is a destination no service reaches from Request.Origin, for
	// which Rates must return an empty list and no error. Leave its ID
	// empty when the adapter's provider reports an uncovered route as an
	// error (as Biteship does); the subtest is then skipped.
	Unserved shipping.Location
}

// TestCouriers runs the conformance suite of ports.Couriers against the
// adapters newCouriers builds, pricing route's parcel. Every subtest
// builds its own adapter and runs in parallel with the others. It checks:
//
//   - every option passes shipping.Option.Validate and options are unique
//     by Key (in every answer of the suite);
//   - with req.COD, only the services that collect cash on delivery, the
//     same ones at the same prices as without it;
//   - no option collects cash on delivery to a destination excluded from
//     it, and asking for COD there gives an empty list, not an error;
//   - req.Couriers keeps exactly the services of the couriers it names,
//     compared without regard to case;
//   - a destination no service reaches gives an empty list, not an error;
//   - a heavier parcel never costs less with the same service;
//   - a cancelled context gives an error matching context.Canceled;
//   - concurrent calls give the same options, each caller its own copies
//     (run it with go test -race).
//
// ports documents the COD filter, req.Couriers and the empty list; the
// other checks (unique keys, codes without case, weight, cancellation,
// copies) are what ratecard and biteship both do, and say so where they
// are made. The options' order, names and whether a price may be 0 are not
// checked: ports says nothing of them and the adapters allow any.
func TestCouriers(t *testing.T, newCouriers func(t testing.TB) ports.Couriers, route Route) {
	for _, tc := range courierTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCouriers(t)
			require.NotNil(t, c, "newCouriers returned no Couriers")
			tc.run(t, &courierFx{couriers: c, route: route, ctx: t.Context()})
		})
	}
}

// courierFx is a subtest's adapter and the caller's route.
type courierFx struct {
	couriers ports.Couriers
	route    Route
	ctx      context.Context
}

// request returns a deep copy of the route's request, changed by edit.
func (f *courierFx) request(edit func(*ports.RateRequest)) ports.RateRequest {
	req := f.route.Request
	req.Origin = cloneLoc(req.Origin)
	req.Destination = cloneLoc(req.Destination)
	req.Items = slices.Clone(req.Items)
	req.Couriers = slices.Clone(req.Couriers)
	if edit != nil {
		edit(&req)
	}
	return req
}

func cloneLoc(l shipping.Location) shipping.Location {
	l.PostalCodes = slices.Clone(l.PostalCodes)
	return l
}

// rates prices req and returns the options by key, checking that each is
// valid and that no key repeats.
func (f *courierFx) rates(t testing.TB, req ports.RateRequest) map[string]shipping.Option {
	t.Helper()
	opts, err := f.couriers.Rates(f.ctx, req)
	require.NoError(t, err)
	byKey, err := optionsByKey(opts)
	require.NoError(t, err)
	return byKey
}

// optionsByKey checks opts and maps them by key. ports does not say that
// keys are unique; both ratecard and biteship keep one option per key,
// and a checkout picks a service by its key.
func optionsByKey(opts []shipping.Option) (map[string]shipping.Option, error) {
	byKey := make(map[string]shipping.Option, len(opts))
	for i, o := range opts {
		if err := o.Validate(); err != nil {
			return nil, fmt.Errorf("option %d (%s) is invalid: %w", i, o.Key(), err)
		}
		if _, dup := byKey[o.Key()]; dup {
			return nil, fmt.Errorf("option %d repeats %s", i, o.Key())
		}
		byKey[o.Key()] = o
	}
	return byKey, nil
}

// served prices the route's request and requires it to be served.
func (f *courierFx) served(t testing.TB) map[string]shipping.Option {
	t.Helper()
	got := f.rates(t, f.request(nil))
	require.NotEmpty(t, got, "Route.Request must be served by at least one service")
	return got
}

// prices returns the price of each option by key.
func prices(opts map[string]shipping.Option) map[string]money.Money {
	out := make(map[string]money.Money, len(opts))
	for k, o := range opts {
		out[k] = o.Price
	}
	return out
}

// only returns the options keep accepts.
func only(opts map[string]shipping.Option, keep func(shipping.Option) bool) map[string]shipping.Option {
	out := map[string]shipping.Option{}
	for k, o := range opts {
		if keep(o) {
			out[k] = o
		}
	}
	return out
}

// courierCodes returns the distinct courier codes of opts, lower-cased and
// sorted.
func courierCodes(opts map[string]shipping.Option) []string {
	var out []string
	for _, o := range opts {
		if c := strings.ToLower(o.Courier); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// adminFees returns the insurance admin fee of each insured option by key.
func adminFees(opts map[string]shipping.Option) map[string]money.Money {
	out := map[string]money.Money{}
	for k, o := range opts {
		if o.Insurance != nil {
			out[k] = o.Insurance.AdminFee
		}
	}
	return out
}

var courierTests = []struct {
	name string
	run  func(t *testing.T, f *courierFx)
}{
	{"OptionsAreValidAndUnique", func(t *testing.T, f *courierFx) {
		// rates checks every option; here the route must be served.
		f.served(t)
	}},
	{"CODOnlyKeepsCODServices", func(t *testing.T, f *courierFx) {
		all := f.served(t)
		withCOD := only(all, func(o shipping.Option) bool { return o.COD })
		require.NotEmpty(t, withCOD, "Route.Request must be served by a service that collects cash on delivery")
		got := f.rates(t, f.request(func(r *ports.RateRequest) { r.COD = true }))
		for k, o := range got {
			assert.True(t, o.COD, "%s does not collect cash on delivery, asked for COD only", k)
		}
		// ports says "only services that collect cash on delivery"; both
		// ratecard and biteship keep all of them, priced as without COD.
		assert.Equal(t, prices(withCOD), prices(got))
	}},
	{"NoCODWhereDestinationExcludesIt", func(t *testing.T, f *courierFx) {
		dest := f.route.NoCOD
		if dest.ID == "" {
			dest = cloneLoc(f.route.Request.Destination)
			dest.COD = false
		}
		require.False(t, dest.COD, "Route.NoCOD must be excluded from cash on delivery")
		// shipping.Location.COD says couriers do not collect there; both
		// ratecard and biteship then offer no COD option.
		got := f.rates(t, f.request(func(r *ports.RateRequest) { r.Destination = dest }))
		require.NotEmpty(t, got, "Route.NoCOD must be served")
		for k, o := range got {
			assert.False(t, o.COD, "%s collects cash on delivery in %s, which is excluded from it", k, dest.ID)
		}
		opts, err := f.couriers.Rates(f.ctx, f.request(func(r *ports.RateRequest) { r.Destination, r.COD = dest, true }))
		require.NoError(t, err, "no COD service is an empty list, not an error")
		assert.Empty(t, opts)
	}},
	{"CouriersFilter", func(t *testing.T, f *courierFx) {
		all := f.served(t)
		codes := courierCodes(all)
		require.GreaterOrEqual(t, len(codes), 2, "Route.Request must be served by at least two couriers, got %v", codes)
		of := func(codes ...string) map[string]shipping.Option {
			return only(all, func(o shipping.Option) bool {
				return slices.ContainsFunc(codes, func(c string) bool { return strings.EqualFold(c, o.Courier) })
			})
		}
		// ports does not say how codes compare; ratecard compares them
		// without regard to case and biteship lower-cases them, as
		// Biteship's codes are, so "JNE" asks for jne in both.
		tests := [][]string{
			{codes[0]},
			{strings.ToUpper(codes[0])},
			{codes[1], strings.ToUpper(codes[0])},
			codes,
		}
		for _, ask := range tests {
			got := f.rates(t, f.request(func(r *ports.RateRequest) { r.Couriers = ask }))
			assert.Equal(t, prices(of(ask...)), prices(got), "couriers %v", ask)
		}
	}},
	{"UnservedDestinationIsEmpty", func(t *testing.T, f *courierFx) {
		if f.route.Unserved.ID == "" {
			t.Skip("Route.Unserved not given")
		}
		opts, err := f.couriers.Rates(f.ctx, f.request(func(r *ports.RateRequest) { r.Destination = cloneLoc(f.route.Unserved) }))
		require.NoError(t, err, "no service for the route is an empty list, not an error")
		assert.Empty(t, opts)
	}},
	{"HeavierNeverCheaper", func(t *testing.T, f *courierFx) {
		// ports does not say so, but every courier's tariff grows with
		// weight, and ratecard (kilograms × price) and Biteship do.
		// Adding a weight-only item changes nothing but the weight.
		prev := prices(f.served(t))
		compared := 0
		for _, extra := range []int64{100, 300, 700, 1000, 1500, 3000, 10_000, 25_000} {
			got := prices(f.rates(t, f.request(func(r *ports.RateRequest) {
				r.Items = append(r.Items, ports.RateItem{Name: "Pemberat", SKU: "PEMBERAT", WeightGrams: extra, Quantity: 1})
			})))
			for k, p := range got {
				if before, ok := prev[k]; ok {
					compared++
					assert.GreaterOrEqual(t, p, before, "%s costs less with %d g more", k, extra)
				}
			}
			prev = got
		}
		require.NotZero(t, compared, "no service priced both a parcel and a heavier one")
	}},
	{"CancelledContext", func(t *testing.T, f *courierFx) {
		// ports does not say so; ratecard returns ctx's error and biteship
		// wraps it in ports.ErrProviderUnavailable.
		ctx, stop := context.WithCancel(f.ctx)
		stop()
		_, err := f.couriers.Rates(ctx, f.request(nil))
		require.ErrorIs(t, err, context.Canceled)
	}},
	{"Concurrent", func(t *testing.T, f *courierFx) {
		want := f.served(t)
		wantCOD := only(want, func(o shipping.Option) bool { return o.COD })
		failures := parallel(20, func(i int) error {
			cod := i%2 == 1
			opts, err := f.couriers.Rates(f.ctx, f.request(func(r *ports.RateRequest) { r.COD = cod }))
			if err != nil {
				return err
			}
			got, err := optionsByKey(opts)
			if err != nil {
				return err
			}
			exp := want
			if cod {
				exp = wantCOD
			}
			if !assert.ObjectsAreEqual(prices(exp), prices(got)) {
				return fmt.Errorf("cod %t: got %v, want %v", cod, prices(got), prices(exp))
			}
			// Each caller owns its options: ports does not say so, but
			// ratecard and biteship both return fresh values, and the
			// race detector reports any they share.
			for j := range opts {
				opts[j].Price++
				if opts[j].Insurance != nil {
					opts[j].Insurance.AdminFee++
				}
			}
			return nil
		})
		for i, err := range failures {
			assert.NoError(t, err, "caller %d", i)
		}
		again := f.rates(t, f.request(nil))
		assert.Equal(t, prices(want), prices(again), "changing returned options changed later answers")
		assert.Equal(t, adminFees(want), adminFees(again), "changing returned insurance policies changed later answers")
	}},
}
