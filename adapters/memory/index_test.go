package memory_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

var listT0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// listOrder returns order i, placed i minutes after listT0 and pending
// payment, paid by bank transfer or COD.
func listOrder(t testing.TB, i int, at time.Time) *checkout.Order {
	t.Helper()
	lc, err := checkout.NewLifecycle(checkout.StatusPendingPayment, at, "placed")
	require.NoError(t, err)
	m := payment.BankTransfer
	if i%3 == 0 {
		m = payment.COD
	}
	return &checkout.Order{
		ID: fmt.Sprintf("o%06d", i), Number: fmt.Sprintf("INV-%06d", i), Slug: "slug-" + strconv.Itoa(i),
		PlacedAt: at, UpdatedAt: at, Lifecycle: lc,
		Customer: checkout.Customer{Name: "Buyer " + strconv.Itoa(i), Phone: fmt.Sprintf("+62812%08d", i)},
		Payment:  checkout.Payment{Method: m, Amount: 100000},
	}
}

func createOrders(t testing.TB, s *memory.Store, os ...*checkout.Order) {
	t.Helper()
	require.NoError(t, s.Atomic(context.Background(), func(ctx context.Context, tx ports.Tx) error {
		for _, o := range os {
			if err := tx.CreateOrder(ctx, o); err != nil {
				return err
			}
		}
		return nil
	}))
}

func setStatus(t testing.TB, s *memory.Store, id string, to checkout.Status) {
	t.Helper()
	require.NoError(t, s.Atomic(context.Background(), func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.Order(ctx, id)
		if err != nil {
			return err
		}
		if err := o.Transition(to, o.PlacedAt.Add(time.Minute), "test", "AWB-"+id); err != nil {
			return err
		}
		return tx.SaveOrder(ctx, o)
	}))
}

// TestListingDoesNotWaitForAUnit: a listing and a count answer while a unit
// of work holds the store, and see only what is committed.
func TestListingDoesNotWaitForAUnit(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newStore(t)
	createOrders(t, s, listOrder(t, 1, listT0))

	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	second := listOrder(t, 2, listT0.Add(time.Minute))
	go func() {
		done <- s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.CreateOrder(ctx, second); err != nil {
				return err
			}
			o, err := tx.Order(ctx, "o000001")
			if err != nil {
				return err
			}
			if err := o.Transition(checkout.StatusCancelled, listT0.Add(time.Minute), "test", ""); err != nil {
				return err
			}
			if err := tx.SaveOrder(ctx, o); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	// The unit holds the store's lock: these would block if they took it.
	page, total, err := s.ListOrders(ctx, ports.OrderFilter{Limit: 20})
	require.NoError(t, err)
	require.Equal(t, 1, total)
	require.Len(t, page, 1)
	assert.Equal(t, checkout.StatusPendingPayment, page[0].Status(), "not the unit's uncommitted change")
	counts, err := s.CountByStatus(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 1}, counts)
	close(release)
	require.NoError(t, <-done)

	page, total, err = s.ListOrders(ctx, ports.OrderFilter{Limit: 20})
	require.NoError(t, err)
	require.Equal(t, 2, total)
	assert.Equal(t, []string{"o000002", "o000001"}, ids(page))
	assert.Equal(t, checkout.StatusCancelled, page[1].Status())
	counts, err = s.CountByStatus(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 1, checkout.StatusCancelled: 1}, counts)
}

// TestRolledBackOrdersNeverListed: a unit that fails leaves listings and
// counts as they were.
func TestRolledBackOrdersNeverListed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newStore(t)
	createOrders(t, s, listOrder(t, 1, listT0))
	err := s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		require.NoError(t, tx.CreateOrder(ctx, listOrder(t, 2, listT0)))
		o, err := tx.Order(ctx, "o000001")
		require.NoError(t, err)
		require.NoError(t, o.Transition(checkout.StatusProcessing, listT0, "paid", ""))
		require.NoError(t, tx.SaveOrder(ctx, o))
		return assert.AnError
	})
	require.ErrorIs(t, err, assert.AnError)
	page, total, err := s.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
	assert.Equal(t, []string{"o000001"}, ids(page))
	assert.Equal(t, checkout.StatusPendingPayment, page[0].Status())
	counts, err := s.CountByStatus(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 1}, counts)
}

