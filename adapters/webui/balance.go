package webui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// entriesPerPage is the balance page's entries.
const entriesPerPage = 20

type entryRow struct {
	E     ports.LedgerEntry
	Label string
	Link  string // the order's page, for an order's entry
}

type withdrawalRow struct {
	W      ledger.Payout
	Label  string
	Action string
	Moves  []withdrawalMove
}

type withdrawalMove struct {
	To, Label string
}

type balancePage struct {
	Balance    kasir.BalanceView
	Entries    []entryRow
	Total      int
	Prev, Next string
	Withdraw   []withdrawalRow
	Accounts   []payment.BankAccount
	Owner      bool
	Amount     string
	Account    string
	Note       string
	Flash      string
	Error      string
}

// balance: GET /admin/saldo, the balance and the money on the road, the
// entries that make it, newest first, and the withdrawals with the moves
// an owner may make.
func (h *handler) balance(w http.ResponseWriter, r *http.Request, s *session) {
	p := &balancePage{}
	if k := r.URL.Query().Get("ok"); k != "" {
		p.Flash = h.t(r, "done_"+k)
	}
	h.showBalance(w, r, s, http.StatusOK, p)
}

func (h *handler) showBalance(w http.ResponseWriter, r *http.Request, s *session, status int, p *balancePage) {
	l := lang(r)
	ctx := r.Context()
	var err error
	if p.Balance, err = h.svc.Balance(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("hal"))
	page = max(page, 1)
	es, err := h.svc.LedgerEntries(ctx, ports.LedgerFilter{Offset: (page - 1) * entriesPerPage, Limit: entriesPerPage})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Total = es.Total
	for _, e := range es.Entries {
		row := entryRow{E: e, Label: text(l, "entry_"+string(e.Kind))}
		if e.OrderID != "" {
			row.Link = h.base + "/admin/pesanan/" + url.PathEscape(e.OrderID)
		}
		p.Entries = append(p.Entries, row)
	}
	link := func(n int) string { return h.base + "/admin/saldo?hal=" + strconv.Itoa(n) }
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page*entriesPerPage < es.Total {
		p.Next = link(page + 1)
	}
	ws, err := h.svc.Withdrawals(ctx, ports.WithdrawalFilter{Limit: entriesPerPage})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Owner = s.may(ports.RoleOwner)
	for _, wd := range ws.Withdrawals {
		row := withdrawalRow{W: wd, Label: text(l, "wd_"+string(wd.Status)), Action: h.base + "/admin/saldo/tarik/" + url.PathEscape(wd.ID)}
		if p.Owner {
			for _, st := range ledger.WithdrawalStatuses() {
				if wd.Status.CanBecome(st) {
					row.Moves = append(row.Moves, withdrawalMove{To: string(st), Label: text(l, "wd_to_"+string(st))})
				}
			}
		}
		p.Withdraw = append(p.Withdraw, row)
	}
	p.Accounts = h.svc.Settings().BankAccounts
	h.render(w, r, status, "balance", h.pageData(r, p))
}

// balanceFailed shows the balance page again with the refusal.
func (h *handler) balanceFailed(w http.ResponseWriter, r *http.Request, s *session, err error, p *balancePage) {
	if errs.Code(err) == "" || errors.Is(err, errs.Unavailable) {
		h.fail(w, r, err)
		return
	}
	p.Error = h.say(r, err)
	h.showBalance(w, r, s, http.StatusUnprocessableEntity, p)
}

// requestWithdrawal: POST /admin/saldo/tarik, an owner asks for part of
// the balance to be paid to one of the store's bank accounts.
func (h *handler) requestWithdrawal(w http.ResponseWriter, r *http.Request, s *session) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p := &balancePage{Amount: f("amount"), Account: f("account"), Note: f("note")}
	n, err := strconv.ParseInt(strings.NewReplacer(".", "", "Rp", "", " ", "").Replace(p.Amount), 10, 64)
	if err != nil {
		h.balanceFailed(w, r, s, errs.Invalidf(errs.CodeInvalidInput, "webui: the amount is not a number").WithField("amount"), p)
		return
	}
	if _, err := h.svc.RequestWithdrawal(r.Context(), kasir.WithdrawalRequest{Amount: money.Money(n), AccountNumber: p.Account, Note: p.Note}); err != nil {
		h.balanceFailed(w, r, s, err, p)
		return
	}
	http.Redirect(w, r, h.base+"/admin/saldo?ok=withdrawal", http.StatusSeeOther)
}

// moveWithdrawal: POST /admin/saldo/tarik/{id}, an owner moves a
// withdrawal along its life cycle (on review, completed with the
// transfer's reference, rejected or cancelled with a reason).
func (h *handler) moveWithdrawal(w http.ResponseWriter, r *http.Request, s *session) {
	to := ledger.WithdrawalStatus(strings.TrimSpace(r.PostFormValue("to")))
	if _, err := h.svc.MoveWithdrawal(r.Context(), r.PathValue("id"), to, r.PostFormValue("reason")); err != nil {
		h.balanceFailed(w, r, s, err, &balancePage{})
		return
	}
	http.Redirect(w, r, h.base+"/admin/saldo?ok=withdrawal_moved", http.StatusSeeOther)
}
