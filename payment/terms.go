package payment

import (
	"strconv"
	"time"

	"github.com/kasir-id/kasir/errs"
)

// Bounds on payment deadlines.
const (
	// MaxExpiryHours is the longest wait [ExpiresAt] applies: a year.
	MaxExpiryHours = 366 * 24
	// MaxTermDays is the longest invoice term: a year.
	MaxTermDays = 366
)

// ExpiresAt returns when an order placed at placed stops waiting for
// payment: hours later, as elapsed time. hours is clamped to
// 0–[MaxExpiryHours]: zero or less expires at once.
func ExpiresAt(placed time.Time, hours int) time.Time {
	hours = min(max(hours, 0), MaxExpiryHours)
	return placed.Add(time.Duration(hours) * time.Hour)
}

// Terms is an invoice's payment term (B2B, e.g. net 30).
type Terms struct {
	Days int // days after issue the invoice falls due; 0 = due on issue
}

// Validate reports whether t is usable. It returns an invalid_input error
// (field "days") unless 0 ≤ Days ≤ [MaxTermDays].
func (t Terms) Validate() error {
	if t.Days < 0 || t.Days > MaxTermDays {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: payment term must be within 0–%d days, got %d", MaxTermDays, t.Days).WithField("days")
	}
	return nil
}

// DueDate returns when an invoice issued at issued falls due: Days calendar
// days later, at the same wall-clock time in issued's location. Days
// outside 0–[MaxTermDays] (which Validate refuses) are clamped.
func (t Terms) DueDate(issued time.Time) time.Time {
	return issued.AddDate(0, 0, min(max(t.Days, 0), MaxTermDays))
}

func itoa(i int) string { return strconv.Itoa(i) }
