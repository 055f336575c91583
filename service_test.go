package kasir_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

var ctx = context.Background()

func TestQuoteMatchesPublishedCODNumbers(t *testing.T) {
	// docs/cod.md, first example: S 100.000, C 14.000, seller pays 2.8%, cashback 25%.
	f := newFixture(t)
	q, err := f.svc.Quote(ctx, quoteReq())
	require.NoError(t, err)
	b := q.Breakdown
	assert.Equal(t, money.Money(100000), b.Subtotal)
	assert.Equal(t, money.Money(14000), b.ShippingCost)
	assert.Equal(t, money.Money(3192), b.ServiceFee)
	assert.Equal(t, money.Money(114000), b.GrandTotal)
	assert.Equal(t, money.Money(3500), b.ShippingCashback)
	assert.Equal(t, money.Money(100308), b.NetProfit)
	require.NotNil(t, q.Shipment)
	assert.Equal(t, "gudang-bdg", q.Shipment.WarehouseID)
	assert.Equal(t, int64(1000), q.Shipment.ChargeableGrams)
	assert.True(t, q.Insurance.Available)
	assert.False(t, q.Insurance.Chosen)
}

func TestQuoteWithVouchersAndInsurance(t *testing.T) {
	f := newFixture(t)
	r := quoteReq()
	r.PaymentMethod = payment.BankTransfer
	r.ProductVoucher, r.ShippingVoucher, r.Insurance = "hemat10", "ONGKIR", true
	q, err := f.svc.Quote(ctx, r)
	require.NoError(t, err)
	b := q.Breakdown
	assert.Equal(t, money.Money(10000), b.ProductDiscount)
	assert.Equal(t, money.Money(10000), b.ShippingDiscount)
	// JNE: ceil(0.2% × 100.000) + 5.000.
	assert.Equal(t, money.Money(5200), b.InsuranceFee)
	assert.Equal(t, money.Money(100000-10000+14000-10000+5200), b.GrandTotal)
	assert.Equal(t, "HEMAT10", q.ProductVoucher)
	assert.Zero(t, b.UniqueCode, "the kode unik is allocated when the order is placed")
}

func TestShippingOptionsCarryTheirWholeQuote(t *testing.T) {
	f := newFixture(t)
	r := quoteReq()
	r.Courier, r.Service, r.LocationID = "", "", "jkt-kebayoran-baru"
	opts, err := f.svc.ShippingOptions(ctx, r)
	require.NoError(t, err)
	require.Len(t, opts, 2)
	assert.Equal(t, "jne", opts[0].Courier)
	require.NotNil(t, opts[0].Breakdown)
	assert.Equal(t, money.Money(100308), opts[0].Breakdown.NetProfit)
	assert.Equal(t, "sicepat", opts[1].Courier)
	assert.Nil(t, opts[1].Breakdown, "SiCepat BEST does not collect COD")
	assert.Equal(t, "cod_not_available", opts[1].ErrorCode)

	r.PaymentMethod = payment.BankTransfer
	opts, err = f.svc.ShippingOptions(ctx, r)
	require.NoError(t, err)
	require.NotNil(t, opts[1].Breakdown)
	assert.Equal(t, money.Money(120000), opts[1].Breakdown.GrandTotal)
}

func TestPlaceCODOrder(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, o.Status())
	assert.Equal(t, "INV20261123-0001", o.Number)
	assert.NotEmpty(t, o.ID)
	assert.GreaterOrEqual(t, len(o.Slug), 20)
	assert.Equal(t, "+6281234567890", o.Customer.Phone)
	assert.Equal(t, money.Money(114000), o.Breakdown.GrandTotal)
	assert.Equal(t, money.Money(114000), o.Payment.Amount)
	assert.Equal(t, "Kebayoran Baru, Jakarta Selatan, DKI Jakarta", o.Address.Area)
	assert.Equal(t, int64(9), f.state(t).Stock["p-buku"])

	got, err := f.svc.OrderBySlug(ctx, o.Slug)
	require.NoError(t, err)
	assert.Equal(t, o.ID, got.ID)
	o2, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	assert.Equal(t, "INV20261123-0002", o2.Number)

	evs := f.events.Published()
	require.Len(t, evs, 2)
	assert.Equal(t, ports.EventOrderPlaced, evs[0].Type)
	assert.Equal(t, o.ID, evs[0].OrderID)
}