// TestListingMatchesAFullScan places orders out of time order, moves some
// along their life cycle, and compares every listing and count with a
// sort-and-filter of all orders.
func TestListingMatchesAFullScan(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var all []*checkout.Order
	// Enough orders for several chunks, and splits where orders arrive out
	// of order.
	for i := range 2500 {
		// Mostly in time order, sometimes earlier, sometimes at the same time.
		at := listT0.Add(time.Duration(i) * time.Minute)
		if rng.IntN(5) == 0 {
			at = listT0.Add(time.Duration(rng.IntN(i+1)) * time.Minute)
		}
		o := listOrder(t, i, at)
		createOrders(t, s, o)
		all = append(all, o)
	}
	for _, o := range all {
		switch rng.IntN(4) {
		case 0:
			setStatus(t, s, o.ID, checkout.StatusCancelled)
		case 1:
			setStatus(t, s, o.ID, checkout.StatusProcessing)
			if rng.IntN(2) == 0 {
				setStatus(t, s, o.ID, checkout.StatusShipped)
			}
		}
	}
	for i, o := range all {
		got, err := s.Order(ctx, o.ID)
		require.NoError(t, err)
		all[i] = got
	}
	slices.SortFunc(all, func(a, b *checkout.Order) int {
		if c := b.PlacedAt.Compare(a.PlacedAt); c != 0 {
			return c
		}
		if c := compare(b.Number, a.Number); c != 0 {
			return c
		}
		return compare(b.ID, a.ID)
	})
	filters := []ports.OrderFilter{
		{},
		{Limit: 20},
		{Offset: 40, Limit: 20},
		{Offset: 1020, Limit: 20},
		{Offset: 2495, Limit: 20},
		{Offset: 2600, Limit: 20},
		{Statuses: []checkout.Status{checkout.StatusCancelled}, Limit: 20},
		{Statuses: []checkout.Status{checkout.StatusShipped, checkout.StatusProcessing}, Offset: 10, Limit: 7},
		{Statuses: []checkout.Status{checkout.StatusDelivered}, Limit: 20},
		{From: listT0.Add(50 * time.Minute), To: listT0.Add(120 * time.Minute), Limit: 20},
		{From: listT0.Add(1000 * time.Minute), To: listT0.Add(2100 * time.Minute), Offset: 30, Limit: 20},
		{From: listT0.Add(50 * time.Minute), Statuses: []checkout.Status{checkout.StatusPendingPayment}, Offset: 3, Limit: 5},
		{To: listT0.Add(10 * time.Minute)},
		{Method: payment.COD, Limit: 20},
		{Query: "Buyer 1", Limit: 20},
	}
	for _, f := range filters {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			want := []string{}
			counts := map[checkout.Status]int{}
			for _, o := range all {
				if matches(f, o) {
					want = append(want, o.ID)
					counts[o.Status()]++
				}
			}
			total := len(want)
			want = want[min(f.Offset, len(want)):]
			if f.Limit > 0 && len(want) > f.Limit {
				want = want[:f.Limit]
			}
			page, n, err := s.ListOrders(ctx, f)
			require.NoError(t, err)
			assert.Equal(t, total, n, "total")
			assert.Equal(t, want, ids(page))
			got, err := s.CountByStatus(ctx, f)
			require.NoError(t, err)
			assert.Equal(t, counts, got)
		})
	}
}

