package documents_test

import (
	"time"

	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

var store = documents.Party{Name: "Toko Batik Sari", Phone: "+6282211223344", Address: "Jl. Braga No. 12\nBandung 40111"}

// The buyer reads the invoice: the store, the buyer, every item with its
// variant, every figure of the breakdown as Rp amounts, how to pay, and a
// QR code that opens the order page.
func TestInvoiceReadsAsTheOrder(t *testing.T) {
	t.Parallel()
	needTools(t)
	for _, method := range []payment.Method{payment.COD, payment.BankTransfer} {
		t.Run(string(method), func(t *testing.T) {
			t.Parallel()
			o := order(t, 7, method)
			q := o.Breakdown
			url := "https://toko.example.id/pesanan/" + o.Slug
			var buf bytes.Buffer
			require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store, Tax: taxPKP, OrderURL: url}))
			assert.Equal(t, []string{"QR-Code:" + url}, pdfBarcodes(t, buf.Bytes()))
			text := pdfText(t, buf.Bytes())
			has(t, text, "Toko Batik Sari", "+6282211223344", "Jl. Braga No. 12", "INVOICE", o.Number, "23 November 2026 09:30 WIB", "Diproses",
				"Siti Aisyah Nurhaliza", "+6281234567890", "siti@example.id", "Jl. Merdeka No. 10", "JNE REG", "Berat ditagih: 1,5 kg", "No. Resi: "+o.AirwayBill,
				"Kaos Polos Katun (Merah, L)", "SKU KAOS-MRH-L", "Rp85.000", "Rp170.000", "Topi Bordir (Hitam)", "Rp45.500",
				"Subtotal produk", q.Subtotal.String(),
				"Diskon produk (HEMAT10)", "-"+q.ProductDiscount.String(),
				"Ongkos kirim", q.ShippingCost.String(),
				"Asuransi pengiriman", q.InsuranceFee.String(),
				"Biaya lain", q.AdditionalCost.String(),
				"Dasar Pengenaan Pajak (DPP)", q.TaxBase.String(),
				"PPN 12%", q.PPN.String(),
				"Total dibayar", q.Payable.String(),
				"Catatan pembeli: Tolong dibungkus rapi")
			dppOther, err := money.MustRate("11/12").Apply(q.TaxBase, money.Down)
			require.NoError(t, err)
			has(t, text, "DPP nilai lain (11/12)", dppOther.String())
			if method == payment.COD {
				require.NotZero(t, q.ServiceFee)
				has(t, text, "Biaya layanan COD", q.ServiceFee.String(), "Bayar di tempat (COD): siapkan "+q.Payable.String())
				assert.NotContains(t, text, "Kode unik")
			} else {
				has(t, text, "Kode unik", "Rp417", "Transfer tepat "+q.Payable.String(), "kode unik 417", "Bank Central Asia 1234567890 a.n. Toko Batik Sari",
					"sebelum 24 November 2026 09:30 WIB")
				assert.NotContains(t, text, "COD")
			}
		})
	}
}

// A paid order's invoice says LUNAS; prices that include PPN show it as
// included, and a seller outside VAT shows no tax rows; a buyer who
// withholds tax sees the total and what they keep back.
func TestInvoiceStatusAndTax(t *testing.T) {
	t.Parallel()
	needTools(t)
	o := order(t, 8, payment.BankTransfer)
	o.Payment.PaidAt = placed.Add(3 * 3600e9)
	var buf bytes.Buffer
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store}))
	text := pdfText(t, buf.Bytes())
	has(t, text, "LUNAS: dibayar 23 November 2026 12:30 WIB sebesar "+o.Payment.Amount.String())
	assert.NotContains(t, text, "Transfer tepat")

	incl := pricing.TaxProfile{PPNPercent: money.RateInt(11), PricesIncludePPN: true, PPh22Percent: money.MustRate("1.5")}
	in := pricing.QuoteInput{Lines: []pricing.Line{o.Items[0].PricingLine()}, Shipping: pricing.Shipping{Cost: 10_000}, Tax: incl}
	q, err := pricing.Calculate(in)
	require.NoError(t, err)
	require.NotZero(t, q.PPh22)
	o.Items = o.Items[:1]
	o.ProductVoucher, o.Breakdown = "", q
	buf.Reset()
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store, Tax: incl}))
	text = pdfText(t, buf.Bytes())
	has(t, text, "PPN 11% (termasuk dalam harga)", q.PPN.String(), "Total", q.GrandTotal.String(), "PPh 22 dipotong pembeli", "-"+q.PPh22.String(), "Total dibayar", q.Payable.String())
	assert.NotContains(t, text, "DPP nilai lain")
	assert.NotContains(t, text, "Pindai", "no order page, no QR code")

	o.Breakdown, err = pricing.Calculate(pricing.QuoteInput{Lines: in.Lines, Shipping: in.Shipping})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store}))
	assert.NotContains(t, pdfText(t, buf.Bytes()), "PPN")
}

