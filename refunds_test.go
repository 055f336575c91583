package kasir_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/midtrans"
	"github.com/kasir-id/kasir/adapters/midtrans/midtranstest"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// returnTermsCouriers prices as kasirtest.Couriers does, with the return
// terms of one service set.
type returnTermsCouriers struct {
	ports.Couriers
	service string
	terms   pricing.ReturnTerms
}

func (c returnTermsCouriers) Rates(ctx context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	opts, err := c.Couriers.Rates(ctx, req)
	for i := range opts {
		if opts[i].Courier+"/"+opts[i].Service == c.service {
			opts[i].Return = c.terms
		}
	}
	return opts, err
}

// refundingGateway is the fixture's payment gateway, refunding through
// Midtrans' refund API.
type refundingGateway struct {
	*kasirtest.Gateway
	mt *midtrans.Client
}

func (g refundingGateway) Refund(ctx context.Context, r ports.GatewayRefund) (ports.GatewayRefundResult, error) {
	return g.mt.Refund(ctx, r)
}

func TestScriptedRefundsMemory(t *testing.T) {
	t.Parallel()
	scriptedRefunds(t, nil)
}

func TestScriptedRefundsPostgres(t *testing.T) {
	store := postgresStore(t, "the scripted refunds")
	t.Parallel()
	require.NoError(t, store.SeedStock(t.Context(), testCatalog(t).InitialStock().Levels()))
	scriptedRefunds(t, store)
}

