package webui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

type historyRow struct {
	At     time.Time
	Status checkout.Status
	Label  string // the status as the reader says it
	Note   string
}

type orderPage struct {
	O        *checkout.Order
	Status   checkout.Status
	Lines    []line
	Total    money.Money
	History  []historyRow
	Pending  bool
	Method   payment.Method
	Unique   string // the kode unik's digits, for a transfer
	WhatsApp string // a wa.me link to the seller with the order prefilled
	Tracking []trackingRow
}

type trackingRow struct {
	At   time.Time
	Text string
}

// orderPage: GET /o/{slug}, the buyer's order page.
func (h *handler) orderPage(w http.ResponseWriter, r *http.Request) {
	o, err := h.svc.OrderBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	l := lang(r)
	p := orderPage{O: o, Status: o.Status(), Lines: orderLines(l, o, false), Total: o.Payment.Amount,
		Pending: o.Status() == checkout.StatusPendingPayment, Method: o.Payment.Method, Tracking: tracking(o)}
	for _, c := range o.Lifecycle.BuyerHistory() {
		p.History = append(p.History, historyRow{At: c.At, Status: c.To, Label: text(l, "status_"+string(c.To)), Note: c.Note})
	}
	if o.Payment.UniqueCode > 0 {
		p.Unique = strconv.Itoa(o.Payment.UniqueCode)
	}
	if cs, err := checkout.ParsePhone(h.svc.Settings().CustomerServicePhone); err == nil {
		msg := text(l, "wa_order") + " " + o.Number + " (" + o.Customer.Name + "), " + text(l, "total") + " " + o.Payment.Amount.String() + "."
		p.WhatsApp = "https://wa.me/" + cs.MSISDN() + "?text=" + strings.ReplaceAll(url.QueryEscape(msg), "+", "%20")
	}
	h.render(w, r, http.StatusOK, "order", h.pageData(r, p))
}

// orderLines is an order's breakdown: the buyer's, or with seller the
// seller's too (fees, cashback and net profit).
func orderLines(l string, o *checkout.Order, seller bool) []line {
	if o.External != nil {
		return externalLines(l, o.External)
	}
	b := o.Breakdown
	var out []line
	for _, it := range o.Items {
		out = append(out, line{Label: it.Name + " × " + strconv.FormatInt(it.Quantity, 10), Amount: it.Subtotal.String()})
	}
	add := func(key string, m money.Money, neg bool) {
		if m == 0 {
			return
		}
		s, cls := m.String(), ""
		if neg {
			s, cls = "−"+s, "minus"
		}
		out = append(out, line{Label: text(l, key), Amount: s, Class: cls})
	}
	out = append(out, line{Label: text(l, "subtotal"), Amount: b.Subtotal.String(), Class: "sub"})
	add("product_discount", b.ProductDiscount, true)
	if o.Shipment != nil {
		out = append(out, line{Label: text(l, "shipping_cost") + " (" + shipName(o.Shipment) + ")", Amount: b.ShippingCost.String()})
	}
	add("shipping_discount", b.ShippingDiscount, true)
	add("insurance_fee", b.InsuranceFee, false)
	add("additional_cost", b.AdditionalCost, false)
	add("ppn", b.PPNAdded, false)
	if b.ServiceFeePayer == pricing.Buyer {
		add("cod_fee", b.ServiceFee, false)
	}
	if b.UniqueCode > 0 {
		out = append(out, line{Label: text(l, "unique_code"), Amount: money.Format(int64(b.UniqueCode))})
	}
	add("withheld", b.Withheld, true)
	out = append(out, line{Label: text(l, "total"), Amount: b.Payable.String(), Class: "total"})
	if seller {
		out = append(out, line{Label: text(l, "seller_view"), Class: "head"})
		add("cod_fee_seller", b.ServiceFee, true) // the courier keeps it, whoever pays it
		add("shipping_paid", b.ShippingCost, true)
		add("insurance_fee", b.InsuranceFee, true)
		// Once the parcel is delivered or back, the order's settlement
		// says what it left the seller: a return earns no cashback and
		// pays the courier's return fee.
		add("cashback", o.Cashback(), false)
		if st := o.Settlement; st != nil {
			add("return_fee", st.ReturnFee, true)
			add("refunds", st.Refunds, true)
		}
		add("ppn", b.PPN, false)
		out = append(out, line{Label: text(l, "net_profit"), Amount: o.NetProfit().String(), Class: "total"})
	}
	return out
}

// externalLines is the breakdown of an order sold on a marketplace: the
// items and amounts the marketplace reported (kasir priced nothing of it).
func externalLines(l string, e *checkout.External) []line {
	var out []line
	for _, it := range e.Items {
		name := it.Name
		if it.Variation != "" {
			name += " (" + it.Variation + ")"
		}
		out = append(out, line{Label: name + " × " + strconv.FormatInt(it.Quantity, 10), Amount: it.Subtotal.String()})
	}
	out = append(out, line{Label: text(l, "subtotal"), Amount: e.Subtotal.String(), Class: "sub"},
		line{Label: text(l, "shipping_cost"), Amount: e.ShippingCost.String()})
	if e.Discount != 0 {
		out = append(out, line{Label: text(l, "seller_discount"), Amount: "−" + e.Discount.String(), Class: "minus"})
	}
	sold := text(l, "sold_on") + " " + e.Source
	if e.Invoice != "" {
		sold += " · " + e.Invoice
	}
	return append(out, line{Label: text(l, "total"), Amount: e.Total.String(), Class: "total"}, line{Label: sold, Class: "head"})
}

func shipName(s *checkout.Shipment) string {
	if s.Name != "" {
		return s.Name
	}
	return strings.ToUpper(s.Courier) + " " + s.Service
}
