package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// PutVoucher stores a voucher, replacing the one with the same code
// (without regard to case); its redemptions so far still count. Errors: the
// invalid_input of pricing.Voucher.Validate; an internal error when called
// with the context of one of the store's own running units of work.
func (s *Store) PutVoucher(ctx context.Context, v pricing.Voucher) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := v.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vouchers[voucherKey(v.Code)] = cloneVoucher(v)
	return nil
}

// Voucher implements [ports.Tx].
func (t *tx) Voucher(_ context.Context, code string) (pricing.Voucher, error) {
	if err := t.check(); err != nil {
		return pricing.Voucher{}, err
	}
	return t.s.voucher(code)
}

// VoucherUsage implements [ports.Tx]. An unknown code has no usage.
func (t *tx) VoucherUsage(_ context.Context, code, customer string) (pricing.Usage, error) {
	if err := t.check(); err != nil {
		return pricing.Usage{}, err
	}
	return t.s.usage(code, customer), nil
}

// RedeemVoucher implements [ports.Tx]. Errors: voucher_not_found;
// voucher_quota_exhausted (kind Conflict) and voucher_customer_limit as
// pricing.Voucher.CheckUsable returns them; ports.ErrDuplicate when the
// order already holds a use of the voucher; invalid_input for an empty
// order id.
func (t *tx) RedeemVoucher(_ context.Context, r ports.Redemption) error {
	if err := t.check(); err != nil {
		return err
	}
	if r.OrderID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: a redemption needs an order id").WithField("order_id")
	}
	v, err := t.s.voucher(r.Code)
	if err != nil {
		return err
	}
	k := voucherKey(r.Code)
	if _, dup := t.s.redemptions[k][r.OrderID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: order %q already redeemed voucher %s", r.OrderID, v.Code)
	}
	// Only the quota and the per-customer limit are the store's to enforce;
	// reuse pricing's check and its errors for them.
	limits := pricing.Voucher{VoucherRule: v.VoucherRule, Active: true, Quota: v.Quota, PerCustomer: v.PerCustomer}
	if err := limits.CheckUsable(limits.StartsAt, "", t.s.usage(r.Code, r.Customer)); err != nil {
		return err
	}
	if t.s.redemptions[k] == nil {
		t.s.redemptions[k] = map[string]string{}
	}
	t.s.redemptions[k][r.OrderID] = r.Customer
	t.s.countCustomer(k, r.Customer, 1)
	t.onRollback(func() {
		delete(t.s.redemptions[k], r.OrderID)
		t.s.countCustomer(k, r.Customer, -1)
	})
	return nil
}

// ReleaseVoucher implements [ports.Tx].
func (t *tx) ReleaseVoucher(_ context.Context, code, orderID string) error {
	if err := t.check(); err != nil {
		return err
	}
	k := voucherKey(code)
	customer, ok := t.s.redemptions[k][orderID]
	if !ok {
		return nil
	}
	delete(t.s.redemptions[k], orderID)
	t.s.countCustomer(k, customer, -1)
	t.onRollback(func() {
		t.s.redemptions[k][orderID] = customer
		t.s.countCustomer(k, customer, 1)
	})
	return nil
}

// voucher returns a copy of a stored voucher; the caller holds the lock.
func (s *Store) voucher(code string) (pricing.Voucher, error) {
	v, ok := s.vouchers[voucherKey(code)]
	if !ok {
		return pricing.Voucher{}, errs.E(errs.NotFound, pricing.CodeVoucherNotFound, fmt.Sprintf("memory: no voucher %q", code))
	}
	return cloneVoucher(v), nil
}

// usage counts a voucher's redemptions from the indexes; the caller holds
// the lock.
func (s *Store) usage(code, customer string) pricing.Usage {
	k := voucherKey(code)
	u := pricing.Usage{Total: int64(len(s.redemptions[k]))}
	if customer != "" {
		u.ByCustomer = s.perCustomer[k][customer]
	}
	return u
}

// countCustomer adds d to the customer's live redemptions of the voucher
// with key k; the caller holds the lock.
func (s *Store) countCustomer(k, customer string, d int64) {
	m := s.perCustomer[k]
	if m == nil {
		m = map[string]int64{}
		s.perCustomer[k] = m
	}
	if m[customer] += d; m[customer] == 0 {
		delete(m, customer)
	}
}

// Vouchers implements [ports.Vouchers]: copies of every stored voucher, by
// code.
func (s *Store) Vouchers(ctx context.Context) ([]pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]pricing.Voucher, 0, len(s.vouchers))
	for _, k := range slices.Sorted(maps.Keys(s.vouchers)) {
		out = append(out, cloneVoucher(s.vouchers[k]))
	}
	return out, nil
}

// Voucher implements [ports.Vouchers]; codes compare without regard to
// case. Errors: voucher_not_found (kind NotFound).
func (s *Store) Voucher(ctx context.Context, code string) (pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return pricing.Voucher{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.voucher(code)
}

// VoucherUsage implements [ports.Vouchers]. An unknown code has no usage;
// customer "" counts none.
func (s *Store) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	if s.inUnit(ctx) {
		return pricing.Usage{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.usage(code, customer), nil
}

// voucherKey is the map key of a code: codes compare without regard to case.
func voucherKey(code string) string { return strings.ToUpper(code) }

func cloneVoucher(v pricing.Voucher) pricing.Voucher {
	v.SKUs = slices.Clone(v.SKUs)
	v.PaymentMethods = slices.Clone(v.PaymentMethods)
	return v
}
