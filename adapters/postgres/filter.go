package postgres

import (
	"fmt"
	"strings"

	"github.com/kasir-id/kasir/ports"
)

// sqlWhere builds a WHERE clause and its arguments.
type sqlWhere struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (w *sqlWhere) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *sqlWhere) add(format string, args ...any) {
	ph := make([]any, len(args))
	for i, a := range args {
		ph[i] = w.arg(a)
	}
	w.conds = append(w.conds, fmt.Sprintf(format, ph...))
}

func (w *sqlWhere) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page adds the LIMIT and OFFSET arguments of a page (a limit of 0 is no
// limit) and returns their placeholders.
func (w *sqlWhere) page(offset, limit int) (limitArg, offsetArg string) {
	var l *int64
	if limit > 0 {
		n := int64(limit)
		l = &n
	}
	return w.arg(l), w.arg(int64(offset))
}

// labelNotPrinted selects the orders whose label was never printed. It
// is written as a test of the boolean, not as NOT (…), so that the
// planner estimates it from the expression's statistics (migration 14)
// rather than by a fixed guess, and it is exactly the predicate of the
// partial index orders_label_not_printed.
const labelNotPrinted = "(data ? 'label_printed_at') IS FALSE"

// orderWhere is the WHERE clause of an order filter in a store (paging
// aside; the store is always $1). Query
// matches as the in-memory store does: the lower-cased text within the
// name, number or airway bill, and, when it reads as a phone number, its
// digits within the phone's international or local digits.
func orderWhere(store string, f ports.OrderFilter) *sqlWhere {
	w := &sqlWhere{}
	w.add("store_id = %s", store)
	if len(f.Statuses) == 1 {
		// One status as an equality, not = ANY: the index orders_status
		// then gives the page in the listing's order, without a sort.
		w.add("status = %s", string(f.Statuses[0]))
	} else if len(f.Statuses) > 1 {
		st := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			st[i] = string(s)
		}
		w.add("status = ANY(%s)", st)
	}
	if !f.From.IsZero() {
		w.add("placed_ns >= %s", nanos(f.From))
	}
	if !f.To.IsZero() {
		w.add("placed_ns < %s", nanos(f.To))
	}
	if f.Method != "" {
		w.add("payment_method = %s", string(f.Method))
	}
	if !f.PaymentExpiresBefore.IsZero() {
		w.add("payment_expires_ns < %s", nanos(f.PaymentExpiresBefore))
	}
	if !f.TermsDueBefore.IsZero() {
		w.add("terms_due_ns < %s", nanos(f.TermsDueBefore))
	}
	if !f.TermsDueFrom.IsZero() {
		w.add("terms_due_ns >= %s", nanos(f.TermsDueFrom))
	}
	switch f.Label {
	case ports.LabelPrinted:
		w.conds = append(w.conds, "data ? 'label_printed_at'")
	case ports.LabelNotPrinted:
		// The form of the predicate of orders_label_not_printed, whose
		// share of the store the statistics orders_label_printed know.
		w.conds = append(w.conds, labelNotPrinted)
	}
	if q := f.SearchText(); q != "" {
		ph := w.arg(q)
		cond := fmt.Sprintf("strpos(search_name, %[1]s) > 0 OR strpos(search_number, %[1]s) > 0 OR strpos(search_airway_bill, %[1]s) > 0", ph)
		if d := f.SearchDigits(); d != "" {
			dp := w.arg(d)
			cond += fmt.Sprintf(" OR strpos(phone_digits, %[1]s) > 0 OR strpos(phone_local, %[1]s) > 0", dp)
		}
		w.conds = append(w.conds, "("+cond+")")
	}
	return w
}
