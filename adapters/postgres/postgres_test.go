package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

var wib = time.FixedZone("WIB", 7*3600)

// placed is when richOrder is placed: a time with nanoseconds, which
// PostgreSQL's timestamptz would round.
var placed = time.Date(2026, 11, 23, 10, 0, 0, 123456789, wib)

// richOrder builds an order that uses every part of checkout.Order, shipped
// after a payment, so its history has three changes.
func richOrder(t testing.TB, id string) *checkout.Order {
	t.Helper()
	o := &checkout.Order{
		ID: id, Number: "INV20261123-0001", Slug: "slug-" + id, PlacedAt: placed, UpdatedAt: placed,
		Customer: checkout.Customer{Name: "Siti Aminah", Phone: "+6281234567890", Email: "siti@example.com"},
		Address:  checkout.Address{Line: "Jl. Melawai Raya No. 5", LocationID: "31.74.06", PostalCode: "12160", Area: "Kebayoran Baru, Jakarta Selatan"},
		Notes:    "Tolong bungkus rapi — terima kasih 🙏",
		Items: []checkout.Item{
			{Kind: "variant", ProductID: "kaos", VariantID: "kaos-m", SKU: "KAOS-M", Name: "Kaos Polos", Options: []string{"Hitam", "M"},
				UnitPrice: 80000, Quantity: 2, Subtotal: 160000, UnitWeight: 200, GoodsValue: 160000, CODAllowed: true,
				Dimensions: shipping.Dimensions{LengthCm: 30, WidthCm: 20, HeightCm: 2},
				StockNeeds: []catalog.Need{{VariantID: "kaos-m", SKU: "KAOS-M", Quantity: 2}}, Key: "v:kaos-m"},
			{Kind: "bundle", BundleID: "paket", PriceOptionID: "po-2", Name: "Paket Hemat", UnitPrice: 150000, Quantity: 1,
				Subtotal: 150000, UnitWeight: 400, GoodsValue: 160000,
				Components: []catalog.Component{{ProductID: "kaos", VariantID: "kaos-l", SKU: "KAOS-L", Name: "Kaos Polos L", Quantity: 2, ListPrice: 80000}},
				StockNeeds: []catalog.Need{{VariantID: "kaos-l", SKU: "KAOS-L", Quantity: 2}}},
		},
		Shipment: &checkout.Shipment{Courier: "jne", Service: "REG", Name: "JNE Reguler", Price: 14000, EtdMinDays: 2, EtdMaxDays: 3,
			Insured: true, ChargeableGrams: 1000, WarehouseID: "gudang-bdg", OriginID: "32.73.02"},
		ProductVoucher: "HEMAT10", ShipVoucher: "ONGKIR", AdditionalCost: 2500,
		Breakdown: pricing.Quote{Subtotal: 310000, ProductDiscount: 31000, ShippingCost: 14000, ShippingDiscount: 10000,
			InsuranceFee: 5620, AdditionalCost: 2500, TaxBase: 279000, UniqueCode: 417, GrandTotal: 291537, Payable: 291537,
			NetProfit: 271917, ServiceFeePayer: pricing.Seller},
		Payment: checkout.Payment{Method: payment.BankTransfer, Amount: 291537, UniqueCode: 417,
			BankAccounts: []payment.BankAccount{{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko"}},
			ExpiresAt:    placed.Add(24 * time.Hour), Reference: "TRF-1"},
		IdempotencyKey: "key-" + id,
		Version:        2,
	}
	var err error
	o.Lifecycle, err = checkout.NewLifecycle(checkout.StatusPendingPayment, placed, "placed")
	require.NoError(t, err)
	require.NoError(t, o.Transition(checkout.StatusProcessing, placed.Add(time.Hour), "paid by transfer", ""))
	require.NoError(t, o.Transition(checkout.StatusShipped, placed.Add(26*time.Hour), "picked up", "JNE0012345678"))
	return o
}

// asJSON is a value's JSON, for comparing a stored record with what was
// stored, field by field, times to the nanosecond and with their offsets.
func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestOrderRoundTrip(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	want := richOrder(t, "o1")
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, want) }))

	got, err := s.Order(ctx, "o1")
	require.NoError(t, err)
	assert.JSONEq(t, asJSON(t, want), asJSON(t, got))
	assert.Equal(t, checkout.StatusShipped, got.Status())
	wh, gh := want.Lifecycle.History(), got.Lifecycle.History()
	require.Len(t, gh, 3)
	for i := range wh {
		assert.Equal(t, wh[i].From, gh[i].From)
		assert.Equal(t, wh[i].To, gh[i].To)
		assert.Equal(t, wh[i].Reason, gh[i].Reason)
		assert.True(t, wh[i].At.Equal(gh[i].At), "history[%d] at %s, want %s", i, gh[i].At, wh[i].At)
	}
	// The restored life cycle goes on from where it was.
	require.NoError(t, got.Transition(checkout.StatusDelivered, placed.Add(72*time.Hour), "received", ""))

	bySlug, err := s.OrderBySlug(ctx, "slug-o1")
	require.NoError(t, err)
	assert.JSONEq(t, asJSON(t, want), asJSON(t, bySlug))

	// Listing compares times to the nanosecond, as the memory store does.
	for _, tc := range []struct {
		name   string
		filter ports.OrderFilter
		want   int
	}{
		{"from_the_exact_time", ports.OrderFilter{From: placed}, 1},
		{"from_a_nanosecond_after", ports.OrderFilter{From: placed.Add(time.Nanosecond)}, 0},
		{"to_the_exact_time", ports.OrderFilter{To: placed}, 0},
		{"to_a_nanosecond_after", ports.OrderFilter{To: placed.Add(time.Nanosecond)}, 1},
		{"expiring_before_a_nanosecond_after", ports.OrderFilter{PaymentExpiresBefore: want.Payment.ExpiresAt.Add(time.Nanosecond)}, 1},
		{"expiring_before_the_exact_time", ports.OrderFilter{PaymentExpiresBefore: want.Payment.ExpiresAt}, 0},
		{"local_phone", ports.OrderFilter{Query: "0812-3456"}, 1},
		{"airway_bill", ports.OrderFilter{Query: "jne00123"}, 1},
		{"percent_is_no_wildcard", ports.OrderFilter{Query: "%"}, 0},
	} {
		_, total, err := s.ListOrders(ctx, tc.filter)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, total, tc.name)
	}
}

