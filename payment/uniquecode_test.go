package payment_test

import (
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func takenSet(codes ...int) func(int) bool {
	set := make(map[int]bool, len(codes))
	for _, c := range codes {
		set[c] = true
	}
	return func(c int) bool { return set[c] }
}

func TestPickUniqueCode(t *testing.T) {
	t.Parallel()
	def := payment.DefaultCodeRange()
	small := payment.CodeRange{Min: 100, Max: 105}
	tests := []struct {
		name  string
		r     payment.CodeRange
		start int
		taken func(int) bool
		want  int
	}{
		{"start_free", def, 123, takenSet(), 123},
		{"nil_taken", def, 500, nil, 500},
		{"skips_taken", def, 123, takenSet(123, 124), 125},
		{"wraps_around", small, 104, takenSet(104, 105), 100},
		{"wraps_to_before_start", small, 102, takenSet(102, 103, 104, 105, 100), 101},
		{"start_below_min_clamped", small, 7, takenSet(), 100},
		{"start_above_max_clamped", small, 999, takenSet(), 105},
		{"negative_start", def, -50, takenSet(), 1},
		{"last_free_code", def, 1, func(c int) bool { return c != 999 }, 999},
		{"single_code_range", payment.CodeRange{Min: 7, Max: 7}, 1, takenSet(), 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := payment.PickUniqueCode(tt.r, tt.start, tt.taken)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, tt.r.Contains(got))
		})
	}
}

func TestPickUniqueCodeAsksEachCodeOnce(t *testing.T) {
	t.Parallel()
	asked := map[int]int{}
	_, err := payment.PickUniqueCode(payment.DefaultCodeRange(), 400, func(c int) bool { asked[c]++; return true })
	require.ErrorIs(t, err, errs.Conflict)
	assert.Equal(t, payment.CodeUniqueCodeExhausted, errs.Code(err))
	assert.Len(t, asked, payment.MaxUniqueCode)
	for c, n := range asked {
		require.Equal(t, 1, n, "code %d", c)
		require.True(t, c >= 1 && c <= payment.MaxUniqueCode)
	}
}

func TestPickUniqueCodeNeverRepeats(t *testing.T) {
	t.Parallel()
	// Ten pending transfers of one amount: each gets a code the others do
	// not hold, even when every caller starts from the same code.
	r := payment.CodeRange{Min: 1, Max: 10}
	taken := map[int]bool{}
	for range 10 {
		c, err := payment.PickUniqueCode(r, 5, func(c int) bool { return taken[c] })
		require.NoError(t, err)
		require.False(t, taken[c])
		taken[c] = true
	}
	_, err := payment.PickUniqueCode(r, 5, func(c int) bool { return taken[c] })
	require.ErrorIs(t, err, errs.Conflict)
	assert.Equal(t, "payment: every kode unik from 1 to 10 is taken for this amount", err.Error())
}

func TestCodeRangeValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, payment.DefaultCodeRange().Validate())
	assert.Equal(t, payment.CodeRange{Min: 1, Max: 999}, payment.DefaultCodeRange())
	assert.Equal(t, 999, payment.DefaultCodeRange().Len())
	for _, tt := range []struct {
		name string
		r    payment.CodeRange
	}{
		{"zero_value", payment.CodeRange{}},
		{"min_zero", payment.CodeRange{Min: 0, Max: 10}},
		{"reversed", payment.CodeRange{Min: 10, Max: 9}},
		{"max_1000", payment.CodeRange{Min: 1, Max: 1000}},
		{"negative", payment.CodeRange{Min: -5, Max: -1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.r.Validate()
			require.ErrorIs(t, err, errs.Invalid)
			assert.Empty(t, errs.Field(err))
			assert.Zero(t, tt.r.Len())
			_, err = payment.PickUniqueCode(tt.r, 1, nil)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		})
	}
}
