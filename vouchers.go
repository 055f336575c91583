package kasir

import (
	"context"
	"sort"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// VoucherEligibility tells whether one stored voucher can be used on a cart
// and, when it cannot, why (see docs/vouchers.md).
type VoucherEligibility struct {
	Code     string              `json:"code"`
	Kind     pricing.VoucherKind `json:"kind"`
	Eligible bool                `json:"eligible"`
	// Discount is what the voucher takes off this cart when eligible.
	Discount money.Money `json:"discount"`
	// Reason is the error code that makes it ineligible, with Message.
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// EligibleVouchers lists the public stored vouchers (pricing.Voucher.Public),
// and those whose code the request names (product_voucher,
// shipping_voucher: a private code is checked only when the buyer types
// it), with whether the cart could use each in its slot, the discount it
// would give, or the reason it cannot (voucher_inactive, voucher_expired,
// voucher_min_subtotal, voucher_not_applicable, voucher_payment_method,
// voucher_quota_exhausted, voucher_customer_limit …). Each voucher is tried
// alone in its slot. Errors are those of Quote for the cart
// itself. Without a courier service the shipping cost is taken as 0, so a
// shipping voucher's discount shows as 0.
func (s *Service) EligibleVouchers(ctx context.Context, req QuoteRequest) ([]VoucherEligibility, error) {
	typed := map[string]bool{}
	for _, c := range []string{req.ProductVoucher, req.ShippingVoucher} {
		if c = strings.TrimSpace(c); c != "" {
			typed[strings.ToUpper(c)] = true
		}
	}
	req.ProductVoucher, req.ShippingVoucher = "", ""
	if err := s.checkRequest(req, nil); err != nil {
		return nil, err
	}
	p, err := s.prepare(ctx, req, true, "")
	if err != nil {
		return nil, err
	}
	if req.Courier != "" || req.Service != "" {
		if _, err := s.quoteOf(p, req); err != nil { // chooses the courier service
			return nil, err
		}
	}
	vs, err := s.deps.Store.Vouchers(ctx)
	if err != nil {
		return nil, err
	}
	sort.Slice(vs, func(i, j int) bool { return strings.ToUpper(vs[i].Code) < strings.ToUpper(vs[j].Code) })
	out := make([]VoucherEligibility, 0, len(vs))
	for _, v := range vs {
		if !v.Public && !typed[strings.ToUpper(v.Code)] {
			continue
		}
		e := VoucherEligibility{Code: v.Code, Kind: v.Kind}
		q, err := s.tryVoucher(ctx, p, v)
		if err != nil {
			if errs.Code(err) == "" || errs.KindOf(err) == errs.Unavailable {
				return nil, err
			}
			e.Reason, e.Message = errs.Code(err), err.Error()
		} else {
			e.Eligible = true
			e.Discount = q.ProductDiscount + q.ShippingDiscount
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Service) tryVoucher(ctx context.Context, base *prepared, v pricing.Voucher) (pricing.Quote, error) {
	used, err := s.deps.Store.VoucherUsage(ctx, v.Code, base.phone)
	if err != nil {
		return pricing.Quote{}, err
	}
	if err := v.CheckUsable(s.now(ctx), base.method, used); err != nil {
		return pricing.Quote{}, err
	}
	p := *base
	rule := v.VoucherRule
	if v.Kind == pricing.ProductVoucher {
		p.in.ProductVoucher = &rule
	} else {
		if !p.items.NeedsShipping() {
			return pricing.Quote{}, errs.E(errs.Invalid, pricing.CodeVoucherNotApplicable, "kasir: nothing is shipped for voucher "+v.Code+" to discount")
		}
		p.in.ShippingVoucher = &rule
	}
	q, _, _, err := s.price(&p, p.opt, p.insured, 0)
	return q, err
}