func TestStoredHistoryIsChecked(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, richOrder(t, "o1")) }))
	// Someone edits the row by hand into a history the life cycle forbids:
	// shipped straight from pending payment.
	_, err := s.Pool().Exec(ctx, `UPDATE `+pgx.Identifier{s.SchemaName(), "orders"}.Sanitize()+
		` SET data = jsonb_set(data, '{lifecycle,history,1,to}', '"shipped"') WHERE id = 'o1'`)
	require.NoError(t, err)
	_, err = s.Order(ctx, "o1")
	require.Error(t, err)
	assert.Equal(t, errs.CodeInternal, errs.Code(err), "%v", err)
	assert.Contains(t, err.Error(), `stored order "o1" cannot be read`)
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.SetStock(ctx, "kaos-m", 7))
	require.NoError(t, s.PutVoucher(ctx, pricing.Voucher{VoucherRule: pricing.VoucherRule{Code: "Hemat", Kind: pricing.ProductVoucher,
		Type: pricing.Percent, Percent: money.MustRate("12.5"), MaxDiscount: 20000}, Active: true, Quota: 3}))
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, richOrder(t, "o1")) }))

	// Again, and from several processes starting at once.
	require.NoError(t, s.Migrate(ctx))
	var wg sync.WaitGroup
	errList := make([]error, 4)
	for i := range errList {
		wg.Go(func() { errList[i] = s.Migrate(ctx) })
	}
	wg.Wait()
	for _, err := range errList {
		require.NoError(t, err)
	}

	lv, err := s.StockLevels(ctx, []string{"kaos-m"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"kaos-m": 7}, lv)
	v, err := s.Voucher(ctx, "HEMAT")
	require.NoError(t, err)
	assert.True(t, v.Percent.Equal(money.MustRate("12.5")), "percent %s", v.Percent)
	assert.Equal(t, money.Money(20000), v.MaxDiscount)
	_, total, err := s.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
}