func TestBankTransfersNeverShareAnAmount(t *testing.T) {
	f := newFixture(t, func(s *kasir.Settings) { s.UniqueCodes = payment.CodeRange{Min: 1, Max: 3} })
	seen := map[money.Money]bool{}
	for range 3 {
		o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
		require.NoError(t, err)
		assert.Equal(t, checkout.StatusPendingPayment, o.Status())
		assert.Equal(t, start.Add(24*time.Hour), o.Payment.ExpiresAt)
		u := o.Payment.UniqueCode
		require.True(t, u >= 1 && u <= 3, "kode unik %d", u)
		assert.Equal(t, money.Money(114000+u), o.Payment.Amount)
		assert.Equal(t, o.Payment.Amount, o.Breakdown.GrandTotal)
		assert.False(t, seen[o.Payment.Amount], "amount %s given twice", o.Payment.Amount)
		seen[o.Payment.Amount] = true
		require.Len(t, o.Payment.BankAccounts, 1)
	}
	before := f.state(t)
	_, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.Error(t, err)
	assert.Equal(t, payment.CodeUniqueCodeExhausted, errs.Code(err))
	assert.Equal(t, before, f.state(t), "a refused order changes nothing")

	// Another amount still gets a code; paying one frees its amount.
	other := withMethod(order(), payment.BankTransfer)
	other.Lines[0].Quantity = 2
	_, err = f.svc.PlaceOrder(ctx, other)
	require.NoError(t, err)
	page, err := f.svc.ListOrders(ctx, ports.OrderFilter{Query: "INV20261123-0001"})
	require.NoError(t, err)
	require.Len(t, page.Orders, 1)
	_, err = f.svc.ConfirmPayment(ctx, page.Orders[0].ID, kasir.PaymentConfirmation{})
	require.NoError(t, err)
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	assert.Equal(t, page.Orders[0].Payment.UniqueCode, o.Payment.UniqueCode)
}

func TestBadInputChangesNothing(t *testing.T) {
	cases := []struct {
		name   string
		change func(*kasir.OrderRequest)
		code   string
		field  string
	}{
		{"unknown_sku", func(r *kasir.OrderRequest) { r.Lines[0].SKU = "NOPE" }, catalog.CodeUnknownSKU, "lines[0].sku"},
		{"draft_product", func(r *kasir.OrderRequest) { r.Lines[0].SKU = "DRAFT-01" }, catalog.CodeProductUnavailable, "lines[0]"},
		{"out_of_stock", func(r *kasir.OrderRequest) { r.Lines[0].Quantity = 11 }, catalog.CodeOutOfStock, "lines[0]"},
		{"negative_quantity", func(r *kasir.OrderRequest) { r.Lines[0].Quantity = -1 }, catalog.CodeInvalidQuantity, "lines[0].quantity"},
		{"empty_cart", func(r *kasir.OrderRequest) { r.Lines = nil }, kasir.CodeEmptyCart, "lines"},
		{"invalid_phone", func(r *kasir.OrderRequest) { r.Customer.Phone = "0812-ABC" }, checkout.CodeInvalidPhone, "customer.phone"},
		{"landline", func(r *kasir.OrderRequest) { r.Customer.Phone = "021 5551234" }, checkout.CodePhoneNotMobile, "customer.phone"},
		{"no_name", func(r *kasir.OrderRequest) { r.Customer.Name = " " }, errs.CodeInvalidInput, "customer.name"},
		{"bad_email", func(r *kasir.OrderRequest) { r.Customer.Email = "siti@" }, errs.CodeInvalidInput, "customer.email"},
		{"expired_voucher", func(r *kasir.OrderRequest) { r.ProductVoucher = "LAMA" }, pricing.CodeVoucherExpired, "product_voucher"},
		{"unknown_voucher", func(r *kasir.OrderRequest) { r.ProductVoucher = "GRATIS" }, pricing.CodeVoucherNotFound, "product_voucher"},
		{"wrong_slot", func(r *kasir.OrderRequest) { r.ShippingVoucher = "HEMAT10" }, pricing.CodeVoucherWrongKind, "shipping_voucher"},
		{"voucher_method", func(r *kasir.OrderRequest) { r.ProductVoucher = "TRANSFER" }, pricing.CodeVoucherPaymentMethod, "product_voucher"},
		{"voucher_minimum", func(r *kasir.OrderRequest) { r.ProductVoucher = "BESAR" }, pricing.CodeVoucherMinSubtotal, "product_voucher"},
		{"cod_excluded_destination", func(r *kasir.OrderRequest) { r.Address.LocationID, r.Address.PostalCode = "jpr-abepura", "" }, "cod_not_available", "payment_method"},
		{"cod_not_collected", func(r *kasir.OrderRequest) { r.Courier, r.Service = "sicepat", "BEST" }, "cod_not_available", "payment_method"},
		{"cod_product_refused", func(r *kasir.OrderRequest) { r.Lines[0].SKU = "VAS-01" }, pricing.CodeCODNotAllowed, "payment_method"},
		{"cod_digital", func(r *kasir.OrderRequest) { r.Lines[0].SKU = "EBOOK-01" }, pricing.CodeCODNotAllowed, "payment_method"},
		{"unknown_location", func(r *kasir.OrderRequest) { r.Address.LocationID = "mars" }, ports.CodeLocationNotFound, "location_id"},
		{"postal_code_elsewhere", func(r *kasir.OrderRequest) { r.Address.PostalCode = "40132" }, errs.CodeInvalidInput, "address.postal_code"},
		{"no_address", func(r *kasir.OrderRequest) { r.Address.Line = "" }, errs.CodeInvalidInput, "address.line"},
		{"unknown_service", func(r *kasir.OrderRequest) { r.Service = "YES" }, kasir.CodeShippingOptionNotFound, "service"},
		{"unknown_method", func(r *kasir.OrderRequest) { r.PaymentMethod = "cash" }, errs.CodeInvalidInput, "payment_method"},
		{"price_changed", func(r *kasir.OrderRequest) { g := money.Money(113000); r.ExpectedGrandTotal = &g }, checkout.CodePriceChanged, "expected_grand_total"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
			require.NoError(t, err) // something held, to see it is kept
			before := f.state(t)
			r := order()
			c.change(&r)
			_, err = f.svc.PlaceOrder(ctx, r)
			require.Error(t, err)
			assert.Equal(t, c.code, errs.Code(err), "%v", err)
			assert.Equal(t, c.field, errs.Field(err), "%v", err)
			assert.Equal(t, before, f.state(t))
		})
	}
}

