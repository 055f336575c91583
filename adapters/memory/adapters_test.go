package memory_test

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

func TestCatalog(t *testing.T) {
	t.Parallel()
	src := memory.NewCatalog(nil)
	_, err := src.Catalog(t.Context())
	require.ErrorIs(t, err, errs.Unavailable)

	c, err := catalog.New([]catalog.ProductSpec{{
		ID: "kaos", Name: "Kaos", SKU: "KAOS", Status: catalog.Published, Price: 50000, Stock: 4, WeightGrams: 200,
	}}, nil)
	require.NoError(t, err)
	src.Set(c)
	got, err := src.Catalog(t.Context())
	require.NoError(t, err)
	assert.Same(t, c, got)
}

var (
	kebayoran = shipping.Location{ID: "31.74.06", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12160"}, COD: true}
	coblong   = shipping.Location{ID: "32.73.20", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}}
	gubeng    = shipping.Location{ID: "35.78.09", Province: "Jawa Timur", City: "Surabaya", District: "Gubeng", PostalCodes: []string{"60281"}}
)

func TestLocations(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	ws := []shipping.Warehouse{{ID: "jkt", Name: "Gudang Jakarta", LocationID: kebayoran.ID, Default: true}, {ID: "bdg", Name: "Gudang Bandung", LocationID: coblong.ID}}
	l, err := memory.NewLocations([]shipping.Location{kebayoran, coblong, gubeng}, ws, nil)
	require.NoError(t, err)

	got, err := l.Location(ctx, coblong.ID)
	require.NoError(t, err)
	assert.Equal(t, coblong, got)
	got.PostalCodes[0] = "00000"
	got, err = l.Location(ctx, coblong.ID)
	require.NoError(t, err)
	assert.Equal(t, "40132", got.PostalCodes[0], "locations are copies")

	_, err = l.Location(ctx, "nope")
	require.ErrorIs(t, err, ports.ErrLocationNotFound)
	assert.Equal(t, "location_id", errs.Field(err))

	for _, tc := range []struct {
		query string
		limit int
		want  []string
	}{
		{"jawa", 0, []string{coblong.ID, gubeng.ID}},
		{"JAWA", 1, []string{coblong.ID}},
		{"kebayoran", 5, []string{kebayoran.ID}},
		{"bandung", 0, []string{coblong.ID}},
		{"6028", 0, []string{gubeng.ID}},
		{"", 2, []string{kebayoran.ID, coblong.ID}},
		{"medan", 0, nil},
	} {
		found, err := l.SearchLocations(ctx, tc.query, tc.limit)
		require.NoError(t, err)
		var ids []string
		for _, f := range found {
			ids = append(ids, f.ID)
		}
		assert.Equal(t, tc.want, ids, "%q limit %d", tc.query, tc.limit)
	}

	gotWs, err := l.Warehouses(ctx)
	require.NoError(t, err)
	assert.Equal(t, ws, gotWs)
	_, tracked, err := l.WarehouseStock(ctx, "jkt", []string{"KAOS"})
	require.NoError(t, err)
	assert.False(t, tracked)
	_, _, err = l.WarehouseStock(ctx, "nope", nil)
	require.ErrorIs(t, err, ports.ErrNotFound)
}

func TestLocationsWithWarehouseStock(t *testing.T) {
	t.Parallel()
	ws := []shipping.Warehouse{{ID: "jkt", LocationID: kebayoran.ID}, {ID: "bdg", LocationID: coblong.ID}}
	l, err := memory.NewLocations([]shipping.Location{kebayoran, coblong}, ws, map[string]map[string]int64{"jkt": {"KAOS": 4}})
	require.NoError(t, err)
	levels, tracked, err := l.WarehouseStock(t.Context(), "jkt", []string{"KAOS", "TOPI"})
	require.NoError(t, err)
	assert.True(t, tracked)
	assert.Equal(t, map[string]int64{"KAOS": 4, "TOPI": 0}, levels)
	levels, tracked, err = l.WarehouseStock(t.Context(), "bdg", []string{"KAOS"})
	require.NoError(t, err)
	assert.True(t, tracked)
	assert.Equal(t, map[string]int64{"KAOS": 0}, levels)
}

func TestNewLocationsRefusesBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		locs  []shipping.Location
		ws    []shipping.Warehouse
		stock map[string]map[string]int64
		field string
	}{
		{"bad_postal_code", []shipping.Location{{ID: "x", PostalCodes: []string{"123"}}}, nil, nil, "locations[0].postal_codes[0]"},
		{"duplicate_location", []shipping.Location{kebayoran, kebayoran}, nil, nil, "locations[1].id"},
		{"warehouse_without_id", []shipping.Location{kebayoran}, []shipping.Warehouse{{LocationID: kebayoran.ID}}, nil, "warehouses[0].id"},
		{"duplicate_warehouse", []shipping.Location{kebayoran}, []shipping.Warehouse{{ID: "a", LocationID: kebayoran.ID}, {ID: "a", LocationID: kebayoran.ID}}, nil, "warehouses[1].id"},
		{"warehouse_in_unknown_location", []shipping.Location{kebayoran}, []shipping.Warehouse{{ID: "a", LocationID: "nope"}}, nil, "warehouses[0].location_id"},
		{"stock_of_unknown_warehouse", []shipping.Location{kebayoran}, nil, map[string]map[string]int64{"a": {}}, `stock["a"]`},
		{"negative_stock", []shipping.Location{kebayoran}, []shipping.Warehouse{{ID: "a", LocationID: kebayoran.ID}}, map[string]map[string]int64{"a": {"K": -1}}, `stock["a"]["K"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := memory.NewLocations(tc.locs, tc.ws, tc.stock)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tc.field, errs.Field(err))
		})
	}
}

func TestClocks(t *testing.T) {
	t.Parallel()
	before := time.Now()
	now := memory.SystemClock{}.Now(t.Context())
	assert.False(t, now.Before(before))

	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := memory.NewManualClock(t0)
	assert.Equal(t, t0, c.Now(t.Context()))
	assert.Equal(t, t0.Add(time.Hour), c.Advance(time.Hour))
	assert.Equal(t, t0.Add(time.Hour), c.Now(t.Context()))
	c.Set(t0)
	assert.Equal(t, t0, c.Now(t.Context()))
}

func TestIDs(t *testing.T) {
	t.Parallel()
	ids := memory.IDs{}
	seen := map[string]bool{}
	for range 100 {
		id, err := ids.NewID(t.Context())
		require.NoError(t, err)
		u, err := uuid.Parse(id)
		require.NoError(t, err)
		assert.Equal(t, uuid.Version(4), u.Version())
		assert.Equal(t, u.String(), id)

		slug, err := ids.NewSlug(t.Context())
		require.NoError(t, err)
		raw, err := base64.RawURLEncoding.DecodeString(slug)
		require.NoError(t, err, slug)
		assert.Len(t, raw, 16)
		assert.False(t, seen[id] || seen[slug], "repeated %s or %s", id, slug)
		seen[id], seen[slug] = true, true
	}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	var r memory.Events
	e := ports.Event{Type: ports.EventOrderPlaced, OrderID: "o1"}
	require.NoError(t, r.Publish(t.Context(), e))
	got := r.Published()
	assert.Equal(t, []ports.Event{e}, got)
	got[0].OrderID = "changed"
	assert.Equal(t, "o1", r.Published()[0].OrderID)

	boom := errors.New("boom")
	r.Fail(boom)
	require.ErrorIs(t, r.Publish(t.Context(), ports.Event{OrderID: "o2"}), boom)
	r.Fail(nil)
	assert.Len(t, r.Published(), 1)
	r.Reset()
	assert.Empty(t, memory.NewEvents().Published())
	assert.Empty(t, r.Published())
}

func TestWhatsApp(t *testing.T) {
	t.Parallel()
	w := memory.NewWhatsApp("6281234567890")
	w.Register("+6285711112222")
	for msisdn, want := range map[string]bool{"6281234567890": true, "6285711112222": true, "6289900000000": false} {
		got, err := w.Registered(t.Context(), msisdn)
		require.NoError(t, err)
		assert.Equal(t, want, got, msisdn)
	}
	w.Unregister("6281234567890")
	got, err := w.Registered(t.Context(), "6281234567890")
	require.NoError(t, err)
	assert.False(t, got)

	w.Fail(ports.ErrProviderUnavailable)
	_, err = w.Registered(t.Context(), "6285711112222")
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.Equal(t, 5, w.Calls())
}

func TestGatewayCreatePayment(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	g := memory.NewGateway("s3cret", memory.NewManualClock(t0))
	req := payment.GatewayRequest{
		OrderID: "order/1", OrderNumber: "INV20261123-0001", Amount: 150000, ExpiryMinutes: 60,
		Items: []payment.GatewayItem{{ID: "KAOS", Name: "Kaos", Price: 150000, Quantity: 1}},
	}
	link, err := g.CreatePayment(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, "https://gateway.kasir.test/pay/order%2F1", link.URL)
	assert.Equal(t, g.LinkURL("order/1"), link.URL)
	assert.Equal(t, "token-order/1", link.Token)
	assert.Equal(t, t0.Add(time.Hour), link.ExpiresAt)

	_, err = g.CreatePayment(t.Context(), payment.GatewayRequest{OrderID: "o2"})
	require.ErrorIs(t, err, errs.Invalid)
	g.Fail(ports.ErrProviderUnavailable)
	_, err = g.CreatePayment(t.Context(), req)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)

	reqs := g.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, req, reqs[0])
	reqs[0].Items[0].Name = "changed"
	assert.Equal(t, "Kaos", g.Requests()[0].Items[0].Name)

	noClock, err := memory.NewGateway("s", nil).CreatePayment(t.Context(), req)
	require.NoError(t, err)
	assert.True(t, noClock.ExpiresAt.IsZero())
}

func TestGatewayVerifyNotification(t *testing.T) {
	t.Parallel()
	g := memory.NewGateway("s3cret", nil)
	n := ports.GatewayNotification{OrderID: "o1", Status: payment.GatewayPaid, Amount: 150000, TransactionID: "tx-9", PaymentType: "qris"}
	got, err := g.VerifyNotification(t.Context(), g.Notification(n))
	require.NoError(t, err)
	assert.Equal(t, n, got)

	got, err = g.VerifyNotification(t.Context(), []byte(`{"order_id":"o2","status":"expired","amount":1000,"transaction_id":"t","signature":"s3cret"}`))
	require.NoError(t, err)
	assert.Equal(t, ports.GatewayNotification{OrderID: "o2", Status: payment.GatewayExpired, Amount: 1000, TransactionID: "t"}, got)

	for name, body := range map[string]string{
		"wrong_signature": `{"order_id":"o1","status":"paid","amount":1000,"signature":"guess"}`,
		"no_signature":    `{"order_id":"o1","status":"paid","amount":1000}`,
		"not_json":        `order_id=o1`,
	} {
		_, err := g.VerifyNotification(t.Context(), []byte(body))
		require.ErrorIs(t, err, ports.ErrInvalidSignature, name)
		assert.ErrorIs(t, err, errs.Unauthorized, name)
	}
	_, err = g.VerifyNotification(t.Context(), []byte(`{"order_id":"o1","status":"settled","signature":"s3cret"}`))
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "status", errs.Field(err))

	_, err = memory.NewGateway("", nil).VerifyNotification(t.Context(), []byte(`{"order_id":"o1","status":"paid","signature":""}`))
	require.ErrorIs(t, err, ports.ErrInvalidSignature, "a gateway without a secret accepts nothing")
}
