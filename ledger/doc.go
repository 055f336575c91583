// Package ledger is the seller's money after the sale (see
// docs/settlement.md): the entries an order's delivery, shipping or return
// writes into the seller's balance, withdrawals and adjustments, and the
// report figures over a set of orders.
//
// The money rules themselves — the return fee, the net profit of a
// delivered or returned order — are pricing's ([pricing.Sale.Settle]); this
// package turns them into balance entries:
//
//   - [OrderEntries] gives the entries one status change of an order writes
//     ([Lifetime]: all of a shipped order's), each a [Kind] and a signed
//     amount, entries of amount 0 left out. The entries of a delivered COD
//     order add up to its net profit.
//   - [Withdraw], [Reverse] and [Adjust] give the entries of a withdrawal,
//     its reversal and an admin's adjustment; [MoveWithdrawal] keeps a
//     withdrawal's life cycle (requested → on_review → completed or
//     rejected; cancelled while requested) and gives back the amount of a
//     rejected or cancelled one; [Payout] is a withdrawal, made by
//     [NewPayout] against a balance and moved by [Payout.Move]. [Balance]
//     sums entries.
//   - [Summarize] computes the [Report] (COD and non-COD sales, revenue,
//     pending revenue, returns and their share, cashback, orders per day
//     and status) from [OrderSummary] values, [SummarizeGroups] from the
//     [Group] sums a store's aggregate query gives; [PendingBalance] the
//     COD money still on the road.
//
// # Errors
//
// Errors carry stable codes through package errs: invalid_input with the
// offending field for malformed input, [CodeInsufficientBalance] (kind
// Conflict) for a withdrawal above the balance and
// [CodeInvalidWithdrawalTransition] (kind Conflict) for a withdrawal status
// change its life cycle does not allow.
//
// The package is pure: no I/O, no context, no clock; who an entry belongs to
// and when it was written are the store's to record. Every function is safe
// for concurrent use.
package ledger
