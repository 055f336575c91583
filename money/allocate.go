package money

import (
	"math/big"
	"strconv"

	"github.com/kasir-id/kasir/errs"
)

// Part is one component of a bundle for [Allocate]: its list price per unit
// and the quantity the bundle holds.
type Part struct {
	ListPrice Money
	Quantity  int64
}

// Allocate splits price over parts in proportion to list price × quantity
// (see docs/catalog.md): each share is rounded down to whole rupiah, then the rupiah left
// over go one each to the largest fractional parts, the earlier part first on
// a tie. The shares always add up to price exactly.
//
// When every part has a zero list price the price is split by quantity the
// same way. Errors are invalid_input: no parts, a negative price or list
// price, a quantity ≤ 0, or amounts beyond [MaxAmount].
func Allocate(price Money, parts []Part) ([]Money, error) {
	if len(parts) == 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "money: allocation needs at least one part").WithField("parts")
	}
	if err := CheckAmount("price", price); err != nil {
		return nil, err
	}
	weights := make([]*big.Int, len(parts))
	total := new(big.Int)
	allZero := true
	for i, p := range parts {
		if p.Quantity <= 0 {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "money: part %d quantity must be positive, got %d", i, p.Quantity).WithField(partField(i, "quantity"))
		}
		if err := CheckAmount(partField(i, "list_price"), p.ListPrice); err != nil {
			return nil, err
		}
		if p.ListPrice != 0 {
			allZero = false
		}
	}
	for i, p := range parts {
		w := big.NewInt(p.Quantity)
		if !allZero {
			w.Mul(w, big.NewInt(int64(p.ListPrice)))
		}
		weights[i] = w
		total.Add(total, w)
	}
	out := make([]Money, len(parts))
	rems := make([]*big.Int, len(parts))
	var given int64
	bp := big.NewInt(int64(price))
	for i, w := range weights {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(bp, w), total, new(big.Int))
		out[i] = Money(q.Int64())
		rems[i] = r
		given += q.Int64()
	}
	left := int64(price) - given // < len(parts): each floor loses less than 1
	for ; left > 0; left-- {
		best := -1
		for i, r := range rems {
			if r == nil {
				continue
			}
			if best < 0 || r.Cmp(rems[best]) > 0 {
				best = i
			}
		}
		out[best]++
		rems[best] = nil
	}
	return out, nil
}

func partField(i int, name string) string {
	return "parts[" + strconv.Itoa(i) + "]." + name
}
