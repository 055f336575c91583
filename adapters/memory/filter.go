package memory

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// matcher applies a ports.OrderFilter (paging aside) to orders.
type matcher struct {
	f      ports.OrderFilter
	query  string // lower-cased, trimmed
	digits string // the query's digits when it reads as a phone number
}

func newMatcher(f ports.OrderFilter) matcher {
	return matcher{f: f, query: f.SearchText(), digits: f.SearchDigits()}
}

func (m matcher) match(o *checkout.Order) bool {
	f := m.f
	switch {
	case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, o.Status()):
		return false
	case !f.From.IsZero() && o.PlacedAt.Before(f.From):
		return false
	case !f.To.IsZero() && !o.PlacedAt.Before(f.To):
		return false
	case f.Method != "" && o.Payment.Method != f.Method:
		return false
	case !f.PaymentExpiresBefore.IsZero() && (o.Payment.ExpiresAt.IsZero() || !o.Payment.ExpiresAt.Before(f.PaymentExpiresBefore)):
		return false
	case !f.Label.Matches(!o.LabelPrintedAt.IsZero()):
		return false
	case f.TermsDue() && !termsDue(f, o):
		return false
	case m.query != "" && !m.matchQuery(o):
		return false
	}
	return true
}

// matchQuery matches the free text against the customer's name, phone, the
// order number and the airway bill, without regard to case.
func (m matcher) matchQuery(o *checkout.Order) bool {
	for _, s := range [...]string{o.Customer.Name, o.Number, o.AirwayBill} {
		if containsLower(s, m.query) {
			return true
		}
	}
	if m.digits == "" {
		return false
	}
	// The phone is E.164 (+6281234567890): match its digits, and the local
	// form buyers type (081234567890).
	intl := ports.Digits(o.Customer.Phone)
	if strings.Contains(intl, m.digits) {
		return true
	}
	if rest, ok := strings.CutPrefix(intl, "62"); ok {
		return strings.Contains("0"+rest, m.digits)
	}
	return false
}

// containsLower reports whether strings.ToLower(s) contains q (lower
// case), without building the lower-cased copy when s is ASCII: a search
// reads every order, and the copies were most of its cost.
func containsLower(s, q string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), q)
		}
	}
	if len(q) == 0 {
		return true
	}
next:
	for i := 0; i+len(q) <= len(s); i++ {
		for j := 0; j < len(q); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[j] {
				continue next
			}
		}
		return true
	}
	return false
}

// newestOrderFirst orders by placement time, then number, then id, all
// descending.
func newestOrderFirst(a, b *checkout.Order) int {
	if c := b.PlacedAt.Compare(a.PlacedAt); c != 0 {
		return c
	}
	if c := strings.Compare(b.Number, a.Number); c != 0 {
		return c
	}
	return strings.Compare(b.ID, a.ID)
}

// termsDue reports whether o is a procurement order not paid in full
// whose due date is within the filter's bounds.
func termsDue(f ports.OrderFilter, o *checkout.Order) bool {
	p := o.Procurement
	if p == nil || p.Settled() {
		return false
	}
	if !f.TermsDueBefore.IsZero() && !p.DueAt.Before(f.TermsDueBefore) {
		return false
	}
	return f.TermsDueFrom.IsZero() || !p.DueAt.Before(f.TermsDueFrom)
}
