package ledger

import (
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// CodeInvalidWithdrawalTransition is the code of a withdrawal status change
// its life cycle does not allow (kind Conflict).
const CodeInvalidWithdrawalTransition = "invalid_withdrawal_transition"

// WithdrawalStatus is where a withdrawal is in its life cycle: requested,
// then on review, then completed or rejected; a requested withdrawal may be
// cancelled.
type WithdrawalStatus string

// The withdrawal statuses.
const (
	WithdrawalRequested WithdrawalStatus = "requested" // the seller asked; the amount left the balance
	WithdrawalOnReview  WithdrawalStatus = "on_review" // the platform is checking it
	WithdrawalCompleted WithdrawalStatus = "completed" // paid to the seller's bank account
	WithdrawalRejected  WithdrawalStatus = "rejected"  // refused; the amount is given back
	WithdrawalCancelled WithdrawalStatus = "cancelled" // withdrawn by the seller; the amount is given back
)

// WithdrawalStatuses returns every withdrawal status in life-cycle order.
func WithdrawalStatuses() []WithdrawalStatus {
	return []WithdrawalStatus{WithdrawalRequested, WithdrawalOnReview, WithdrawalCompleted, WithdrawalRejected, WithdrawalCancelled}
}

// Valid reports whether s is a declared status.
func (s WithdrawalStatus) Valid() bool {
	switch s {
	case WithdrawalRequested, WithdrawalOnReview, WithdrawalCompleted, WithdrawalRejected, WithdrawalCancelled:
		return true
	}
	return false
}

// CanBecome reports whether the life cycle allows s → to.
func (s WithdrawalStatus) CanBecome(to WithdrawalStatus) bool {
	switch s {
	case WithdrawalRequested:
		return to == WithdrawalOnReview || to == WithdrawalCancelled
	case WithdrawalOnReview:
		return to == WithdrawalCompleted || to == WithdrawalRejected
	}
	return false
}

// MoveWithdrawal returns the entries a withdrawal of amount writes when it
// moves from one status to another: a rejected or cancelled withdrawal
// gives its amount back (withdrawal_reversal +amount); the other moves write
// nothing (the amount left the balance when it was requested, see
// [Withdraw]). It fails with invalid_input for an unknown status or an
// amount of 0 or less, and with invalid_withdrawal_transition (kind
// Conflict) for a move the life cycle does not allow.
func MoveWithdrawal(from, to WithdrawalStatus, amount money.Money) ([]Entry, error) {
	for _, s := range [...]WithdrawalStatus{from, to} {
		if !s.Valid() {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "ledger: unknown withdrawal status %q", string(s)).WithField("status")
		}
	}
	if err := checkPositive(amount); err != nil {
		return nil, err
	}
	if !from.CanBecome(to) {
		return nil, errs.E(errs.Conflict, CodeInvalidWithdrawalTransition, "ledger: a withdrawal that is "+string(from)+" cannot become "+string(to)).WithField("status")
	}
	if to == WithdrawalRejected || to == WithdrawalCancelled {
		e, err := Reverse(amount)
		if err != nil {
			return nil, err
		}
		return []Entry{e}, nil
	}
	return nil, nil
}
