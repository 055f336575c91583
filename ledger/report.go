package ledger

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// StatusReturnInTransit is the status of an order whose parcel is on its way
// back to the seller ("Retur Dalam Perjalanan"), between shipped and
// returned: checkout.StatusReturnInTransit. The report counts it with the
// returns.
const StatusReturnInTransit = checkout.StatusReturnInTransit

// OrderSummary is what the report reads of one order.
type OrderSummary struct {
	PlacedAt   time.Time       // when the order was placed; its day in the report
	Status     checkout.Status // where it is now (any order status, or StatusReturnInTransit)
	Method     payment.Method  // how it is paid; COD or not
	GrandTotal money.Money     // G
	NetProfit  money.Money     // N: settled once delivered or returned, expected before
	Cashback   money.Money     // K, the shipping cashback of its quote
}

// Figure is a count of orders and the sum of their grand totals.
type Figure struct {
	Count int         `json:"count"`
	Value money.Money `json:"value"`
}

// Day is the number of orders placed on one day, per status they are in
// now. Statuses no order of the day is in are left out.
type Day struct {
	Date     string                  `json:"date"` // YYYY-MM-DD in the report's time zone
	Statuses map[checkout.Status]int `json:"statuses"`
}

// Report is the seller's dashboard over a set of orders (those placed in a
// period, perhaps of one courier):
//   - COD and NonCOD: count and Σ G of delivered orders, by payment method;
//   - Revenue: Σ N of delivered orders;
//   - PendingRevenue: Σ N of orders shipped and not yet delivered or on
//     their way back;
//   - Retur: count and Σ G of orders returning or returned;
//   - ReturPercent: Retur.Count ÷ (delivered + Retur.Count) × 100, to one
//     decimal, halves rounded up; 0 when both counts are 0;
//   - Cashback: Σ K of delivered orders;
//   - Marketplace: count and Σ reported total of delivered orders imported
//     from a marketplace (method payment.Marketplace), which kasir did not
//     price: they are in none of the figures above, since their net
//     profit, cashback and returns are the marketplace's to settle;
//   - Days: per day an order was placed, in date order, how many are in
//     each status now (marketplace orders included).
type Report struct {
	COD            Figure      `json:"cod"`
	NonCOD         Figure      `json:"non_cod"`
	Marketplace    Figure      `json:"marketplace"`
	Revenue        money.Money `json:"revenue"`
	PendingRevenue money.Money `json:"pending_revenue"`
	Retur          Figure      `json:"retur"`
	ReturPercent   money.Rate  `json:"retur_percent"`
	Cashback       money.Money `json:"cashback"`
	Days           []Day       `json:"days"`
}

// sum adds amount to *total, failing when the total leaves ±maxTotal.
func sum(total *money.Money, amount money.Money) error {
	*total += amount
	if *total > maxTotal || *total < -maxTotal {
		return errs.Invalidf(errs.CodeInvalidInput, "ledger: report totals are too large")
	}
	return nil
}

func (f *Figure) addN(n int, g money.Money) error {
	f.Count += n
	return sum(&f.Value, g)
}

func orderField(i int, name string) string {
	return "orders[" + strconv.Itoa(i) + "]." + name
}

// validate checks one summary: a known status and method, G and K within
// 0…money.MaxAmount, N within ±money.MaxAmount.
func (o *OrderSummary) validate(i int) error {
	if !o.Status.Valid() && o.Status != StatusReturnInTransit {
		return errs.Invalidf(errs.CodeInvalidInput, "ledger: order %d has unknown status %q", i, string(o.Status)).WithField(orderField(i, "status"))
	}
	if !o.Method.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "ledger: order %d has unknown payment method %q", i, string(o.Method)).WithField(orderField(i, "method"))
	}
	if err := money.CheckAmount(orderField(i, "grand_total"), o.GrandTotal); err != nil {
		return err
	}
	if err := money.CheckAmount(orderField(i, "cashback"), o.Cashback); err != nil {
		return err
	}
	if o.NetProfit > money.MaxAmount || o.NetProfit < -money.MaxAmount {
		return errs.Invalidf(errs.CodeInvalidInput, "ledger: order %d net profit is too large", i).WithField(orderField(i, "net_profit"))
	}
	return nil
}