// matches is the filter as docs/orders.md states it, for the fields the
// full-scan test uses.
func matches(f ports.OrderFilter, o *checkout.Order) bool {
	switch {
	case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, o.Status()):
		return false
	case !f.From.IsZero() && o.PlacedAt.Before(f.From):
		return false
	case !f.To.IsZero() && !o.PlacedAt.Before(f.To):
		return false
	case f.Method != "" && o.Payment.Method != f.Method:
		return false
	case f.Query != "" && !containsFold(o.Customer.Name, f.Query):
		return false
	}
	return true
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if eqFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func eqFold(a, b string) bool {
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func ids(os []*checkout.Order) []string {
	out := []string{}
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

// BenchmarkListOrders lists the newest page of 20, the second page of one
// status, and counts per status, at 1k, 10k and 100k stored orders: each
// should cost about the same at every size. It also searches for one
// order's number, which reads every order.
// go test -run x -bench ListOrders -benchmem ./adapters/memory
func BenchmarkListOrders(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		s := newStore(b)
		batch := make([]*checkout.Order, 0, 1000)
		for i := range n {
			batch = append(batch, listOrder(b, i, listT0.Add(time.Duration(i)*time.Second)))
			if len(batch) == cap(batch) {
				createOrders(b, s, batch...)
				batch = batch[:0]
			}
		}
		createOrders(b, s, batch...)
		for i := 0; i < n; i += 4 {
			setStatus(b, s, fmt.Sprintf("o%06d", i), checkout.StatusCancelled)
		}
		ctx := context.Background()
		b.Run(fmt.Sprintf("page_of_20/orders=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if page, _, err := s.ListOrders(ctx, ports.OrderFilter{Limit: 20}); err != nil || len(page) != 20 {
					b.Fatal(err, len(page))
				}
			}
		})
		b.Run(fmt.Sprintf("status_page_2/orders=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			f := ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusCancelled}, Offset: 20, Limit: 20}
			for b.Loop() {
				if page, _, err := s.ListOrders(ctx, f); err != nil || len(page) != 20 {
					b.Fatal(err, len(page))
				}
			}
		})
		b.Run(fmt.Sprintf("search_one/orders=%d", n), func(b *testing.B) {
			b.ReportAllocs() // a search reads every order: it grows with them
			f := ports.OrderFilter{Query: "inv-000007", Limit: 20}
			for b.Loop() {
				if page, _, err := s.ListOrders(ctx, f); err != nil || len(page) != 1 {
					b.Fatal(err, len(page))
				}
			}
		})
		b.Run(fmt.Sprintf("summary/orders=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.CountByStatus(ctx, ports.OrderFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestIndexedLookups: held amounts looked up by range, per-customer voucher
// usage kept as counters (through redemptions, releases and a rollback),
// abandoned checkouts found by phone.
func TestIndexedLookups(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newStore(t, memory.WithVouchers(voucher("HEMAT", 0)))
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		for a := money.Money(100_000); a < 100_200; a += 3 {
			require.NoError(t, tx.HoldAmount(ctx, a, "order-"+a.String()))
		}
		for i := range 5 {
			require.NoError(t, tx.RedeemVoucher(ctx, ports.Redemption{Code: "HEMAT", OrderID: "r" + strconv.Itoa(i), Customer: "+62811" + strconv.Itoa(i%2)}))
		}
		return tx.ReleaseVoucher(ctx, "hemat", "r2")
	}))
	require.ErrorIs(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		require.NoError(t, tx.RedeemVoucher(ctx, ports.Redemption{Code: "HEMAT", OrderID: "r9", Customer: "+628110"}))
		require.NoError(t, tx.ReleaseVoucher(ctx, "HEMAT", "r1"))
		return assert.AnError
	}), assert.AnError)
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		held, err := tx.HeldAmounts(ctx, 100_010, 100_020)
		require.NoError(t, err)
		assert.Equal(t, []money.Money{100_012, 100_015, 100_018}, held)
		held, err = tx.HeldAmounts(ctx, 99_000, 101_000)
		require.NoError(t, err)
		assert.Len(t, held, 67)
		assert.True(t, slices.IsSorted(held))
		return nil
	}))
	u, err := s.VoucherUsage(ctx, "hemat", "+628110")
	require.NoError(t, err)
	assert.Equal(t, pricing.Usage{Total: 4, ByCustomer: 2}, u, "r0 and r4; r2 released")
	u, err = s.VoucherUsage(ctx, "HEMAT", "+628111")
	require.NoError(t, err)
	assert.Equal(t, pricing.Usage{Total: 4, ByCustomer: 2}, u, "r1 and r3; the rollback kept r1")

	for i, phone := range []string{"+628111", "+628112", "+628111"} {
		require.NoError(t, s.CreateAbandoned(ctx, &checkout.Abandoned{ID: "a" + strconv.Itoa(i), Phone: phone, Status: checkout.AbandonedOpen, CreatedAt: listT0.Add(time.Duration(i) * time.Minute)}))
	}
	require.NoError(t, s.UpdateAbandoned(ctx, "a1", func(a *checkout.Abandoned) error { a.Phone = "+628111"; return nil }))
	n, err := s.ConvertAbandoned(ctx, "+628111", "o1", listT0)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "a1's new phone counts")
	n, err = s.ConvertAbandoned(ctx, "+628112", "o1", listT0)
	require.NoError(t, err)
	assert.Zero(t, n, "a1 left its old phone")
	list, total, err := s.ListAbandoned(ctx, ports.AbandonedFilter{Phone: "+628111", Status: checkout.AbandonedConverted})
	require.NoError(t, err)
	assert.Equal(t, 3, total)
	assert.Equal(t, "a2", list[0].ID)
}
