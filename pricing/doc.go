// Package pricing is kasir's money: whole-rupiah amounts, exact rates, the
// voucher rules and the whole quote of a checkout (see docs/money.md,
// docs/quote.md, docs/vouchers.md, docs/tax.md and docs/cod.md).
//
// # Money and rounding
//
// [Money] is an int64 count of whole rupiah: everything that leaves kasir is
// whole rupiah, and plain integers keep the quote free of allocations.
// Percentages and factors are [Rate] values, exact fractions read from
// strings such as "2.8" or "11/12" with shopspring/decimal. Applying a rate
// multiplies first and divides last ([Rate.Apply]), so
// 12% × 11/12 × Rp10.000.000 is exactly Rp1.100.000, and rounds once in the
// direction the rule names: discounts, cashback and taxes [Down], the COD fee
// [Up] unless the seller chose otherwise.
//
// # The quote
//
// [Calculate] takes a [QuoteInput] — resolved lines, at most one product and
// one shipping voucher, the chosen shipping option, insurance, additional
// cost, COD fee terms or a kode unik, and the seller's [TaxProfile] — and
// returns the [Quote] with every amount of docs/quote.md named: subtotal,
// discounts, shipping, PPN and withheld PPh, service fee, grand total,
// shipping cashback, what the buyer pays and what the seller keeps.
//
// # After the sale
//
// A courier service's [ReturnTerms] say what a returned parcel costs: a
// return percent of the shipping cost (100 unless the service says
// otherwise), rounded up, and whether a returned COD parcel still pays the
// COD fee. [Sale.Settle] gives what an order leaves the seller once its
// parcel is delivered or back (docs/settlement.md): a delivered order keeps
// its quote's net profit, a returned one earns no cashback and pays the
// shipping, the return fee and the insurance.
//
// # Errors
//
// Every error carries a stable code from package errs: invalid_input for
// malformed input, the voucher codes (voucher_min_subtotal,
// voucher_not_applicable, …) and cod_not_allowed / cod_limit_exceeded. Read
// them with errs.Code; nothing is clamped silently.
//
// The package is pure: no I/O, no clock, no global state; it is safe for
// concurrent use because every value is immutable.
package pricing
