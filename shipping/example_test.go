package shipping_test

import (
	"fmt"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
)

func ExampleChargeableWeight() {
	items := []shipping.Item{{WeightGrams: 2000, Quantity: 1}}
	box := &shipping.Dimensions{LengthCm: 40, WidthCm: 30, HeightCm: 30}
	w, err := shipping.ChargeableWeight(items, box, shipping.DefaultWeightRule())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("actual %d g, volumetric %d g, billed %d kg\n", w.ActualGrams, w.VolumetricGrams, w.ChargeableKg)

	// 1.290 g stays under the 300 g tolerance; 1.300 g does not.
	for _, it := range []shipping.Item{{WeightGrams: 430, Quantity: 3}, {WeightGrams: 650, Quantity: 2}} {
		w, _ := shipping.ChargeableWeight([]shipping.Item{it}, nil, shipping.DefaultWeightRule())
		fmt.Printf("%d g → %d kg\n", w.ActualGrams, w.ChargeableKg)
	}
	// Output:
	// actual 2000 g, volumetric 6000 g, billed 6 kg
	// 1290 g → 1 kg
	// 1300 g → 2 kg
}

func ExampleInsurancePolicy_Premium() {
	policies := []struct {
		courier string
		policy  shipping.InsurancePolicy
	}{
		{"JNE", shipping.InsurancePolicy{Percent: money.MustRate("0.2"), AdminFee: 5000}},
		{"Ninja", shipping.InsurancePolicy{Percent: money.MustRate("0.25"), FlatFee: 2500, FlatFeeUpTo: 1_000_000}},
		{"SiCepat", shipping.InsurancePolicy{Percent: money.MustRate("0.3"), Base: shipping.GrandTotal, AvailableAbove: 500_000}},
		{"SAP", shipping.InsurancePolicy{Percent: money.MustRate("0.3"), AdminFee: 2000}},
	}
	for _, goods := range []money.Money{800_000, 2_000_000} {
		grandTotal := goods - 400_000 // a big discount
		for _, p := range policies {
			ins, err := p.policy.Premium(goods, grandTotal)
			if errs.Code(err) == shipping.CodeInsuranceNotAvailable {
				fmt.Printf("%s on %s: not available\n", p.courier, goods)
				continue
			}
			fmt.Printf("%s on %s: %s\n", p.courier, goods, ins.Fee)
		}
	}
	// Output:
	// JNE on Rp800.000: Rp6.600
	// Ninja on Rp800.000: Rp2.500
	// SiCepat on Rp800.000: not available
	// SAP on Rp800.000: Rp4.400
	// JNE on Rp2.000.000: Rp9.000
	// Ninja on Rp2.000.000: Rp5.000
	// SiCepat on Rp2.000.000: Rp4.800
	// SAP on Rp2.000.000: Rp8.000
}

func ExampleCheckCOD() {
	reg := shipping.Option{Courier: "jne", Service: "REG", Name: "JNE Reguler", Price: 14_000, COD: true, Weight: shipping.DefaultWeightRule()}
	for _, dest := range []shipping.Location{
		{ID: "31.74.07", District: "Kebayoran Baru", City: "Jakarta Selatan", Province: "DKI Jakarta", COD: true},
		{ID: "91.01.01", District: "Merauke", City: "Merauke", Province: "Papua"},
	} {
		if err := shipping.CheckCOD(reg, dest); err != nil {
			fmt.Println(errs.Code(err)+":", err)
			continue
		}
		fmt.Println(reg.Key(), "collects COD in", dest.Name())
	}
	// Output:
	// jne:REG collects COD in Kebayoran Baru, Jakarta Selatan, DKI Jakarta
	// cod_not_available: shipping: cash on delivery is not available in Merauke, Merauke, Papua
}

func ExampleChooseWarehouse() {
	warehouses := []shipping.Warehouse{
		{ID: "jkt", Name: "Gudang Jakarta", Default: true},
		{ID: "sby", Name: "Gudang Surabaya"},
	}
	stock := map[string]map[string]int64{
		"jkt": {"KAOS-M": 10},
		"sby": {"KAOS-M": 2, "TOPI": 4},
	}
	stockAt := func(w, sku string) int64 { return stock[w][sku] }

	for _, need := range []map[string]int64{
		{"KAOS-M": 3},
		{"KAOS-M": 1, "TOPI": 1},
		{"TOPI": 5},
	} {
		w, err := shipping.ChooseWarehouse(warehouses, need, stockAt)
		if err != nil {
			fmt.Println(errs.Code(err)+":", err)
			continue
		}
		fmt.Println(w.Name)
	}
	// Output:
	// Gudang Jakarta
	// Gudang Surabaya
	// no_warehouse: shipping: no warehouse holds enough stock: TOPI needs 5, at most 4 in one warehouse
}
