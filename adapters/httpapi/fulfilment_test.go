package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// newShipFixture is the fixture with the simulated courier plugged in as
// the store's courier and its webhook; the parcels of the named airway
// bills come back.
func newShipFixture(t testing.TB, returns ...string) (*fixture, *simcourier.Courier) {
	t.Helper()
	f := newFixture(t)
	sim, err := simcourier.New(simcourier.Config{Clock: f.clock, Return: returns})
	require.NoError(t, err)
	deps := f.fx.Deps
	deps.Shipments = sim
	deps.CourierPushes = map[string]ports.TrackingPushes{"simcourier": sim}
	settings := f.fx.Settings
	settings.Fulfilment = kasir.Fulfilment{SenderName: "Toko Resep", SenderPhone: "+6281100000001", SenderAddress: "Jl. Dago 1"}
	f.svc, err = kasir.New(deps, kasir.WithSettings(settings), kasir.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	require.NoError(t, err)
	f.h = httpapi.New(f.svc, httpapi.Config{AdminToken: adminToken, Keys: f.keys,
		Logger: slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	return f, sim
}

// shippedOrder is the part of a seller order the fulfilment tests read.
type shippedOrder struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	Status     string `json:"status"`
	AirwayBill string `json:"airway_bill"`
	Booking    *struct {
		ID       string `json:"id"`
		Courier  string `json:"courier"`
		PickupID string `json:"pickup_id"`
	} `json:"booking"`
	AirwayBillChanges []struct {
		Old, New, Reason string
	} `json:"airway_bill_changes"`
	LastTracking *struct {
		Status string `json:"status"`
	} `json:"last_tracking"`
	History []struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
	} `json:"history"`
}

func (f *fixture) sellerOrder(t testing.TB, id string) shippedOrder {
	t.Helper()
	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + id, admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var o shippedOrder
	res.Decode(t, &o)
	return o
}

// book books an order through the route and returns it.
func (f *fixture) book(t testing.TB, id string) shippedOrder {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + id + "/booking", admin: true, body: "{}"})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var o shippedOrder
	res.Decode(t, &o)
	return o
}

// trackingAnswer is the tracking route's answer.
type trackingAnswer struct {
	Status     string `json:"status"`
	AirwayBill string `json:"airway_bill"`
	Latest     *struct {
		Status  string    `json:"status"`
		Code    string    `json:"code"`
		Text    string    `json:"text"`
		At      time.Time `json:"at"`
		Outcome string    `json:"outcome"`
	} `json:"latest"`
	Events []struct {
		Status  string    `json:"status"`
		Code    string    `json:"code"`
		At      time.Time `json:"at"`
		Place   string    `json:"place"`
		Outcome string    `json:"outcome"`
	} `json:"events"`
}

func (f *fixture) tracking(t testing.TB, id string) trackingAnswer {
	t.Helper()
	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + id + "/tracking", admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var a trackingAnswer
	res.Decode(t, &a)
	return a
}

func eventTypes(evs []ports.Event, orderID string) []ports.EventType {
	var out []ports.EventType
	for _, e := range evs {
		if e.OrderID == orderID {
			out = append(out, e.Type)
		}
	}
	return out
}

// kaosOrder is a COD order of Kaos Polos Merah M and XL and a bundle of
// two more Merah M.
func kaosOrder(phone string) map[string]any {
	b := with(orderBody(), "lines", []any{map[string]any{"sku": "KAOS-MERAH-M", "quantity": 1}, map[string]any{"sku": "KAOS-MERAH-XL", "quantity": 1}})
	b = with(b, "bundles", []any{map[string]any{"price_option_id": "po-2kaos", "quantity": 1}})
	return with(b, "customer", map[string]any{"name": "Budi", "phone": phone})
}

