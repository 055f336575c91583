package biteship_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
)

const (
	hookHeader = "X-Kasir-Signature"
	hookSecret = "hook-secret-DoNotLeak"
)

// ordersFake stands in for Biteship's Orders and Trackings APIs as they
// are documented: POST /v1/orders creates an order (status confirmed, with
// a courier tracking id and waybill), GET /v1/orders/:id reads it, POST
// /v1/orders/:id/cancel cancels it while it is confirmed, allocated or
// picking up and answers 400 after that, GET
// /v1/trackings/:waybill/couriers/:courier gives its history; an unknown
// order or waybill is 404 and a request without the API key 401.
type ordersFake struct {
	*httptest.Server
	mu     sync.Mutex
	seq    int
	orders map[string]*fakeOrder // by id
	byAWB  map[string]*fakeOrder
	bodies []map[string]any // the bodies of POST /v1/orders
}

type fakeOrder struct {
	id, awb, courier, status string
	history                  []fakeHistory
}

type fakeHistory struct {
	Note      string `json:"note"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
}

var fakeStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))

func newOrdersFake(t testing.TB) *ordersFake {
	f := &ordersFake{orders: map[string]*fakeOrder{}, byAWB: map[string]*fakeOrder{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *ordersFake) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != testKey {
		reply(w, 401, `{"success":false,"error":"Authentication failed","code":40101001}`)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/orders":
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		if json.Unmarshal(raw, &body) != nil || body["courier_company"] == nil || body["destination_contact_phone"] == "" {
			reply(w, 400, `{"success":false,"error":"Invalid request","code":40002001}`)
			return
		}
		f.bodies = append(f.bodies, body)
		f.seq++
		o := &fakeOrder{id: fmt.Sprintf("64f0c0ffee%06d", f.seq), awb: fmt.Sprintf("JNE%010d", f.seq), courier: body["courier_company"].(string), status: "confirmed"}
		o.history = append(o.history, fakeHistory{Note: "Order has been confirmed", Status: "confirmed", UpdatedAt: fakeStart.Format(time.RFC3339)})
		f.orders[o.id], f.byAWB[o.awb] = o, o
		reply(w, 200, fmt.Sprintf(`{"success":true,"message":"Order successfully created","object":"order","id":%q,
			"courier":{"tracking_id":"trk%s","waybill_id":%q,"company":%q,"type":%q,"routing_code":"CGK10-BDO10"},"status":"confirmed"}`,
			o.id, o.id, o.awb, o.courier, body["courier_type"]))
	case len(parts) == 3 && parts[1] == "orders" && r.Method == http.MethodGet:
		o, ok := f.orders[parts[2]]
		if !ok {
			reply(w, 404, `{"success":false,"error":"Order not found","code":40400001}`)
			return
		}
		reply(w, 200, fmt.Sprintf(`{"success":true,"object":"order","id":%q,"courier":{"waybill_id":%q},"status":%q}`, o.id, o.awb, o.status))
	case len(parts) == 4 && parts[1] == "orders" && parts[3] == "cancel" && r.Method == http.MethodPost:
		o, ok := f.orders[parts[2]]
		if !ok {
			reply(w, 404, `{"success":false,"error":"Order not found","code":40400001}`)
			return
		}
		switch o.status {
		case "confirmed", "allocated", "picking_up":
			o.status = "cancelled"
			o.history = append(o.history, fakeHistory{Note: "Order cancelled", Status: "cancelled", UpdatedAt: fakeStart.Add(time.Hour).Format(time.RFC3339)})
		default:
			reply(w, 400, fmt.Sprintf(`{"success":false,"error":"Order with status %s can not be cancelled","code":40002033}`, o.status))
			return
		}
		reply(w, 200, fmt.Sprintf(`{"success":true,"message":"Order successfully cancelled","object":"order","id":%q,"status":"cancelled"}`, o.id))
	case len(parts) == 5 && parts[1] == "trackings" && parts[3] == "couriers" && r.Method == http.MethodGet:
		o, ok := f.byAWB[parts[2]]
		if !ok || o.courier != parts[4] {
			reply(w, 404, `{"success":false,"error":"Tracking not found","code":40400002}`)
			return
		}
		h, _ := json.Marshal(o.history)
		reply(w, 200, fmt.Sprintf(`{"success":true,"messsage":"Successfully get tracking info","object":"tracking","id":"trk%s",
			"waybill_id":%q,"courier":{"company":%q},"history":%s,"link":null,"order_id":%q,"status":%q}`, o.id, o.awb, o.courier, h, o.id, o.status))
	default:
		reply(w, 404, `{"success":false,"error":"Not found","code":40400000}`)
	}
}

// steps are the Biteship statuses a parcel goes through to reach a
// parcel status, with the note Biteship's history gives them.
var steps = map[checkout.ParcelStatus][][2]string{
	checkout.ParcelPickedUp:        {{"allocated", "Courier allocated"}, {"picking_up", "Courier is on the way to pick up"}, {"picked", "Item has been picked and ready to be shipped"}},
	checkout.ParcelInTransit:       {{"dropping_off", "Item is on the way to customer"}},
	checkout.ParcelDelivered:       {{"delivered", "Item has been delivered"}},
	checkout.ParcelReturnInTransit: {{"return_in_transit", "Order is on the way back to the origin"}},
	checkout.ParcelReturned:        {{"returned", "Order successfully returned"}},
}

// advance moves an order through the statuses, an hour apart.
func (f *ordersFake) advance(t testing.TB, id string, to checkout.ParcelStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	require.NotNil(t, o)
	for _, s := range steps[to] {
		o.status = s[0]
		o.history = append(o.history, fakeHistory{Note: s[1], Status: s[0], UpdatedAt: fakeStart.Add(time.Duration(len(o.history)) * time.Hour).Format(time.RFC3339)})
	}
}

// webhook is the order.status body Biteship sends about the order now.
func (f *ordersFake) webhook(id string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	b, _ := json.Marshal(map[string]any{"event": "order.status", "courier_tracking_id": "trk" + o.id, "courier_waybill_id": o.awb,
		"courier_company": o.courier, "courier_type": "reg", "order_id": o.id, "order_price": 10000, "status": o.status})
	return b
}

func newOrdersClient(t testing.TB, base string) *biteship.Client {
	c, err := biteship.New(biteship.Config{APIKey: testKey, BaseURL: base, RetryBackoff: time.Millisecond,
		WebhookHeader: hookHeader, WebhookSecret: hookSecret, Shipper: "Toko Rina"})
	require.NoError(t, err)
	return c
}

func TestShipmentsConformance(t *testing.T) {
	portstest.TestShipments(t, func(t testing.TB) portstest.Courier {
		f := newOrdersFake(t)
		c := newOrdersClient(t, f.URL)
		return portstest.Courier{
			Shipments: c, Pushes: c,
			Advance: func(t testing.TB, b ports.Booking, to checkout.ParcelStatus) { f.advance(t, b.ID, to) },
			Push: func(t testing.TB, b ports.Booking) (map[string]string, []byte) {
				return map[string]string{hookHeader: hookSecret}, f.webhook(b.ID)
			},
		}
	})
}

func TestBookSendsDocumentedBody(t *testing.T) {
	t.Parallel()
	f := newOrdersFake(t)
	c := newOrdersClient(t, f.URL)
	b, err := c.Book(t.Context(), portstest.ShipmentRequest())
	require.NoError(t, err)
	assert.Equal(t, "JNE0000000001", b.AirwayBill)
	assert.Equal(t, "CGK10-BDO10", b.Label.RoutingCode)
	body := f.bodies[0]
	assert.Equal(t, "jne", body["courier_company"])
	assert.Equal(t, "reg", body["courier_type"])
	assert.Equal(t, "IDNP6IDNC148IDND834", body["origin_area_id"])
	assert.Equal(t, "Yanti", body["destination_contact_name"])
	assert.EqualValues(t, 185000, body["destination_cash_on_delivery"])
	assert.Equal(t, "7_days", body["destination_cash_on_delivery_type"])
	assert.EqualValues(t, 170000, body["courier_insurance"])
	assert.Equal(t, "INV20261123-0001", body["reference_id"])
	assert.Equal(t, "Toko Rina", body["shipper_contact_name"])
	items := body["items"].([]any)
	require.Len(t, items, 1)
	assert.EqualValues(t, 300, items[0].(map[string]any)["weight"])
}

func TestTrackMapsStatuses(t *testing.T) {
	t.Parallel()
	f := newOrdersFake(t)
	c := newOrdersClient(t, f.URL)
	b, err := c.Book(t.Context(), portstest.ShipmentRequest())
	require.NoError(t, err)
	f.advance(t, b.ID, checkout.ParcelPickedUp)
	f.advance(t, b.ID, checkout.ParcelInTransit)
	evs, err := c.Track(t.Context(), ports.TrackRequest{AirwayBill: b.AirwayBill, Courier: "JNE"})
	require.NoError(t, err)
	var got []checkout.ParcelStatus
	for _, e := range evs {
		got = append(got, e.Status)
	}
	assert.Equal(t, []checkout.ParcelStatus{"", "", "", checkout.ParcelPickedUp, checkout.ParcelInTransit}, got,
		"confirmed, allocated and picking_up say nothing kasir acts on")
	assert.Equal(t, "Item has been picked and ready to be shipped", evs[3].Text)
	assert.Equal(t, "picked", evs[3].Code)
	assert.True(t, evs[3].At.Equal(fakeStart.Add(3*time.Hour)))
}

func TestSecretsNeverShown(t *testing.T) {
	t.Parallel()
	f := newOrdersFake(t)
	c, err := biteship.New(biteship.Config{APIKey: "wrong-key", BaseURL: f.URL, WebhookHeader: hookHeader, WebhookSecret: hookSecret})
	require.NoError(t, err)
	_, err = c.Book(t.Context(), portstest.ShipmentRequest())
	require.ErrorIs(t, err, ports.ErrProviderAuth)
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("client", "c", c, "err", err)
	out := fmt.Sprintf("%v %+v %#v %s", err, c, c, logs.String())
	assert.NotContains(t, out, "wrong-key")
	assert.NotContains(t, out, hookSecret)
	_, err = c.VerifyPush(t.Context(), func(string) string { return "nope" }, []byte(`{"event":"order.status"}`))
	require.ErrorIs(t, err, ports.ErrInvalidSignature)
	assert.NotContains(t, err.Error(), hookSecret)
}

func TestVerifyPushReadsWaybillAndIgnoresOthers(t *testing.T) {
	t.Parallel()
	c := newOrdersClient(t, "http://127.0.0.1:1")
	h := func(n string) string {
		if n == hookHeader {
			return hookSecret
		}
		return ""
	}
	ups, err := c.VerifyPush(t.Context(), h, []byte(`{"event":"order.waybill_id","order_id":"o1","courier_waybill_id":"NEW123","status":"allocated"}`))
	require.NoError(t, err)
	require.Len(t, ups, 1)
	assert.Equal(t, "NEW123", ups[0].AirwayBill)
	assert.Empty(t, ups[0].Events)
	ups, err = c.VerifyPush(t.Context(), h, []byte(`{"event":"order.price","order_id":"o1","price":12000}`))
	require.NoError(t, err)
	assert.Empty(t, ups)
	ups, err = c.VerifyPush(t.Context(), func(string) string { return "" }, nil)
	require.NoError(t, err, "the installation check has an empty body")
	assert.Empty(t, ups)
	ups, err = c.VerifyPush(t.Context(), h, []byte(`{"event":"order.status","order_id":"o1","status":"delivered","updated_at":"2026-11-25T10:00:00+07:00"}`))
	require.NoError(t, err)
	require.Len(t, ups[0].Events, 1)
	assert.Equal(t, checkout.ParcelDelivered, ups[0].Events[0].Status)
	_, err = c.VerifyPush(t.Context(), h, []byte(`{"event":"order.status","status":"delivered"}`))
	assert.Equal(t, ports.CodeInvalidNotification, errs.Code(err))

	// An order.status with every field Biteship's webhook documentation
	// names (courier, driver, link, price) and a status in the tracking
	// list's camel case: one event, dated by the receiver.
	ups, err = c.VerifyPush(t.Context(), h, []byte(`{"event":"order.status","courier_tracking_id":"trk1","courier_waybill_id":"WYB-1",
		"courier_company":"jne","courier_type":"reg","courier_driver_name":"Budi","courier_driver_phone":"0812","courier_driver_photo_url":"",
		"courier_driver_plate_number":"","courier_link":null,"order_id":"o1","order_price":39000,"status":"droppingOff"}`))
	require.NoError(t, err)
	require.Len(t, ups, 1)
	assert.Equal(t, "o1", ups[0].BookingID)
	assert.Equal(t, "WYB-1", ups[0].AirwayBill)
	require.Len(t, ups[0].Events, 1)
	assert.Equal(t, checkout.ParcelInTransit, ups[0].Events[0].Status)
	assert.Equal(t, "droppingOff", ups[0].Events[0].Code)
	assert.True(t, ups[0].Events[0].At.IsZero(), "no updated_at: the receiver dates it")
	for status, want := range map[string]checkout.ParcelStatus{"picked": checkout.ParcelPickedUp, "dropping_off": checkout.ParcelInTransit,
		"return_in_transit": checkout.ParcelReturnInTransit, "returned": checkout.ParcelReturned, "cancelled": checkout.ParcelCancelled,
		"on_hold": checkout.ParcelInfo, "courier_not_found": checkout.ParcelInfo, "disposed": checkout.ParcelInfo, "rejected": checkout.ParcelInfo} {
		ups, err := c.VerifyPush(t.Context(), h, []byte(`{"event":"order.status","order_id":"o1","courier_waybill_id":"W","status":"`+status+`"}`))
		require.NoError(t, err, status)
		assert.Equal(t, want, ups[0].Events[0].Status, status)
	}
}
