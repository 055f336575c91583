package kasir

import (
	"context"
	"strings"

	"github.com/kasir-id/kasir/checkout"
)

// PreviewChange prices a change to an order exactly as ChangeOrder would
// and returns the order as it would be after it, storing nothing: no stock,
// voucher use, kode unik or history changes. It is what a seller's screen
// shows before the change is saved. A bank transfer's new kode unik is
// allocated only when the change is saved, so the preview's amount is
// without it. Errors: those of ChangeOrder but order_changed.
func (s *Service) PreviewChange(ctx context.Context, id string, ch OrderChange) (*checkout.Order, error) {
	if err := checkChange(id, ch); err != nil {
		return nil, err
	}
	cur, err := s.deps.Store.Order(ctx, strings.TrimSpace(id))
	if err != nil {
		return nil, err
	}
	if err := cur.CheckEditable(); err != nil {
		return nil, err
	}
	next, _, err := s.requote(ctx, cur, ch)
	if err != nil {
		return nil, err
	}
	return next, nil
}
