package webui

import (
	"cmp"
	"slices"

	"github.com/kasir-id/kasir/checkout"
)

// tracking is the courier's tracking events an order carries, newest
// first (by the courier's time); none while the order records none. Each
// row is the courier's own words, with the place when it names one.
func tracking(o *checkout.Order) []trackingRow {
	if o == nil || len(o.Tracking) == 0 {
		return nil
	}
	rows := make([]trackingRow, 0, len(o.Tracking))
	for _, r := range o.Tracking {
		text := r.Text
		if r.Place != "" {
			text += " — " + r.Place
		}
		rows = append(rows, trackingRow{At: r.At, Text: text})
	}
	slices.SortStableFunc(rows, func(a, b trackingRow) int { return -cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })
	return rows
}
