package kasir

import (
	"context"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// CodeUnknownBankAccount is the code of a withdrawal to an account that is
// not one of the store's bank accounts (kind Invalid).
const CodeUnknownBankAccount = "unknown_bank_account"

// Withdrawal events, written to the outbox with each change of a
// withdrawal: the event carries the withdrawal as it is after the change
// (Event.Withdrawal); its OrderID is empty.
const (
	EventWithdrawalRequested ports.EventType = "withdrawal.requested"
	EventWithdrawalChanged   ports.EventType = "withdrawal.changed" // moved to on_review, completed, rejected or cancelled
)

// postLedger writes the balance entries of an order's move from one status
// to the order's current one, in the unit of work of the move (see
// docs/settlement.md): it is driven by the status the order reached, so
// every path that moves an order posts through it. An order delivered or
// returned also gets the entries of its shipping it may not have had (an
// order has at most one entry of each kind, so none is written twice).
// An external order (imported from a marketplace) writes none: the
// marketplace, not the seller's balance here, holds and settles its money.
func (s *Service) postLedger(ctx context.Context, tx ports.Tx, from checkout.Status, o *checkout.Order, now time.Time) error {
	to := o.Status()
	if to == from || o.IsExternal() {
		return nil
	}
	sale := o.Sale()
	var es []ledger.Entry
	var err error
	switch to {
	case checkout.StatusShipped:
		es, err = ledger.OrderEntries(to, sale)
	case checkout.StatusDelivered, checkout.StatusReturned:
		outcome := pricing.Delivered
		if to == checkout.StatusReturned {
			outcome = pricing.Returned
		}
		es, err = ledger.Lifetime(outcome, sale)
	default:
		return nil
	}
	if err != nil || len(es) == 0 {
		return err
	}
	out := make([]ports.LedgerEntry, len(es))
	for i, e := range es {
		out[i] = ports.LedgerEntry{Entry: e, OrderID: o.ID, Reference: o.Number, At: now}
	}
	_, err = tx.AppendEntries(ctx, out)
	return err
}

// BalanceView is the seller's balance (saldo): what may be withdrawn, and
// the money still on the road (COD orders shipped and not yet delivered or
// returned), shown but not withdrawable.
type BalanceView struct {
	Balance money.Money `json:"balance"`
	Pending money.Money `json:"pending"`
}

// Balance returns the seller's balance. Errors: the store's.
func (s *Service) Balance(ctx context.Context) (BalanceView, error) {
	bal, err := s.deps.Store.Balance(ctx)
	if err != nil {
		return BalanceView{}, err
	}
	pending, err := s.deps.Store.PendingBalance(ctx)
	if err != nil {
		return BalanceView{}, err
	}
	return BalanceView{Balance: bal, Pending: pending}, nil
}

// EntryPage is one page of the balance's entries and how many match.
type EntryPage struct {
	Entries []ports.LedgerEntry `json:"data"`
	Total   int                 `json:"total"`
}

// LedgerEntries lists the balance's entries, newest first, by kind, order,
// withdrawal and time. A zero or too large limit reads as MaxPageSize.
// Errors: invalid_input naming the field for an unknown kind, a range that
// ends before it starts or a negative offset or limit.
func (s *Service) LedgerEntries(ctx context.Context, f ports.LedgerFilter) (EntryPage, error) {
	for i, k := range f.Kinds {
		if !k.Valid() {
			return EntryPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown entry kind %q", string(k)).WithField("kind[" + itoa(i) + "]")
		}
	}
	if err := checkPage(f.From, f.To, f.Offset, &f.Limit); err != nil {
		return EntryPage{}, err
	}
	if err := texts(nil).add(checkout.IDText, "order_id", f.OrderID).add(checkout.IDText, "withdrawal_id", f.WithdrawalID).check(); err != nil {
		return EntryPage{}, err
	}
	es, total, err := s.deps.Store.LedgerEntries(ctx, f)
	if err != nil {
		return EntryPage{}, err
	}
	if es == nil {
		es = []ports.LedgerEntry{}
	}
	return EntryPage{Entries: es, Total: total}, nil
}

// checkPage checks a listing's range and paging, reading a zero or too
// large limit as MaxPageSize.
func checkPage(from, to time.Time, offset int, limit *int) error {
	switch {
	case !from.IsZero() && !to.IsZero() && to.Before(from):
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: the date range ends before it starts").WithField("to")
	case offset < 0:
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: offset must not be negative").WithField("offset")
	case *limit < 0:
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: limit must not be negative").WithField("limit")
	}
	if *limit == 0 || *limit > MaxPageSize {
		*limit = MaxPageSize
	}
	return nil
}

// Adjust records an adjustment of the balance by the seller's admin: a
// non-zero amount, either way, with a reason. It returns the entry
// written. Errors: invalid_input at "amount" or "reason" (see
// ledger.Adjust).
func (s *Service) Adjust(ctx context.Context, amount money.Money, reason string) (ports.LedgerEntry, error) {
	e, err := ledger.Adjust(amount, reason)
	if err != nil {
		return ports.LedgerEntry{}, err
	}
	var out ports.LedgerEntry
	err = s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		es, err := tx.AppendEntries(ctx, []ports.LedgerEntry{{Entry: e, At: s.now(ctx)}})
		if err == nil && len(es) == 1 {
			out = es[0]
		}
		return err
	})
	return out, err
}

