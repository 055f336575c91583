package httpapi

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// The fulfilment routes (docs/fulfilment.md; the package documentation
// lists them): booking with the courier, pickups, tracking and airway
// bill corrections, and the couriers' tracking webhooks.

// bookingCancel is the body of POST /v1/orders/{id}/booking/cancel.
type bookingCancel struct {
	Reason string `json:"reason,omitempty"`
}

// bookManyRequest is the body of POST /v1/orders/bookings.
type bookManyRequest struct {
	OrderIDs []string `json:"order_ids"`
}

// airwayBillRequest is the body of PUT /v1/orders/{id}/airway-bill.
type airwayBillRequest struct {
	AirwayBill string `json:"airway_bill"`
	Reason     string `json:"reason,omitempty"`
}

// emptyBody is the body of a POST that takes no fields: {}.
type emptyBody struct{}

// bookResult is one row of a booking of many orders.
type bookResult struct {
	Index   int          `json:"index"`
	OrderID string       `json:"order_id"`
	Order   *sellerOrder `json:"order,omitempty"`
	Error   *ErrorDetail `json:"error,omitempty"`
}

type bookAnswer struct {
	Results []bookResult `json:"results"`
	Booked  int          `json:"booked"`
	Failed  int          `json:"failed"`
}

// trackingView is an order's parcel as the seller follows it.
type trackingView struct {
	OrderID    string            `json:"order_id"`
	Number     string            `json:"number"`
	Status     checkout.Status   `json:"status"`
	AirwayBill string            `json:"airway_bill,omitempty"`
	Courier    string            `json:"courier,omitempty"`
	Booking    *checkout.Booking `json:"booking,omitempty"`
	// Latest is the latest event by the courier's time; Events every
	// event kept, newest first.
	Latest            *checkout.TrackingRecord    `json:"latest"`
	Events            []checkout.TrackingRecord   `json:"events"`
	AirwayBillChanges []checkout.AirwayBillChange `json:"airway_bill_changes"`
}

func viewTracking(o *checkout.Order) trackingView {
	v := trackingView{OrderID: o.ID, Number: o.Number, Status: o.Status(), AirwayBill: o.AirwayBill, Booking: o.Booking,
		Latest: o.LastTracking(), Events: newestFirst(o.Tracking), AirwayBillChanges: slices.Clone(o.AirwayBills)}
	switch {
	case o.Booking != nil:
		v.Courier = o.Booking.Courier
	case o.Shipment != nil:
		v.Courier = o.Shipment.Courier
	}
	if v.AirwayBillChanges == nil {
		v.AirwayBillChanges = []checkout.AirwayBillChange{}
	}
	return v
}

// newestFirst returns the events by the courier's time, newest first (the
// later received first on a tie).
func newestFirst(rs []checkout.TrackingRecord) []checkout.TrackingRecord {
	out := slices.Clone(rs)
	slices.Reverse(out)
	slices.SortStableFunc(out, func(a, b checkout.TrackingRecord) int { return b.At.Compare(a.At) })
	if out == nil {
		out = []checkout.TrackingRecord{}
	}
	return out
}

// pickupView is a stored pickup.
type pickupView struct {
	ID              string    `json:"id"`
	CourierPickupID string    `json:"courier_pickup_id"`
	OrderIDs        []string  `json:"order_ids"`
	Date            string    `json:"date"` // YYYY-MM-DD
	From            string    `json:"time_from"`
	To              string    `json:"time_to"`
	Address         string    `json:"address"`
	Contact         string    `json:"contact"`
	Phone           string    `json:"phone"`
	Vehicle         string    `json:"vehicle"`
	CreatedAt       time.Time `json:"created_at"`
}

func viewPickup(p ports.Pickup) pickupView {
	return pickupView{ID: p.ID, CourierPickupID: p.CourierPickupID, OrderIDs: p.OrderIDs, Date: p.Date.Format(time.DateOnly),
		From: p.From, To: p.To, Address: p.Address, Contact: p.Contact, Phone: p.Phone, Vehicle: p.Vehicle, CreatedAt: p.CreatedAt}
}

// pickupOrderView is an order of a pickup as it is now.
type pickupOrderView struct {
	ID         string          `json:"id"`
	Number     string          `json:"number"`
	Status     checkout.Status `json:"status"`
	AirwayBill string          `json:"airway_bill,omitempty"`
	Customer   string          `json:"customer"`
	Items      int64           `json:"items"` // units in the parcel
}

// pickupDetailView is a pickup with its orders and what to pack.
type pickupDetailView struct {
	pickupView
	Orders        []pickupOrderView   `json:"orders"`
	Packing       []kasir.PackingLine `json:"packing"`
	TotalQuantity int64               `json:"total_quantity"`
}

