// Package procurement is the checkout of a business or government buyer
// that buys from several sellers at once (see docs/procurement.md): one
// purchase holds items of many sellers and becomes one order per seller,
// each quoted with [pricing.Calculate] under its own courier, insurance and
// tax profile, and the buyer's withholding.
//
// # The flow
//
// [Quote] takes a [Checkout] — the buyer and the withholding of its
// [BuyerKind], the platform's fee terms, the sellers, the items, a courier
// choice per seller, at most one platform voucher and the payment term — and
// returns a [Result]: per seller, its [pricing.Quote], its share of the
// platform voucher, the platform fee with its PPN and PPh 23, what the
// seller is settled, the due date, and the fields of the tax invoice and the
// withholding slip; and the totals across sellers.
//
// Money follows package money: whole rupiah, exact rates, each amount
// rounded once in the direction its rule names. The package is pure: no
// I/O, no clock (the placing time and the time of the overdue check are
// given), no context.
//
// # Errors
//
// Errors are *errs.Error values with a stable code naming the seller and
// the field: unknown_seller (an item of a seller the checkout does not
// know), courier_required (a seller with items but no courier choice),
// payment_term_not_allowed, unknown_buyer_kind, payment_exceeds_payable,
// the voucher codes of package pricing (voucher_not_applicable when the
// platform voucher applies to no item, voucher_min_subtotal) and
// invalid_input.
package procurement