func TestExpectedGrandTotalThatMatchesIsAccepted(t *testing.T) {
	f := newFixture(t)
	r := order()
	g := money.Money(114000)
	r.ExpectedGrandTotal = &g
	_, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
}

func TestIdempotency(t *testing.T) {
	f := newFixture(t)
	r := order()
	r.IdempotencyKey = "form-123"
	a, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	b, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, a.ID, b.ID)
	assert.Equal(t, int64(9), f.state(t).Stock["p-buku"])

	before := f.state(t)
	r.Lines[0].Quantity = 2
	_, err = f.svc.PlaceOrder(ctx, r)
	assert.Equal(t, kasir.CodeIdempotencyConflict, errs.Code(err))
	assert.True(t, errors.Is(err, errs.Conflict))
	assert.Equal(t, before, f.state(t))
}

func TestConcurrentPlacement(t *testing.T) {
	t.Run("last_units", func(t *testing.T) {
		f := newFixture(t)
		require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 10))
		var wg sync.WaitGroup
		var mu sync.Mutex
		placed, out := 0, 0
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := order()
				r.Customer.Phone = fmt.Sprintf("0812%08d", i)
				_, err := f.svc.PlaceOrder(ctx, r)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					placed++
				case errs.Code(err) == catalog.CodeOutOfStock:
					out++
				default:
					t.Errorf("unexpected error: %v", err)
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, 10, placed)
		assert.Equal(t, 90, out)
		st := f.state(t)
		assert.Zero(t, st.Stock["p-buku"])
		assert.Equal(t, 10, st.Orders)
	})
	t.Run("voucher_quota", func(t *testing.T) {
		f := newFixture(t)
		require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 1000))
		var wg sync.WaitGroup
		var mu sync.Mutex
		placed := 0
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := order()
				r.ProductVoucher = "HEMAT10"
				r.Customer.Phone = fmt.Sprintf("0813%08d", i)
				_, err := f.svc.PlaceOrder(ctx, r)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					placed++
				} else if errs.Code(err) != pricing.CodeVoucherQuotaExhausted {
					t.Errorf("unexpected error: %v", err)
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, 5, placed)
		assert.Equal(t, int64(5), f.state(t).Usage["HEMAT10"])
	})
	t.Run("one_key", func(t *testing.T) {
		f := newFixture(t)
		var wg sync.WaitGroup
		ids := make([]string, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := withMethod(order(), payment.BankTransfer)
				r.IdempotencyKey = "same-key"
				o, err := f.svc.PlaceOrder(ctx, r)
				if assert.NoError(t, err) {
					ids[i] = o.ID
				}
			}()
		}
		wg.Wait()
		for _, id := range ids {
			assert.Equal(t, ids[0], id)
		}
		st := f.state(t)
		assert.Equal(t, 1, st.Orders)
		assert.Equal(t, int64(9), st.Stock["p-buku"])
		assert.Len(t, st.Held, 1)
	})
	t.Run("kode_unik", func(t *testing.T) {
		f := newFixture(t)
		require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 1000))
		var wg sync.WaitGroup
		var mu sync.Mutex
		amounts := map[money.Money]int{}
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := withMethod(order(), payment.BankTransfer)
				r.Customer.Phone = fmt.Sprintf("0814%08d", i) // one buyer may not hold 50 unpaid orders
				o, err := f.svc.PlaceOrder(ctx, r)
				if !assert.NoError(t, err) {
					return
				}
				mu.Lock()
				amounts[o.Payment.Amount]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		assert.Len(t, amounts, 50, "every pending transfer has its own amount")
	})
}

