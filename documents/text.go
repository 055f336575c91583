package documents

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
)

// Party is a name people read with how to reach it: the store on an
// invoice, the sender (the warehouse) on a label.
type Party struct {
	Name    string
	Phone   string
	Address string // one or more lines, as it should be printed
}

// fit returns s, shortened with "…" until it is at most w wide in the
// current font.
func fit(pdf *fpdf.Fpdf, s string, w float64) string {
	if pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// lines splits s into at most max lines of width w in the current font,
// the last one shortened with "…" when more text follows.
func lines(pdf *fpdf.Fpdf, s string, w float64, max int) []string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(s), "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		out = append(out, pdf.SplitText(para, w)...)
	}
	if len(out) > max {
		out = out[:max]
		out[max-1] = fit(pdf, out[max-1]+" …", w)
	}
	return out
}

// weight prints grams as people read a parcel's weight: "800 g",
// "1,5 kg", "16 kg".
func weight(grams int64) string {
	if grams < 1000 {
		return strconv.FormatInt(grams, 10) + " g"
	}
	kg := strconv.FormatInt(grams/1000, 10)
	if frac := grams % 1000; frac != 0 {
		kg += "," + strings.TrimRight(strconv.FormatInt(1000+frac, 10)[1:], "0")
	}
	return kg + " kg"
}

var months = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// dateTime prints t in WIB as "23 November 2026 09:30 WIB".
func dateTime(t time.Time) string {
	t = t.In(wib)
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " " + t.Format("15:04") + " WIB"
}

// date prints t in WIB as "23 November 2026".
func date(t time.Time) string {
	t = t.In(wib)
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// statusNames are the order statuses as Indonesian sellers name them.
var statusNames = map[checkout.Status]string{
	checkout.StatusDraft:           "Draf",
	checkout.StatusPendingPayment:  "Menunggu pembayaran",
	checkout.StatusProcessing:      "Diproses",
	checkout.StatusBooked:          "Siap dikirim",
	checkout.StatusShipped:         "Dikirim",
	checkout.StatusDelivered:       "Diterima",
	checkout.StatusReturnInTransit: "Retur dalam perjalanan",
	checkout.StatusReturned:        "Retur diterima",
	checkout.StatusCancelled:       "Batal",
	checkout.StatusExpired:         "Kedaluwarsa",
}

func statusName(s checkout.Status) string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return string(s)
}

// methodNames are the payment methods in Indonesian.
var methodNames = map[payment.Method]string{
	payment.COD:          "COD (bayar di tempat)",
	payment.BankTransfer: "Transfer bank",
	payment.Gateway:      "Pembayaran online",
	payment.Invoice:      "Invoice (tempo)",
	payment.Marketplace:  "Dibayar di marketplace",
}

func methodName(m payment.Method) string {
	if n, ok := methodNames[m]; ok {
		return n
	}
	return string(m)
}

// itemName is an item's name with its variant's option values:
// "Kaos Polos (Merah, L)".
func itemName(it checkout.Item) string {
	if len(it.Options) == 0 {
		return it.Name
	}
	return it.Name + " (" + strings.Join(it.Options, ", ") + ")"
}

// courier is the shipment's courier and service as a courier reads them:
// "JNE REG".
func courier(s *checkout.Shipment) string {
	if s == nil {
		return ""
	}
	return strings.ToUpper(strings.TrimSpace(s.Courier + " " + s.Service))
}

// address is the receiver's address in lines: the street, then the area
// and postal code.
func address(a checkout.Address) string {
	out := strings.TrimSpace(a.Line)
	tail := strings.TrimSpace(strings.TrimSpace(a.Area) + " " + strings.TrimSpace(a.PostalCode))
	if tail == "" {
		tail = a.LocationID
	}
	if tail != "" {
		out += "\n" + tail
	}
	return out
}
