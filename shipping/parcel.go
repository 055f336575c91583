package shipping

import (
	"strconv"

	"github.com/kasir-id/kasir/errs"
)

// Dimensions is a size in whole centimetres: the packed size of one unit
// of a product, or the outer size of a parcel. The zero value means the
// size is unknown; shipping then uses the actual weight only.
type Dimensions struct {
	LengthCm int64 `json:"length_cm"`
	WidthCm  int64 `json:"width_cm"`
	HeightCm int64 `json:"height_cm"`
}

// IsZero reports whether no side is given.
func (d Dimensions) IsZero() bool { return d == Dimensions{} }

// Validate reports whether every side is within 0–[MaxDimensionCm]. It
// returns an invalid_input error naming the side ("length_cm", "width_cm"
// or "height_cm").
func (d Dimensions) Validate() error {
	for _, side := range [...]struct {
		name string
		cm   int64
	}{{"length_cm", d.LengthCm}, {"width_cm", d.WidthCm}, {"height_cm", d.HeightCm}} {
		if side.cm < 0 || side.cm > MaxDimensionCm {
			return errs.Invalidf(errs.CodeInvalidInput, "shipping: %s must be within 0–%d cm, got %d", side.name, MaxDimensionCm, side.cm).WithField(side.name)
		}
	}
	return nil
}

// Pack returns the parcel the items make when packed together: the units
// are stacked, so the parcel is as long as the longest unit, as wide as
// the widest, and as high as the heights of every unit added up. Items
// without dimensions add weight only. Pack returns nil when no item has
// dimensions: the parcel's size is then unknown.
//
// Errors are invalid_input naming the field: a side outside
// 0–[MaxDimensionCm] ("items[2].dimensions.height_cm"), or a stack higher
// than MaxDimensionCm ("items[2].quantity"). A quantity ≤ 0 is left to
// [ChargeableWeight] to report.
func Pack(items []Item) (*Dimensions, error) {
	var box Dimensions
	sized := false
	for i, it := range items {
		d := it.Dimensions
		if d.IsZero() || it.Quantity <= 0 {
			continue
		}
		if err := d.Validate(); err != nil {
			return nil, errs.At(itemField(i, "dimensions"), err)
		}
		sized = true
		box.LengthCm = max(box.LengthCm, d.LengthCm)
		box.WidthCm = max(box.WidthCm, d.WidthCm)
		if d.HeightCm > 0 && it.Quantity > (MaxDimensionCm-box.HeightCm)/d.HeightCm {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "shipping: the items stack higher than %d cm", MaxDimensionCm).WithField(itemField(i, "quantity"))
		}
		box.HeightCm += d.HeightCm * it.Quantity
	}
	if !sized {
		return nil, nil
	}
	return &box, nil
}

// PackedWeight is the weight a courier bills for items packed as [Pack]
// packs them, under rule: [ChargeableWeight] of the items in that parcel.
// Every courier adapter and the order use it, so an order records the
// weight it was billed for. Errors are those of Pack and ChargeableWeight.
func PackedWeight(items []Item, rule WeightRule) (Weight, error) {
	parcel, err := Pack(items)
	if err != nil {
		return Weight{}, err
	}
	return ChargeableWeight(items, parcel, rule)
}

func itemField(i int, name string) string {
	return "items[" + strconv.Itoa(i) + "]." + name
}