func TestLifecycle(t *testing.T) {
	f := newFixture(t)
	r := order()
	r.ProductVoucher = "HEMAT10"
	o, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, int64(1), f.state(t).Usage["HEMAT10"])

	_, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusDelivered})
	assert.Equal(t, checkout.CodeInvalidTransition, errs.Code(err))
	_, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusShipped})
	assert.Equal(t, checkout.CodeAirwayBillRequired, errs.Code(err))
	_, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: "lost"})
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	_, err = f.svc.Transition(ctx, "missing", kasir.TransitionRequest{To: checkout.StatusCancelled})
	assert.Equal(t, ports.CodeOrderNotFound, errs.Code(err))

	f.clock.Advance(time.Hour)
	o, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusShipped, AirwayBill: "JNE0012345", Reason: "pickup"})
	require.NoError(t, err)
	assert.Equal(t, "JNE0012345", o.AirwayBill)
	h := o.Lifecycle.History()
	require.Len(t, h, 2)
	assert.Equal(t, checkout.StatusChange{From: checkout.StatusProcessing, To: checkout.StatusShipped, At: start.Add(time.Hour), Reason: "pickup"}, h[1])

	before := f.state(t)
	_, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled})
	assert.Equal(t, checkout.CodeInvalidTransition, errs.Code(err), "a shipped order cannot be cancelled")
	_, err = f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{Courier: ptr("sicepat"), Service: ptr("BEST")})
	assert.Equal(t, checkout.CodeOrderNotEditable, errs.Code(err))
	assert.Equal(t, before, f.state(t))

	page, err := f.svc.ListOrders(ctx, ports.OrderFilter{Query: "jne0012345"})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	sum, err := f.svc.Summary(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, sum[checkout.StatusShipped])
	assert.Equal(t, 0, sum[checkout.StatusCancelled])
}

func TestCancelGivesBackStockVouchersAndAmount(t *testing.T) {
	f := newFixture(t)
	before := f.state(t)
	r := withMethod(order(), payment.BankTransfer)
	r.ProductVoucher = "HEMAT10"
	o, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	mid := f.state(t)
	assert.Equal(t, int64(9), mid.Stock["p-buku"])
	assert.Equal(t, int64(1), mid.Usage["HEMAT10"])
	assert.Equal(t, []money.Money{o.Payment.Amount}, mid.Held)

	o, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "pembeli batal"})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusCancelled, o.Status())
	after := f.state(t)
	after.Orders = before.Orders
	assert.Equal(t, before, after)
	evs := f.events.Published()
	assert.Equal(t, ports.EventOrderCancelled, evs[len(evs)-1].Type)
}