// TestParcelLifeThroughTheRoutes books one order and then two at once
// (one row failing), asks for their pickup, reads the packing summary,
// polls the simulated courier as its clock moves and follows one parcel
// to delivered and one back to the seller, with their events once.
func TestParcelLifeThroughTheRoutes(t *testing.T) {
	t.Parallel()
	f, _ := newShipFixture(t, "SIM0000000002")
	a := f.placeOrder(t, kaosOrder("081211112222"))
	b := f.placeOrder(t, orderBody())
	pending := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))

	one := f.book(t, a.ID)
	assert.Equal(t, "booked", one.Status)
	assert.Equal(t, "SIM0000000001", one.AirwayBill)
	require.NotNil(t, one.Booking)
	assert.Equal(t, "jne", one.Booking.Courier)

	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/bookings", admin: true,
		body: map[string]any{"order_ids": []string{b.ID, pending.ID, a.ID, "no-such-order"}}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var many struct {
		Results []struct {
			Index   int           `json:"index"`
			OrderID string        `json:"order_id"`
			Order   *shippedOrder `json:"order"`
			Error   *struct{ Code, Field string }
		} `json:"results"`
		Booked, Failed int
	}
	res.Decode(t, &many)
	require.Len(t, many.Results, 4)
	assert.Equal(t, 1, many.Booked)
	assert.Equal(t, 3, many.Failed)
	require.NotNil(t, many.Results[0].Order, "%s", res.Body)
	assert.Equal(t, "SIM0000000002", many.Results[0].Order.AirwayBill)
	for i, code := range map[int]string{1: "order_not_bookable", 2: "order_not_bookable", 3: "order_not_found"} {
		require.NotNil(t, many.Results[i].Error, "row %d: %s", i, res.Body)
		assert.Equal(t, code, many.Results[i].Error.Code, "row %d", i)
		assert.Equal(t, "order_ids["+strconv.Itoa(i)+"]", many.Results[i].Error.Field, "row %d", i)
		assert.Equal(t, i, many.Results[i].Index)
	}
	assert.Equal(t, "SIM0000000001", f.sellerOrder(t, a.ID).AirwayBill, "booking a booked order again changes nothing")
	assert.Equal(t, "pending_payment", f.sellerOrder(t, pending.ID).Status)

	// A pickup of both, with the packing summary.
	res = f.do(t, req{method: http.MethodPost, path: "/v1/pickups", admin: true, body: map[string]any{
		"order_ids": []string{a.ID, b.ID}, "date": "2026-11-24", "time_from": "09:00", "time_to": "12:00"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	var pk struct {
		ID            string   `json:"id"`
		Vehicle       string   `json:"vehicle"`
		Date          string   `json:"date"`
		Address       string   `json:"address"`
		OrderIDs      []string `json:"order_ids"`
		Orders        []struct{ ID, Number, Status, AirwayBill string }
		TotalQuantity int64 `json:"total_quantity"`
		Packing       []struct {
			Product, Variant, SKU string
			Quantity              int64
		}
	}
	res.Decode(t, &pk)
	assert.Equal(t, "motor", pk.Vehicle)
	assert.Equal(t, "2026-11-24", pk.Date)
	assert.Equal(t, "Jl. Dago 1", pk.Address, "the sender's address by default")
	assert.Equal(t, []string{a.ID, b.ID}, pk.OrderIDs)
	require.Len(t, pk.Orders, 2)
	packing := map[string]int64{}
	for _, l := range pk.Packing {
		packing[l.Product+" / "+l.Variant] = l.Quantity
	}
	assert.Equal(t, map[string]int64{"Buku Resep / ": 1, "Kaos Polos / Merah, M": 3, "Kaos Polos / Merah, XL": 1}, packing,
		"a bundle of two Merah M counts as its components")
	assert.Equal(t, int64(5), pk.TotalQuantity)
	assert.Equal(t, pk.ID, f.sellerOrder(t, a.ID).Booking.PickupID)

	res = f.do(t, req{method: http.MethodPost, path: "/v1/pickups", admin: true, body: map[string]any{
		"order_ids": []string{b.ID}, "date": "2026-11-25", "time_from": "09:00", "time_to": "12:00"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "order_not_ready_for_pickup", res.Err(t).Error.Code, "an order is in one pickup at most")
	assert.Equal(t, "order_ids[0]", res.Err(t).Error.Field)

	res = f.do(t, req{method: http.MethodGet, path: "/v1/pickups", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	var list struct {
		Data  []struct{ ID string }
		Total int
	}
	res.Decode(t, &list)
	assert.Equal(t, 1, list.Total)
	require.Len(t, list.Data, 1)
	assert.Equal(t, pk.ID, list.Data[0].ID)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/pickups/" + pk.ID, admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, string(res.Body), `"variant":"Merah, M","sku":"KAOS-MERAH-M","quantity":3`)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/pickups/nope", admin: true})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, ports.CodePickupNotFound, res.Err(t).Error.Code)

	// Nothing has happened to the parcels yet.
	tr := f.tracking(t, a.ID)
	assert.Nil(t, tr.Latest)
	assert.Empty(t, tr.Events)

	// Two days on: A is delivered, B on its way back; three days more: B is back.
	poll := func() map[string]int {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/tracking/poll", admin: true, body: "{}"})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		var rep map[string]int
		res.Decode(t, &rep)
		return rep
	}
	f.clock.Advance(50 * time.Hour)
	assert.Equal(t, map[string]int{"checked": 2, "moved": 2, "failed": 0}, poll())
	assert.Equal(t, "delivered", f.sellerOrder(t, a.ID).Status)
	assert.Equal(t, "shipped", f.sellerOrder(t, b.ID).Status)
	f.clock.Advance(80 * time.Hour)
	assert.Equal(t, map[string]int{"checked": 1, "moved": 1, "failed": 0}, poll(), "only B travels still")
	assert.Equal(t, map[string]int{"checked": 0, "moved": 0, "failed": 0}, poll())

	tr = f.tracking(t, a.ID)
	assert.Equal(t, "delivered", tr.Status)
	require.Len(t, tr.Events, 3)
	require.NotNil(t, tr.Latest)
	assert.Equal(t, "delivered", tr.Latest.Status)
	assert.Equal(t, []string{"DELIVERED", "TRANSIT", "PICKUP"}, []string{tr.Events[0].Code, tr.Events[1].Code, tr.Events[2].Code}, "newest first")
	for _, e := range tr.Events {
		assert.Equal(t, "applied", e.Outcome)
		assert.NotEmpty(t, e.Place)
	}
	ob := f.sellerOrder(t, b.ID)
	assert.Equal(t, "returned", ob.Status)
	require.NotNil(t, ob.LastTracking)
	assert.Equal(t, "returned", ob.LastTracking.Status)

	evs := f.fx.Events.Published()
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderPickedUp, ports.EventOrderDelivered}, eventTypes(evs, a.ID))
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderPickedUp, ports.EventOrderReturnStarted, ports.EventOrderReturned}, eventTypes(evs, b.ID))

	// The buyer's page shows the parcel's tracking in the courier's words,
	// without what kasir made of it.
	res = f.do(t, req{method: http.MethodGet, path: "/v1/public/orders/" + a.Slug})
	require.Equal(t, http.StatusOK, res.Status)
	var page struct {
		Tracking []map[string]any `json:"tracking"`
	}
	res.Decode(t, &page)
	require.Len(t, page.Tracking, 3)
	assert.Equal(t, "delivered", page.Tracking[0]["status"])
	assert.Contains(t, page.Tracking[0]["text"], "Paket diterima oleh")
	assert.NotContains(t, page.Tracking[0], "outcome")
}