// WithdrawalRequest asks to pay money out of the balance to one of the
// store's bank accounts, named by its account number.
type WithdrawalRequest struct {
	Amount        money.Money `json:"amount"`
	AccountNumber string      `json:"account_number"`
	Note          string      `json:"note,omitempty"`
}

// RequestWithdrawal takes amount out of the balance for a payout to one of
// the store's bank accounts (Settings.BankAccounts): the withdrawal is
// requested and its entry (withdrawal −amount) written in one unit of work
// that holds the balance, so concurrent requests never take more than it
// holds. It records the withdrawal.requested event. Errors: invalid_input
// at "amount" for 0 or less; unknown_bank_account at "account_number";
// invalid_input at "note"; insufficient_balance (kind Conflict) above the
// balance. Nothing is recorded then.
func (s *Service) RequestWithdrawal(ctx context.Context, req WithdrawalRequest) (ledger.Payout, error) {
	if req.Amount <= 0 {
		return ledger.Payout{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a withdrawal must be above 0").WithField("amount")
	}
	acct, err := s.bankAccount(req.AccountNumber)
	if err != nil {
		return ledger.Payout{}, err
	}
	id, err := s.deps.IDs.NewID(ctx)
	if err != nil {
		return ledger.Payout{}, err
	}
	now := s.now(ctx)
	var out ledger.Payout
	err = s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		bal, err := tx.LockBalance(ctx)
		if err != nil {
			return err
		}
		w, e, err := ledger.NewPayout(id, req.Amount, bal, acct, req.Note, now)
		if err != nil {
			return err
		}
		if err := tx.CreateWithdrawal(ctx, w); err != nil {
			return err
		}
		if _, err := tx.AppendEntries(ctx, []ports.LedgerEntry{{Entry: e, WithdrawalID: w.ID, Reference: acct.BankCode + " " + acct.AccountNumber, At: now}}); err != nil {
			return err
		}
		out = w
		return s.record(ctx, tx, ports.Event{Type: EventWithdrawalRequested, Withdrawal: &w, At: now})
	})
	if err != nil {
		return ledger.Payout{}, err
	}
	s.publish(ctx, "")
	return out, nil
}

// bankAccount finds the store's account by number: unknown_bank_account
// at "account_number" when it has none.
func (s *Service) bankAccount(number string) (payment.BankAccount, error) {
	number = strings.TrimSpace(number)
	for _, a := range s.settings.BankAccounts {
		if number != "" && a.AccountNumber == number {
			return a, nil
		}
	}
	return payment.BankAccount{}, errs.E(errs.Invalid, CodeUnknownBankAccount, "kasir: the withdrawal must go to one of the store's bank accounts").WithField("account_number")
}