func viewPickupDetail(d kasir.PickupDetail) pickupDetailView {
	v := pickupDetailView{pickupView: viewPickup(d.Pickup), Orders: make([]pickupOrderView, len(d.Orders)),
		Packing: d.Packing, TotalQuantity: d.TotalQuantity}
	for i, o := range d.Orders {
		var units int64
		for _, it := range o.Items {
			if !it.Digital {
				units += it.Quantity
			}
		}
		v.Orders[i] = pickupOrderView{ID: o.ID, Number: o.Number, Status: o.Status(), AirwayBill: o.AirwayBill, Customer: o.Customer.Name, Items: units}
	}
	if v.Packing == nil {
		v.Packing = []kasir.PackingLine{}
	}
	return v
}

// book: POST /v1/orders/{id}/booking {}.
func (h *Handler) book(w http.ResponseWriter, r *http.Request) (int, any, error) {
	if err := h.decode(w, r, &emptyBody{}); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.Book(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}

// cancelBooking: POST /v1/orders/{id}/booking/cancel {"reason"}.
func (h *Handler) cancelBooking(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req bookingCancel
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.CancelBooking(r.Context(), r.PathValue("id"), req.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}

// bookMany: POST /v1/orders/bookings {"order_ids":[…]}. Every order is
// booked on its own; the answer is 200 with a result per order, in order,
// even when some fail.
func (h *Handler) bookMany(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req bookManyRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	res, err := h.svc.BookMany(r.Context(), req.OrderIDs)
	if err != nil {
		return 0, nil, err
	}
	out := bookAnswer{Results: make([]bookResult, len(res))}
	for i, br := range res {
		out.Results[i] = bookResult{Index: i, OrderID: br.OrderID}
		if br.Err != nil {
			_, d := h.detail(r, br.Err)
			out.Results[i].Error = &d
			out.Failed++
			continue
		}
		v := viewSellerOrder(br.Order)
		out.Results[i].Order = &v
		out.Booked++
	}
	return http.StatusOK, out, nil
}

// correctAirwayBill: PUT /v1/orders/{id}/airway-bill {"airway_bill","reason"}.
func (h *Handler) correctAirwayBill(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req airwayBillRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.CorrectAirwayBill(r.Context(), r.PathValue("id"), req.AirwayBill, req.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}

// orderTracking: GET /v1/orders/{id}/tracking, what the order keeps.
func (h *Handler) orderTracking(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	o, err := h.svc.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewTracking(o), nil
}

// refreshTracking: POST /v1/orders/{id}/tracking/refresh {}, the courier
// asked for the parcel's events now.
func (h *Handler) refreshTracking(w http.ResponseWriter, r *http.Request) (int, any, error) {
	if err := h.decode(w, r, &emptyBody{}); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.TrackOrder(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewTracking(o), nil
}

// pollTracking: POST /v1/tracking/poll {}, one run of the polling job.
func (h *Handler) pollTracking(w http.ResponseWriter, r *http.Request) (int, any, error) {
	if err := h.decode(w, r, &emptyBody{}); err != nil {
		return 0, nil, err
	}
	rep, err := h.svc.PollTracking(r.Context())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rep, nil
}

// requestPickup: POST /v1/pickups.
func (h *Handler) requestPickup(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.PickupRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	p, err := h.svc.RequestPickup(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	d, err := h.svc.Pickup(r.Context(), p.ID)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewPickupDetail(d), nil
}

// listPickups: GET /v1/pickups?offset=&limit=, newest first.
func (h *Handler) listPickups(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	offset, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	p, err := h.svc.Pickups(r.Context(), offset, limit)
	if err != nil {
		return 0, nil, err
	}
	out := listPage[pickupView]{Data: make([]pickupView, len(p.Pickups)), Total: p.Total, Offset: offset, Limit: limit}
	for i, pk := range p.Pickups {
		out.Data[i] = viewPickup(pk)
	}
	return http.StatusOK, out, nil
}

// getPickup: GET /v1/pickups/{id}.
func (h *Handler) getPickup(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	d, err := h.svc.Pickup(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPickupDetail(d), nil
}

// courierWebhook: POST /v1/webhooks/couriers/{courier}. The raw body and
// the headers go to the Service, which has the courier's adapter check
// the token or signature. A push is answered 200 once applied, also when
// it changed nothing (a repeat) or named airway bills no order has (the
// courier would otherwise send it again and again; the Service logs
// them): {"updates","applied"}.
func (h *Handler) courierWebhook(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := h.readBody(w, r)
	if err != nil {
		return 0, nil, err
	}
	rep, err := h.svc.HandleCourierPush(r.Context(), strings.ToLower(r.PathValue("courier")), r.Header.Get, body)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, rep, nil
}
