package kasir

import (
	"context"
	"strings"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// MaxPrintBatchOrders is the most labels one print batch holds.
const MaxPrintBatchOrders = 500

// PrintRequest records a printing of shipping labels as a batch.
type PrintRequest struct {
	// OrderIDs are the orders whose labels were printed, in print order.
	OrderIDs []string `json:"order_ids"`
	// Size is the label paper ("thermal" or "a4", as the host prints).
	Size string `json:"size"`
	// By names who printed (a staff member, a device); may be "".
	By string `json:"by,omitempty"`
}

// PrintBatchPage is one page of print batches, newest first, and how
// many there are.
type PrintBatchPage struct {
	Batches []ports.PrintBatch `json:"data"`
	Total   int                `json:"total"`
}

// RecordPrintBatch records that the labels of req.OrderIDs were printed
// together: in one unit of work it checks that every order exists and can
// have a label, stores the batch with a new id and the time of now, and
// marks each order's label printed (checkout.Order.MarkLabelPrinted). All
// or nothing: when an order is refused, no batch is stored and no order
// marked. Call it once the labels were rendered, so a batch is a print
// that happened.
//
// Errors: invalid_input for no orders or more than MaxPrintBatchOrders
// (at "order_ids"), an empty size, or a text that is too long;
// order_not_found or label_unavailable at "order_ids[i]" for the first
// order refused; the store's.
func (s *Service) RecordPrintBatch(ctx context.Context, req PrintRequest) (ports.PrintBatch, error) {
	switch {
	case len(req.OrderIDs) == 0:
		return ports.PrintBatch{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a print batch needs orders").WithField("order_ids")
	case len(req.OrderIDs) > MaxPrintBatchOrders:
		return ports.PrintBatch{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a print batch holds at most %d orders, got %d", MaxPrintBatchOrders, len(req.OrderIDs)).WithField("order_ids")
	case strings.TrimSpace(req.Size) == "":
		return ports.PrintBatch{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a print batch needs its label size").WithField("size")
	}
	chk := texts(nil).add(checkout.IDText, "size", req.Size).add(checkout.NameText, "by", req.By)
	ids := make([]string, len(req.OrderIDs))
	for i, id := range req.OrderIDs {
		ids[i] = strings.TrimSpace(id)
		chk = chk.add(checkout.IDText, "order_ids["+itoa(i)+"]", id)
	}
	if err := chk.check(); err != nil {
		return ports.PrintBatch{}, err
	}
	id, err := s.deps.IDs.NewID(ctx)
	if err != nil {
		return ports.PrintBatch{}, err
	}
	now := s.now(ctx)
	b := ports.PrintBatch{ID: id, OrderIDs: ids, Size: strings.TrimSpace(req.Size), CreatedAt: now, CreatedBy: strings.TrimSpace(req.By)}
	err = s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		marked := map[string]bool{}
		for i, oid := range ids {
			if marked[oid] {
				continue
			}
			marked[oid] = true
			o, err := tx.Order(ctx, oid)
			if err == nil {
				err = o.CheckLabel()
			}
			if err != nil {
				return errs.At("order_ids["+itoa(i)+"]", err)
			}
			o.MarkLabelPrinted(b.ID, now)
			if err := tx.SaveOrder(ctx, o); err != nil {
				return err
			}
		}
		return tx.CreatePrintBatch(ctx, b)
	})
	if err != nil {
		return ports.PrintBatch{}, err
	}
	return b, nil
}

// RecordReprint counts one more printing of a batch, by `by`, at now, and
// returns the batch as it now stands. Concurrent reprints are each
// counted. Errors: print_batch_not_found, invalid_input for a text that
// is too long, the store's.
func (s *Service) RecordReprint(ctx context.Context, id, by string) (ports.PrintBatch, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.NameText, "by", by).check(); err != nil {
		return ports.PrintBatch{}, err
	}
	now := s.now(ctx)
	var out ports.PrintBatch
	err := s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		var err error
		out, err = tx.ReprintBatch(ctx, strings.TrimSpace(id), ports.Reprint{At: now, By: strings.TrimSpace(by)})
		return err
	})
	return out, err
}

// PrintBatch returns one print batch: print_batch_not_found.
func (s *Service) PrintBatch(ctx context.Context, id string) (ports.PrintBatch, error) {
	if err := checkout.IDText.Check("id", id); err != nil {
		return ports.PrintBatch{}, err
	}
	return s.deps.Store.PrintBatch(ctx, strings.TrimSpace(id))
}

// ListPrintBatches returns the page of print batches from offset, at
// most limit (0 or more than MaxPageSize reads as MaxPageSize), newest
// first. Errors: invalid_input for a negative offset or limit, the
// store's.
func (s *Service) ListPrintBatches(ctx context.Context, offset, limit int) (PrintBatchPage, error) {
	switch {
	case offset < 0:
		return PrintBatchPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: offset must not be negative").WithField("offset")
	case limit < 0:
		return PrintBatchPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: limit must not be negative").WithField("limit")
	case limit == 0 || limit > MaxPageSize:
		limit = MaxPageSize
	}
	bs, total, err := s.deps.Store.ListPrintBatches(ctx, offset, limit)
	if err != nil {
		return PrintBatchPage{}, err
	}
	if bs == nil {
		bs = []ports.PrintBatch{}
	}
	return PrintBatchPage{Batches: bs, Total: total}, nil
}
