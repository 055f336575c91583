package payment

import "github.com/kasir-id/kasir/errs"

// CodeUniqueCodeExhausted is the error code (kind Conflict) returned when
// every kode unik of a range is taken.
const CodeUniqueCodeExhausted = "unique_code_exhausted"

// MaxUniqueCode is the largest kode unik: a code is 1–999.
const MaxUniqueCode = 999

// CodeRange is the kode unik a seller uses, Min to Max inclusive, within
// 1–[MaxUniqueCode].
type CodeRange struct {
	Min, Max int
}

// DefaultCodeRange returns 1–999.
func DefaultCodeRange() CodeRange { return CodeRange{Min: 1, Max: MaxUniqueCode} }

// Validate reports whether r is usable. It returns an invalid_input error
// (about the range as a whole: no field) unless 1 ≤ Min ≤ Max ≤ 999.
func (r CodeRange) Validate() error {
	if r.Min < 1 || r.Min > r.Max || r.Max > MaxUniqueCode {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: kode unik range must satisfy 1 ≤ min ≤ max ≤ %d, got %d–%d", MaxUniqueCode, r.Min, r.Max)
	}
	return nil
}

// Len returns how many codes r holds, or 0 when r is invalid.
func (r CodeRange) Len() int {
	if r.Validate() != nil {
		return 0
	}
	return r.Max - r.Min + 1
}

// Contains reports whether code lies in r.
func (r CodeRange) Contains(code int) bool { return code >= r.Min && code <= r.Max }

// PickUniqueCode returns the first code of r, scanning cyclically from start,
// for which taken reports false. start is clamped into r (below Min reads as
// Min, above Max as Max), so callers who want the codes spread out should
// draw start from within r. taken reports whether a code is in use by a
// pending transfer of the same amount (two such transfers never share a
// code); a nil taken means none is. taken is called at most r.Len()
// times, once per code.
//
// Errors: invalid_input for an invalid range; [CodeUniqueCodeExhausted]
// (kind Conflict) when every code of r is taken.
func PickUniqueCode(r CodeRange, start int, taken func(code int) bool) (int, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	start = min(max(start, r.Min), r.Max)
	if taken == nil {
		return start, nil
	}
	n := r.Len()
	for i := range n {
		code := r.Min + (start-r.Min+i)%n
		if !taken(code) {
			return code, nil
		}
	}
	return 0, errs.E(errs.Conflict, CodeUniqueCodeExhausted, "payment: every kode unik from "+itoa(r.Min)+" to "+itoa(r.Max)+" is taken for this amount")
}