// Summarize computes the report over orders, placing each on its day in loc
// (UTC when loc is nil). It fails with invalid_input naming the order and
// field for an unknown status or method, an amount out of range, or totals
// too large to add up.
func Summarize(orders []OrderSummary, loc *time.Location) (Report, error) {
	if loc == nil {
		loc = time.UTC
	}
	groups := make([]Group, len(orders))
	for i := range orders {
		o := &orders[i]
		if err := o.validate(i); err != nil {
			return Report{}, err
		}
		groups[i] = Group{
			Date: o.PlacedAt.In(loc).Format(time.DateOnly), Status: o.Status, Method: o.Method,
			Count: 1, GrandTotal: o.GrandTotal, NetProfit: o.NetProfit, Cashback: o.Cashback,
		}
	}
	return SummarizeGroups(groups)
}

// Group is a number of orders placed on one day that are in one status and
// paid by one method, with the sums of their grand totals, net profits and
// cashbacks: what a store's aggregate query gives for a report.
type Group struct {
	Date       string // YYYY-MM-DD
	Status     checkout.Status
	Method     payment.Method
	Count      int
	GrandTotal money.Money // Σ G
	NetProfit  money.Money // Σ N
	Cashback   money.Money // Σ K
}

// SummarizeGroups computes the report from groups of orders (see
// [Summarize]); groups of one day, status and method may come in several
// parts. It fails with invalid_input naming the group and field for a
// negative count, an unknown method or totals too large to add up.
func SummarizeGroups(groups []Group) (Report, error) {
	var r Report
	days := map[string]map[checkout.Status]int{}
	delivered := 0
	for i := range groups {
		g := &groups[i]
		if g.Count < 0 || !g.Method.Valid() || g.Status == "" {
			return Report{}, errs.Invalidf(errs.CodeInvalidInput, "ledger: group %d is malformed", i).WithField("groups[" + strconv.Itoa(i) + "]")
		}
		var err error
		switch {
		case g.Method == payment.Marketplace:
			if g.Status == checkout.StatusDelivered {
				err = r.Marketplace.addN(g.Count, g.GrandTotal)
			}
		case g.Status == checkout.StatusDelivered:
			delivered += g.Count
			fig := &r.NonCOD
			if g.Method == payment.COD {
				fig = &r.COD
			}
			if err = fig.addN(g.Count, g.GrandTotal); err == nil {
				if err = sum(&r.Revenue, g.NetProfit); err == nil {
					err = sum(&r.Cashback, g.Cashback)
				}
			}
		case g.Status == checkout.StatusShipped:
			err = sum(&r.PendingRevenue, g.NetProfit)
		case g.Status == StatusReturnInTransit || g.Status == checkout.StatusReturned:
			err = r.Retur.addN(g.Count, g.GrandTotal)
		}
		if err != nil {
			return Report{}, err
		}
		if days[g.Date] == nil {
			days[g.Date] = map[checkout.Status]int{}
		}
		days[g.Date][g.Status] += g.Count
	}
	pct, err := returPercent(r.Retur.Count, delivered)
	if err != nil {
		return Report{}, err
	}
	r.ReturPercent = pct
	r.Days = make([]Day, 0, len(days))
	for date, st := range days {
		r.Days = append(r.Days, Day{Date: date, Statuses: st})
	}
	slices.SortFunc(r.Days, func(a, b Day) int { return cmp.Compare(a.Date, b.Date) })
	return r, nil
}

// returPercent is retur ÷ (delivered + retur) × 100 to one decimal, halves
// up, rounded once: the tenths are retur × 1000 ÷ total, half up.
func returPercent(retur, delivered int) (money.Rate, error) {
	total := retur + delivered
	if total == 0 {
		return money.Rate{}, nil
	}
	perTotal, err := money.NewRate(1000, uint64(total))
	if err != nil {
		return money.Rate{}, err
	}
	tenths, err := perTotal.Apply(money.Money(retur), money.HalfUp)
	if err != nil {
		return money.Rate{}, err
	}
	return money.NewRate(uint64(tenths), 10)
}

// PendingBalance returns the money on the road: Σ N of the COD orders
// among orders that are shipped and not yet delivered or returned. It is
// shown beside the balance, not withdrawable. Errors are those of
// [Summarize].
func PendingBalance(orders []OrderSummary) (money.Money, error) {
	var pending money.Money
	for i := range orders {
		o := &orders[i]
		if err := o.validate(i); err != nil {
			return 0, err
		}
		if o.Status == checkout.StatusShipped && o.Method == payment.COD {
			if err := sum(&pending, o.NetProfit); err != nil {
				return 0, err
			}
		}
	}
	return pending, nil
}
