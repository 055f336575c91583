package biteship

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Compile-time checks.
var (
	_ ports.Shipments      = (*Client)(nil)
	_ ports.TrackingPushes = (*Client)(nil)
)

// Paths of the Orders and Trackings APIs under the base URL.
const (
	ordersPath    = "/v1/orders"
	trackingsPath = "/v1/trackings"
)

// orderRequest is the documented body of POST /v1/orders (the fields kasir
// fills). Postal codes are JSON numbers.
type orderRequest struct {
	ShipperContactName   string      `json:"shipper_contact_name,omitempty"`
	ShipperContactPhone  string      `json:"shipper_contact_phone,omitempty"`
	ShipperOrganization  string      `json:"shipper_organization,omitempty"`
	OriginContactName    string      `json:"origin_contact_name"`
	OriginContactPhone   string      `json:"origin_contact_phone"`
	OriginAddress        string      `json:"origin_address"`
	OriginPostalCode     int         `json:"origin_postal_code,omitempty"`
	OriginAreaID         string      `json:"origin_area_id,omitempty"`
	DestContactName      string      `json:"destination_contact_name"`
	DestContactPhone     string      `json:"destination_contact_phone"`
	DestAddress          string      `json:"destination_address"`
	DestPostalCode       int         `json:"destination_postal_code,omitempty"`
	DestAreaID           string      `json:"destination_area_id,omitempty"`
	DestCashOnDelivery   int64       `json:"destination_cash_on_delivery,omitempty"`
	DestCashOnDeliveryTy string      `json:"destination_cash_on_delivery_type,omitempty"`
	CourierCompany       string      `json:"courier_company"`
	CourierType          string      `json:"courier_type"`
	CourierInsurance     int64       `json:"courier_insurance,omitempty"`
	DeliveryType         string      `json:"delivery_type"`
	OrderNote            string      `json:"order_note,omitempty"`
	ReferenceID          string      `json:"reference_id,omitempty"`
	Items                []orderItem `json:"items"`
}

// orderItem is one entry of items[]: value in rupiah per unit, weight in
// grams per unit, dimensions in centimetres.
type orderItem struct {
	Name     string `json:"name"`
	SKU      string `json:"sku,omitempty"`
	Value    int64  `json:"value"`
	Quantity int64  `json:"quantity"`
	Weight   int64  `json:"weight"`
	Length   int64  `json:"length,omitempty"`
	Width    int64  `json:"width,omitempty"`
	Height   int64  `json:"height,omitempty"`
}

// orderResponse is the documented answer of the Orders API (create,
// retrieve, cancel): the order's id, status and courier, or an error.
type orderResponse struct {
	Success *bool           `json:"success"`
	Error   string          `json:"error"`
	Code    json.RawMessage `json:"code"`
	ID      string          `json:"id"`
	Status  string          `json:"status"`
	Courier struct {
		TrackingID  string `json:"tracking_id"`
		WaybillID   string `json:"waybill_id"`
		Company     string `json:"company"`
		Type        string `json:"type"`
		RoutingCode string `json:"routing_code"`
	} `json:"courier"`
}

// trackingResponse is the documented answer of GET /v1/trackings/…:
// the airway bill, the status and the history.
type trackingResponse struct {
	Success   *bool           `json:"success"`
	Error     string          `json:"error"`
	Code      json.RawMessage `json:"code"`
	WaybillID string          `json:"waybill_id"`
	Status    string          `json:"status"`
	History   []struct {
		Note      string `json:"note"`
		Status    string `json:"status"`
		UpdatedAt string `json:"updated_at"`
	} `json:"history"`
}