// scriptedRefunds: a delivered COD order, a returned COD order (its
// service charges 50 % for the return and the COD fee), a transfer order
// cancelled after payment and refunded in two parts with an over-refund
// refused in between, and a gateway order refunded through Midtrans'
// refund API. Every figure is computed here from docs/settlement.md.
func scriptedRefunds(t *testing.T, pg ports.Store) {
	ctx := t.Context()
	opts := []kasirtest.Option{kasirtest.WithSettings(withSender)}
	if pg != nil {
		opts = append(opts, kasirtest.WithStore(func(*memory.Store) ports.Store { return pg }))
	}
	fx := kasirtest.New(t, opts...)
	sim, err := simcourier.New(simcourier.Config{Clock: fx.Clock, Return: []string{"SIM0000000002"}})
	require.NoError(t, err)
	terms, err := pricing.ParseReturnTerms("50", true)
	require.NoError(t, err)
	core := midtranstest.New("SB-Mid-server-refunds")
	t.Cleanup(core.Close)
	mt, err := midtrans.New(midtrans.Config{ServerKey: "SB-Mid-server-refunds", APIBaseURL: core.URL, BaseURL: "http://snap.invalid"})
	require.NoError(t, err)
	deps := fx.Deps
	deps.Shipments = sim
	deps.Couriers = returnTermsCouriers{Couriers: fx.Couriers, service: "jne/REG", terms: terms}
	deps.Gateway = refundingGateway{Gateway: fx.Gateway, mt: mt}
	svc, err := kasir.New(deps, kasir.WithSettings(fx.Settings))
	require.NoError(t, err)
	stock := func() int64 { return kasirtest.Snapshot(t, deps.Store, nil).Stock["p-buku"] }
	stockBefore := stock()

	// Two COD orders booked in turn: SIM0000000001 is delivered,
	// SIM0000000002 comes back.
	delivered, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	returned, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	assert.Equal(t, terms, returned.Shipment.Return, "the order keeps its service's return terms")
	res, err := svc.BookMany(ctx, []string{delivered.ID, returned.ID})
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	require.NoError(t, res[1].Err)
	require.Equal(t, "SIM0000000002", res[1].Order.AirwayBill)

	// A transfer order, paid, then cancelled.
	transfer, err := svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	_, err = svc.ConfirmPayment(ctx, transfer.ID, kasir.PaymentConfirmation{Reference: "BCA-1"})
	require.NoError(t, err)
	_, err = svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: 1000, Method: checkout.RefundManualTransfer, Reference: "TRF-0", Reason: "early"})
	assert.Equal(t, checkout.CodeOrderNotRefundable, errs.Code(err), "a paid order still going out is not refunded")
	_, err = svc.Transition(ctx, transfer.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "out of stock"})
	require.NoError(t, err)

	// A gateway order, paid, then cancelled.
	gw, err := svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	require.NoError(t, err)
	gwID := gw.Payment.GatewayOrderID
	if gwID == "" {
		gwID = gw.ID
	}
	_, err = svc.HandleGatewayNotification(ctx, fx.Gateway.Notification(ports.GatewayNotification{
		OrderID: gwID, Status: payment.GatewayPaid, Amount: gw.Payment.Amount, TransactionID: "tx-1", PaymentType: "qris"}))
	require.NoError(t, err)
	core.Settle(gwID, int64(gw.Payment.Amount))
	_, err = svc.Transition(ctx, gw.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer asked"})
	require.NoError(t, err)

	// The transfer order is refunded in two parts.
	paid := transfer.Payment.Amount
	first, err := svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: 50000, Method: checkout.RefundManualTransfer, Reference: "TRF-1", Reason: "part one", Key: "rf-a"})
	require.NoError(t, err)
	assert.Equal(t, checkout.RefundSucceeded, first.Refund.Status)
	assert.Equal(t, checkout.PaymentPartiallyRefunded, first.Order.Payment.Status)
	assert.Equal(t, money.Money(50000), first.Order.Payment.Refunded)
	again, err := svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: 50000, Method: checkout.RefundManualTransfer, Reference: "TRF-1", Reason: "part one", Key: "rf-a"})
	require.NoError(t, err)
	assert.Equal(t, first.Refund.ID, again.Refund.ID, "the same key is the same refund")
	_, err = svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: 7, Method: checkout.RefundManualTransfer, Reference: "TRF-1", Reason: "part one", Key: "rf-a"})
	assert.Equal(t, kasir.CodeIdempotencyConflict, errs.Code(err))

	// Over-refund: one rupiah more than is left is refused, nothing
	// recorded.
	before, err := svc.Order(ctx, transfer.ID)
	require.NoError(t, err)
	events := len(fx.Events.Published())
	_, err = svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: paid - 50000 + 1, Method: checkout.RefundManualTransfer, Reference: "TRF-2", Reason: "too much"})
	require.Error(t, err)
	assert.Equal(t, checkout.CodeRefundExceedsPaid, errs.Code(err))
	after, err := svc.Order(ctx, transfer.ID)
	require.NoError(t, err)
	assert.Equal(t, before.Version, after.Version, "the refused refund changed nothing")
	rs, err := svc.Refunds(ctx, transfer.ID)
	require.NoError(t, err)
	assert.Len(t, rs, 1)
	assert.Len(t, fx.Events.Published(), events)

	rest, err := svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: paid - 50000, Method: checkout.RefundManualTransfer, Reference: "TRF-2", Reason: "the rest"})
	require.NoError(t, err)
	assert.Equal(t, checkout.PaymentRefunded, rest.Order.Payment.Status)
	assert.Equal(t, paid, rest.Order.Payment.Refunded)
	_, err = svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: 1, Method: checkout.RefundManualTransfer, Reference: "TRF-3", Reason: "more"})
	assert.Equal(t, checkout.CodeRefundExceedsPaid, errs.Code(err))
	_, err = svc.Refund(ctx, transfer.ID, kasir.RefundRequest{Amount: 1, Method: checkout.RefundGateway, Reason: "more"})
	assert.Equal(t, checkout.CodeRefundMethodUnavailable, errs.Code(err), "a transfer is not refunded through the gateway")

	// The gateway order: through Midtrans, the refund's id as refund_key.
	g, err := svc.Refund(ctx, gw.ID, kasir.RefundRequest{Amount: gw.Payment.Amount, Method: checkout.RefundGateway, Reason: "buyer asked"})
	require.NoError(t, err)
	assert.Equal(t, checkout.RefundSucceeded, g.Refund.Status)
	assert.Equal(t, checkout.PaymentRefunded, g.Order.Payment.Status)
	mtRefunds := core.Refunds(gwID)
	require.Len(t, mtRefunds, 1)
	assert.Equal(t, g.Refund.ID, mtRefunds[0].Key)
	assert.Equal(t, int64(gw.Payment.Amount), mtRefunds[0].Amount)
	assert.NotEmpty(t, g.Refund.Reference, "the gateway's refund id")

	// A week of tracking.
	for range 28 {
		fx.Clock.Advance(6 * time.Hour)
		_, err := svc.PollTracking(ctx)
		require.NoError(t, err)
	}

	d, err := svc.Order(ctx, delivered.ID)
	require.NoError(t, err)
	require.Equal(t, checkout.StatusDelivered, d.Status())
	q := d.Breakdown
	require.NotNil(t, d.Settlement)
	assert.Equal(t, q.NetProfit, d.NetProfit(), "a delivered order keeps its quote's N")
	assert.Equal(t, q.ShippingCashback, d.Cashback())
	assert.Equal(t, q.Payable-q.ShippingCost-q.InsuranceFee-q.ServiceFee+q.ShippingCashback, d.NetProfit())
	assert.Equal(t, d.NetProfit(), entrySum(t, svc, d.ID), "the entries of a delivered COD order add up to N")

	r, err := svc.Order(ctx, returned.ID)
	require.NoError(t, err)
	require.Equal(t, checkout.StatusReturned, r.Status())
	q = r.Breakdown
	require.Positive(t, q.ShippingCashback, "the quote had a cashback the return loses")
	fee := (q.ShippingCost*50 + 99) / 100 // R = ceil(C × 50 / 100)
	require.NotNil(t, r.Settlement)
	assert.Equal(t, fee, r.Settlement.ReturnFee)
	assert.Zero(t, r.Cashback(), "a returned order earns no cashback")
	n := -(q.ShippingCost + fee + q.InsuranceFee) - q.ServiceFee
	assert.Equal(t, n, r.NetProfit(), "N = −(C + R + I) − F with the COD fee on return")
	assert.Equal(t, n, entrySum(t, svc, r.ID))
	kinds := map[ledger.Kind]money.Money{}
	page, err := svc.LedgerEntries(ctx, ports.LedgerFilter{OrderID: r.ID})
	require.NoError(t, err)
	for _, e := range page.Entries {
		kinds[e.Kind] = e.Amount
	}
	want := map[ledger.Kind]money.Money{ledger.Shipping: -q.ShippingCost, ledger.ReturnFee: -fee, ledger.CODFee: -q.ServiceFee}
	if q.InsuranceFee > 0 {
		want[ledger.Insurance] = -q.InsuranceFee
	}
	assert.Equal(t, want, kinds)
	_, err = svc.Refund(ctx, r.ID, kasir.RefundRequest{Amount: 1, Method: checkout.RefundManualTransfer, Reference: "x", Reason: "x"})
	assert.Equal(t, checkout.CodeOrderNotRefundable, errs.Code(err), "a COD parcel that came back brought no money to refund")

	// Cancelled orders wrote no entries, refunds none either: the balance
	// is the two COD orders' N.
	bal, err := svc.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, d.NetProfit()+r.NetProfit(), bal.Balance)

	// The returned parcel's unit goes back to stock by hand, once.
	assert.Equal(t, stockBefore-2, stock(), "manual: not back until the seller says so")
	r, err = svc.RestockReturned(ctx, r.ID, "checked, undamaged")
	require.NoError(t, err)
	assert.False(t, r.RestockedAt.IsZero())
	assert.Equal(t, stockBefore-1, stock())
	_, err = svc.RestockReturned(ctx, r.ID, "")
	assert.Equal(t, checkout.CodeAlreadyRestocked, errs.Code(err))
	_, err = svc.RestockReturned(ctx, d.ID, "")
	assert.Equal(t, checkout.CodeOrderNotReturned, errs.Code(err))
	assert.Equal(t, stockBefore-1, stock())

	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderPaid, ports.EventOrderCancelled,
		ports.EventOrderRefunded, ports.EventOrderRefunded}, orderEvents(fx.Events.Published(), transfer.ID))
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderPaid, ports.EventOrderCancelled,
		ports.EventOrderRefunded}, orderEvents(fx.Events.Published(), gw.ID))
}