func TestInvoiceNeedsAnOrder(t *testing.T) {
	t.Parallel()
	err := documents.WriteInvoice(&bytes.Buffer{}, documents.Invoice{})
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}

// Many invoices print as one PDF, each from its own page with its own QR
// code, every page footed with its invoice's number and page.
func TestInvoicesBulk(t *testing.T) {
	t.Parallel()
	needTools(t)
	var invs []documents.Invoice
	var want []string
	for i := 1; i <= 3; i++ {
		o := order(t, 20+i, payment.BankTransfer)
		url := "https://toko.example.id/pesanan/" + o.Slug
		invs = append(invs, documents.Invoice{Order: o, Store: store, OrderURL: url})
		want = append(want, "QR-Code:"+url)
	}
	var buf bytes.Buffer
	require.NoError(t, documents.WriteInvoices(&buf, invs))
	assert.Equal(t, 3, pdfPages(t, buf.Bytes()))
	assert.ElementsMatch(t, want, pdfBarcodes(t, buf.Bytes()))
	text := pdfText(t, buf.Bytes())
	for _, inv := range invs {
		has(t, text, "Invoice "+inv.Order.Number+" · halaman 1")
	}
	err := documents.WriteInvoices(&bytes.Buffer{}, []documents.Invoice{invs[0], {}})
	assert.Equal(t, "invoices[1].order", errs.Field(err))
}

// A long order's invoice runs over pages, each footed with its number and
// page, and the total comes after the last item.
func TestInvoiceManyItems(t *testing.T) {
	t.Parallel()
	needTools(t)
	o := order(t, 30, payment.BankTransfer)
	for i := range 40 {
		o.Items = append(o.Items, checkout.Item{Name: "Stiker " + strconv.Itoa(i+1), SKU: "STK-" + strconv.Itoa(i+1), UnitPrice: 1_000, Quantity: 1, Subtotal: 1_000})
	}
	var buf bytes.Buffer
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store}))
	pages := strings.Split(strings.TrimRight(pdfText(t, buf.Bytes()), "\f"), "\f")
	require.Greater(t, len(pages), 1)
	for i, p := range pages {
		has(t, p, "Invoice "+o.Number+" · halaman "+strconv.Itoa(i+1))
	}
	has(t, pages[len(pages)-1], "Stiker 40", "Total dibayar")
}

// An order prints as it was priced: the tax profile it carries is the one
// its invoice shows, whatever profile the store has now.
func TestInvoiceUsesTheOrdersTaxProfile(t *testing.T) {
	t.Parallel()
	needTools(t)
	o := order(t, 9, payment.COD) // priced at 12 % on an 11/12 base
	snapshot := taxPKP
	o.Tax = &snapshot
	now := pricing.TaxProfile{PPNPercent: money.RateInt(11)} // the store's profile since
	var buf bytes.Buffer
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store, Tax: now}))
	text := pdfText(t, buf.Bytes())
	has(t, text, "PPN 12%", o.Breakdown.PPN.String(), "DPP nilai lain (11/12)")
	assert.NotContains(t, text, "PPN 11%")

	// An order stored before orders kept their profile reads the store's.
	o.Tax = nil
	buf.Reset()
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store, Tax: now}))
	has(t, pdfText(t, buf.Bytes()), "PPN 11%")
}