// parcelStatus maps a Biteship order or tracking status to kasir's. The
// Orders API writes statuses in snake case (picking_up), the tracking
// status list in camel case (pickingUp); both are read.
func parcelStatus(s string) checkout.ParcelStatus {
	switch strings.ToLower(strings.ReplaceAll(s, "_", "")) {
	case "picked":
		return checkout.ParcelPickedUp
	case "droppingoff":
		return checkout.ParcelInTransit
	case "delivered":
		return checkout.ParcelDelivered
	case "returnintransit":
		return checkout.ParcelReturnInTransit
	case "returned":
		return checkout.ParcelReturned
	case "cancelled":
		return checkout.ParcelCancelled
	}
	return checkout.ParcelInfo // confirmed, allocated, picking_up, on_hold, rejected …
}

// cancellable reports whether a Biteship order in status s can still be
// cancelled: before the courier has the parcel, as the Orders API
// documents ("available to delete").
func cancellable(s string) bool {
	switch strings.ToLower(strings.ReplaceAll(s, "_", "")) {
	case "confirmed", "scheduled", "allocated", "pickingup":
		return true
	}
	return false
}

// Book creates a Biteship order (POST /v1/orders) for the parcel, picked
// up from the sender (delivery type "now"), with cash on delivery when
// req.COD > 0 and insurance when req.Insured. A booking is never retried:
// a lost answer could otherwise book the parcel twice. The booking id is
// Biteship's order id. Errors: invalid_input from req.Validate or for a
// postal code that is not five digits; ports.ErrProviderAuth,
// ports.ErrProviderRejected (with Biteship's message),
// ports.ErrProviderUnavailable; ports.CodeProviderBadResponse for an answer
// without an order id or airway bill.
func (c *Client) Book(ctx context.Context, req ports.BookingRequest) (ports.Booking, error) {
	if err := req.Validate(); err != nil {
		return ports.Booking{}, err
	}
	body := orderRequest{
		ShipperContactName: c.shipper, ShipperOrganization: c.shipper,
		OriginContactName: req.Sender.Name, OriginContactPhone: req.Sender.Phone, OriginAddress: req.Sender.Address,
		DestContactName: req.Receiver.Name, DestContactPhone: req.Receiver.Phone, DestAddress: req.Receiver.Address,
		CourierCompany: strings.ToLower(req.Courier), CourierType: strings.ToLower(req.Service),
		DeliveryType: "now", OrderNote: req.Note, ReferenceID: req.Reference,
	}
	if body.ShipperContactName == "" {
		body.ShipperContactName = req.Sender.Name
	}
	var err error
	if body.OriginAreaID, body.OriginPostalCode, err = c.party(req.Sender, "sender"); err != nil {
		return ports.Booking{}, err
	}
	if body.DestAreaID, body.DestPostalCode, err = c.party(req.Receiver, "receiver"); err != nil {
		return ports.Booking{}, err
	}
	if req.COD > 0 {
		body.DestCashOnDelivery, body.DestCashOnDeliveryTy = int64(req.COD), "7_days"
	}
	if req.Insured {
		body.CourierInsurance = int64(req.InsuredValue)
	}
	for _, it := range req.Items {
		body.Items = append(body.Items, orderItem{Name: it.Name, SKU: it.SKU, Value: int64(it.Value), Quantity: it.Quantity,
			Weight: it.WeightGrams, Length: it.Dimensions.LengthCm, Width: it.Dimensions.WidthCm, Height: it.Dimensions.HeightCm})
	}
	data, err := json.Marshal(body)
	if err != nil {
		return ports.Booking{}, err
	}
	res, err := c.orderCall(ctx, http.MethodPost, c.base+ordersPath, data, 0, "booking")
	if err != nil {
		return ports.Booking{}, err
	}
	if res.ID == "" || res.Courier.WaybillID == "" {
		return ports.Booking{}, errBadResponse("biteship: order answer without id or waybill", nil)
	}
	awb := strings.TrimSpace(res.Courier.WaybillID)
	return ports.Booking{ID: res.ID, AirwayBill: awb, Courier: strings.ToLower(req.Courier), Service: strings.ToLower(req.Service),
		Label: ports.Label{AirwayBill: awb, RoutingCode: res.Courier.RoutingCode}}, nil
}