func TestPaymentConfirmationAndExpiry(t *testing.T) {
	f := newFixture(t)
	paid, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	r := withMethod(order(), payment.BankTransfer)
	r.Lines[0].Quantity = 3
	unpaid, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)

	wrong := paid.Payment.Amount - 1
	_, err = f.svc.ConfirmPayment(ctx, paid.ID, kasir.PaymentConfirmation{Amount: &wrong})
	assert.Equal(t, kasir.CodePaymentAmountMismatch, errs.Code(err))
	f.clock.Advance(2 * time.Hour)
	p, err := f.svc.ConfirmPayment(ctx, paid.ID, kasir.PaymentConfirmation{Amount: &paid.Payment.Amount, Reference: "BCA-778"})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, p.Status())
	assert.Equal(t, start.Add(2*time.Hour), p.Payment.PaidAt)
	_, err = f.svc.ConfirmPayment(ctx, paid.ID, kasir.PaymentConfirmation{})
	assert.Equal(t, kasir.CodeNotAwaitingPayment, errs.Code(err))

	expired, err := f.svc.ExpireUnpaid(ctx)
	require.NoError(t, err)
	assert.Empty(t, expired, "nothing is past its deadline yet")
	f.clock.Advance(23 * time.Hour)
	expired, err = f.svc.ExpireUnpaid(ctx)
	require.NoError(t, err)
	require.Len(t, expired, 1)
	assert.Equal(t, unpaid.ID, expired[0].ID)
	assert.Equal(t, checkout.StatusExpired, expired[0].Status())
	st := f.state(t)
	assert.Equal(t, int64(9), st.Stock["p-buku"], "the expired order's 3 units are back")
	assert.Empty(t, st.Held)
}

func TestGatewayOrder(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusPendingPayment, o.Status())
	assert.Equal(t, f.gateway.LinkURL(o.ID), o.Payment.PaymentURL)
	reqs := f.gateway.Requests()
	require.Len(t, reqs, 1)
	var sum money.Money
	for _, it := range reqs[0].Items {
		sum += it.Price * money.Money(it.Quantity)
	}
	assert.Equal(t, o.Payment.Amount, sum, "the gateway items add up to the amount")

	_, err = f.svc.HandleGatewayNotification(ctx, []byte(`{"order_id":"`+o.ID+`","status":"paid","amount":114000,"signature":"salah"}`))
	assert.Equal(t, ports.CodeInvalidSignature, errs.Code(err))
	body := f.gateway.Notification(ports.GatewayNotification{OrderID: o.ID, Status: payment.GatewayPaid, Amount: o.Payment.Amount, TransactionID: "tx-1"})
	p, err := f.svc.HandleGatewayNotification(ctx, body)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, p.Status())
	assert.Equal(t, "tx-1", p.Payment.Reference)

	before := f.state(t)
	f.gateway.Fail(ports.ErrProviderUnavailable)
	_, err = f.svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err))
	assert.Equal(t, before, f.state(t))
}

func TestChangeOrderRequotes(t *testing.T) {
	f := newFixture(t)
	r := withMethod(order(), payment.BankTransfer)
	r.ProductVoucher = "TRANSFER"
	o, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)

	// Switching to COD is refused while the transfer-only voucher is on.
	before := f.state(t)
	_, err = f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{PaymentMethod: ptr(payment.COD)})
	assert.Equal(t, pricing.CodeVoucherPaymentMethod, errs.Code(err))
	assert.Equal(t, before, f.state(t))

	c, err := f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{Courier: ptr("sicepat"), Service: ptr("BEST"), AdditionalCost: ptr(money.Money(2000))})
	require.NoError(t, err)
	assert.Equal(t, money.Money(20000), c.Breakdown.ShippingCost)
	assert.Equal(t, money.Money(2000), c.Breakdown.AdditionalCost)
	assert.Equal(t, money.Money(100000-5000+20000+2000)+money.Money(c.Payment.UniqueCode), c.Breakdown.GrandTotal)
	assert.Equal(t, []money.Money{c.Payment.Amount}, f.state(t).Held, "the new amount is held, the old one freed")

	c, err = f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{PaymentMethod: ptr(payment.COD), ProductVoucher: ptr(""), Courier: ptr("jne"), Service: ptr("REG")})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, c.Status())
	// ceil(2.8% × (100.000 + 14.000 + 2.000)): the additional cost stays.
	assert.Equal(t, money.Money(3248), c.Breakdown.ServiceFee)
	assert.Zero(t, c.Payment.UniqueCode)
	st := f.state(t)
	assert.Empty(t, st.Held)
	assert.Zero(t, st.Usage["TRANSFER"])
	assert.Equal(t, int64(9), st.Stock["p-buku"])
}

