package kasir

import "encoding/json"

// MaxPageBytes bounds one page of a listing (ListOrders, ListAbandoned) as
// JSON, whatever was stored: a page holds fewer records than its limit when
// more would make it larger, and always at least one. Continue at the
// offset plus the number of records returned.
const MaxPageBytes = 4 << 20

// fitPage returns the longest start of page whose records, as JSON, take
// at most MaxPageBytes (at least one record).
func fitPage[T any](page []T) []T {
	size := 0
	for i, r := range page {
		b, err := json.Marshal(r)
		if err != nil {
			continue // the view that writes it reports it
		}
		if size += len(b); i > 0 && size > MaxPageBytes {
			return page[:i]
		}
	}
	return page
}