// entrySum adds up the ledger entries of an order.
func entrySum(t *testing.T, svc *kasir.Service, orderID string) money.Money {
	t.Helper()
	page, err := svc.LedgerEntries(t.Context(), ports.LedgerFilter{OrderID: orderID})
	require.NoError(t, err)
	var sum money.Money
	for _, e := range page.Entries {
		sum += e.Amount
	}
	return sum
}

// gatewayFixture is a Service on memory whose gateway refunds through a
// Midtrans fake, with a paid and cancelled gateway order.
func gatewayFixture(t *testing.T, settings func(*kasir.Settings)) (*kasirtest.Fixture, *kasir.Service, *midtranstest.Server, *checkout.Order) {
	t.Helper()
	ctx := t.Context()
	fx := kasirtest.New(t, kasirtest.WithSettings(withSender), kasirtest.WithSettings(settings))
	core := midtranstest.New("SB-Mid-server-refunds")
	t.Cleanup(core.Close)
	mt, err := midtrans.New(midtrans.Config{ServerKey: "SB-Mid-server-refunds", APIBaseURL: core.URL, BaseURL: "http://snap.invalid", MaxRetries: -1})
	require.NoError(t, err)
	deps := fx.Deps
	deps.Gateway = refundingGateway{Gateway: fx.Gateway, mt: mt}
	svc, err := kasir.New(deps, kasir.WithSettings(fx.Settings))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	require.NoError(t, err)
	_, err = svc.HandleGatewayNotification(ctx, fx.Gateway.Notification(ports.GatewayNotification{
		OrderID: o.Payment.GatewayOrderID, Status: payment.GatewayPaid, Amount: o.Payment.Amount, TransactionID: "tx-9"}))
	require.NoError(t, err)
	core.Settle(o.Payment.GatewayOrderID, int64(o.Payment.Amount))
	o, err = svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer asked"})
	require.NoError(t, err)
	return fx, svc, core, o
}

