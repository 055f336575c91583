package ports

import (
	"context"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
)

// CodeWithdrawalNotFound is the code of ErrWithdrawalNotFound.
const CodeWithdrawalNotFound = "withdrawal_not_found"

// ErrWithdrawalNotFound: the store has no withdrawal with the id.
var ErrWithdrawalNotFound = errs.E(errs.NotFound, CodeWithdrawalNotFound, "ports: withdrawal not found")

// LedgerEntry is one stored entry of a store's balance: the entry (kind,
// signed amount, an adjustment's reason), whose it is — an order, a
// withdrawal, or neither for an adjustment — when it was written and a
// reference for people (the order number, the withdrawal's account).
type LedgerEntry struct {
	ledger.Entry
	// Seq orders a store's entries as they were appended; the store sets
	// it.
	Seq          int64     `json:"seq"`
	OrderID      string    `json:"order_id,omitempty"`
	WithdrawalID string    `json:"withdrawal_id,omitempty"`
	Reference    string    `json:"reference,omitempty"`
	At           time.Time `json:"at"`
}

// Check refuses an entry a store cannot keep: invalid_input naming the
// field for an unknown kind, an amount of 0 or beyond ±money.MaxAmount, or
// an entry that names both an order and a withdrawal.
func (e LedgerEntry) Check() error {
	switch {
	case !e.Kind.Valid():
		return errs.Invalidf(errs.CodeInvalidInput, "ports: unknown ledger entry kind %q", string(e.Kind)).WithField("kind")
	case e.Amount == 0 || e.Amount > money.MaxAmount || e.Amount < -money.MaxAmount:
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a ledger entry's amount must be non-zero and at most %s either way", money.MaxAmount).WithField("amount")
	case e.OrderID != "" && e.WithdrawalID != "":
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a ledger entry belongs to an order or a withdrawal, not both").WithField("withdrawal_id")
	}
	return nil
}

// LedgerTx is the ledger as a unit of work sees it (part of [Tx]).
type LedgerTx interface {
	// AppendEntries appends entries to the store's ledger and adds their
	// amounts to its balance, with the unit's other writes. An entry whose
	// order, or withdrawal, already has an entry of its kind (stored, or
	// earlier in es) is left out, so a replayed event adds nothing. It
	// returns the entries appended, with their Seq. Errors: those of
	// [LedgerEntry.Check], and nothing is appended.
	AppendEntries(ctx context.Context, es []LedgerEntry) ([]LedgerEntry, error)
	// LockBalance returns the store's balance, the sum of its entries,
	// and holds it until the unit ends: another unit's LockBalance or
	// AppendEntries waits, so a withdrawal checked against it cannot
	// overdraw the balance under any concurrency.
	LockBalance(ctx context.Context) (money.Money, error)
	// CreateWithdrawal stores a new withdrawal: ErrDuplicate when its id
	// is taken; invalid_input for an empty id.
	CreateWithdrawal(ctx context.Context, w ledger.Payout) error
	// WithdrawalForUpdate returns a withdrawal and holds it until the
	// unit ends: ErrWithdrawalNotFound.
	WithdrawalForUpdate(ctx context.Context, id string) (ledger.Payout, error)
	// SaveWithdrawal replaces a stored withdrawal: ErrWithdrawalNotFound.
	SaveWithdrawal(ctx context.Context, w ledger.Payout) error
	// OrderByAirwayBill returns a copy of the order with the airway bill
	// (compared without regard to case), held until the unit ends as
	// [Tx.Order] holds it, read through an index: ErrOrderNotFound when
	// none has it. When several orders have it, the newest.
	OrderByAirwayBill(ctx context.Context, awb string) (*checkout.Order, error)
}

// LedgerFilter selects ledger entries. Zero fields select every entry.
type LedgerFilter struct {
	Kinds        []ledger.Kind
	OrderID      string
	WithdrawalID string
	From, To     time.Time // written at From ≤ t < To
	// Offset and Limit page the entries, newest first; Limit 0 means no
	// limit.
	Offset, Limit int
}

// WithdrawalFilter selects withdrawals, newest first.
type WithdrawalFilter struct {
	Statuses      []ledger.WithdrawalStatus
	Offset, Limit int // Limit 0 means no limit
}

// ReportFilter selects the orders a report is over: placed at From ≤ t <
// To, optionally of one courier (its code, as on the order's shipment).
type ReportFilter struct {
	From, To time.Time
	Courier  string
	// Location is the time zone the report's days are in (UTC when nil).
	Location *time.Location
}

// Ledger reads a store's balance, its entries and withdrawals, each
// through an index or a counter, never by reading every entry.
type Ledger interface {
	// Balance returns the sum of the store's ledger entries.
	Balance(ctx context.Context) (money.Money, error)
	// LedgerEntries returns the page f selects, newest first (by Seq), and
	// how many match before paging. Errors: invalid_input for a negative
	// offset or limit.
	LedgerEntries(ctx context.Context, f LedgerFilter) ([]LedgerEntry, int, error)
	// Withdrawal returns one: ErrWithdrawalNotFound.
	Withdrawal(ctx context.Context, id string) (ledger.Payout, error)
	// Withdrawals returns the page f selects, newest first (by request
	// time, then id), and the total before paging. Errors: invalid_input
	// for a negative offset or limit.
	Withdrawals(ctx context.Context, f WithdrawalFilter) ([]ledger.Payout, int, error)
}

// Reports reads what the seller's dashboard shows of a store's orders,
// from figures the store keeps beside each order (aggregated through an
// index on placement time, or a counter), never by reading every order.
type Reports interface {
	// PendingBalance returns Σ net profit of the store's COD orders that
	// are shipped and not yet delivered or returned.
	PendingBalance(ctx context.Context) (money.Money, error)
	// Report computes the seller's report (see ledger.Report) over the
	// orders f selects. Errors: invalid_input for totals too large to add
	// up; an adapter error.
	Report(ctx context.Context, f ReportFilter) (ledger.Report, error)
}