func TestVoucherRoundTrip(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	want := pricing.Voucher{
		VoucherRule: pricing.VoucherRule{Code: "Sepertiga", Kind: pricing.ProductVoucher, Type: pricing.Percent,
			Percent: money.MustRate("100/3"), MaxDiscount: 50000, MinSubtotal: 100000, SKUs: []string{"KAOS-M"}},
		Active: true, StartsAt: placed, EndsAt: placed.Add(time.Hour + time.Nanosecond), Quota: 10, PerCustomer: 2,
		PaymentMethods: []payment.Method{payment.BankTransfer, payment.Gateway},
	}
	require.NoError(t, s.PutVoucher(ctx, want))
	got, err := s.Voucher(ctx, "SEPERTIGA")
	require.NoError(t, err)
	assert.True(t, want.Percent.Equal(got.Percent), "percent %s", got.Percent)
	assert.True(t, want.StartsAt.Equal(got.StartsAt), "starts %s", got.StartsAt)
	assert.True(t, want.EndsAt.Equal(got.EndsAt), "ends %s", got.EndsAt)
	got.Percent, got.StartsAt, got.EndsAt = want.Percent, want.StartsAt, want.EndsAt
	assert.Equal(t, want, got)

	// Replacing keeps the redemptions so far.
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.RedeemVoucher(ctx, ports.Redemption{Code: "sepertiga", Customer: "+6281234567890", OrderID: "o1"})
	}))
	want.Quota = 1
	require.NoError(t, s.PutVoucher(ctx, want))
	err = s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.RedeemVoucher(ctx, ports.Redemption{Code: "SEPERTIGA", Customer: "+6285711112222", OrderID: "o2"})
	})
	assert.Equal(t, pricing.CodeVoucherQuotaExhausted, errs.Code(err))

	err = s.PutVoucher(ctx, pricing.Voucher{VoucherRule: pricing.VoucherRule{Code: " ", Kind: pricing.ProductVoucher, Type: pricing.Fixed}})
	assert.ErrorIs(t, err, errs.Invalid)
}

func TestAdapterErrorsHideThePassword(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-Pa55"
	// The subtests run after this function returns: each makes its own
	// context.
	timeout := func(t *testing.T) context.Context {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		t.Cleanup(cancel)
		return ctx
	}

	t.Run("unreachable", func(t *testing.T) {
		t.Parallel()
		ctx := timeout(t)
		// Nothing listens on port 1.
		_, err := postgres.Open(ctx, "postgres://kasir:"+secret+"@127.0.0.1:1/test?sslmode=disable&connect_timeout=5")
		require.Error(t, err)
		assert.ErrorIs(t, err, errs.Unavailable)
		assert.Equal(t, errs.CodeUnavailable, errs.Code(err))
		assert.NotContains(t, err.Error(), secret)
	})
	t.Run("unparsable", func(t *testing.T) {
		t.Parallel()
		ctx := timeout(t)
		_, err := postgres.Open(ctx, "postgres://kasir:"+secret+"@127.0.0.1:5432/test?sslmode=sometimes")
		require.Error(t, err)
		assert.ErrorIs(t, err, errs.Invalid)
		assert.Equal(t, "dsn", errs.Field(err))
		assert.NotContains(t, err.Error(), secret)
		var pe *pgconn.ParseConfigError
		assert.ErrorAs(t, err, &pe, "the driver's error stays reachable")
	})
	t.Run("password_in_a_driver_message", func(t *testing.T) {
		t.Parallel()
		ctx := timeout(t)
		// A message that quotes the password (here a database named like
		// it, which does not exist) is redacted too.
		_, err := postgres.Open(ctx, "postgres://kasir:"+secret+"@127.0.0.1:1/"+secret+"?sslmode=disable&connect_timeout=5")
		require.Error(t, err)
		assert.ErrorIs(t, err, errs.Unavailable)
		assert.NotContains(t, err.Error(), secret)
	})
	t.Run("query_fails", func(t *testing.T) {
		t.Parallel()
		ctx := timeout(t)
		cfg, err := pgxpool.ParseConfig(testDSN(t))
		require.NoError(t, err)
		cfg.ConnConfig.Password = secret // trust authentication ignores it
		cfg.MaxConns = 2
		p, err := pgxpool.NewWithConfig(ctx, cfg)
		require.NoError(t, err)
		defer p.Close()
		// A schema that was never migrated: every table is missing.
		s, err := postgres.New(ctx, p, postgres.Schema(schemaName(t)))
		require.NoError(t, err)
		_, err = s.Order(ctx, "o1")
		require.Error(t, err)
		assert.ErrorIs(t, err, errs.Unavailable)
		assert.NotContains(t, err.Error(), secret)
		var pg *pgconn.PgError
		require.ErrorAs(t, err, &pg)
		assert.Equal(t, "42P01", pg.Code, "undefined table")
		err = s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.ReserveStock(ctx, []catalog.Need{{VariantID: "a", Quantity: 1}})
		})
		assert.ErrorIs(t, err, errs.Unavailable)

		p.Close()
		_, err = s.StockLevels(ctx, []string{"a"})
		assert.ErrorIs(t, err, errs.Unavailable, "a closed pool")
	})
}