// TestCourierWebhookRoute: a push is applied once; the same push again,
// or many at once, changes nothing more; a push for an airway bill no
// order has is acknowledged; a wrong token and an unknown courier are
// refused and change nothing.
func TestCourierWebhookRoute(t *testing.T) {
	t.Parallel()
	f, sim := newShipFixture(t)
	o := f.book(t, f.placeOrder(t, orderBody()).ID)
	f.clock.Advance(50 * time.Hour)
	token, body, err := sim.Push(t.Context(), o.AirwayBill)
	require.NoError(t, err)
	push := func(path, tok string, b []byte) resp {
		return f.do(t, req{method: http.MethodPost, path: path, body: b, header: map[string]string{simcourier.HeaderToken: tok}})
	}

	res := push("/v1/webhooks/couriers/simcourier", token, body)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.JSONEq(t, `{"updates":1,"applied":1}`, string(res.Body))
	after := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID, admin: true}).Body
	assert.Equal(t, "delivered", f.sellerOrder(t, o.ID).Status)
	events := len(f.fx.Events.Published())

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := push("/v1/webhooks/couriers/SimCourier", token, body)
			assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		}()
	}
	wg.Wait()
	assert.JSONEq(t, string(after), string(f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID, admin: true}).Body), "a replay changes nothing")
	assert.Len(t, f.fx.Events.Published(), events, "and publishes nothing")
	assert.Len(t, f.tracking(t, o.ID).Events, 3)

	var unknown map[string]any
	require.NoError(t, json.Unmarshal(body, &unknown))
	unknown["airway_bill"], unknown["booking_id"] = "SIM9999999999", "BK999999"
	ub, err := json.Marshal(unknown)
	require.NoError(t, err)
	res = push("/v1/webhooks/couriers/simcourier", token, ub)
	require.Equal(t, http.StatusOK, res.Status, "an airway bill no order has is acknowledged, so the courier stops: %s", res.Body)
	assert.JSONEq(t, `{"updates":1,"applied":0}`, string(res.Body))

	for _, c := range []struct {
		path, token string
		body        []byte
		status      int
		code        string
	}{
		{"/v1/webhooks/couriers/simcourier", "wrong", body, http.StatusUnauthorized, ports.CodeInvalidSignature},
		{"/v1/webhooks/couriers/simcourier", "", body, http.StatusUnauthorized, ports.CodeInvalidSignature},
		{"/v1/webhooks/couriers/simcourier", token, []byte(`{"airway_bill":`), http.StatusUnprocessableEntity, ports.CodeInvalidNotification},
		{"/v1/webhooks/couriers/jne", token, body, http.StatusNotFound, kasir.CodeUnknownCourierPush},
	} {
		res := push(c.path, c.token, c.body)
		assert.Equal(t, c.status, res.Status, "%s %q: %s", c.path, c.token, res.Body)
		assert.Equal(t, c.code, res.Err(t).Error.Code)
	}
	assert.Len(t, f.fx.Events.Published(), events, "refused pushes change nothing")
}

