package httpapi

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// balanceView is GET /v1/balance.
type balanceView struct {
	Balance money.Money `json:"balance"`
	Pending money.Money `json:"pending"`
}

// entryView is one entry of the balance.
type entryView struct {
	Seq          int64       `json:"seq"`
	Kind         ledger.Kind `json:"kind"`
	Amount       money.Money `json:"amount"`
	Reason       string      `json:"reason,omitempty"`
	OrderID      string      `json:"order_id,omitempty"`
	WithdrawalID string      `json:"withdrawal_id,omitempty"`
	Reference    string      `json:"reference,omitempty"`
	At           time.Time   `json:"at"`
}

func viewEntry(e ports.LedgerEntry) entryView {
	return entryView{Seq: e.Seq, Kind: e.Kind, Amount: e.Amount, Reason: e.Reason, OrderID: e.OrderID,
		WithdrawalID: e.WithdrawalID, Reference: e.Reference, At: e.At}
}

// withdrawalView is a withdrawal as the seller's admin reads it.
type withdrawalView struct {
	ID          string                  `json:"id"`
	Amount      money.Money             `json:"amount"`
	Account     bankAccountView         `json:"account"`
	Status      ledger.WithdrawalStatus `json:"status"`
	Note        string                  `json:"note,omitempty"`
	Reason      string                  `json:"reason,omitempty"`
	RequestedAt time.Time               `json:"requested_at"`
	UpdatedAt   time.Time               `json:"updated_at"`
}

func viewWithdrawal(w ledger.Payout) withdrawalView {
	return withdrawalView{ID: w.ID, Amount: w.Amount, Account: viewBankAccounts([]payment.BankAccount{w.Account})[0],
		Status: w.Status, Note: w.Note, Reason: w.Reason, RequestedAt: w.RequestedAt, UpdatedAt: w.UpdatedAt}
}

// figureView is a count of orders and the sum of their grand totals.
type figureView struct {
	Count int         `json:"count"`
	Value money.Money `json:"value"`
}

// dayView is one day of a report.
type dayView struct {
	Date     string         `json:"date"`
	Statuses map[string]int `json:"statuses"`
}

// reportView is GET /v1/reports.
type reportView struct {
	From           time.Time   `json:"from"`
	To             time.Time   `json:"to"`
	Courier        string      `json:"courier,omitempty"`
	COD            figureView  `json:"cod"`
	NonCOD         figureView  `json:"non_cod"`
	Marketplace    figureView  `json:"marketplace"`
	Revenue        money.Money `json:"revenue"`
	PendingRevenue money.Money `json:"pending_revenue"`
	Retur          figureView  `json:"retur"`
	ReturPercent   string      `json:"retur_percent"`
	Cashback       money.Money `json:"cashback"`
	Days           []dayView   `json:"days"`
}

// remittanceRowView is one row of a remittance import's answer.
type remittanceRowView struct {
	Row         int          `json:"row"`
	AirwayBill  string       `json:"airway_bill"`
	Result      string       `json:"result"`
	OrderID     string       `json:"order_id,omitempty"`
	OrderNumber string       `json:"order_number,omitempty"`
	Expected    *money.Money `json:"expected,omitempty"`
	Reported    money.Money  `json:"reported"`
	Fee         money.Money  `json:"fee"`
	ExpectedFee *money.Money `json:"expected_fee,omitempty"`
	Error       *ErrorDetail `json:"error,omitempty"`
}

// remittanceView is POST /v1/remittances.
type remittanceView struct {
	DryRun bool                `json:"dry_run"`
	Counts map[string]int      `json:"counts"`
	Rows   []remittanceRowView `json:"rows"`
}

// adjustmentRequest is POST /v1/balance/adjustments.
type adjustmentRequest struct {
	Amount money.Money `json:"amount"`
	Reason string      `json:"reason"`
}

// withdrawalTransition is POST /v1/withdrawals/{id}/transitions.
type withdrawalTransition struct {
	To     ledger.WithdrawalStatus `json:"to"`
	Reason string                  `json:"reason,omitempty"`
}

// getBalance: GET /v1/balance.
func (h *Handler) getBalance(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	b, err := h.svc.Balance(r.Context())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, balanceView(b), nil
}

// listEntries: GET /v1/balance/entries.
func (h *Handler) listEntries(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	var f ports.LedgerFilter
	for _, k := range queryList(r, "kind") {
		f.Kinds = append(f.Kinds, ledger.Kind(k))
	}
	q := r.URL.Query()
	f.OrderID, f.WithdrawalID = strings.TrimSpace(q.Get("order_id")), strings.TrimSpace(q.Get("withdrawal_id"))
	var err error
	if f.From, err = queryTime(r, "from", false); err != nil {
		return 0, nil, err
	}
	if f.To, err = queryTime(r, "to", true); err != nil {
		return 0, nil, err
	}
	if f.Offset, f.Limit, err = page(r); err != nil {
		return 0, nil, err
	}
	p, err := h.svc.LedgerEntries(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]entryView, len(p.Entries))
	for i, e := range p.Entries {
		out[i] = viewEntry(e)
	}
	return http.StatusOK, map[string]any{"data": out, "total": p.Total}, nil
}