// party returns the area id or postal code a party is sent by, as Rates
// sends locations.
func (c *Client) party(p ports.Party, field string) (string, int, error) {
	if pc := p.Postal(); pc != "" && (c.usePostal || p.Location.ID == "") {
		n, err := postalNumber(pc)
		if err != nil {
			return "", 0, errs.At(field+".postal_code", err)
		}
		return "", n, nil
	}
	return p.Location.ID, 0, nil
}

// postalNumber reads a five-digit postal code.
func postalNumber(pc string) (int, error) {
	if len(pc) != 5 {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "biteship: postal code %q is not five digits", pc)
	}
	n, err := strconv.Atoi(pc)
	if err != nil || n < 0 {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "biteship: postal code %q is not five digits", pc)
	}
	return n, nil
}

// orderCall sends a request of the Orders API and reads its answer,
// mapping error answers as Rates does; a 404 is ports.ErrBookingNotFound.
func (c *Client) orderCall(ctx context.Context, method, u string, body []byte, retries int, what string) (orderResponse, error) {
	status, data, err := c.post(ctx, method, u, body, retries)
	if err != nil {
		return orderResponse{}, err
	}
	if err := c.check(status, data, what); err != nil {
		return orderResponse{}, err
	}
	var res orderResponse
	if err := json.Unmarshal(data, &res); err != nil {
		return orderResponse{}, errBadResponse("biteship: malformed "+what+" response", err)
	}
	if res.Success != nil && !*res.Success {
		return orderResponse{}, c.refused(&APIError{StatusCode: status, Code: parseCode(res.Code), Message: c.redact(res.Error)}, what)
	}
	return res, nil
}

// check maps an HTTP status to a ports error (nil for 2xx).
func (c *Client) check(status int, data []byte, what string) error {
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == http.StatusNotFound:
		return errs.Wrap(errs.NotFound, ports.CodeBookingNotFound, fmt.Errorf("%w: %w", ports.ErrBookingNotFound, c.apiError(status, data)), "biteship: "+what+": not found")
	case status == http.StatusTooManyRequests:
		return errUnavailable("biteship: too many requests", c.apiError(status, data))
	case status >= 400 && status < 500:
		return c.refused(c.apiError(status, data), what)
	}
	return errBadResponse(fmt.Sprintf("biteship: unexpected HTTP status %d", status), c.apiError(status, data))
}

// refused is an API error as ports.ErrProviderAuth or ErrProviderRejected.
func (c *Client) refused(e *APIError, what string) error {
	if e.authFailure() {
		return errAuth(e)
	}
	return errs.Wrap(ports.ErrProviderRejected.Kind, ports.CodeProviderRejected, e, "biteship: "+what+" rejected")
}

// CancelBooking cancels a Biteship order (POST /v1/orders/:id/cancel).
// When Biteship refuses, the order is read (GET /v1/orders/:id): one
// already cancelled is no error, one the courier has picked up (or that is
// otherwise past cancelling) is ports.ErrBookingNotCancellable. Errors:
// ports.ErrBookingNotFound (HTTP 404); ports.ErrProviderAuth,
// ports.ErrProviderRejected, ports.ErrProviderUnavailable.
func (c *Client) CancelBooking(ctx context.Context, bookingID string) error {
	if strings.TrimSpace(bookingID) == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "biteship: a booking id is required").WithField("booking_id")
	}
	u := c.base + ordersPath + "/" + url.PathEscape(bookingID)
	body := []byte(`{"cancellation_reason_code":"others","cancellation_reason":"cancelled by the seller"}`)
	_, err := c.orderCall(ctx, http.MethodPost, u+"/cancel", body, c.maxRetries, "cancellation")
	if err == nil || errs.Code(err) != ports.CodeProviderRejected {
		return err
	}
	res, gerr := c.orderCall(ctx, http.MethodGet, u, nil, c.maxRetries, "order")
	switch {
	case gerr != nil:
		return err
	case strings.EqualFold(res.Status, "cancelled"):
		return nil
	case !cancellable(res.Status):
		return errs.Wrap(errs.Precondition, ports.CodeBookingNotCancellable, fmt.Errorf("%w: %w", ports.ErrBookingNotCancellable, err),
			"biteship: order "+bookingID+" is "+res.Status+" and can no longer be cancelled")
	}
	return err
}

