package kasir

import (
	"context"
	"errors"
	"strings"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

// EventOrderSettled: a COD order's cash was remitted to the seller
// (payment status settled).
const EventOrderSettled ports.EventType = "order.settled"

// The results of a remittance row.
const (
	RemittanceMatched        = "matched"         // the order is (or, in a dry run, would be) settled
	RemittanceAmountMismatch = "amount_mismatch" // the amount differs from what the courier collected; nothing recorded
	RemittanceFeeMismatch    = "fee_mismatch"    // the amount is right but the fee is not the order's COD fee; nothing recorded
	RemittanceUnknownAWB     = "unknown_awb"     // no order of the store has the airway bill
	RemittanceAlreadySettled = "already_settled" // settled before, or earlier in the same file
	RemittanceNotDelivered   = "not_delivered"   // the order's parcel is not delivered (yet)
	RemittanceInvalid        = "invalid"         // the row cannot be read, or names an order not paid by COD; see its error
)

// RemittanceImport is a courier's COD remittance file to import.
type RemittanceImport struct {
	Name    string                      // the file name, to tell its format
	Data    []byte                      // CSV, XLSX or JSON rows
	Columns importing.RemittanceColumns // column names; empty ones are found by the usual headers
	// Reference names the remittance in each settled order's history
	// (e.g. the courier's remittance number).
	Reference string
	// DryRun checks every row and records nothing.
	DryRun bool
}

// RowError is a row's coded error.
type RowError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func rowError(err error) *RowError {
	return &RowError{Code: errs.Code(err), Message: err.Error(), Field: errs.Field(err)}
}

// RemittanceRowResult is what became of one row.
type RemittanceRowResult struct {
	Row         int          `json:"row"`
	AirwayBill  string       `json:"airway_bill"`
	Result      string       `json:"result"`
	OrderID     string       `json:"order_id,omitempty"`
	OrderNumber string       `json:"order_number,omitempty"`
	Expected    *money.Money `json:"expected,omitempty"` // the COD amount the courier collected for the order
	Reported    money.Money  `json:"reported"`           // the amount in the file
	Fee         money.Money  `json:"fee"`                // the courier's fee in the file
	// ExpectedFee is the order's COD service fee F, what the courier may
	// keep of the amount, when the file reports a fee for a COD order.
	ExpectedFee *money.Money `json:"expected_fee,omitempty"`
	Error       *RowError    `json:"error,omitempty"`
}

// RemittanceResult is a remittance import's answer: each row's result and
// how many rows had each.
type RemittanceResult struct {
	DryRun bool                  `json:"dry_run"`
	Rows   []RemittanceRowResult `json:"rows"`
	Counts map[string]int        `json:"counts"`
}

// ImportRemittance reads a courier's COD remittance file (airway bill, COD
// amount, fee per parcel; see docs/settlement.md) and matches each row to a
// delivered COD order of the store by its airway bill: matched (the order's
// payment becomes settled, with an order.settled event, in a unit of work
// per row), amount_mismatch (expected and reported amounts shown),
// fee_mismatch (the amount is right, but the fee the file reports is not
// the order's COD service fee F: expected_fee and fee shown), unknown_awb, already_settled (also a row repeated in the file),
// not_delivered, or invalid with the row's coded error (an unreadable
// amount, a missing airway bill, or not_cod for an order not paid by COD).
// Only matched rows record anything, so importing the same file twice
// changes nothing the second time. A dry run records nothing. Errors: the
// file's (unreadable_file, missing_column), invalid_input at "reference".
func (s *Service) ImportRemittance(ctx context.Context, in RemittanceImport) (RemittanceResult, error) {
	if err := texts(nil).add(checkout.IDText, "reference", in.Reference).check(); err != nil {
		return RemittanceResult{}, err
	}
	rows, err := importing.ReadRemittance(in.Name, in.Data, in.Columns)
	if err != nil {
		return RemittanceResult{}, err
	}
	out := RemittanceResult{DryRun: in.DryRun, Rows: make([]RemittanceRowResult, 0, len(rows)), Counts: map[string]int{}}
	seen := map[string]bool{}
	settled := false
	for i, r := range rows {
		res := RemittanceRowResult{Row: r.Row, AirwayBill: r.AirwayBill, Reported: r.Amount, Fee: r.Fee}
		key := strings.ToLower(r.AirwayBill)
		switch {
		case r.Err != nil:
			res.Result, res.Error = RemittanceInvalid, rowError(r.Err)
		case seen[key]:
			res.Result = RemittanceAlreadySettled
		default:
			seen[key] = true
			if err := s.settleRow(ctx, &res, r.HasFee, i, in); err != nil {
				return RemittanceResult{}, err
			}
			settled = settled || (res.Result == RemittanceMatched && !in.DryRun)
		}
		out.Counts[res.Result]++
		out.Rows = append(out.Rows, res)
	}
	if settled {
		s.publish(ctx, "")
	}
	return out, nil
}

// errDryRun rolls back a dry run's unit.
var errDryRun = errors.New("kasir: dry run")

// settleRow matches one readable row in a unit of work of its own and
// settles its order when it matches (not in a dry run): its amount is
// what the courier collected, and its fee, when the file reports one
// (hasFee), is the order's COD service fee F — the fee the courier
// charges for collecting, whoever bears it. It returns only errors of the
// store; the row's own outcome is in res.
func (s *Service) settleRow(ctx context.Context, res *RemittanceRowResult, hasFee bool, i int, in RemittanceImport) error {
	now := s.now(ctx)
	err := s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.OrderByAirwayBill(ctx, res.AirwayBill)
		if errors.Is(err, ports.ErrOrderNotFound) {
			res.Result = RemittanceUnknownAWB
			return nil
		}
		if err != nil {
			return err
		}
		res.OrderID, res.OrderNumber = o.ID, o.Number
		expected, fee := o.Sale().Collected(), o.Breakdown.ServiceFee
		if o.Sale().COD {
			res.Expected = &expected
			if hasFee {
				res.ExpectedFee = &fee
			}
		}
		switch err := o.RecordSettlement(now, in.Reference); {
		case errs.Code(err) == checkout.CodeNotCOD:
			res.Result, res.Error = RemittanceInvalid, rowError(errs.At("rows["+itoa(i)+"].airway_bill", err))
			return nil
		case errs.Code(err) == checkout.CodeAlreadySettled:
			res.Result = RemittanceAlreadySettled
			return nil
		case errs.Code(err) == checkout.CodeNotDelivered:
			res.Result = RemittanceNotDelivered
			return nil
		case err != nil:
			return err
		case res.Reported != expected:
			res.Result = RemittanceAmountMismatch
			return errDryRun // the order is left as it was
		case hasFee && res.Fee != fee:
			res.Result = RemittanceFeeMismatch
			return errDryRun
		}
		res.Result = RemittanceMatched
		if in.DryRun {
			return errDryRun
		}
		o.UpdatedAt = now
		o.Version++
		if err := tx.SaveOrder(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, tx, ports.Event{Type: EventOrderSettled, OrderID: o.ID, OrderNumber: o.Number,
			At: now, Reason: strings.TrimSpace("COD cash remitted " + in.Reference)})
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}