// MoveWithdrawal moves a withdrawal along its life cycle: requested →
// on_review → completed or rejected; cancelled while requested. A rejected
// or cancelled withdrawal gives its amount back to the balance
// (withdrawal_reversal), in the same unit of work; each move records the
// withdrawal.changed event. Errors: withdrawal_not_found;
// invalid_withdrawal_transition (kind Conflict); invalid_input at "status"
// or "reason". The withdrawal is then unchanged.
func (s *Service) MoveWithdrawal(ctx context.Context, id string, to ledger.WithdrawalStatus, reason string) (ledger.Payout, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).check(); err != nil {
		return ledger.Payout{}, err
	}
	if !to.Valid() {
		return ledger.Payout{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown withdrawal status %q", string(to)).WithField("status")
	}
	now := s.now(ctx)
	var out ledger.Payout
	err := s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		w, err := tx.WithdrawalForUpdate(ctx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		from := w.Status
		es, err := w.Move(to, now, reason)
		if err != nil {
			return err
		}
		if err := tx.SaveWithdrawal(ctx, w); err != nil {
			return err
		}
		if len(es) > 0 {
			out := make([]ports.LedgerEntry, len(es))
			for i, e := range es {
				out[i] = ports.LedgerEntry{Entry: e, WithdrawalID: w.ID, Reference: w.Reason, At: now}
			}
			if _, err := tx.AppendEntries(ctx, out); err != nil {
				return err
			}
		}
		out = w
		return s.record(ctx, tx, ports.Event{Type: EventWithdrawalChanged, Withdrawal: &w, At: now,
			Reason: "withdrawal " + string(from) + " → " + string(w.Status)})
	})
	if err != nil {
		return ledger.Payout{}, err
	}
	s.publish(ctx, "")
	return out, nil
}

// Withdrawal returns one withdrawal: withdrawal_not_found.
func (s *Service) Withdrawal(ctx context.Context, id string) (ledger.Payout, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).check(); err != nil {
		return ledger.Payout{}, err
	}
	return s.deps.Store.Withdrawal(ctx, strings.TrimSpace(id))
}

// WithdrawalPage is one page of withdrawals and how many match.
type WithdrawalPage struct {
	Withdrawals []ledger.Payout `json:"data"`
	Total       int             `json:"total"`
}

// Withdrawals lists withdrawals newest first, by status. Errors:
// invalid_input naming the field for an unknown status or a negative
// offset or limit.
func (s *Service) Withdrawals(ctx context.Context, f ports.WithdrawalFilter) (WithdrawalPage, error) {
	for i, st := range f.Statuses {
		if !st.Valid() {
			return WithdrawalPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown withdrawal status %q", string(st)).WithField("status[" + itoa(i) + "]")
		}
	}
	if err := checkPage(time.Time{}, time.Time{}, f.Offset, &f.Limit); err != nil {
		return WithdrawalPage{}, err
	}
	ws, total, err := s.deps.Store.Withdrawals(ctx, f)
	if err != nil {
		return WithdrawalPage{}, err
	}
	if ws == nil {
		ws = []ledger.Payout{}
	}
	return WithdrawalPage{Withdrawals: ws, Total: total}, nil
}

// ReportRequest selects the orders of a report: placed at From ≤ t < To,
// optionally of one courier (its code, e.g. "jne").
type ReportRequest struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Courier string    `json:"courier,omitempty"`
}

// MaxReportDays bounds a report's period.
const MaxReportDays = 366

// Report computes the seller's report over the orders placed in [From, To),
// optionally of one courier (see docs/settlement.md): COD and other sales,
// revenue, pending revenue, returns and their share, cashback, and per day
// (in the Service's time zone) the orders in each status. The store
// computes it from figures it keeps per order, without reading the orders.
// Errors: invalid_input at "from" or "to" for a missing period, one that
// ends before it starts or is longer than MaxReportDays, and at "courier"
// for an unreadable code.
func (s *Service) Report(ctx context.Context, req ReportRequest) (ledger.Report, error) {
	switch {
	case req.From.IsZero():
		return ledger.Report{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a report needs the start of its period").WithField("from")
	case req.To.IsZero():
		return ledger.Report{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a report needs the end of its period").WithField("to")
	case !req.From.Before(req.To):
		return ledger.Report{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: the period ends before it starts").WithField("to")
	case req.To.Sub(req.From) > MaxReportDays*24*time.Hour:
		return ledger.Report{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a report covers at most %d days", MaxReportDays).WithField("to")
	}
	if err := texts(nil).add(checkout.IDText, "courier", req.Courier).check(); err != nil {
		return ledger.Report{}, err
	}
	return s.deps.Store.Report(ctx, ports.ReportFilter{From: req.From, To: req.To, Courier: strings.TrimSpace(req.Courier), Location: s.loc})
}