func TestEligibleVouchers(t *testing.T) {
	f := newFixture(t)
	r := quoteReq()
	r.LocationID = "jkt-kebayoran-baru"
	got, err := f.svc.EligibleVouchers(ctx, r)
	require.NoError(t, err)
	byCode := map[string]kasir.VoucherEligibility{}
	for _, e := range got {
		byCode[e.Code] = e
	}
	assert.True(t, byCode["HEMAT10"].Eligible)
	assert.Equal(t, money.Money(10000), byCode["HEMAT10"].Discount)
	assert.True(t, byCode["ONGKIR"].Eligible)
	assert.Equal(t, money.Money(10000), byCode["ONGKIR"].Discount)
	assert.Equal(t, pricing.CodeVoucherExpired, byCode["LAMA"].Reason)
	assert.Equal(t, pricing.CodeVoucherPaymentMethod, byCode["TRANSFER"].Reason)
	assert.NotContains(t, byCode, "BESAR", "a private voucher is not listed")

	// A private code is checked when the buyer types it.
	r.ProductVoucher = "besar"
	got, err = f.svc.EligibleVouchers(ctx, r)
	require.NoError(t, err)
	var codes []string
	for _, e := range got {
		codes = append(codes, e.Code)
		if e.Code == "BESAR" {
			assert.Equal(t, pricing.CodeVoucherMinSubtotal, e.Reason)
		}
	}
	assert.ElementsMatch(t, []string{"HEMAT10", "ONGKIR", "LAMA", "TRANSFER", "BESAR"}, codes)
}

func TestAbandonedCheckoutConverts(t *testing.T) {
	f := newFixture(t)
	a, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "Siti", Phone: "+62 812-3456-7890", Lines: []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}}})
	require.NoError(t, err)
	again, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "Siti Aminah", Phone: "081234567890"})
	require.NoError(t, err)
	assert.Equal(t, a.ID, again.ID, "one open checkout per phone")
	_, err = f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "X", Phone: "abc"})
	assert.Equal(t, checkout.CodeInvalidPhone, errs.Code(err))

	fu, err := f.svc.AddFollowUp(ctx, a.ID, kasir.FollowUpRequest{Channel: "WhatsApp", Note: "kirim pengingat"})
	require.NoError(t, err)
	require.Len(t, fu.FollowUps, 1)
	assert.Equal(t, "whatsapp", fu.FollowUps[0].Channel)
	_, err = f.svc.AddFollowUp(ctx, "missing", kasir.FollowUpRequest{Channel: "sms"})
	assert.Equal(t, ports.CodeAbandonedNotFound, errs.Code(err))

	o, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	page, err := f.svc.ListAbandoned(ctx, ports.AbandonedFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.Equal(t, checkout.AbandonedConverted, page.Checkouts[0].Status)
	assert.Equal(t, o.ID, page.Checkouts[0].OrderID)
}

func TestBatchReportsEachRow(t *testing.T) {
	f := newFixture(t)
	bad := order()
	bad.Lines[0].SKU = "NOPE"
	res := f.svc.PlaceOrders(ctx, []kasir.OrderRequest{order(), bad, withMethod(order(), payment.BankTransfer)})
	require.Len(t, res, 3)
	assert.NoError(t, res[0].Err)
	assert.NotNil(t, res[0].Order)
	assert.Equal(t, catalog.CodeUnknownSKU, errs.Code(res[1].Err))
	assert.Nil(t, res[1].Order)
	assert.NoError(t, res[2].Err)
	assert.Equal(t, 2, f.state(t).Orders)
}

func TestPhoneCheck(t *testing.T) {
	f := newFixture(t)
	f.whatsapp.Register("6281234567890")
	pc, err := f.svc.CheckPhone(ctx, "0812 3456 7890")
	require.NoError(t, err)
	assert.Equal(t, "+6281234567890", pc.E164)
	require.NotNil(t, pc.WhatsApp)
	assert.True(t, *pc.WhatsApp)
	f.whatsapp.Fail(ports.ErrProviderUnavailable)
	pc, err = f.svc.CheckPhone(ctx, "0812 3456 7890")
	require.NoError(t, err)
	assert.Nil(t, pc.WhatsApp)
	assert.Equal(t, ports.CodeProviderUnavailable, pc.WhatsAppError)
	_, err = f.svc.CheckPhone(ctx, "12")
	assert.Equal(t, checkout.CodeInvalidPhone, errs.Code(err))
}

