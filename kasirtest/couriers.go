package kasirtest

import (
	"context"
	"sync"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// Couriers is a fixed rate source: JNE REG (COD at 2.8%, cashback 25%,
// insurance 0.2% + Rp5.000) at Rp14.000 per kg and SiCepat BEST (no COD)
// at Rp20.000 per kg, on every route. The kilograms are
// shipping.PackedWeight's under shipping.DefaultWeightRule, as a real
// courier adapter bills them. The zero value is ready; it is safe for
// concurrent use.
type Couriers struct {
	mu    sync.Mutex
	fail  error
	calls int
}

var _ ports.Couriers = (*Couriers)(nil)

// Fail makes every later Rates return err (for example
// ports.ErrProviderUnavailable); nil makes it answer again.
func (c *Couriers) Fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fail = err
}

// Calls returns how many times Rates has been called.
func (c *Couriers) Calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls
}

// Rates implements [ports.Couriers]: both services, priced by the
// parcel's chargeable kilograms. Errors: the error set with
// [Couriers.Fail]; the invalid_input of shipping.PackedWeight.
func (c *Couriers) Rates(_ context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	c.mu.Lock()
	c.calls++
	err := c.fail
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	w, err := shipping.PackedWeight(ports.ShippingItems(req.Items), shipping.DefaultWeightRule())
	if err != nil {
		return nil, err
	}
	kg := money.Money(w.ChargeableKg)
	jne := shipping.Option{Courier: "jne", Service: "REG", Name: "JNE Reguler", Price: 14000 * kg, EtdMinDays: 2, EtdMaxDays: 3,
		COD: true, CODFeePercent: money.MustRate("2.8"), CashbackPercent: money.MustRate("25"), CODMax: 5_000_000,
		Insurance: &shipping.InsurancePolicy{Percent: money.MustRate("0.2"), AdminFee: 5000}, Weight: shipping.DefaultWeightRule()}
	sicepat := shipping.Option{Courier: "sicepat", Service: "BEST", Name: "SiCepat BEST", Price: 20000 * kg, EtdMinDays: 1, EtdMaxDays: 1,
		Weight: shipping.DefaultWeightRule()}
	return []shipping.Option{jne, sicepat}, nil
}