func TestGatewayRefundUnansweredStaysPendingUntilRetried(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, svc, core, o := gatewayFixture(t, func(*kasir.Settings) {})
	core.FailNext(1)
	req := kasir.RefundRequest{Amount: 30000, Method: checkout.RefundGateway, Reason: "rusak", Key: "k-1"}
	res, err := svc.Refund(ctx, o.ID, req)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.Equal(t, checkout.RefundPending, res.Refund.Status)
	// The pending refund holds its amount: the rest only is left.
	_, err = svc.Refund(ctx, o.ID, kasir.RefundRequest{Amount: o.Payment.Amount - 30000 + 1, Method: checkout.RefundGateway, Reason: "x"})
	assert.Equal(t, checkout.CodeRefundExceedsPaid, errs.Code(err))
	cur, err := svc.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Empty(t, cur.Payment.Status, "nothing went back yet")
	// The same request again asks the gateway again, under the same key.
	res2, err := svc.Refund(ctx, o.ID, req)
	require.NoError(t, err)
	assert.Equal(t, res.Refund.ID, res2.Refund.ID)
	assert.Equal(t, checkout.RefundSucceeded, res2.Refund.Status)
	assert.Equal(t, checkout.PaymentPartiallyRefunded, res2.Order.Payment.Status)
	require.Len(t, core.Refunds(o.Payment.GatewayOrderID), 1)
}