func TestRequiredWhatsApp(t *testing.T) {
	f := newFixture(t, func(s *kasir.Settings) { s.RequireWhatsApp = true })
	before := f.state(t)
	_, err := f.svc.PlaceOrder(ctx, order())
	assert.Equal(t, kasir.CodePhoneNotWhatsApp, errs.Code(err))
	assert.Equal(t, before, f.state(t))
	f.whatsapp.Fail(ports.ErrProviderUnavailable)
	_, err = f.svc.PlaceOrder(ctx, order())
	assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err), "a required check that cannot answer refuses")
	assert.Equal(t, before, f.state(t))
	f.whatsapp.Fail(nil)
	f.whatsapp.Register("6281234567890")
	_, err = f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)

	// A store that does not require the check takes orders while the
	// checker is down.
	g := newFixture(t)
	g.whatsapp.Fail(ports.ErrProviderUnavailable)
	_, err = g.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
}

func TestDigitalOrderNeedsNoShipping(t *testing.T) {
	f := newFixture(t)
	r := withMethod(order(), payment.Invoice)
	r.Lines = []catalog.LineRequest{{SKU: "EBOOK-01", Quantity: 2}}
	r.Courier, r.Service, r.Address = "", "", kasir.AddressInput{}
	o, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	assert.Nil(t, o.Shipment)
	assert.Equal(t, money.Money(100000), o.Breakdown.GrandTotal)
	assert.Equal(t, start.AddDate(0, 0, 30), o.Payment.DueDate)
}

func TestBundleOrder(t *testing.T) {
	f := newFixture(t)
	r := order()
	r.Lines = nil
	r.Bundles = []catalog.LineRequest{{PriceOptionID: "po-2kaos", Quantity: 2}}
	o, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, money.Money(300000), o.Breakdown.Subtotal)
	assert.Equal(t, int64(1), f.state(t).Stock["v-merah-m"])
	r.Bundles[0].Quantity = 1
	_, err = f.svc.PlaceOrder(ctx, r)
	assert.Equal(t, catalog.CodeOutOfStock, errs.Code(err))
	assert.Equal(t, "bundles[0]", errs.Field(err))
}

func ptr[T any](v T) *T { return &v }

// quoteReq is order()'s quote request with its destination.
func quoteReq() kasir.QuoteRequest {
	r := order()
	r.QuoteRequest.LocationID = r.Address.LocationID
	return r.QuoteRequest
}

func TestConcurrentChangesOneWins(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	var wg sync.WaitGroup
	results := make([]error, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, results[i] = f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{AdditionalCost: ptr(money.Money(1000 * (i + 1)))})
		}()
	}
	wg.Wait()
	for _, err := range results {
		if err != nil {
			assert.Equal(t, kasir.CodeOrderChanged, errs.Code(err))
		}
	}
	got, err := f.svc.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Positive(t, got.Version)
	st := f.state(t)
	assert.Equal(t, []money.Money{got.Payment.Amount}, st.Held, "one amount held, the one of the stored order")
	assert.Equal(t, got.Breakdown.GrandTotal, money.Money(114000)+got.AdditionalCost+money.Money(got.Payment.UniqueCode))
}

func TestLateGatewayPaymentIsLoggedNotApplied(t *testing.T) {
	f := newFixture(t)
	var logs strings.Builder
	svc, err := kasir.New(f.deps(), kasir.WithSettings(f.settings), kasir.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	require.NoError(t, err)
	_, err = svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer cancelled"})
	require.NoError(t, err)
	body := f.gateway.Notification(ports.GatewayNotification{OrderID: o.ID, Status: payment.GatewayPaid, Amount: o.Payment.Amount, TransactionID: "tx-late"})
	got, err := svc.HandleGatewayNotification(ctx, body)
	require.NoError(t, err, "the gateway is acknowledged")
	assert.Equal(t, checkout.StatusCancelled, got.Status())
	assert.Contains(t, logs.String(), "tx-late")
}
