package kasir_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

func TestTooManyLinesChangesNothing(t *testing.T) {
	for _, tt := range []struct {
		name          string
		limit         int
		lines, bundle int
		refused       bool
	}{
		{"default_limit_holds", 0, 100, 0, false},
		{"default_limit_exceeded", 0, 101, 0, true},
		{"bundles_count_too", 3, 2, 2, true},
		{"store_limit_holds", 3, 2, 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(s *kasir.Settings) { s.Limits.MaxLines = tt.limit })
			r := withMethod(order(), payment.BankTransfer)
			r.Lines = nil
			for range tt.lines {
				r.Lines = append(r.Lines, catalog.LineRequest{SKU: "EBOOK-01", Quantity: 1})
			}
			for range tt.bundle {
				r.Bundles = append(r.Bundles, catalog.LineRequest{PriceOptionID: "po-2kaos", Quantity: 1})
			}
			before := f.state(t)
			qr := r.QuoteRequest
			qr.LocationID = r.Address.LocationID
			_, qerr := f.svc.Quote(ctx, qr)
			_, aerr := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "Siti", Phone: "081234567890", Lines: append(r.Lines, r.Bundles...)})
			_, err := f.svc.PlaceOrder(ctx, r)
			if !tt.refused {
				for _, e := range []error{qerr, aerr, err} {
					require.NoError(t, e)
				}
				return
			}
			for _, e := range []error{qerr, aerr, err} {
				require.Error(t, e)
				assert.Equal(t, checkout.CodeTooManyLines, errs.Code(e))
				assert.Equal(t, "lines", errs.Field(e))
				assert.ErrorIs(t, e, errs.Invalid)
			}
			assert.Equal(t, before, f.state(t))
			page, err := f.svc.ListAbandoned(ctx, ports.AbandonedFilter{})
			require.NoError(t, err)
			assert.Zero(t, page.Total)
		})
	}
}

func TestTextBoundsChangeNothing(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // two bytes a character
	cases := []struct {
		name  string
		bad   func(*kasir.OrderRequest)
		code  string
		field string
	}{
		{"name_too_long", func(r *kasir.OrderRequest) { r.Customer.Name = long(101) }, checkout.CodeTooLong, "customer.name"},
		{"name_nul", func(r *kasir.OrderRequest) { r.Customer.Name = "Siti\x00" }, checkout.CodeInvalidText, "customer.name"},
		{"name_bidi_override", func(r *kasir.OrderRequest) { r.Customer.Name = "Siti \u202egnp.exe" }, checkout.CodeInvalidText, "customer.name"},
		{"name_bidi_isolate", func(r *kasir.OrderRequest) { r.Customer.Name = "Siti \u2067x" }, checkout.CodeInvalidText, "customer.name"},
		{"name_not_utf8", func(r *kasir.OrderRequest) { r.Customer.Name = "Siti \xff" }, checkout.CodeInvalidText, "customer.name"},
		{"name_newline", func(r *kasir.OrderRequest) { r.Customer.Name = "Siti\nAminah" }, checkout.CodeInvalidText, "customer.name"},
		{"address_too_long", func(r *kasir.OrderRequest) { r.Address.Line = long(301) }, checkout.CodeTooLong, "address.line"},
		{"address_escape", func(r *kasir.OrderRequest) { r.Address.Line = "Jl. \x1b[31mMelawai" }, checkout.CodeInvalidText, "address.line"},
		{"notes_too_long", func(r *kasir.OrderRequest) { r.Notes = long(501) }, checkout.CodeTooLong, "notes"},
		{"notes_del", func(r *kasir.OrderRequest) { r.Notes = "pagi\x7f" }, checkout.CodeInvalidText, "notes"},
		{"sku_too_long", func(r *kasir.OrderRequest) { r.Lines[0].SKU = strings.Repeat("B", 65) }, checkout.CodeTooLong, "lines[0].sku"},
		{"options_nul", func(r *kasir.OrderRequest) { r.Lines[0].Options = "merah\x00" }, checkout.CodeInvalidText, "lines[0].options"},
		{"location_too_long", func(r *kasir.OrderRequest) { r.Address.LocationID = strings.Repeat("j", 65) }, checkout.CodeTooLong, "address.location_id"},
		{"voucher_too_long", func(r *kasir.OrderRequest) { r.ProductVoucher = strings.Repeat("H", 65) }, checkout.CodeTooLong, "product_voucher"},
		{"courier_nul", func(r *kasir.OrderRequest) { r.Courier = "jne\x00" }, checkout.CodeInvalidText, "courier"},
		{"email_too_long", func(r *kasir.OrderRequest) { r.Customer.Email = strings.Repeat("s", 250) + "@x.id" }, checkout.CodeTooLong, "customer.email"},
		{"key_too_long", func(r *kasir.OrderRequest) { r.IdempotencyKey = strings.Repeat("k", 201) }, checkout.CodeTooLong, "idempotency_key"},
		{"megabyte_name", func(r *kasir.OrderRequest) { r.Customer.Name = strings.Repeat("a", 1<<20) }, checkout.CodeTooLong, "customer.name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
			require.NoError(t, err)
			before := f.state(t)
			r := order()
			c.bad(&r)
			_, err = f.svc.PlaceOrder(ctx, r)
			require.Error(t, err)
			assert.Equal(t, c.code, errs.Code(err), "%v", err)
			assert.Equal(t, c.field, errs.Field(err))
			assert.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, before, f.state(t))
			if !strings.HasPrefix(c.field, "address") && c.field != "notes" && c.field != "idempotency_key" {
				_, err = f.svc.Quote(ctx, r.QuoteRequest)
				assert.Equal(t, c.code, errs.Code(err), "Quote: %v", err)
			}
		})
	}
	t.Run("limits_count_characters_not_bytes", func(t *testing.T) {
		f := newFixture(t)
		r := order()
		r.Customer.Name, r.Address.Line, r.Notes = long(100), long(300), long(250)+"\n"+long(249)
		o, err := f.svc.PlaceOrder(ctx, r)
		require.NoError(t, err)
		assert.Equal(t, long(100), o.Customer.Name)
	})
}

