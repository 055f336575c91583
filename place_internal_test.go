package kasir

import (
	"fmt"
	"math"
	"testing"
)

// An order's number reads as it did when fmt wrote it.
func TestOrderNumberAsFmtWroteIt(t *testing.T) {
	for _, seq := range []int64{1, 7, 42, 999, 1000, 9999, 10000, 123456, 0, -5, math.MaxInt64} {
		if got, want := orderNumber("KSR20260102", seq), fmt.Sprintf("%s-%04d", "KSR20260102", seq); got != want {
			t.Errorf("orderNumber(%d) = %q, want %q", seq, got, want)
		}
	}
}
