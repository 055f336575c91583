package shipping_test

import (
	"math"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChargeableWeight(t *testing.T) {
	t.Parallel()
	def := shipping.DefaultWeightRule()
	box := func(l, w, h int64) *shipping.Dimensions {
		return &shipping.Dimensions{LengthCm: l, WidthCm: w, HeightCm: h}
	}
	tests := []struct {
		name   string
		items  []shipping.Item
		parcel *shipping.Dimensions
		rule   shipping.WeightRule
		want   shipping.Weight
	}{
		{"below_tolerance", []shipping.Item{{WeightGrams: 430, Quantity: 3}}, nil, def, shipping.Weight{1290, 0, 1290, 1}},
		{"at_tolerance", []shipping.Item{{WeightGrams: 650, Quantity: 2}}, nil, def, shipping.Weight{1300, 0, 1300, 2}},
		{"volumetric_wins", []shipping.Item{{WeightGrams: 2000, Quantity: 1}}, box(40, 30, 30), def, shipping.Weight{2000, 6000, 6000, 6}},
		{"actual_wins", []shipping.Item{{WeightGrams: 7000, Quantity: 1}}, box(40, 30, 30), def, shipping.Weight{7000, 6000, 7000, 7}},
		{"volumetric_rounds_up_to_gram", []shipping.Item{{WeightGrams: 1, Quantity: 1}}, box(1, 1, 7), def, shipping.Weight{1, 2, 2, 1}},
		{"whole_kg", []shipping.Item{{WeightGrams: 1000, Quantity: 2}}, nil, def, shipping.Weight{2000, 0, 2000, 2}},
		{"minimum_applies", []shipping.Item{{WeightGrams: 200, Quantity: 1}}, nil, def, shipping.Weight{200, 0, 200, 1}},
		{"zero_weight_gets_minimum", []shipping.Item{{WeightGrams: 0, Quantity: 5}}, nil, def, shipping.Weight{0, 0, 0, 1}},
		{"no_minimum", []shipping.Item{{WeightGrams: 200, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 300}, shipping.Weight{200, 0, 200, 0}},
		{"no_minimum_sub_kg_over_tolerance", []shipping.Item{{WeightGrams: 400, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 300}, shipping.Weight{400, 0, 400, 1}},
		{"zero_tolerance_rounds_any_gram", []shipping.Item{{WeightGrams: 1001, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, MinimumKg: 1}, shipping.Weight{1001, 0, 1001, 2}},
		{"tolerance_999", []shipping.Item{{WeightGrams: 1998, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 999, MinimumKg: 1}, shipping.Weight{1998, 0, 1998, 1}},
		{"jtr_minimum_10kg", []shipping.Item{{WeightGrams: 3500, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 4000, ToleranceGrams: 300, MinimumKg: 10}, shipping.Weight{3500, 0, 3500, 10}},
		{"cargo_divisor_4000", []shipping.Item{{WeightGrams: 1000, Quantity: 1}}, box(50, 40, 30), shipping.WeightRule{VolumetricDivisor: 4000, ToleranceGrams: 300, MinimumKg: 1}, shipping.Weight{1000, 15000, 15000, 15}},
		{"several_items", []shipping.Item{{WeightGrams: 250, Quantity: 2}, {WeightGrams: 120, Quantity: 3}, {WeightGrams: 80, Quantity: 1}}, nil, def, shipping.Weight{940, 0, 940, 1}},
		{"flat_parcel", []shipping.Item{{WeightGrams: 500, Quantity: 1}}, box(30, 20, 0), def, shipping.Weight{500, 0, 500, 1}},
		{"largest_inputs", []shipping.Item{{WeightGrams: shipping.MaxGrams, Quantity: 1}}, box(10, 10, 10), shipping.WeightRule{VolumetricDivisor: 1}, shipping.Weight{shipping.MaxGrams, 1_000_000, shipping.MaxGrams, shipping.MaxGrams / 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := shipping.ChargeableWeight(tt.items, tt.parcel, tt.rule)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestChargeableWeightErrors(t *testing.T) {
	t.Parallel()
	def := shipping.DefaultWeightRule()
	tests := []struct {
		name   string
		items  []shipping.Item
		parcel *shipping.Dimensions
		rule   shipping.WeightRule
		field  string
	}{
		{"no_items", nil, nil, def, "items"},
		{"negative_weight", []shipping.Item{{WeightGrams: 100, Quantity: 1}, {WeightGrams: -1, Quantity: 1}}, nil, def, "items[1].weight_grams"},
		{"zero_quantity", []shipping.Item{{WeightGrams: 100, Quantity: 0}}, nil, def, "items[0].quantity"},
		{"negative_quantity", []shipping.Item{{WeightGrams: 100, Quantity: -2}}, nil, def, "items[0].quantity"},
		{"line_overflow", []shipping.Item{{WeightGrams: math.MaxInt64, Quantity: 2}}, nil, def, "items[0].weight_grams"},
		{"line_too_heavy", []shipping.Item{{WeightGrams: shipping.MaxGrams/2 + 1, Quantity: 2}}, nil, def, "items[0].weight_grams"},
		{"sum_too_heavy", []shipping.Item{{WeightGrams: shipping.MaxGrams, Quantity: 1}, {WeightGrams: 1, Quantity: 1}}, nil, def, "items"},
		{"sum_overflow", []shipping.Item{{WeightGrams: shipping.MaxGrams, Quantity: 1}, {WeightGrams: shipping.MaxGrams, Quantity: 1}, {WeightGrams: shipping.MaxGrams, Quantity: 1}}, nil, def, "items"},
		{"negative_length", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, &shipping.Dimensions{LengthCm: -1, WidthCm: 1, HeightCm: 1}, def, "parcel.length_cm"},
		{"huge_width", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, &shipping.Dimensions{LengthCm: 1, WidthCm: math.MaxInt64, HeightCm: 1}, def, "parcel.width_cm"},
		{"huge_height", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, &shipping.Dimensions{LengthCm: 1, WidthCm: 1, HeightCm: shipping.MaxDimensionCm + 1}, def, "parcel.height_cm"},
		{"volumetric_too_heavy", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, &shipping.Dimensions{LengthCm: shipping.MaxDimensionCm, WidthCm: shipping.MaxDimensionCm, HeightCm: shipping.MaxDimensionCm}, shipping.WeightRule{VolumetricDivisor: 1}, "parcel"},
		{"zero_divisor", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, nil, shipping.WeightRule{}, "rule.volumetric_divisor"},
		{"negative_divisor", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: -6000}, "rule.volumetric_divisor"},
		{"tolerance_1000", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 1000}, "rule.tolerance_grams"},
		{"negative_tolerance", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: -1}, "rule.tolerance_grams"},
		{"negative_minimum", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, MinimumKg: -1}, "rule.minimum_kg"},
		{"huge_minimum", []shipping.Item{{WeightGrams: 100, Quantity: 1}}, nil, shipping.WeightRule{VolumetricDivisor: 6000, MinimumKg: math.MaxInt64}, "rule.minimum_kg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := shipping.ChargeableWeight(tt.items, tt.parcel, tt.rule)
			require.Error(t, err)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
			assert.Contains(t, err.Error(), "shipping: ")
		})
	}
}

func TestWeightRuleKg(t *testing.T) {
	t.Parallel()
	r := shipping.DefaultWeightRule()
	for _, tt := range []struct {
		name  string
		grams int64
		want  int64
	}{
		{"zero", 0, 1}, {"negative", -5, 1}, {"one_kg", 1000, 1}, {"just_under_tolerance", 1299, 1},
		{"at_tolerance", 1300, 2}, {"two_kg", 2000, 2}, {"two_kg_one_gram", 2001, 2}, {"almost_three", 2999, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, r.Kg(tt.grams))
		})
	}
}

func TestDefaultWeightRule(t *testing.T) {
	t.Parallel()
	r := shipping.DefaultWeightRule()
	require.NoError(t, r.Validate())
	assert.Equal(t, shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 300, MinimumKg: 1}, r)
}

func FuzzChargeableWeight(f *testing.F) {
	f.Add(int64(430), int64(3), int64(40), int64(30), int64(30), int64(6000), int64(300), int64(1))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(1), int64(0), int64(0))
	f.Add(int64(-1), int64(-1), int64(-1), int64(0), int64(0), int64(0), int64(-1), int64(-1))
	f.Fuzz(func(t *testing.T, g, q, l, w, h, div, tol, minKg int64) {
		rule := shipping.WeightRule{VolumetricDivisor: div, ToleranceGrams: tol, MinimumKg: minKg}
		got, err := shipping.ChargeableWeight([]shipping.Item{{WeightGrams: g, Quantity: q}, {WeightGrams: g, Quantity: q}}, &shipping.Dimensions{LengthCm: l, WidthCm: w, HeightCm: h}, rule)
		if err != nil {
			require.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			return
		}
		assert.Equal(t, 2*g*q, got.ActualGrams)
		assert.GreaterOrEqual(t, got.VolumetricGrams, int64(0))
		assert.Equal(t, max(got.ActualGrams, got.VolumetricGrams), got.ChargeableGrams)
		assert.GreaterOrEqual(t, got.ChargeableKg, minKg)
		assert.GreaterOrEqual(t, got.ChargeableKg*1000, got.ChargeableGrams-999)
		assert.LessOrEqual(t, got.ChargeableKg, max(minKg, got.ChargeableGrams/1000+1))
	})
}