func TestNew(t *testing.T) {
	t.Parallel()
	_, err := postgres.New(t.Context(), nil)
	assert.Equal(t, errs.CodeInternal, errs.Code(err))
	// A pool connects lazily: this one never does.
	p, err := pgxpool.New(t.Context(), "postgres://kasir@127.0.0.1:1/test")
	require.NoError(t, err)
	defer p.Close()
	for _, name := range []string{"", "a\x00b", "x123456789x123456789x123456789x123456789x123456789x123456789xxxx"} {
		_, err := postgres.New(t.Context(), p, postgres.Schema(name))
		assert.ErrorIs(t, err, errs.Invalid, "%q", name)
		assert.Equal(t, "schema", errs.Field(err))
	}
	s, err := postgres.New(t.Context(), p)
	require.NoError(t, err)
	assert.Equal(t, postgres.DefaultSchema, s.SchemaName())
	s.Close() // leaves the caller's pool open
	assert.NotPanics(t, func() { _ = p.Stat() })
	s, err = postgres.New(t.Context(), p, postgres.Schema(`Toko "Kopi"`))
	require.NoError(t, err)
	assert.Equal(t, `Toko "Kopi"`, s.SchemaName())
}

func TestOddSchemaName(t *testing.T) {
	t.Parallel()
	p := testPool(t)
	name := `Toko "Kopi"; ` + schemaName(t)
	s, err := postgres.New(t.Context(), p, postgres.Schema(name))
	require.NoError(t, err)
	t.Cleanup(func() { dropSchema(t, p, name) })
	require.NoError(t, s.Migrate(t.Context()))
	require.NoError(t, s.SetStock(t.Context(), "a", 3))
	lv, err := s.StockLevels(t.Context(), []string{"a"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"a": 3}, lv)
}

func TestUnitMisuse(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	var kept ports.Tx
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		kept = tx
		_, err := s.Order(ctx, "o1")
		assert.Equal(t, errs.CodeInternal, errs.Code(err), "the store called with the unit's context")
		err = s.Atomic(ctx, func(context.Context, ports.Tx) error { return nil })
		assert.Equal(t, errs.CodeInternal, errs.Code(err), "a nested unit")
		return nil
	}))
	_, err := kept.StockLevels(ctx, []string{"a"})
	assert.Equal(t, errs.CodeInternal, errs.Code(err), "a Tx after its unit")
	err = kept.ReserveStock(ctx, []catalog.Need{{VariantID: "a", Quantity: 1}})
	assert.Equal(t, errs.CodeInternal, errs.Code(err), "a Tx after its unit")
	assert.Equal(t, errs.CodeInternal, errs.Code(s.Atomic(ctx, nil)))

	done, cancel := context.WithCancel(ctx)
	cancel()
	called := false
	err = s.Atomic(done, func(context.Context, ports.Tx) error { called = true; return nil })
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, called)
}

