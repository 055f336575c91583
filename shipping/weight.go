package shipping

import "github.com/kasir-id/kasir/errs"

// Bounds on weight input. They keep every product and sum of
// [ChargeableWeight] far inside int64, whatever the input.
const (
	// MaxGrams is the largest weight accepted for one item, one line
	// (weight × quantity), the whole parcel or its volumetric weight:
	// a million tonnes.
	MaxGrams int64 = 1_000_000_000_000
	// MaxDimensionCm is the largest accepted parcel dimension: one kilometre.
	MaxDimensionCm int64 = 100_000
)

// Item is one line of a parcel: a unit weight in grams, how many units,
// and the size of one unit when known (see [Pack]).
type Item struct {
	WeightGrams int64      // weight of one unit, ≥ 0
	Quantity    int64      // number of units, > 0
	Dimensions  Dimensions // size of one unit; zero when unknown
}

// WeightRule is how one courier service turns grams into billed kilograms
// (see docs/shipping.md). Its fields are used as given: a ToleranceGrams of 0 means any
// gram over a whole kilogram is billed as another kilogram.
type WeightRule struct {
	// VolumetricDivisor divides L × W × H (cm³) to give volumetric
	// kilograms: 6000 for most regular services, 5000 or 4000 for cargo.
	VolumetricDivisor int64
	// ToleranceGrams is how far over a whole kilogram a parcel may go before
	// the next kilogram is billed: 300 means 1.299 g is 1 kg, 1.300 g is 2 kg.
	ToleranceGrams int64
	// MinimumKg is the least the service bills: 1 kg, 10 kg for JNE JTR.
	MinimumKg int64
}

// DefaultWeightRule returns the rule of most regular services: divisor
// 6000, tolerance 300 g, minimum 1 kg.
func DefaultWeightRule() WeightRule {
	return WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 300, MinimumKg: 1}
}

// Validate reports whether r is usable. It returns an invalid_input error
// naming the field when the divisor is not positive, the tolerance is
// outside 0–999 g, or the minimum is negative or above MaxGrams/1000.
func (r WeightRule) Validate() error {
	switch {
	case r.VolumetricDivisor <= 0:
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: volumetric divisor must be positive, got %d", r.VolumetricDivisor).WithField("volumetric_divisor")
	case r.ToleranceGrams < 0 || r.ToleranceGrams >= 1000:
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: weight tolerance must be within 0–999 g, got %d", r.ToleranceGrams).WithField("tolerance_grams")
	case r.MinimumKg < 0 || r.MinimumKg > MaxGrams/1000:
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: minimum weight must be within 0–%d kg, got %d", MaxGrams/1000, r.MinimumKg).WithField("minimum_kg")
	}
	return nil
}

// Kg returns the whole kilograms r bills for grams: the whole kilograms,
// plus one when the part over them is more than zero and at least the
// tolerance, and never less than the minimum. Negative grams count as 0.
func (r WeightRule) Kg(grams int64) int64 {
	grams = max(grams, 0)
	kg, over := grams/1000, grams%1000
	if over > 0 && over >= r.ToleranceGrams {
		kg++
	}
	return max(kg, r.MinimumKg)
}

// Weight is the result of [ChargeableWeight], every figure reported.
type Weight struct {
	ActualGrams     int64 // Σ item weight × quantity
	VolumetricGrams int64 // ceil(L × W × H × 1000 / divisor); 0 without a parcel
	ChargeableGrams int64 // max(actual, volumetric)
	ChargeableKg    int64 // what the courier bills, in whole kilograms
}

// ChargeableWeight computes the weight a courier bills for items packed in
// parcel under rule (see docs/shipping.md). parcel may be nil when the size is unknown;
// the volumetric weight is then 0. The items' own dimensions are not read:
// [PackedWeight] packs them into the parcel first.
//
// Errors are invalid_input naming the field: an invalid rule, no items, a
// negative weight or dimension, a quantity ≤ 0, or a weight or dimension
// beyond [MaxGrams] or [MaxDimensionCm].
func ChargeableWeight(items []Item, parcel *Dimensions, rule WeightRule) (Weight, error) {
	if err := rule.Validate(); err != nil {
		return Weight{}, errs.At("rule", err)
	}
	if len(items) == 0 {
		return Weight{}, errs.Invalidf(errs.CodeInvalidInput, "shipping: a parcel needs at least one item").WithField("items")
	}
	var w Weight
	for i, it := range items {
		if it.WeightGrams < 0 {
			return Weight{}, errs.Invalidf(errs.CodeInvalidInput, "shipping: item %d weight must not be negative, got %d g", i, it.WeightGrams).WithField(itemField(i, "weight_grams"))
		}
		if it.Quantity <= 0 {
			return Weight{}, errs.Invalidf(errs.CodeInvalidInput, "shipping: item %d quantity must be positive, got %d", i, it.Quantity).WithField(itemField(i, "quantity"))
		}
		// it.WeightGrams × it.Quantity ≤ MaxGrams, checked without multiplying
		if it.WeightGrams > MaxGrams/it.Quantity {
			return Weight{}, errs.Invalidf(errs.CodeInvalidInput, "shipping: item %d weighs more than %d g in total", i, MaxGrams).WithField(itemField(i, "weight_grams"))
		}
		line := it.WeightGrams * it.Quantity
		if w.ActualGrams > MaxGrams-line {
			return Weight{}, errs.Invalidf(errs.CodeInvalidInput, "shipping: the items weigh more than %d g in total", MaxGrams).WithField("items")
		}
		w.ActualGrams += line
	}
	if parcel != nil {
		v, err := volumetricGrams(*parcel, rule.VolumetricDivisor)
		if err != nil {
			return Weight{}, err
		}
		w.VolumetricGrams = v
	}
	w.ChargeableGrams = max(w.ActualGrams, w.VolumetricGrams)
	w.ChargeableKg = rule.Kg(w.ChargeableGrams)
	return w, nil
}

// volumetricGrams returns ceil(L × W × H × 1000 / divisor). With every
// dimension ≤ MaxDimensionCm the numerator is at most 10^18, inside int64.
func volumetricGrams(p Dimensions, divisor int64) (int64, error) {
	for _, d := range [...]struct {
		field string
		cm    int64
	}{{"parcel.length_cm", p.LengthCm}, {"parcel.width_cm", p.WidthCm}, {"parcel.height_cm", p.HeightCm}} {
		if d.cm < 0 || d.cm > MaxDimensionCm {
			return 0, errs.Invalidf(errs.CodeInvalidInput, "shipping: parcel dimension must be within 0–%d cm, got %d", MaxDimensionCm, d.cm).WithField(d.field)
		}
	}
	n := p.LengthCm * p.WidthCm * p.HeightCm * 1000
	v := n / divisor
	if n%divisor != 0 {
		v++
	}
	if v > MaxGrams {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "shipping: parcel's volumetric weight is more than %d g", MaxGrams).WithField("parcel")
	}
	return v, nil
}
