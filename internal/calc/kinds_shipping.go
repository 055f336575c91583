package calc

import (
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
)

type weightIn struct {
	Items []struct {
		WeightGrams int64 `json:"weight_grams"`
		Quantity    int64 `json:"quantity"`
	} `json:"items"`
	Parcel *struct {
		LengthCm int64 `json:"length_cm"`
		WidthCm  int64 `json:"width_cm"`
		HeightCm int64 `json:"height_cm"`
	} `json:"parcel"`
	Rule *struct {
		VolumetricDivisor *int64 `json:"volumetric_divisor"`
		ToleranceGrams    *int64 `json:"tolerance_grams"`
		MinimumKg         *int64 `json:"minimum_kg"`
	} `json:"rule"`
}

// WeightOutput is the result of kind weight.
type WeightOutput struct {
	ActualGrams     int64 `json:"actual_grams"`
	VolumetricGrams int64 `json:"volumetric_grams"`
	ChargeableGrams int64 `json:"chargeable_grams"`
	ChargeableKg    int64 `json:"chargeable_kg"`
}

func runWeight(data []byte) (any, error) {
	var in weightIn
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	items := make([]shipping.Item, len(in.Items))
	for i, it := range in.Items {
		items[i] = shipping.Item{WeightGrams: it.WeightGrams, Quantity: it.Quantity}
	}
	var parcel *shipping.Dimensions
	if p := in.Parcel; p != nil {
		parcel = &shipping.Dimensions{LengthCm: p.LengthCm, WidthCm: p.WidthCm, HeightCm: p.HeightCm}
	}
	rule := shipping.DefaultWeightRule()
	if r := in.Rule; r != nil {
		if r.VolumetricDivisor != nil {
			rule.VolumetricDivisor = *r.VolumetricDivisor
		}
		if r.ToleranceGrams != nil {
			rule.ToleranceGrams = *r.ToleranceGrams
		}
		if r.MinimumKg != nil {
			rule.MinimumKg = *r.MinimumKg
		}
	}
	w, err := shipping.ChargeableWeight(items, parcel, rule)
	if err != nil {
		return nil, err
	}
	return WeightOutput{ActualGrams: w.ActualGrams, VolumetricGrams: w.VolumetricGrams, ChargeableGrams: w.ChargeableGrams, ChargeableKg: w.ChargeableKg}, nil
}

type insuranceIn struct {
	GoodsValue int64 `json:"goods_value"`
	GrandTotal int64 `json:"grand_total"`
	Policy     struct {
		Percent        percent `json:"percent"`
		AdminFee       int64   `json:"admin_fee"`
		Base           string  `json:"base"`
		FlatFee        int64   `json:"flat_fee"`
		FlatFeeUpTo    int64   `json:"flat_fee_up_to"`
		RoundUpTo      int64   `json:"round_up_to"`
		AvailableAbove int64   `json:"available_above"`
		MandatoryFrom  int64   `json:"mandatory_from"`
	} `json:"policy"`
}

// InsuranceOutput is the result of kind insurance.
type InsuranceOutput struct {
	Fee       int64 `json:"fee"`
	Mandatory bool  `json:"mandatory"`
}

func runInsurance(data []byte) (any, error) {
	var in insuranceIn
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	p := in.Policy
	pol := shipping.InsurancePolicy{
		AdminFee: money.Money(p.AdminFee), FlatFee: money.Money(p.FlatFee), FlatFeeUpTo: money.Money(p.FlatFeeUpTo),
		RoundUpTo: money.Money(p.RoundUpTo), AvailableAbove: money.Money(p.AvailableAbove), MandatoryFrom: money.Money(p.MandatoryFrom),
	}
	var err error
	if pol.Percent, err = p.Percent.rate("policy.percent"); err != nil {
		return nil, err
	}
	if pol.Base, err = shipping.ParseInsuranceBase(p.Base); err != nil {
		return nil, invalidField("policy.base", err)
	}
	ins, err := pol.Premium(money.Money(in.GoodsValue), money.Money(in.GrandTotal))
	if err != nil {
		return nil, err
	}
	return InsuranceOutput{Fee: ins.Fee.Int64(), Mandatory: ins.Mandatory}, nil
}

// PhoneOutput is the result of kind phone.
type PhoneOutput struct {
	E164     string `json:"e164"`
	MSISDN   string `json:"msisdn"`
	National string `json:"national"`
	Type     string `json:"type"`
}

func runPhone(data []byte) (any, error) {
	var in struct {
		Phone         string `json:"phone"`
		RequireMobile *bool  `json:"require_mobile"`
	}
	if err := decode(data, &in); err != nil {
		return nil, err
	}
	parse := checkout.ParseMobile
	if in.RequireMobile != nil && !*in.RequireMobile {
		parse = checkout.ParsePhone
	}
	p, err := parse(in.Phone)
	if err != nil {
		return nil, err
	}
	return PhoneOutput{E164: p.E164(), MSISDN: p.MSISDN(), National: p.National(), Type: p.Type().String()}, nil
}
