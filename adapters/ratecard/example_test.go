package ratecard_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

func ExampleParse() {
	card, err := ratecard.Parse(strings.NewReader(`{
	  "rates": [
	    {"courier": "jne", "service": "REG", "name": "JNE Reguler",
	     "price_per_kg": 14000, "etd_min_days": 2, "etd_max_days": 3,
	     "cod": true, "cod_fee_percent": "2.8", "cashback_percent": "25"},
	    {"courier": "jne", "service": "REG", "name": "JNE Reguler",
	     "origin": "bdg", "destination": "jaksel", "price_per_kg": 11000,
	     "etd_min_days": 1, "etd_max_days": 2,
	     "cod": true, "cod_fee_percent": "2.8", "cashback_percent": "25"},
	    {"courier": "jne", "service": "JTR", "name": "JNE Trucking",
	     "price_per_kg": 5000, "etd_min_days": 3, "etd_max_days": 7,
	     "volumetric_divisor": 5000, "minimum_kg": 10}
	  ],
	  "locations": [
	    {"id": "bdg", "province": "Jawa Barat", "city": "Kota Bandung", "district": "Coblong", "cod": true},
	    {"id": "jaksel", "province": "DKI Jakarta", "city": "Jakarta Selatan", "district": "Kebayoran Baru",
	     "postal_codes": ["12160"], "cod": true}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	found, _ := card.SearchLocations(ctx, "kebayoran", 5)
	from, _ := card.Location(ctx, "bdg")
	for _, grams := range []int64{1290, 1300} {
		opts, err := card.Rates(ctx, ports.RateRequest{
			Origin:      from,
			Destination: found[0],
			Items:       []ports.RateItem{{Name: "Kopi Arabica", WeightGrams: grams, Quantity: 1}},
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, o := range opts {
			fmt.Printf("%d g to %s: %s %s, %d–%d days, COD %t\n", grams, found[0].District, o.Name, o.Price, o.EtdMinDays, o.EtdMaxDays, o.COD)
		}
	}
	// Output:
	// 1290 g to Kebayoran Baru: JNE Reguler Rp11.000, 1–2 days, COD true
	// 1290 g to Kebayoran Baru: JNE Trucking Rp50.000, 3–7 days, COD false
	// 1300 g to Kebayoran Baru: JNE Reguler Rp22.000, 1–2 days, COD true
	// 1300 g to Kebayoran Baru: JNE Trucking Rp50.000, 3–7 days, COD false
}

func ExampleNew() {
	_, err := ratecard.New(ratecard.Spec{Rates: []ratecard.RateSpec{
		{Courier: "jne", Service: "REG", PricePerKg: 14_000, CODFeePercent: "2,8"},
	}})
	fmt.Println(errs.Code(err), errs.Field(err))

	card, err := ratecard.New(ratecard.Spec{Rates: []ratecard.RateSpec{
		{Courier: "jne", Service: "REG", PricePerKg: 14_000, COD: true, CODFeePercent: "2.8"},
		{Courier: "sicepat", Service: "REG", PricePerKg: 13_000, COD: true, CODFeePercent: "3"},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A destination excluded from COD gets no COD option.
	opts, err := card.Rates(context.Background(), ports.RateRequest{
		Destination: shipping.Location{ID: "jayapura-abepura", COD: false},
		Items:       []ports.RateItem{{WeightGrams: 800, Quantity: 2}},
		COD:         true,
	})
	fmt.Println(len(opts), err)
	// Output:
	// invalid_input rates[0].cod_fee_percent
	// 0 <nil>
}
