package webui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// reportDays is how many days the report's chart shows.
const reportDays = 14

type bar struct {
	Label, Short       string
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
	Statuses            []statusCount
	ReturnRate          string
}

// report: GET /admin/laporan, the orders placed per day over the last two
// weeks (WIB days, from the listing's counts) as an inline SVG chart, the
// orders per status and the return rate.
func (h *handler) report(w http.ResponseWriter, r *http.Request, _ *session) {
	l := lang(r)
	now := h.now().In(kasir.WIB)
	today := timeDay(now)
	p := reportPage{Width: 700, Height: 220, Base: 180, LabelY: 198}
	counts := make([]int, reportDays)
	most := 0
	for i := range reportDays {
		from := today.AddDate(0, 0, i-reportDays+1)
		m, err := h.svc.Summary(r.Context(), ports.OrderFilter{From: from, To: from.AddDate(0, 0, 1)})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, n := range m {
			counts[i] += n
		}
		most = max(most, counts[i])
	}
	slot := p.Width / reportDays
	total := 0
	for i, n := range counts {
		day := today.AddDate(0, 0, i-reportDays+1)
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
	}
	p.Desc = text(l, "chart_desc") + " " + strconv.Itoa(total)
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

// timeDay is the start of t's day in t's location.
func timeDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