// The invoice of an order sold on a marketplace shows the items and
// amounts the marketplace reported, and that it was paid there, never a
// price of kasir's.
func TestInvoiceOfAnExternalOrder(t *testing.T) {
	t.Parallel()
	needTools(t)
	o := order(t, 9, payment.COD)
	o.Breakdown = pricing.Quote{}
	o.External = &checkout.External{
		Source: "shopee", Invoice: "241201QWERTY12",
		Items: []checkout.ExternalItem{
			{SKU: "KAOS-MRH-L", Name: "Kaos Polos Katun Premium", Variation: "Merah, L", Quantity: 2, UnitPrice: 62000, Subtotal: 124000},
			{Name: "Topi Bordir", Quantity: 1, UnitPrice: 50000, Subtotal: 50000},
		},
		Subtotal: 174000, ShippingCost: 18000, Discount: 5000, Total: 187000, AirwayBill: "JP4417520938",
	}
	o.Payment = checkout.Payment{Method: payment.Marketplace, Amount: 187000, PaidAt: placed}
	var buf bytes.Buffer
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store, Tax: taxPKP}))
	text := pdfText(t, buf.Bytes())
	has(t, text, "Kaos Polos Katun Premium (Merah, L)", "SKU KAOS-MRH-L", "Rp62.000", "Rp124.000", "Topi Bordir", "Rp50.000",
		"Subtotal produk", "Rp174.000", "Ongkos kirim", "Rp18.000", "Diskon penjual", "-Rp5.000", "Total dibayar", "Rp187.000",
		"Dijual di shopee (pesanan 241201QWERTY12)", "LUNAS: dibayar di shopee sebesar Rp187.000")
	assert.NotContains(t, text, "Rp85.000", "not the catalog's price")
	assert.NotContains(t, text, "PPN", "kasir did not price it, so it shows no tax of its own")
}

// A seller's order of a procurement purchase prints the purchase, its
// terms and payments, and the fields of its tax invoice and withholding
// slips; any other order prints none of them.
func TestInvoiceOfAProcurementOrder(t *testing.T) {
	t.Parallel()
	needTools(t)
	o := order(t, 9, payment.Invoice)
	o.Procurement = &checkout.Procurement{
		CheckoutID: "co-17", PurchaseRequest: "PR/2026/117", ReceiveBy: "2026-12-20",
		BuyerName: "Dinas PU Kota Bandung", BuyerNPWP: "00.123.456.7-429.000", BuyerKind: "klpd",
		SellerName: "Toko A", SellerNPWP: "01.234.567.8-901.000",
		PaymentTermDays: 30, DueAt: time.Date(2027, 1, 2, 23, 59, 59, 0, time.FixedZone("WIB", 7*3600)),
		Payable: 2960750, Paid: 1000000,
		TaxInvoice: &procurement.TaxInvoice{SellerName: "Toko A", SellerNPWP: "01.234.567.8-901.000", BuyerName: "Dinas PU Kota Bandung",
			BuyerNPWP: "00.123.456.7-429.000", DPP: 2458333, PPNPercent: money.RateInt(11), DPPFactor: money.RateInt(1), PPN: 270416,
			ExemptAmount: 491667, CollectedByBuyer: true},
		WithholdingSlip: &procurement.WithholdingSlip{WithholderName: "Dinas PU Kota Bandung", WithholderNPWP: "00.123.456.7-429.000",
			RecipientName: "Toko A", RecipientNPWP: "01.234.567.8-901.000", Lines: []procurement.SlipLine{
				{Article: "22", Base: 2950000, Percent: money.MustRate("1.5"), Amount: 44250},
				{Article: "23", Base: 50000, Percent: money.RateInt(2), Amount: 1000}}},
	}
	var buf bytes.Buffer
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store}))
	text := pdfText(t, buf.Bytes())
	has(t, text, "Pengadaan", "co-17", "PR/2026/117", "2026-12-20", "30 hari, jatuh tempo 2 Januari 2027 23:59 WIB",
		"Rp1.000.000 dari Rp2.960.750; sisa Rp1.960.750",
		"Faktur Pajak", "01.234.567.8-901.000", "00.123.456.7-429.000", "Rp2.458.333", "PPN 11%", "Rp270.416",
		"Barang dibebaskan dari PPN", "Rp491.667", "PPN dipungut pembeli (WAPU)",
		"Bukti Potong PPh (pembeli)", "1.5% x Rp2.950.000 = Rp44.250", "2% x Rp50.000 = Rp1.000")
	assert.NotContains(t, text, "atas biaya platform", "no fee slip on this order")

	o.Procurement = nil
	buf.Reset()
	require.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store}))
	assert.NotContains(t, pdfText(t, buf.Bytes()), "Faktur Pajak")
}
