package portstest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

var orderTests = []test{
	{"create_and_read", func(t *testing.T, f *fx) {
		want := newOrder(t, "o1", checkout.StatusPendingPayment)
		f.create(t, newOrder(t, "o1", checkout.StatusPendingPayment))
		assertOrder(t, want, f.order(t, "o1"))
		got, err := f.store.OrderBySlug(f.ctx, "slug-o1")
		require.NoError(t, err)
		assertOrder(t, want, got)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			got, err := tx.Order(ctx, "o1")
			require.NoError(t, err)
			assertOrder(t, want, got)
			return nil
		})
	}},
	{"duplicate_id_number_or_slug", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusPendingPayment))
		for _, tc := range []struct {
			name  string
			order *checkout.Order
		}{
			{"id", newOrder(t, "o1", checkout.StatusPendingPayment, number("INV-other"), func(o *checkout.Order) { o.Slug = "slug-other" })},
			{"number", newOrder(t, "o2", checkout.StatusPendingPayment, number("INV-o1"))},
			{"slug", newOrder(t, "o3", checkout.StatusPendingPayment, func(o *checkout.Order) { o.Slug = "slug-o1" })},
		} {
			err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, tc.order) })
			require.ErrorIs(t, err, ports.ErrDuplicate, tc.name)
			assert.ErrorIs(t, err, errs.Conflict, tc.name)
		}
		assertOrder(t, newOrder(t, "o1", checkout.StatusPendingPayment), f.order(t, "o1"))
		ids, total := f.list(t, ports.OrderFilter{})
		assert.Equal(t, []string{"o1"}, ids)
		assert.Equal(t, 1, total)
	}},
	{"not_found", func(t *testing.T, f *fx) {
		_, err := f.store.Order(f.ctx, "nope")
		require.ErrorIs(t, err, ports.ErrOrderNotFound)
		assert.ErrorIs(t, err, errs.NotFound)
		_, err = f.store.OrderBySlug(f.ctx, "nope")
		require.ErrorIs(t, err, ports.ErrOrderNotFound)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.Order(ctx, "nope")
			require.ErrorIs(t, err, ports.ErrOrderNotFound)
			err = tx.SaveOrder(ctx, newOrder(t, "nope", checkout.StatusPendingPayment))
			require.ErrorIs(t, err, ports.ErrOrderNotFound)
			return nil
		})
		_, err = f.store.Order(f.ctx, "nope")
		require.ErrorIs(t, err, ports.ErrOrderNotFound, "SaveOrder must not create")
	}},
	{"save_replaces", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusProcessing))
		want := newOrder(t, "o1", checkout.StatusProcessing)
		require.NoError(t, want.Transition(checkout.StatusShipped, t0.Add(2*time.Minute), "test", "JNE0099"))
		want.Customer.Name = "Budi S."
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			o, err := tx.Order(ctx, "o1")
			require.NoError(t, err)
			require.NoError(t, o.Transition(checkout.StatusShipped, t0.Add(2*time.Minute), "test", "JNE0099"))
			o.Customer.Name = "Budi S."
			return tx.SaveOrder(ctx, o)
		})
		got := f.order(t, "o1")
		assertOrder(t, want, got)
		ids, total := f.list(t, ports.OrderFilter{Query: "jne0099"})
		assert.Equal(t, []string{"o1"}, ids)
		assert.Equal(t, 1, total)
	}},
	{"orders_are_copies", func(t *testing.T, f *fx) {
		in := newOrder(t, "o1", checkout.StatusPendingPayment)
		f.create(t, in)
		in.Customer.Name = "Changed"
		in.Items[0].Options[0] = "Changed"
		in.Items[0].StockNeeds[0].Quantity = 99
		in.Shipment.Price = 1
		in.Payment.BankAccounts[0].AccountNumber = "0"
		require.NoError(t, in.Transition(checkout.StatusCancelled, t0.Add(time.Hour), "", ""))

		out := f.order(t, "o1")
		out.Customer.Name = "Changed"
		out.Items[0].Options[0] = "Changed"
		out.Shipment.Price = 1
		require.NoError(t, out.Transition(checkout.StatusCancelled, t0.Add(time.Hour), "", ""))
		list, _, err := f.store.ListOrders(f.ctx, ports.OrderFilter{})
		require.NoError(t, err)
		require.Len(t, list, 1)
		list[0].Items[0].Options[1] = "Changed"

		saved := f.order(t, "o1")
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.SaveOrder(ctx, saved) })
		saved.Items[0].Options[0] = "Changed"

		assertOrder(t, newOrder(t, "o1", checkout.StatusPendingPayment), f.order(t, "o1"))
	}},
	{"list_filters", func(t *testing.T, f *fx) {
		f.createListFixture(t)
		for _, tc := range []struct {
			name   string
			filter ports.OrderFilter
			want   []string
		}{
			{"all_newest_first", ports.OrderFilter{}, []string{"o5", "o4", "o6", "o3", "o2", "o1"}},
			{"status", ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusPendingPayment}}, []string{"o5", "o1"}},
			{"statuses", ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusShipped, checkout.StatusDelivered}}, []string{"o6", "o3"}},
			{"from_inclusive_to_exclusive", ports.OrderFilter{From: t0.Add(time.Hour), To: t0.Add(24 * time.Hour)}, []string{"o6", "o3", "o2"}},
			{"from_only", ports.OrderFilter{From: t0.Add(24 * time.Hour)}, []string{"o5", "o4"}},
			{"method", ports.OrderFilter{Method: payment.COD}, []string{"o6", "o3", "o2"}},
			{"name_ignores_case", ports.OrderFilter{Query: "BUDI"}, []string{"o4", "o1"}},
			{"phone_local_form", ports.OrderFilter{Query: "0812345"}, []string{"o1"}},
			{"phone_international_form", ports.OrderFilter{Query: "+62 857-1111"}, []string{"o2"}},
			{"phone_digits", ports.OrderFilter{Query: "98765"}, []string{"o3"}},
			{"order_number", ports.OrderFilter{Query: "inv20261124"}, []string{"o5", "o4"}},
			{"airway_bill", ports.OrderFilter{Query: "jne1234"}, []string{"o3"}},
			{"no_match", ports.OrderFilter{Query: "zzz"}, []string{}},
			{"payment_expires_before", ports.OrderFilter{PaymentExpiresBefore: t0.Add(26 * time.Hour)}, []string{"o4", "o1"}},
			{"combined", ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusPendingPayment}, Method: payment.Gateway}, []string{"o5"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ids, total := f.list(t, tc.filter)
				assert.Equal(t, tc.want, ids)
				assert.Equal(t, len(tc.want), total)
				counts, err := f.store.CountByStatus(f.ctx, tc.filter)
				require.NoError(t, err)
				n := 0
				for _, c := range counts {
					n += c
				}
				assert.Equal(t, len(tc.want), n, "CountByStatus counts what ListOrders lists")
			})
		}
	}},
	{"list_pages", func(t *testing.T, f *fx) {
		f.createListFixture(t)
		for _, tc := range []struct {
			name          string
			offset, limit int
			want          []string
		}{
			{"first_page", 0, 2, []string{"o5", "o4"}},
			{"middle_page", 2, 2, []string{"o6", "o3"}},
			{"last_page_short", 4, 4, []string{"o2", "o1"}},
			{"past_the_end", 10, 2, []string{}},
			{"no_limit", 1, 0, []string{"o4", "o6", "o3", "o2", "o1"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ids, total := f.list(t, ports.OrderFilter{Offset: tc.offset, Limit: tc.limit})
				assert.Equal(t, tc.want, ids)
				assert.Equal(t, 6, total, "the total counts every match before paging")
			})
		}
		ids, total := f.list(t, ports.OrderFilter{Method: payment.COD, Offset: 1, Limit: 1})
		assert.Equal(t, []string{"o3"}, ids)
		assert.Equal(t, 3, total)
	}},
	{"count_by_status", func(t *testing.T, f *fx) {
		f.createListFixture(t)
		for _, tc := range []struct {
			name   string
			filter ports.OrderFilter
			want   map[checkout.Status]int
		}{
			{"all", ports.OrderFilter{}, map[checkout.Status]int{
				checkout.StatusPendingPayment: 2, checkout.StatusProcessing: 1, checkout.StatusShipped: 1,
				checkout.StatusDelivered: 1, checkout.StatusCancelled: 1,
			}},
			{"paging_ignored", ports.OrderFilter{Method: payment.COD, Offset: 2, Limit: 1}, map[checkout.Status]int{
				checkout.StatusProcessing: 1, checkout.StatusShipped: 1, checkout.StatusDelivered: 1,
			}},
			{"query", ports.OrderFilter{Query: "budi"}, map[checkout.Status]int{
				checkout.StatusPendingPayment: 1, checkout.StatusCancelled: 1,
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := f.store.CountByStatus(f.ctx, tc.filter)
				require.NoError(t, err)
				for _, s := range checkout.Statuses() {
					assert.Equal(t, tc.want[s], got[s], "%s", s)
				}
			})
		}
	}},
}

