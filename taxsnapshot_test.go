package kasir_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// An order keeps the tax profile it was priced with, at placement and at
// each change, and it reads back from the store: its invoice can show it
// as it was priced after the store's profile changes.
func TestOrderKeepsItsTaxProfile(t *testing.T) {
	t.Parallel()
	tax := pricing.TaxProfile{PPNPercent: money.RateInt(12), DPPFactor: money.MustRate("11/12")}
	f := newFixture(t, func(s *kasir.Settings) { s.Tax = tax })
	o, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	require.NotNil(t, o.Tax)
	assert.True(t, o.Tax.PPNPercent.Equal(money.RateInt(12)))
	assert.True(t, o.Tax.DPPFactor.Equal(money.MustRate("11/12")))
	assert.NotZero(t, o.Breakdown.PPN)

	got, err := f.svc.Order(ctx, o.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Tax)
	assert.True(t, got.Tax.PPNPercent.Equal(money.RateInt(12)))

	// A Service with another profile changes the order: the change is
	// priced, and kept, with the profile in force now.
	d := f.deps()
	other, err := kasir.New(d, kasir.WithSettings(func() kasir.Settings {
		s := f.settings
		s.Tax = pricing.TaxProfile{PPNPercent: money.RateInt(11)}
		return s
	}()))
	require.NoError(t, err)
	c, err := other.ChangeOrder(ctx, o.ID, kasir.OrderChange{AdditionalCost: ptr(money.Money(2000))})
	require.NoError(t, err)
	require.NotNil(t, c.Tax)
	assert.True(t, c.Tax.PPNPercent.Equal(money.RateInt(11)))
	assert.True(t, c.Tax.DPPFactor.IsZero())
}