func TestGatewayRefundRefusedIsFailed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, svc, core, o := gatewayFixture(t, func(*kasir.Settings) {})
	core.Settle(o.Payment.GatewayOrderID, 1000) // the gateway holds less than kasir thinks
	_, err := svc.Refund(ctx, o.ID, kasir.RefundRequest{Amount: 5000, Method: checkout.RefundGateway, Reason: "rusak"})
	require.ErrorIs(t, err, ports.ErrProviderRejected)
	rs, err := svc.Refunds(ctx, o.ID)
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, checkout.RefundFailed, rs[0].Status)
	assert.NotEmpty(t, rs[0].Error)
	cur, err := svc.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Empty(t, cur.Payment.Status)
	assert.Zero(t, cur.Payment.Refunded)
	// A failed refund takes nothing: the whole amount can still go back.
	_, err = svc.Refund(ctx, o.ID, kasir.RefundRequest{Amount: 1000, Method: checkout.RefundGateway, Reason: "rusak"})
	require.NoError(t, err)
}

func TestConcurrentRefundsNeverOverRefund(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fx := kasirtest.New(t)
	o, err := fx.Service.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	_, err = fx.Service.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{})
	require.NoError(t, err)
	_, err = fx.Service.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled})
	require.NoError(t, err)
	part := o.Payment.Amount / 7
	errc := make(chan error, 50)
	for i := range 50 {
		go func() {
			_, err := fx.Service.Refund(ctx, o.ID, kasir.RefundRequest{Amount: part, Method: checkout.RefundManualTransfer,
				Reference: "TRF-" + string(rune('A'+i%26)), Reason: "bagian"})
			errc <- err
		}()
	}
	ok := 0
	for range 50 {
		err := <-errc
		if err == nil {
			ok++
		} else {
			assert.Equal(t, checkout.CodeRefundExceedsPaid, errs.Code(err))
		}
	}
	assert.Equal(t, 7, ok)
	cur, err := fx.Service.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, part*7, cur.Payment.Refunded)
	assert.LessOrEqual(t, cur.Payment.Refunded, cur.Payment.Amount)
}

func TestRestockOnReturnAutomatic(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fx := kasirtest.New(t, kasirtest.WithSettings(withSender), kasirtest.WithSettings(func(s *kasir.Settings) {
		s.Fulfilment.RestockOnReturn = kasir.RestockAutomatic
	}))
	sim, err := simcourier.New(simcourier.Config{Clock: fx.Clock, Return: []string{"SIM0000000001"}})
	require.NoError(t, err)
	deps := fx.Deps
	deps.Shipments = sim
	svc, err := kasir.New(deps, kasir.WithSettings(fx.Settings))
	require.NoError(t, err)
	level := func() int64 { return fx.Snapshot(t).Stock["p-buku"] }
	start := level()
	o, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	_, err = svc.Book(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, start-1, level())
	for range 28 {
		fx.Clock.Advance(6 * time.Hour)
		_, err := svc.PollTracking(ctx)
		require.NoError(t, err)
	}
	o, err = svc.Order(ctx, o.ID)
	require.NoError(t, err)
	require.Equal(t, checkout.StatusReturned, o.Status())
	assert.False(t, o.RestockedAt.IsZero())
	assert.Equal(t, start, level(), "the unit is back on return")
	_, err = svc.RestockReturned(ctx, o.ID, "")
	assert.Equal(t, checkout.CodeAlreadyRestocked, errs.Code(err), "never twice")
	assert.Equal(t, start, level())
	assert.Equal(t, pricing.Returned, o.Settlement.Outcome)
}

func TestRestockRuleValidated(t *testing.T) {
	t.Parallel()
	s := kasirtest.Settings()
	s.Fulfilment.RestockOnReturn = "sometimes"
	err := s.Validate()
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	assert.Equal(t, "fulfilment.restock_on_return", errs.Field(err))
}