// createListFixture stores six orders, newest first o5, o4, o6, o3, o2, o1
// (o6 and o3 are placed at the same time; o6 has the greater number).
func (f *fx) createListFixture(t *testing.T) {
	t.Helper()
	day := 24 * time.Hour
	f.create(t,
		newOrder(t, "o1", checkout.StatusPendingPayment, number("INV20261123-0001"),
			method(payment.BankTransfer, t0.Add(day))),
		newOrder(t, "o2", checkout.StatusProcessing, number("INV20261123-0002"), placedAt(t0.Add(time.Hour)),
			customer("Siti Aminah", phoneSiti), method(payment.COD, time.Time{})),
		newOrder(t, "o3", checkout.StatusShipped, number("INV20261123-0003"), placedAt(t0.Add(2*time.Hour)),
			customer("Andi Wijaya", phoneAndi), method(payment.COD, time.Time{}), airwayBill("JNE1234567890")),
		newOrder(t, "o4", checkout.StatusCancelled, number("INV20261124-0001"), placedAt(t0.Add(day)),
			customer("budi hartono", "+6287700001111"), method(payment.Gateway, t0.Add(day+time.Hour))),
		newOrder(t, "o5", checkout.StatusPendingPayment, number("INV20261124-0002"), placedAt(t0.Add(day+2*time.Hour)),
			customer("Rina", "+6281200003333"), method(payment.Gateway, t0.Add(day+3*time.Hour))),
		newOrder(t, "o6", checkout.StatusDelivered, number("INV20261123-0004"), placedAt(t0.Add(2*time.Hour)),
			customer("Dewi", "+6281311110000"), method(payment.COD, time.Time{})),
	)
}