// TestCancelBookingAndCorrectAirwayBillRoutes: a booking is cancelled with
// the courier and its airway bill kept; only a booked order's booking is
// cancelled (a pending order does not become processing); once the
// courier has the parcel the order stays booked; an airway bill
// correction keeps the old one.
func TestCancelBookingAndCorrectAirwayBillRoutes(t *testing.T) {
	t.Parallel()
	f, _ := newShipFixture(t)
	o := f.book(t, f.placeOrder(t, orderBody()).ID)

	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking/cancel", admin: true, body: map[string]any{"reason": "pembeli ganti alamat"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var c shippedOrder
	res.Decode(t, &c)
	assert.Equal(t, "processing", c.Status)
	assert.Empty(t, c.AirwayBill)
	require.Len(t, c.AirwayBillChanges, 1)
	assert.Equal(t, o.AirwayBill, c.AirwayBillChanges[0].Old)
	assert.Equal(t, "pembeli ganti alamat", c.History[len(c.History)-1].Reason)

	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking/cancel", admin: true, body: "{}"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "invalid_transition", res.Err(t).Error.Code)

	pending := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + pending.ID + "/booking/cancel", admin: true, body: "{}"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "pending_payment", f.sellerOrder(t, pending.ID).Status, "cancelling no booking does not confirm a payment")

	// Booked again; five hours on the courier has it.
	again := f.book(t, o.ID)
	assert.Equal(t, "SIM0000000002", again.AirwayBill)
	f.clock.Advance(5 * time.Hour)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking/cancel", admin: true, body: "{}"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, ports.CodeBookingNotCancellable, res.Err(t).Error.Code)
	assert.Equal(t, "booked", f.sellerOrder(t, o.ID).Status)

	res = f.do(t, req{method: http.MethodPut, path: "/v1/orders/" + o.ID + "/airway-bill", admin: true, body: map[string]any{"airway_bill": "JNE0001112223", "reason": "resi dari kurir"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res.Decode(t, &c)
	assert.Equal(t, "JNE0001112223", c.AirwayBill)
	require.Len(t, c.AirwayBillChanges, 2)
	assert.Equal(t, "SIM0000000002", c.AirwayBillChanges[1].Old)
	assert.Equal(t, "JNE0001112223", c.AirwayBillChanges[1].New)
	assert.Equal(t, "resi dari kurir", c.AirwayBillChanges[1].Reason)
	res = f.do(t, req{method: http.MethodPut, path: "/v1/orders/" + o.ID + "/airway-bill", admin: true, body: map[string]any{"airway_bill": "JNE0001112223"}})
	require.Equal(t, http.StatusOK, res.Status)
	res.Decode(t, &c)
	assert.Len(t, c.AirwayBillChanges, 2, "the same airway bill again changes nothing")
	res = f.do(t, req{method: http.MethodPut, path: "/v1/orders/" + pending.ID + "/airway-bill", admin: true, body: map[string]any{"airway_bill": "X1"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "no_airway_bill", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodPut, path: "/v1/orders/" + o.ID + "/airway-bill", admin: true, body: map[string]any{"airway_bill": " "}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "airway_bill", res.Err(t).Error.Field)
}

// TestFulfilmentRoutesRoles: a read-only key reads tracking and pickups
// and may not book, cancel, correct, poll or ask for a pickup; a staff
// key may.
func TestFulfilmentRoutesRoles(t *testing.T) {
	t.Parallel()
	f, _ := newShipFixture(t)
	o := f.placeOrder(t, orderBody())
	_, readOnly, err := f.keys.Create(t.Context(), "lihat", ports.RoleReadOnly)
	require.NoError(t, err)
	_, staff, err := f.keys.Create(t.Context(), "gudang", ports.RoleStaff)
	require.NoError(t, err)
	writes := []req{
		{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking", body: "{}"},
		{method: http.MethodPost, path: "/v1/orders/bookings", body: map[string]any{"order_ids": []string{o.ID}}},
		{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking/cancel", body: "{}"},
		{method: http.MethodPut, path: "/v1/orders/" + o.ID + "/airway-bill", body: map[string]any{"airway_bill": "X"}},
		{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/tracking/refresh", body: "{}"},
		{method: http.MethodPost, path: "/v1/tracking/poll", body: "{}"},
		{method: http.MethodPost, path: "/v1/pickups", body: map[string]any{"order_ids": []string{o.ID}, "date": "2026-11-24", "time_from": "09:00", "time_to": "12:00"}},
	}
	for _, w := range writes {
		w.header = map[string]string{"Authorization": "Bearer " + readOnly}
		res := f.do(t, w)
		assert.Equal(t, http.StatusForbidden, res.Status, "%s %s", w.method, w.path)
	}
	assert.Equal(t, "processing", f.sellerOrder(t, o.ID).Status, "nothing was booked")
	for _, path := range []string{"/v1/orders/" + o.ID + "/tracking", "/v1/pickups"} {
		res := f.do(t, req{method: http.MethodGet, path: path, header: map[string]string{"Authorization": "Bearer " + readOnly}})
		assert.Equal(t, http.StatusOK, res.Status, "%s: %s", path, res.Body)
	}
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking", body: "{}", header: map[string]string{"Authorization": "Bearer " + staff}})
	assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/tracking/refresh", body: "{}", header: map[string]string{"Authorization": "Bearer " + staff}})
	assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
}

// TestFulfilmentWithoutACourier: a store without a courier answers the
// booking routes 503 shipments_not_configured and changes nothing; the
// tracking of an order is still read.
func TestFulfilmentWithoutACourier(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	o := f.placeOrder(t, orderBody())
	for _, rq := range []req{
		{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking", body: "{}"},
		{method: http.MethodPost, path: "/v1/orders/bookings", body: map[string]any{"order_ids": []string{o.ID}}},
		{method: http.MethodPost, path: "/v1/tracking/poll", body: "{}"},
	} {
		rq.admin = true
		res := f.do(t, rq)
		assert.Equal(t, http.StatusServiceUnavailable, res.Status, "%s: %s", rq.path, res.Body)
		assert.Equal(t, kasir.CodeNoShipments, res.Err(t).Error.Code)
	}
	assert.Equal(t, "processing", f.sellerOrder(t, o.ID).Status)
	assert.Equal(t, "processing", f.tracking(t, o.ID).Status)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/webhooks/couriers/simcourier", body: "{}"})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, kasir.CodeUnknownCourierPush, res.Err(t).Error.Code)
}

// TestFulfilmentAnswersAreDocumented checks every field of the
// fulfilment routes' answers against their OpenAPI schemas.
func TestFulfilmentAnswersAreDocumented(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	f, sim := newShipFixture(t)
	a := f.placeOrder(t, kaosOrder("081211113333"))
	b := f.placeOrder(t, orderBody())
	f.book(t, a.ID)
	f.clock.Advance(50 * time.Hour)
	token, body, err := sim.Push(t.Context(), "SIM0000000001")
	require.NoError(t, err)
	var pickupID string
	for _, c := range []struct {
		rq       req
		template string
		status   string
	}{
		{req{method: http.MethodPost, path: "/v1/orders/bookings", body: map[string]any{"order_ids": []string{b.ID, "nope"}}}, "/v1/orders/bookings", "200"},
		{req{method: http.MethodPost, path: "/v1/pickups", body: map[string]any{"order_ids": []string{b.ID}, "date": "2026-11-26", "time_from": "09:00", "time_to": "12:00", "vehicle": "mobil"}}, "/v1/pickups", "201"},
		{req{method: http.MethodGet, path: "/v1/pickups"}, "/v1/pickups", "200"},
		{req{method: http.MethodGet, path: "/v1/pickups/{id}"}, "/v1/pickups/{id}", "200"},
		{req{method: http.MethodPost, path: "/v1/webhooks/couriers/simcourier", body: body, header: map[string]string{simcourier.HeaderToken: token}}, "/v1/webhooks/couriers/{courier}", "200"},
		{req{method: http.MethodGet, path: "/v1/orders/" + a.ID + "/tracking"}, "/v1/orders/{id}/tracking", "200"},
		{req{method: http.MethodGet, path: "/v1/orders/" + b.ID + "/tracking"}, "/v1/orders/{id}/tracking", "200"},
		{req{method: http.MethodPost, path: "/v1/orders/" + b.ID + "/tracking/refresh", body: "{}"}, "/v1/orders/{id}/tracking/refresh", "200"},
		{req{method: http.MethodPut, path: "/v1/orders/" + a.ID + "/airway-bill", body: map[string]any{"airway_bill": "JNE1", "reason": "x"}}, "/v1/orders/{id}/airway-bill", "200"},
		{req{method: http.MethodGet, path: "/v1/orders/" + a.ID}, "/v1/orders/{id}", "200"},
		{req{method: http.MethodGet, path: "/v1/public/orders/" + a.Slug}, "/v1/public/orders/{secret_slug}", "200"},
		{req{method: http.MethodPost, path: "/v1/tracking/poll", body: "{}"}, "/v1/tracking/poll", "200"},
		{req{method: http.MethodPost, path: "/v1/orders/" + a.ID + "/booking/cancel", body: "{}"}, "/v1/orders/{id}/booking/cancel", "422"},
		{req{method: http.MethodPost, path: "/v1/orders/" + a.ID + "/booking", body: `{"x":1}`}, "/v1/orders/{id}/booking", "400"},
	} {
		if strings.HasPrefix(c.rq.path, "/v1/orders/") || strings.HasPrefix(c.rq.path, "/v1/pickups") || strings.HasPrefix(c.rq.path, "/v1/tracking") {
			c.rq.admin = true
		}
		c.rq.path = strings.Replace(c.rq.path, "{id}", pickupID, 1)
		res := f.do(t, c.rq)
		require.Equal(t, c.status, strconv.Itoa(res.Status), "%s %s: %s", c.rq.method, c.rq.path, res.Body)
		if c.template == "/v1/pickups" && c.status == "201" {
			pickupID = res.JSON(t)["id"].(string)
		}
		op := d.Paths[c.template][strings.ToLower(c.rq.method)]
		r, ok := op.Responses[c.status]
		require.True(t, ok, "%s %s does not document %s", c.rq.method, c.template, c.status)
		s := &schema{Ref: "#/components/schemas/Error"}
		if r.Ref == "" {
			s = r.Content["application/json"].Schema
		}
		var v any
		require.NoError(t, json.Unmarshal(res.Body, &v))
		assert.Empty(t, d.undocumented(t, s, v, ""), "%s %s answers fields its schema does not have: %s", c.rq.method, c.template, res.Body)
	}
}

// TestConcurrentBookingsAndPickups: many bookings of one order at once
// book it once (the courier's other bookings are cancelled again), and
// many pickups of one booked order at once make one pickup.
func TestConcurrentBookingsAndPickups(t *testing.T) {
	t.Parallel()
	f, sim := newShipFixture(t)
	o := f.placeOrder(t, orderBody())
	const n = 8
	statuses := make([]int, n)
	codes := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/booking", admin: true, body: "{}"})
			statuses[i] = res.Status
			if res.Status != http.StatusOK {
				codes[i] = res.Err(t).Error.Code
			}
		}()
	}
	wg.Wait()
	ok := 0
	for i, s := range statuses {
		if s == http.StatusOK {
			ok++
			continue
		}
		assert.Equal(t, http.StatusUnprocessableEntity, s)
		assert.Equal(t, "order_not_bookable", codes[i])
	}
	assert.Equal(t, 1, ok, "%v", statuses)
	booked := f.sellerOrder(t, o.ID)
	require.NotNil(t, booked.Booking)
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked}, eventTypes(f.fx.Events.Published(), o.ID))
	// Every other airway bill the courier issued was cancelled again: its
	// tracking says so.
	for i := 1; i <= n; i++ {
		awb := fmt.Sprintf("SIM%010d", i)
		if awb == booked.AirwayBill {
			continue
		}
		evs, err := sim.Track(t.Context(), ports.TrackRequest{AirwayBill: awb})
		if errs.Code(err) == ports.CodeNotFound {
			continue // never booked: a request that lost before asking
		}
		require.NoError(t, err)
		require.Len(t, evs, 1, awb)
		assert.Equal(t, checkout.ParcelCancelled, evs[0].Status, awb)
	}

	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := f.do(t, req{method: http.MethodPost, path: "/v1/pickups", admin: true, body: map[string]any{
				"order_ids": []string{o.ID}, "date": "2026-11-24", "time_from": "09:00", "time_to": "12:00"}})
			statuses[i] = res.Status
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		if s == http.StatusCreated {
			created++
		} else {
			assert.Contains(t, []int{http.StatusUnprocessableEntity, http.StatusConflict}, s)
		}
	}
	assert.Equal(t, 1, created, "%v", statuses)
	res := f.do(t, req{method: http.MethodGet, path: "/v1/pickups", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(1), res.JSON(t)["total"])
}
