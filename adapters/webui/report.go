package webui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// reportDays is how many days the report's chart shows.
const reportDays = 14

type bar struct {
	Label, Short, Text string
	N                  int
	X, Y, W, H, TX, NY int
}

type statusCount struct {
	Label string
	Count int
}

type reportPage struct {
	Bars                []bar
	Width, Height, Base int
	LabelY              int
	Desc                string
	Retur               []bar // the return rate per day, in tenths of a percent
	ReturDesc           string
	Statuses            []statusCount
	ReturnRate          string
	Figures             []line
}

// report: GET /admin/laporan, over the last two weeks (WIB days, from
// Service.Report): the orders placed per day and the return rate per day
// as inline SVG charts, the sales, revenue, returns and cashback of the
// period, and the orders per status of all time with the return rate.
func (h *handler) report(w http.ResponseWriter, r *http.Request, _ *session) {
	l := lang(r)
	now := h.now().In(kasir.WIB)
	today := timeDay(now)
	first := today.AddDate(0, 0, 1-reportDays)
	rep, err := h.svc.Report(r.Context(), kasir.ReportRequest{From: first, To: today.AddDate(0, 0, 1)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	byDate := map[string]map[checkout.Status]int{}
	for _, d := range rep.Days {
		byDate[d.Date] = d.Statuses
	}
	p := reportPage{Width: 700, Height: 220, Base: 180, LabelY: 198}
	counts := make([]int, reportDays)
	rates := make([]int, reportDays) // tenths of a percent; -1: no order ended
	most := 0
	for i := range reportDays {
		st := byDate[first.AddDate(0, 0, i).Format("2006-01-02")]
		for _, n := range st {
			counts[i] += n
		}
		most = max(most, counts[i])
		back := st[checkout.StatusReturned] + st[checkout.StatusReturnInTransit]
		rates[i] = -1
		if whole := back + st[checkout.StatusDelivered]; whole > 0 {
			rates[i] = (back*1000 + whole/2) / whole
		}
	}
	slot := p.Width / reportDays
	total := 0
	for i, n := range counts {
		day := first.AddDate(0, 0, i)
		b := bar{Label: day.Format("02-01-2006"), Short: day.Format("02/01"), N: n, W: slot - 16}
		b.X = i*slot + 8
		if most > 0 {
			b.H = n * 150 / most
		}
		b.Y = p.Base - b.H
		b.TX = b.X + b.W/2
		b.NY = b.Y - 4
		p.Bars = append(p.Bars, b)
		total += n

		rb := bar{Label: b.Label, Short: b.Short, N: rates[i], W: b.W, X: b.X, TX: b.TX, Text: "–"}
		if rates[i] >= 0 {
			rb.Text = tenths(l, rates[i])
		}
		if rates[i] > 0 {
			rb.H = max(rates[i]*150/1000, 2)
		}
		rb.Y = p.Base - rb.H
		rb.NY = rb.Y - 4
		p.Retur = append(p.Retur, rb)
	}
	p.Desc = text(l, "chart_desc") + " " + strconv.Itoa(total)
	pct := rep.ReturPercent.String() + "%"
	if l == "id" {
		pct = strings.Replace(pct, ".", ",", 1)
	}
	p.ReturDesc = text(l, "retur_chart_desc") + " " + pct
	p.Figures = []line{
		{Label: text(l, "fig_cod") + " (" + strconv.Itoa(rep.COD.Count) + ")", Amount: rep.COD.Value.String()},
		{Label: text(l, "fig_non_cod") + " (" + strconv.Itoa(rep.NonCOD.Count) + ")", Amount: rep.NonCOD.Value.String()},
		{Label: text(l, "fig_revenue"), Amount: rep.Revenue.String()},
		{Label: text(l, "fig_pending"), Amount: rep.PendingRevenue.String()},
		{Label: text(l, "fig_retur") + " (" + strconv.Itoa(rep.Retur.Count) + ", " + pct + ")", Amount: rep.Retur.Value.String()},
		{Label: text(l, "cashback"), Amount: rep.Cashback.String()},
	}
	all, err := h.svc.Summary(r.Context(), ports.OrderFilter{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, st := range checkout.Statuses() {
		if st == checkout.StatusDraft && all[st] == 0 {
			continue
		}
		p.Statuses = append(p.Statuses, statusCount{Label: text(l, "status_"+string(st)), Count: all[st]})
	}
	p.ReturnRate = percent(all[checkout.StatusReturned], all[checkout.StatusDelivered]+all[checkout.StatusReturned])
	h.render(w, r, http.StatusOK, "report", h.pageData(r, p))
}

// percent is part of whole as a percentage with one decimal, written the
// Indonesian way ("12,5%"), rounded half up; "–" when whole is 0.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	tenths := (part*1000 + whole/2) / whole
	return strconv.Itoa(tenths/10) + "," + strconv.Itoa(tenths%10) + "%"
}

// tenths writes n tenths of a percent ("12,5%", in English "12.5%").
func tenths(l string, n int) string {
	sep := ","
	if l == "en" {
		sep = "."
	}
	return strconv.Itoa(n/10) + sep + strconv.Itoa(n%10) + "%"
}

// timeDay is the start of t's day in t's location.
func timeDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