// RequestPickup records a pickup of Biteship orders. Biteship collects
// each order booked with delivery type "now" from its origin by itself and
// has no call to group orders in one pickup, so RequestPickup checks that
// every order exists and is not cancelled (GET /v1/orders/:id) and returns
// an id derived from the booking ids: the same bookings give the same id.
// Errors: invalid_input from req.Validate; ports.ErrBookingNotFound;
// ports.ErrProviderRejected for a cancelled order; ports.ErrProviderAuth,
// ports.ErrProviderUnavailable.
func (c *Client) RequestPickup(ctx context.Context, req ports.PickupRequest) (string, error) {
	if err := req.Validate(); err != nil {
		return "", err
	}
	for i, id := range req.Bookings {
		res, err := c.orderCall(ctx, http.MethodGet, c.base+ordersPath+"/"+url.PathEscape(id), nil, c.maxRetries, "order")
		if err != nil {
			return "", errs.At("bookings["+strconv.Itoa(i)+"]", err)
		}
		if strings.EqualFold(res.Status, "cancelled") {
			return "", errs.At("bookings["+strconv.Itoa(i)+"]", errs.Wrap(errs.Invalid, ports.CodeProviderRejected, ports.ErrProviderRejected, "biteship: order "+id+" is cancelled"))
		}
	}
	ids := slices.Clone(req.Bookings)
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, "\n") + "\n" + req.Date.Format(time.DateOnly)))
	return "BSP-" + strings.ToUpper(hex.EncodeToString(sum[:6])), nil
}

// Track reads an airway bill's history through Biteship's public tracking
// (GET /v1/trackings/:waybill_id/couriers/:courier_code), which follows
// parcels booked elsewhere too. Each history entry becomes an event with
// Biteship's note as its text and its status as its code. Errors:
// invalid_input for an empty airway bill or courier; ports.ErrNotFound
// (HTTP 404); ports.ErrProviderAuth, ports.ErrProviderRejected,
// ports.ErrProviderUnavailable; ports.CodeProviderBadResponse for a
// malformed answer or time.
func (c *Client) Track(ctx context.Context, req ports.TrackRequest) ([]checkout.TrackingEvent, error) {
	awb, courier := strings.TrimSpace(req.AirwayBill), strings.ToLower(strings.TrimSpace(req.Courier))
	if awb == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: an airway bill is required").WithField("airway_bill")
	}
	if !validCode(courier) {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: tracking needs the courier code").WithField("courier")
	}
	status, data, err := c.post(ctx, http.MethodGet, c.base+trackingsPath+"/"+url.PathEscape(awb)+"/couriers/"+url.PathEscape(courier), nil, c.maxRetries)
	if err != nil {
		return nil, err
	}
	if status == http.StatusNotFound {
		return nil, errs.Wrap(errs.NotFound, ports.CodeNotFound, fmt.Errorf("%w: %w", ports.ErrNotFound, c.apiError(status, data)), "biteship: no tracking for "+awb)
	}
	if err := c.check(status, data, "tracking"); err != nil {
		return nil, err
	}
	var res trackingResponse
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, errBadResponse("biteship: malformed tracking response", err)
	}
	if res.Success != nil && !*res.Success {
		return nil, c.refused(&APIError{StatusCode: status, Code: parseCode(res.Code), Message: c.redact(res.Error)}, "tracking")
	}
	out := make([]checkout.TrackingEvent, 0, len(res.History))
	for i, h := range res.History {
		at, err := time.Parse(time.RFC3339, h.UpdatedAt)
		if err != nil {
			return nil, errBadResponse(fmt.Sprintf("biteship: history[%d] has no valid updated_at", i), err)
		}
		out = append(out, checkout.TrackingEvent{Status: parcelStatus(h.Status), Code: h.Status, Text: c.redact(h.Note), At: at})
	}
	slices.SortStableFunc(out, func(a, b checkout.TrackingEvent) int { return a.At.Compare(b.At) })
	return out, nil
}