// adjustBalance: POST /v1/balance/adjustments.
func (h *Handler) adjustBalance(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req adjustmentRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	e, err := h.svc.Adjust(r.Context(), req.Amount, req.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewEntry(e), nil
}

// listWithdrawals: GET /v1/withdrawals.
func (h *Handler) listWithdrawals(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	var f ports.WithdrawalFilter
	for _, s := range queryList(r, "status") {
		f.Statuses = append(f.Statuses, ledger.WithdrawalStatus(s))
	}
	var err error
	if f.Offset, f.Limit, err = page(r); err != nil {
		return 0, nil, err
	}
	p, err := h.svc.Withdrawals(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]withdrawalView, len(p.Withdrawals))
	for i, w := range p.Withdrawals {
		out[i] = viewWithdrawal(w)
	}
	return http.StatusOK, map[string]any{"data": out, "total": p.Total}, nil
}

// requestWithdrawal: POST /v1/withdrawals.
func (h *Handler) requestWithdrawal(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.WithdrawalRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	wd, err := h.svc.RequestWithdrawal(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewWithdrawal(wd), nil
}

// getWithdrawal: GET /v1/withdrawals/{id}.
func (h *Handler) getWithdrawal(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	wd, err := h.svc.Withdrawal(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewWithdrawal(wd), nil
}

// moveWithdrawal: POST /v1/withdrawals/{id}/transitions.
func (h *Handler) moveWithdrawal(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req withdrawalTransition
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	wd, err := h.svc.MoveWithdrawal(r.Context(), r.PathValue("id"), req.To, req.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewWithdrawal(wd), nil
}

// importRemittance: POST /v1/remittances, a courier's COD remittance file
// as a multipart upload (field file), the file itself (text/csv) or JSON
// rows ({"rows": […]}), with the query's dry_run, reference and column
// names.
func (h *Handler) importRemittance(w http.ResponseWriter, r *http.Request) (int, any, error) {
	q := r.URL.Query()
	in := kasir.RemittanceImport{
		Reference: q.Get("reference"),
		Columns: importing.RemittanceColumns{
			AirwayBill: q.Get("airway_bill_column"), Amount: q.Get("amount_column"), Fee: q.Get("fee_column"),
		},
	}
	if v := strings.TrimSpace(q.Get("dry_run")); v != "" {
		dry, err := strconv.ParseBool(v)
		if err != nil {
			return 0, nil, errs.Wrap(errs.Invalid, CodeInvalidQuery, err, "dry_run must be true or false, got "+strconv.Quote(v)).WithField("dry_run")
		}
		in.DryRun = dry
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = ""
	}
	body, err := h.readBody(w, r)
	if err != nil {
		return 0, nil, err
	}
	switch mt {
	case "multipart/form-data":
		if in.Data, in.Name, err = uploadedFile(body, params["boundary"]); err != nil {
			return 0, nil, err
		}
	case "text/csv":
		in.Data, in.Name = body, "remittance.csv"
	case "application/json":
		var rows importRows
		if err := strictjson.Decode(body, &rows); err != nil {
			return 0, nil, err
		}
		if len(bytes.TrimSpace(rows.Rows)) == 0 {
			return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "the body has no rows").WithField("rows")
		}
		in.Data, in.Name = rows.Rows, "rows.json"
	default:
		return 0, nil, errs.E(errs.Invalid, CodeUnsupportedMedia, "a remittance file is sent as multipart/form-data (field file), text/csv or application/json ({\"rows\": […]})")
	}
	res, err := h.svc.ImportRemittance(r.Context(), in)
	if err != nil {
		return 0, nil, err
	}
	out := remittanceView{DryRun: res.DryRun, Counts: res.Counts, Rows: make([]remittanceRowView, len(res.Rows))}
	for i, row := range res.Rows {
		v := remittanceRowView{Row: row.Row, AirwayBill: row.AirwayBill, Result: row.Result, OrderID: row.OrderID,
			OrderNumber: row.OrderNumber, Expected: row.Expected, Reported: row.Reported, Fee: row.Fee, ExpectedFee: row.ExpectedFee}
		if row.Error != nil {
			v.Error = &ErrorDetail{Code: row.Error.Code, Message: say(r, row.Error.Code, row.Error.Message), Field: row.Error.Field, Detail: row.Error.Message}
		}
		out.Rows[i] = v
	}
	return http.StatusOK, out, nil
}

// report: GET /v1/reports.
func (h *Handler) report(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.ReportRequest
	var err error
	if req.From, err = queryTime(r, "from", false); err != nil {
		return 0, nil, err
	}
	if req.To, err = queryTime(r, "to", true); err != nil {
		return 0, nil, err
	}
	req.Courier = r.URL.Query().Get("courier")
	rep, err := h.svc.Report(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	out := reportView{From: req.From, To: req.To, Courier: strings.TrimSpace(req.Courier),
		COD: figureView(rep.COD), NonCOD: figureView(rep.NonCOD), Marketplace: figureView(rep.Marketplace), Revenue: rep.Revenue, PendingRevenue: rep.PendingRevenue,
		Retur: figureView(rep.Retur), ReturPercent: rep.ReturPercent.String(), Cashback: rep.Cashback, Days: make([]dayView, len(rep.Days))}
	for i, d := range rep.Days {
		st := make(map[string]int, len(d.Statuses))
		for s, n := range d.Statuses {
			st[string(s)] = n
		}
		out.Days[i] = dayView{Date: d.Date, Statuses: st}
	}
	return http.StatusOK, out, nil
}
