package shipping_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenDir is the shared folder of worked cases (see its README.md).
const goldenDir = "../../shared/golden"

type goldenCase struct {
	Name        string                     `json:"name"`
	Kind        string                     `json:"kind"`
	Input       json.RawMessage            `json:"input"`
	Expect      map[string]json.RawMessage `json:"expect"`
	ExpectError string                     `json:"expect_error"`
}

// loadGolden returns the cases of kind found in every *.json file of the
// golden folder; a file holds one case or an array of them.
func loadGolden(t *testing.T, kind string) []goldenCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skipf("no golden cases in %s", goldenDir)
	}
	var out []goldenCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var cases []goldenCase
		if err := json.Unmarshal(b, &cases); err != nil {
			var one goldenCase
			require.NoError(t, json.Unmarshal(b, &one), f)
			cases = []goldenCase{one}
		}
		for _, c := range cases {
			if c.Kind == kind {
				out = append(out, c)
			}
		}
	}
	return out
}

// checkGolden compares result (marshalled to JSON) or err with the case.
func checkGolden(t *testing.T, c goldenCase, result any, err error) {
	t.Helper()
	if c.ExpectError != "" {
		require.Error(t, err)
		assert.Equal(t, c.ExpectError, errs.Code(err), err.Error())
		return
	}
	require.NoError(t, err)
	b, err := json.Marshal(result)
	require.NoError(t, err)
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &got))
	for field, want := range c.Expect {
		require.Contains(t, got, field)
		assert.JSONEq(t, string(want), string(got[field]), field)
	}
}

func TestGoldenWeight(t *testing.T) {
	t.Parallel()
	type input struct {
		Items []struct {
			WeightGrams int64 `json:"weight_grams"`
			Quantity    int64 `json:"quantity"`
		} `json:"items"`
		Parcel *struct {
			LengthCm int64 `json:"length_cm"`
			WidthCm  int64 `json:"width_cm"`
			HeightCm int64 `json:"height_cm"`
		} `json:"parcel"`
		Rule struct {
			VolumetricDivisor *int64 `json:"volumetric_divisor"`
			ToleranceGrams    *int64 `json:"tolerance_grams"`
			MinimumKg         *int64 `json:"minimum_kg"`
		} `json:"rule"`
	}
	type output struct {
		ActualGrams     int64 `json:"actual_grams"`
		VolumetricGrams int64 `json:"volumetric_grams"`
		ChargeableGrams int64 `json:"chargeable_grams"`
		ChargeableKg    int64 `json:"chargeable_kg"`
	}
	for _, c := range loadGolden(t, "weight") {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			var in input
			require.NoError(t, json.Unmarshal(c.Input, &in))
			items := make([]shipping.Item, len(in.Items))
			for i, it := range in.Items {
				items[i] = shipping.Item{WeightGrams: it.WeightGrams, Quantity: it.Quantity}
			}
			var parcel *shipping.Parcel
			if in.Parcel != nil {
				parcel = &shipping.Parcel{LengthCm: in.Parcel.LengthCm, WidthCm: in.Parcel.WidthCm, HeightCm: in.Parcel.HeightCm}
			}
			rule := shipping.DefaultWeightRule()
			for _, o := range []struct {
				from *int64
				to   *int64
			}{{in.Rule.VolumetricDivisor, &rule.VolumetricDivisor}, {in.Rule.ToleranceGrams, &rule.ToleranceGrams}, {in.Rule.MinimumKg, &rule.MinimumKg}} {
				if o.from != nil {
					*o.to = *o.from
				}
			}
			w, err := shipping.ChargeableWeight(items, parcel, rule)
			checkGolden(t, c, output(w), err)
		})
	}
}

func TestGoldenInsurance(t *testing.T) {
	t.Parallel()
	type input struct {
		GoodsValue pricing.Money `json:"goods_value"`
		GrandTotal pricing.Money `json:"grand_total"`
		Policy     struct {
			Percent        pricing.Rate           `json:"percent"`
			AdminFee       pricing.Money          `json:"admin_fee"`
			Base           shipping.InsuranceBase `json:"base"`
			FlatFee        pricing.Money          `json:"flat_fee"`
			FlatFeeUpTo    pricing.Money          `json:"flat_fee_up_to"`
			RoundUpTo      pricing.Money          `json:"round_up_to"`
			AvailableAbove pricing.Money          `json:"available_above"`
			MandatoryFrom  pricing.Money          `json:"mandatory_from"`
		} `json:"policy"`
	}
	type output struct {
		Fee       pricing.Money `json:"fee"`
		Mandatory bool          `json:"mandatory"`
	}
	for _, c := range loadGolden(t, "insurance") {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			var in input
			require.NoError(t, json.Unmarshal(c.Input, &in))
			ins, err := shipping.InsurancePolicy(in.Policy).Premium(in.GoodsValue, in.GrandTotal)
			checkGolden(t, c, output(ins), err)
		})
	}
}
