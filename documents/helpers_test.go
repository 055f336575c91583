package documents_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/internal/pdftest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

var (
	needTools   = pdftest.NeedTools
	pdfText     = pdftest.Text
	pdfPages    = pdftest.Pages
	pdfBarcodes = pdftest.Barcodes
)

var placed = time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC) // 09:30 WIB

// taxPKP is a seller registered for VAT: 12 % on an 11/12 base, prices
// without PPN.
var taxPKP = pricing.TaxProfile{PPNPercent: money.RateInt(12), DPPFactor: money.MustRate("11/12")}

// order returns a placed order as the Service would store it, priced by
// pricing.Calculate: two lines with variants, JNE REG at 1,5 kg, insured,
// a product voucher, biaya lain and the tax profile above. method is COD
// (the buyer pays the fee) or a bank transfer with kode unik 417.
func order(t *testing.T, n int, method payment.Method) *checkout.Order {
	t.Helper()
	items := []checkout.Item{
		{Kind: "variant", SKU: "KAOS-MRH-L", Name: "Kaos Polos Katun", Options: []string{"Merah", "L"}, UnitPrice: 85_000, Quantity: 2, Subtotal: 170_000, UnitWeight: 250},
		{Kind: "variant", SKU: "TOPI-HTM", Name: "Topi Bordir", Options: []string{"Hitam"}, UnitPrice: 45_500, Quantity: 1, Subtotal: 45_500, UnitWeight: 150},
	}
	in := pricing.QuoteInput{
		Lines:          []pricing.Line{items[0].PricingLine(), items[1].PricingLine()},
		ProductVoucher: &pricing.VoucherRule{Code: "HEMAT10", Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: money.RateInt(10)},
		Shipping:       pricing.Shipping{Cost: 24_000},
		InsuranceFee:   1_500,
		AdditionalCost: 2_000,
		Tax:            taxPKP,
	}
	pay := checkout.Payment{Method: method}
	if method == payment.COD {
		in.COD = &pricing.CODFee{Percent: money.RateInt(3), Min: 2_500, Payer: pricing.Buyer}
	} else {
		in.UniqueCode = 417
		pay.UniqueCode = 417
		pay.BankAccounts = []payment.BankAccount{{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Batik Sari"}}
		pay.ExpiresAt = placed.Add(24 * time.Hour)
	}
	q, err := pricing.Calculate(in)
	require.NoError(t, err)
	pay.Amount = q.Payable
	lc, err := checkout.NewLifecycle(checkout.StatusProcessing, placed, "placed")
	require.NoError(t, err)
	num := []byte("INV-20261123-0000")
	num[len(num)-1] += byte(n % 10)
	num[len(num)-2] += byte(n / 10 % 10)
	return &checkout.Order{
		ID: "ord_" + string(num), Number: string(num), Slug: "s3cr3t" + string(num[len(num)-2:]),
		PlacedAt: placed, UpdatedAt: placed,
		Customer:       checkout.Customer{Name: "Siti Aisyah Nurhaliza", Phone: "+6281234567890", Email: "siti@example.id"},
		Address:        checkout.Address{Line: "Jl. Merdeka No. 10, RT 01/RW 02, Kel. Sukamaju", LocationID: "IDNP6-1", PostalCode: "40115", Area: "Coblong, Kota Bandung, Jawa Barat"},
		Notes:          "Tolong dibungkus rapi, jangan dilipat.",
		Items:          items,
		Shipment:       &checkout.Shipment{Courier: "jne", Service: "reg", Name: "JNE Reguler", Price: 24_000, Insured: true, ChargeableGrams: 1_500, WarehouseID: "wh-bdg"},
		ProductVoucher: "HEMAT10",
		AdditionalCost: 2_000,
		Breakdown:      q,
		Payment:        pay,
		AirwayBill:     "JP" + string(num[len(num)-4:]) + "77881234",
		Lifecycle:      lc,
	}
}

// has fails unless every want occurs in text.
func has(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		require.Contains(t, text, w)
	}
}
