package shipping_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/shipping"
)

func sized(grams, qty, l, w, h int64) shipping.Item {
	return shipping.Item{WeightGrams: grams, Quantity: qty, Dimensions: shipping.Dimensions{LengthCm: l, WidthCm: w, HeightCm: h}}
}

func TestPack(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		items []shipping.Item
		want  *shipping.Dimensions
	}{
		{"no_dimensions", []shipping.Item{{WeightGrams: 500, Quantity: 2}}, nil},
		{"one_unit", []shipping.Item{sized(1000, 1, 60, 40, 40)}, &shipping.Dimensions{LengthCm: 60, WidthCm: 40, HeightCm: 40}},
		// three 30×20×10 boxes stack to 30×20×30
		{"units_stack", []shipping.Item{sized(100, 3, 30, 20, 10)}, &shipping.Dimensions{LengthCm: 30, WidthCm: 20, HeightCm: 30}},
		// the longest length, the widest width, every height added up; an
		// item without a size adds nothing to the box
		{"items_stack", []shipping.Item{sized(100, 1, 50, 10, 10), sized(100, 2, 20, 20, 4), {WeightGrams: 500, Quantity: 1}},
			&shipping.Dimensions{LengthCm: 50, WidthCm: 20, HeightCm: 18}},
		{"flat_items", []shipping.Item{sized(100, 5, 30, 20, 0)}, &shipping.Dimensions{LengthCm: 30, WidthCm: 20}},
		{"bad_quantity_left_to_weight", []shipping.Item{sized(100, 0, 30, 20, 10)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := shipping.Pack(c.items)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

func TestPackErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		items []shipping.Item
		field string
	}{
		{"negative_side", []shipping.Item{sized(100, 1, -1, 10, 10)}, "items[0].dimensions.length_cm"},
		{"side_too_large", []shipping.Item{sized(100, 1, 10, 10, 10), sized(100, 1, 10, shipping.MaxDimensionCm+1, 10)}, "items[1].dimensions.width_cm"},
		{"stack_too_high", []shipping.Item{sized(1, 1, 10, 10, 10), sized(1, shipping.MaxDimensionCm/10, 10, 10, 10)}, "items[1].quantity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			box, err := shipping.Pack(c.items)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, c.field, errs.Field(err))
			assert.Nil(t, box)
			_, err = shipping.PackedWeight(c.items, shipping.DefaultWeightRule())
			assert.Equal(t, c.field, errs.Field(err), "PackedWeight fails as Pack does")
		})
	}
}

// A light but bulky item is billed by its volume: 60×40×40 cm is 96.000
// cm³, 16 kg at divisor 6000, though it weighs 1 kg.
func TestPackedWeightBillsTheVolume(t *testing.T) {
	t.Parallel()
	w, err := shipping.PackedWeight([]shipping.Item{sized(1000, 1, 60, 40, 40)}, shipping.DefaultWeightRule())
	require.NoError(t, err)
	assert.Equal(t, shipping.Weight{ActualGrams: 1000, VolumetricGrams: 16_000, ChargeableGrams: 16_000, ChargeableKg: 16}, w)

	unsized, err := shipping.PackedWeight([]shipping.Item{{WeightGrams: 1000, Quantity: 1}}, shipping.DefaultWeightRule())
	require.NoError(t, err)
	assert.Equal(t, int64(1), unsized.ChargeableKg, "without a size only the weight counts")
}

func TestDimensionsValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, shipping.Dimensions{}.Validate())
	require.NoError(t, shipping.Dimensions{LengthCm: shipping.MaxDimensionCm, WidthCm: 1, HeightCm: 0}.Validate())
	err := shipping.Dimensions{LengthCm: 1, WidthCm: 1, HeightCm: -1}.Validate()
	assert.Equal(t, "height_cm", errs.Field(err))
	assert.True(t, shipping.Dimensions{}.IsZero())
	assert.False(t, shipping.Dimensions{HeightCm: 1}.IsZero())
}
