package ledger

import (
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// MaxNoteLength bounds a withdrawal's note or reason, in bytes.
const MaxNoteLength = 500

// Payout is a withdrawal: money the seller asked to be paid out of the balance to one
// of their bank accounts, and where that request is in its life cycle. Its
// status changes only through [Withdrawal.Move]; a store rebuilds it from
// its fields.
type Payout struct {
	ID      string              `json:"id"`
	Amount  money.Money         `json:"amount"`
	Account payment.BankAccount `json:"account"`
	Status  WithdrawalStatus    `json:"status"`
	// Note is the seller's, given with the request.
	Note string `json:"note,omitempty"`
	// Reason is why it last changed (rejected, cancelled, the transfer's
	// reference when completed).
	Reason      string    `json:"reason,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// NewPayout requests a withdrawal of amount from balance to account at
// `at`, and returns it (status requested) with the entry it writes
// (withdrawal −amount). Errors: invalid_input naming the field for an empty
// id, an invalid account, an amount of 0 or less or a note that is too long
// or holds control characters; insufficient_balance (kind Conflict) when
// amount is above balance (see [Withdraw]).
func NewPayout(id string, amount, balance money.Money, account payment.BankAccount, note string, at time.Time) (Payout, Entry, error) {
	if strings.TrimSpace(id) == "" {
		return Payout{}, Entry{}, errs.Invalidf(errs.CodeInvalidInput, "ledger: a withdrawal needs an id").WithField("id")
	}
	if err := account.Validate(); err != nil {
		return Payout{}, Entry{}, errs.At("account", err)
	}
	note, err := checkNote("note", note)
	if err != nil {
		return Payout{}, Entry{}, err
	}
	e, err := Withdraw(balance, amount)
	if err != nil {
		return Payout{}, Entry{}, err
	}
	return Payout{ID: id, Amount: amount, Account: account, Status: WithdrawalRequested, Note: note, RequestedAt: at, UpdatedAt: at}, e, nil
}

// Move changes the withdrawal's status to `to` at `at`, with the reason,
// and returns the entries the move writes (see [MoveWithdrawal]): a
// rejected or cancelled withdrawal gives its amount back. Errors are those
// of [MoveWithdrawal], and invalid_input at "reason" for a reason that is
// too long or holds control characters; the withdrawal is then unchanged.
func (w *Payout) Move(to WithdrawalStatus, at time.Time, reason string) ([]Entry, error) {
	reason, err := checkNote("reason", reason)
	if err != nil {
		return nil, err
	}
	es, err := MoveWithdrawal(w.Status, to, w.Amount)
	if err != nil {
		return nil, err
	}
	w.Status, w.Reason, w.UpdatedAt = to, reason, at
	return es, nil
}

func checkNote(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxNoteLength || !printable(s) {
		return "", errs.Invalidf(errs.CodeInvalidInput, "ledger: %s must be at most %d printable characters", field, MaxNoteLength).WithField(field)
	}
	return s, nil
}