// webhookBody is the documented body of Biteship's order.status and
// order.waybill_id webhooks (the fields kasir reads).
type webhookBody struct {
	Event             string `json:"event"`
	OrderID           string `json:"order_id"`
	CourierTrackingID string `json:"courier_tracking_id"`
	CourierWaybillID  string `json:"courier_waybill_id"`
	CourierCompany    string `json:"courier_company"`
	Status            string `json:"status"`
	UpdatedAt         string `json:"updated_at"`
}

// VerifyPush reads a Biteship webhook. The request must carry the
// configured header with the configured secret (compared in constant
// time); otherwise, or when no secret is configured, it is
// ports.ErrInvalidSignature. An empty body (Biteship's check when a
// webhook URL is saved) is no update. order.status gives one event with
// Biteship's status as code and text, at its updated_at when given (zero
// otherwise: the receiver dates it); order.waybill_id gives the order's
// new airway bill and no event; other events (order.price) give no update.
// Errors: ports.ErrInvalidNotification for a body that is not JSON, or an
// order.status without order id or status.
func (c *Client) VerifyPush(_ context.Context, header func(string) string, body []byte) ([]ports.TrackingUpdate, error) {
	if t := strings.TrimSpace(string(body)); t == "" || t == "{}" {
		return nil, nil
	}
	if c.hookSecret == "" || subtle.ConstantTimeCompare([]byte(header(c.hookHeader)), []byte(c.hookSecret)) != 1 {
		return nil, errs.Wrap(errs.Unauthorized, ports.CodeInvalidSignature, ports.ErrInvalidSignature, "biteship: webhook signature invalid")
	}
	var b webhookBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, errs.Wrap(errs.Invalid, ports.CodeInvalidNotification, fmt.Errorf("%w: %w", ports.ErrInvalidNotification, err), "biteship: malformed webhook")
	}
	switch b.Event {
	case "order.status":
		if b.OrderID == "" || b.Status == "" {
			return nil, errs.Wrap(errs.Invalid, ports.CodeInvalidNotification, ports.ErrInvalidNotification, "biteship: order.status without order_id or status")
		}
		ev := checkout.TrackingEvent{Status: parcelStatus(b.Status), Code: b.Status, Text: "Biteship: " + b.Status}
		if b.UpdatedAt != "" {
			at, err := time.Parse(time.RFC3339, b.UpdatedAt)
			if err != nil {
				return nil, errs.Wrap(errs.Invalid, ports.CodeInvalidNotification, fmt.Errorf("%w: %w", ports.ErrInvalidNotification, err), "biteship: order.status with a malformed updated_at")
			}
			ev.At = at
		}
		return []ports.TrackingUpdate{{BookingID: b.OrderID, AirwayBill: b.CourierWaybillID, Events: []checkout.TrackingEvent{ev}}}, nil
	case "order.waybill_id":
		if b.OrderID == "" || b.CourierWaybillID == "" {
			return nil, errs.Wrap(errs.Invalid, ports.CodeInvalidNotification, ports.ErrInvalidNotification, "biteship: order.waybill_id without order_id or waybill")
		}
		return []ports.TrackingUpdate{{BookingID: b.OrderID, AirwayBill: b.CourierWaybillID}}, nil
	}
	return nil, nil
}
