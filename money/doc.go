// Package money is kasir's arithmetic of rupiah (see docs/money.md):
// whole-rupiah amounts, exact rates, rounding, exact allocation and
// Indonesian formatting. It sits at the bottom of the module: it imports
// only errs, the standard library, shopspring/decimal and golang.org/x/text,
// so every domain package can use it.
//
// [Money] is an int64 count of whole rupiah: everything that leaves kasir is
// whole rupiah, and plain integers keep a quote free of allocations.
// Percentages and factors are [Rate] values, exact fractions read from
// strings such as "2.8" or "11/12" with shopspring/decimal. Applying a rate
// multiplies first and divides last ([Rate.Apply]), so
// 12% × 11/12 × Rp10.000.000 is exactly Rp1.100.000, and rounds once in the
// [Rounding] the rule names: [Down], [Up] or [HalfUp].
//
// [Allocate] splits an amount over parts in proportion to their list prices
// so that the shares add up exactly; [Money.String] writes an amount the
// Indonesian way, "Rp1.250.000".
package money