func TestUnitEndsOnGoexit(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.SetStock(ctx, "a", 5))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: "a", Quantity: 2}}); err != nil {
				return err
			}
			runtime.Goexit()
			return nil
		})
	}()
	<-done
	lv, err := s.StockLevels(ctx, []string{"a"})
	require.NoError(t, err)
	assert.Equal(t, int64(5), lv["a"], "rolled back")
	// The row lock went with the transaction: another unit takes the stock.
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.ReserveStock(ctx, []catalog.Need{{VariantID: "a", Quantity: 5}})
	}))
}

func TestDeadlockedUnitRunsAgain(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.SeedStock(ctx, map[string]int64{"a": 10, "b": 10}))
	// Two units lock a and b in opposite orders, each waiting until the
	// other holds its first row: PostgreSQL finds the deadlock and aborts
	// one, which Atomic runs again.
	var both sync.WaitGroup
	both.Add(2)
	var runs atomic.Int32
	unit := func(first, second string) error {
		attempt := 0
		return s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			attempt++
			runs.Add(1)
			if err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: first, Quantity: 1}}); err != nil {
				return err
			}
			if attempt == 1 {
				both.Done()
				both.Wait()
			}
			return tx.ReserveStock(ctx, []catalog.Need{{VariantID: second, Quantity: 1}})
		})
	}
	errList := make([]error, 2)
	var wg sync.WaitGroup
	wg.Go(func() { errList[0] = unit("a", "b") })
	wg.Go(func() { errList[1] = unit("b", "a") })
	wg.Wait()
	require.NoError(t, errList[0])
	require.NoError(t, errList[1])
	// At least one unit ran again; under load PostgreSQL may pick a victim
	// more than once, so the count is not exact. What must hold exactly
	// is that each unit's writes count once.
	assert.GreaterOrEqual(t, runs.Load(), int32(3), "a deadlocked unit ran again")
	lv, err := s.StockLevels(ctx, []string{"a", "b"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"a": 8, "b": 8}, lv, "each unit took one of each, once")
}

func TestValuePostgresCannotStore(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	err := s.CreateAbandoned(ctx, &checkout.Abandoned{ID: "a1", Name: "Bu\x00di", Phone: "+6281234567890", Status: checkout.AbandonedOpen, CreatedAt: placed})
	require.Error(t, err)
	assert.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}

func TestUpdateAbandonedPanicStoresNothing(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	a := &checkout.Abandoned{ID: "a1", Name: "Budi", Phone: "+6281234567890", Status: checkout.AbandonedOpen, CreatedAt: placed, UpdatedAt: placed}
	require.NoError(t, s.CreateAbandoned(ctx, a))
	require.PanicsWithValue(t, "boom", func() {
		_ = s.UpdateAbandoned(ctx, "a1", func(a *checkout.Abandoned) error {
			a.Name = "Changed"
			panic("boom")
		})
	})
	got, err := s.Abandoned(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, "Budi", got.Name)
	// The row lock went with the rolled-back transaction.
	require.NoError(t, s.UpdateAbandoned(ctx, "a1", func(a *checkout.Abandoned) error { a.Name = "Budi S."; return nil }))
	err = s.UpdateAbandoned(ctx, "a1", func(a *checkout.Abandoned) error { a.ID = "a2"; return nil })
	assert.ErrorIs(t, err, errs.Invalid)
	got, err = s.Abandoned(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, "Budi S.", got.Name)
}

// errSentinel checks that Atomic hands back fn's error itself.
var errSentinel = errors.New("sentinel")

func TestAtomicReturnsFnErrorUnchanged(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	runs := 0
	err := s.Atomic(t.Context(), func(context.Context, ports.Tx) error { runs++; return errSentinel })
	assert.Same(t, errSentinel, err)
	assert.Equal(t, 1, runs, "an ordinary error is not retried")
}