func TestTextBoundsOfOtherUseCases(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	a, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "Siti", Phone: "081234567890"})
	require.NoError(t, err)
	before := f.state(t)
	tooLong := strings.Repeat("x", 501)
	cases := []struct {
		name  string
		call  func() error
		code  string
		field string
	}{
		{"capture_name", func() error {
			_, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: strings.Repeat("a", 1<<20), Phone: "081299990000"})
			return err
		}, checkout.CodeTooLong, "name"},
		{"capture_notes", func() error {
			_, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "Budi", Phone: "081299990000", Notes: tooLong})
			return err
		}, checkout.CodeTooLong, "notes"},
		{"capture_line_sku", func() error {
			_, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: "Budi", Phone: "081299990000", Lines: []catalog.LineRequest{{SKU: "A\x00"}}})
			return err
		}, checkout.CodeInvalidText, "lines[0].sku"},
		{"follow_up_note", func() error {
			_, err := f.svc.AddFollowUp(ctx, a.ID, kasir.FollowUpRequest{Channel: "sms", Note: tooLong})
			return err
		}, checkout.CodeTooLong, "note"},
		{"follow_up_by", func() error {
			_, err := f.svc.AddFollowUp(ctx, a.ID, kasir.FollowUpRequest{Channel: "sms", By: "admin\u202e"})
			return err
		}, checkout.CodeInvalidText, "by"},
		{"transition_reason", func() error {
			_, err := f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: tooLong})
			return err
		}, checkout.CodeTooLong, "reason"},
		{"change_reason", func() error {
			_, err := f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{Reason: tooLong})
			return err
		}, checkout.CodeTooLong, "reason"},
		{"change_address", func() error {
			_, err := f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{Address: &kasir.AddressInput{Line: "Jl.\x00", LocationID: "jkt-kebayoran-baru"}})
			return err
		}, checkout.CodeInvalidText, "address.line"},
		{"confirm_reference", func() error {
			_, err := f.svc.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{Reference: strings.Repeat("r", 65)})
			return err
		}, checkout.CodeTooLong, "reference"},
		{"order_search", func() error {
			_, err := f.svc.ListOrders(ctx, ports.OrderFilter{Query: strings.Repeat("q", 101)})
			return err
		}, checkout.CodeTooLong, "q"},
		{"location_search", func() error {
			_, err := f.svc.SearchLocations(ctx, strings.Repeat("q", 101), 5)
			return err
		}, checkout.CodeTooLong, "search"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			require.Error(t, err)
			assert.Equal(t, c.code, errs.Code(err), "%v", err)
			assert.Equal(t, c.field, errs.Field(err))
		})
	}
	assert.Equal(t, before, f.state(t))
	got, err := f.svc.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.Version, got.Version, "no refused change was stored")
	page, err := f.svc.ListAbandoned(ctx, ports.AbandonedFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.Empty(t, page.Checkouts[0].FollowUps)
}
