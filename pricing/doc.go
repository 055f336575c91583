// Package pricing is the whole quote of a checkout: voucher rules, PPN and
// PPh, the COD service fee, shipping cashback and what a sale leaves the
// seller (see docs/quote.md, docs/vouchers.md, docs/tax.md and docs/cod.md).
// Amounts, rates and rounding come from package money ([money.Money],
// [money.Rate], [money.Rate.Apply]): every rule rounds once in the direction
// it names, discounts, cashback and taxes [money.Down], the COD fee
// [money.Up] unless the seller chose otherwise.
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
