package documents_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
)

var warehouse = documents.Party{Name: "Toko Batik Sari (Gudang Bandung)", Phone: "+6282211223344", Address: "Jl. Soekarno-Hatta No. 5, Bandung 40286"}

// A courier reads the label: the airway bill and the order number scan as
// Code 128, and the text names the courier, the COD amount, the receiver
// with phone, the sender, the weight billed and what is in the parcel.
func TestLabelReadsAsTheOrder(t *testing.T) {
	t.Parallel()
	needTools(t)
	for _, size := range []documents.LabelSize{documents.Thermal, documents.A4} {
		for _, method := range []payment.Method{payment.COD, payment.BankTransfer} {
			t.Run(size.String()+"_"+string(method), func(t *testing.T) {
				t.Parallel()
				o := order(t, 1, method)
				var buf bytes.Buffer
				require.NoError(t, documents.WriteLabels(&buf, size, []documents.Label{{Order: o, Sender: warehouse}}))
				assert.ElementsMatch(t, []string{"CODE-128:" + o.AirwayBill, "CODE-128:" + o.Number}, pdfBarcodes(t, buf.Bytes()))
				text := pdfText(t, buf.Bytes())
				has(t, text, "JNE REG", "Ongkir: Rp24.000", o.AirwayBill, o.Number, "Berat: 1,5 kg",
					"Siti Aisyah Nurhaliza", "+6281234567890", "Jl. Merdeka No. 10", "Coblong, Kota Bandung, Jawa Barat 40115",
					"Toko Batik Sari (Gudang Bandung) · +6282211223344", "Jl. Soekarno-Hatta No. 5",
					"Isi paket (3 barang)", "2×", "Kaos Polos Katun (Merah, L) · KAOS-MRH-L", "Topi Bordir (Hitam)",
					"Catatan: Tolong dibungkus rapi", "Asuransi: Ya")
				if method == payment.COD {
					has(t, text, "COD "+o.Payment.Amount.String())
					assert.NotContains(t, text, "NON COD")
				} else {
					has(t, text, "NON COD")
					assert.NotContains(t, text, o.Payment.Amount.String(), "a prepaid parcel shows no amount to collect")
				}
			})
		}
	}
}

// A bulk print is one PDF: a page per label on the thermal printer, four
// labels a sheet on A4, every airway bill scannable.
func TestLabelsBulk(t *testing.T) {
	t.Parallel()
	needTools(t)
	var labels []documents.Label
	var want []string
	for i := 1; i <= 5; i++ {
		o := order(t, i, payment.COD)
		labels = append(labels, documents.Label{Order: o, Sender: warehouse})
		want = append(want, "CODE-128:"+o.AirwayBill, "CODE-128:"+o.Number)
	}
	for size, pages := range map[documents.LabelSize]int{documents.Thermal: 5, documents.A4: 2} {
		var buf bytes.Buffer
		require.NoError(t, documents.WriteLabels(&buf, size, labels))
		assert.Equal(t, pages, pdfPages(t, buf.Bytes()), size.String())
		assert.ElementsMatch(t, want, pdfBarcodes(t, buf.Bytes()), size.String())
	}
}

// An order that cannot have a label is refused with label_unavailable
// naming it, and a bulk print with such an order writes nothing.
func TestLabelUnavailable(t *testing.T) {
	t.Parallel()
	noAWB := order(t, 2, payment.COD)
	noAWB.AirwayBill = ""
	digital := order(t, 3, payment.BankTransfer)
	digital.Shipment = nil
	for i := range digital.Items {
		digital.Items[i].Digital = true
	}
	cancelled := order(t, 4, payment.COD)
	require.NoError(t, cancelled.Transition(checkout.StatusCancelled, placed, "buyer asked", ""))
	for _, tc := range []struct {
		name string
		o    *checkout.Order
		why  string
	}{
		{"no_airway_bill", noAWB, "has no airway bill yet"},
		{"digital", digital, "ships no parcel"},
		{"cancelled", cancelled, "is cancelled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := documents.CheckLabel(tc.o)
			require.Error(t, err)
			assert.Equal(t, documents.CodeLabelUnavailable, errs.Code(err))
			assert.Equal(t, errs.Precondition, errs.KindOf(err))
			assert.Contains(t, err.Error(), tc.o.Number)
			assert.Contains(t, err.Error(), tc.why)

			var buf bytes.Buffer
			err = documents.WriteLabels(&buf, documents.Thermal, []documents.Label{{Order: order(t, 1, payment.COD)}, {Order: tc.o}})
			assert.Equal(t, documents.CodeLabelUnavailable, errs.Code(err))
			assert.Equal(t, "labels[1]", errs.Field(err))
			assert.Zero(t, buf.Len(), "nothing is written")
		})
	}
	require.NoError(t, documents.CheckLabel(order(t, 5, payment.COD)))
}

func TestParseLabelSize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]documents.LabelSize{"": documents.Thermal, "thermal": documents.Thermal, "100x150": documents.Thermal, "a4": documents.A4} {
		got, err := documents.ParseLabelSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := documents.ParseLabelSize("a5")
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	assert.Equal(t, "size", errs.Field(err))
}

// Labels and invoices are rendered at the same time by concurrent
// requests: each render is whole and reads as the order (the race
// detector sees any shared state; fpdf once wrote into the embedded font
// bytes every document shared).
func TestRenderConcurrently(t *testing.T) {
	t.Parallel()
	needTools(t)
	o := order(t, 9, payment.COD)
	got := make([][]byte, 6)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			var buf bytes.Buffer
			if i%2 == 0 {
				assert.NoError(t, documents.WriteLabels(&buf, documents.LabelSize(i/2%2), []documents.Label{{Order: o, Sender: warehouse}}))
			} else {
				assert.NoError(t, documents.WriteInvoice(&buf, documents.Invoice{Order: o, Store: store, Tax: taxPKP, OrderURL: "https://toko.example.id/p/x"}))
			}
			got[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i, pdf := range got {
		has(t, pdfText(t, pdf), o.Number, "Siti Aisyah Nurhaliza", o.Payment.Amount.String())
		if i%2 == 0 {
			assert.ElementsMatch(t, []string{"CODE-128:" + o.AirwayBill, "CODE-128:" + o.Number}, pdfBarcodes(t, pdf))
		}
	}
}

// An order sold on a marketplace for cash on delivery has the courier
// collect the total the marketplace reported; one paid on the marketplace
// is NON COD.
func TestLabelOfAnExternalOrder(t *testing.T) {
	t.Parallel()
	needTools(t)
	for _, tc := range []struct {
		paid string
		want string
	}{{"COD (Bayar di Tempat)", "COD Rp187.000"}, {"Cash on delivery", "COD Rp187.000"}, {"ShopeePay", "NON COD"}} {
		t.Run(tc.paid, func(t *testing.T) {
			t.Parallel()
			o := order(t, 3, payment.BankTransfer)
			o.Payment = checkout.Payment{Method: payment.Marketplace, Amount: 187000}
			o.External = &checkout.External{Source: "shopee", Invoice: "241201QWERTY12", Total: 187000, Payment: tc.paid}
			var buf bytes.Buffer
			require.NoError(t, documents.WriteLabels(&buf, documents.Thermal, []documents.Label{{Order: o, Sender: warehouse}}))
			text := pdfText(t, buf.Bytes())
			has(t, text, tc.want)
			if tc.want == "NON COD" {
				assert.NotContains(t, text, "Rp187.000", "nothing to collect")
			}
		})
	}
}
