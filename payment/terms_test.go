package payment_test

import (
	"testing"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var wib = time.FixedZone("WIB", 7*3600)

func TestExpiresAt(t *testing.T) {
	t.Parallel()
	placed := time.Date(2026, 11, 23, 21, 15, 0, 0, wib)
	for _, tt := range []struct {
		name  string
		hours int
		want  time.Time
	}{
		{"one_day", 24, time.Date(2026, 11, 24, 21, 15, 0, 0, wib)},
		{"two_hours_over_midnight", 3, time.Date(2026, 11, 24, 0, 15, 0, 0, wib)},
		{"zero_expires_at_once", 0, placed},
		{"negative_expires_at_once", -5, placed},
		{"huge_clamped_to_a_year", 1 << 40, placed.Add(payment.MaxExpiryHours * time.Hour)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.True(t, tt.want.Equal(payment.ExpiresAt(placed, tt.hours)), "got %v", payment.ExpiresAt(placed, tt.hours))
		})
	}
}

func TestTermsDueDate(t *testing.T) {
	t.Parallel()
	issued := time.Date(2026, 1, 31, 10, 0, 0, 0, wib)
	for _, tt := range []struct {
		name  string
		days  int
		want  time.Time
		valid bool
	}{
		{"net_30", 30, time.Date(2026, 3, 2, 10, 0, 0, 0, wib), true},
		{"due_on_issue", 0, issued, true},
		{"net_14", 14, time.Date(2026, 2, 14, 10, 0, 0, 0, wib), true},
		{"a_year", payment.MaxTermDays, issued.AddDate(0, 0, payment.MaxTermDays), true},
		{"negative_clamped", -3, issued, false},
		{"too_long_clamped", 10_000, issued.AddDate(0, 0, payment.MaxTermDays), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			terms := payment.Terms{Days: tt.days}
			assert.True(t, tt.want.Equal(terms.DueDate(issued)), "got %v", terms.DueDate(issued))
			if tt.valid {
				require.NoError(t, terms.Validate())
			} else {
				err := terms.Validate()
				require.ErrorIs(t, err, errs.Invalid)
				assert.Equal(t, "days", errs.Field(err))
			}
		})
	}
}
