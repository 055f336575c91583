// Package biteship implements ports.Couriers over Biteship's Rates API
// (https://biteship.com/docs/api/rates/retrieve), the aggregator many
// Indonesian sellers use to price JNE, SiCepat, J&T, AnterAja and others in
// one call, and ports.Shipments and ports.TrackingPushes over its Orders
// API, Trackings API and webhooks.
//
//	c, err := biteship.New(biteship.Config{APIKey: os.Getenv("BITESHIP_API_KEY")})
//	opts, err := c.Rates(ctx, ports.RateRequest{…})
//
// # The request
//
// [Client.Rates] sends POST {BaseURL}/v1/rates/couriers with the API key as
// the Authorization header, as is (Biteship's documentation shows
// "authorization: <API key>"; there is no "Bearer" prefix), and a JSON body:
//
//   - origin_area_id / destination_area_id: the shipping.Location's ID,
//     which is taken to be a Biteship area id (from Biteship's Maps API).
//     With Config.UsePostalCodes, or for a location without an ID, the
//     location's first postal code goes as origin_postal_code /
//     destination_postal_code instead (a JSON number, as documented). A
//     request whose origin has neither uses Config.Origin.
//   - couriers: the request's courier codes, else Config.Couriers, else
//     [DefaultCouriers], lower-cased and joined with commas ("jne,sicepat").
//   - items[]: name (the SKU, or "item N", when empty), sku, value (rupiah
//     per unit), length, width, height (cm, left out when unknown), weight
//     (grams per unit) and quantity. sku is not in the rates parameter list
//     Biteship documents (its items take name, description, category,
//     value, dimensions, weight, quantity); it is sent as an extra
//     identifier on the assumption that Biteship ignores it.
//
// No insurance or cash-on-delivery parameter is sent, so each price is the
// plain shipping cost (ongkir); kasir adds insurance and the COD fee itself.
//
// # The answer
//
// Each entry of the answer's pricing[] becomes a shipping.Option:
//
//   - Courier = courier_code, Service = courier_service_code, both as
//     Biteship writes them (lower case: "jne", "reg");
//   - Name = courier_name + " " + courier_service_name ("JNE Reguler");
//   - Price = price, which must be whole, non-negative rupiah;
//   - EtdMinDays, EtdMaxDays from shipment_duration_range ("1 - 2" or "1")
//     in shipment_duration_unit: days as given, hours as whole days rounded
//     down for the minimum and up for the maximum ("8 - 12" hours is 0–1);
//     any other unit or a malformed range leaves both 0 (unknown);
//   - COD = available_for_cash_on_delivery and the destination's COD.
//
// Biteship's rates carry neither the COD fee and cap, nor a cashback, nor
// the insurance terms, nor how a service bills weight, so they come from
// [Terms] in the [Config], looked up by "courier:service", then "courier",
// then Config.DefaultTerms (the first found is used whole): CODFeePercent
// and CODMax (on COD options only), CashbackPercent, Insurance (on services
// Biteship marks available_for_insurance only) and Weight
// (shipping.DefaultWeightRule() when unset).
//
// With req.COD only COD options are returned. An entry repeating an earlier
// courier:service is dropped. The other fields of the answer (origin,
// destination, duration, service_type, available_collection_method …) are
// not read.
//
// # Errors and retries
//
// Biteship documents error answers as {"success": false, "error": "…",
// "code": 40001001} with the HTTP status saying the class. They map to the
// ports errors, with the answer reachable as an [*APIError]:
//
//   - 401, 403, or an authentication code (40000001, 401xxxxx, 403xxxxx):
//     ports.ErrProviderAuth;
//   - any other 4xx (400 bad request, no coverage, unknown area; 404):
//     ports.ErrProviderRejected with Biteship's message. Note that a route
//     Biteship does not cover comes back as a 400, so it is this error and
//     not the empty list the port describes for "no service";
//   - 429: ports.ErrProviderUnavailable, without a retry;
//   - 5xx, a timeout or a network failure: the request is tried again, at
//     most Config.MaxRetries times, after a backoff that doubles and that
//     ctx can cut short; when every attempt fails, ports.ErrProviderUnavailable;
//   - a malformed answer or an unusable entry: ports.CodeProviderBadResponse, which
//     also matches ports.ErrProviderUnavailable with errors.Is.
//
// Each attempt is bounded by Config.Timeout. The API key never appears in
// an error: Biteship's messages are stripped of it, and a [Config] or
// [Client] formats and logs without it.
//
// A Client holds no mutable state and is safe for concurrent use.
//
// # Shipments
//
// [Client.Book] creates a Biteship order (POST /v1/orders) with the sender
// as origin, the receiver as destination (by area id, or postal code as
// Rates sends them), courier_company and courier_type, the items, the COD
// amount (destination_cash_on_delivery, type 7_days), the insured value
// (courier_insurance) and the order number as reference_id; the booking id
// is Biteship's order id and the airway bill its courier.waybill_id. A
// booking is never retried, so that a lost answer cannot book twice.
// [Client.CancelBooking] posts /v1/orders/:id/cancel; when Biteship
// refuses, it reads the order and answers ports.ErrBookingNotCancellable
// for one the courier has picked up. Biteship collects every order itself
// and has no pickup call, so [Client.RequestPickup] checks the orders and
// names the group with an id derived from them. [Client.Track] reads GET
// /v1/trackings/:waybill_id/couriers/:courier_code, which also follows
// airway bills booked elsewhere; Biteship's statuses map to parcel
// statuses: picked → picked_up, dropping_off → in_transit, delivered,
// return_in_transit, returned, cancelled; the others (confirmed,
// allocated, picking_up, on_hold …) are kept as information.
//
// [Client.VerifyPush] reads the order.status and order.waybill_id
// webhooks. Biteship sends the header and value set as the webhook's
// signature key and secret in its dashboard; Config.WebhookHeader and
// Config.WebhookSecret name them, and a push without them is
// ports.ErrInvalidSignature. The secret, like the API key, is never shown.
//
// What was checked against Biteship's public documentation (its webhook
// overview, its help centre's webhook guide and the Orders API overview):
// the three webhook events (order.status on every status change, with the
// courier, tracking number and driver; order.waybill_id when the courier
// issues the airway bill; order.price when the price changes), that
// webhooks are set up in the dashboard, and the order statuses
// (confirmed, scheduled, allocated, picking_up, picked, on_hold,
// dropping_off, return_in_transit, returned, rejected, disposed,
// courier_not_found, cancelled, delivered) and which of them can still be
// cancelled. Not confirmed from Biteship's own text (the stored copy of
// its guide's security section was not readable): the body's field names
// (order_id, courier_waybill_id, courier_tracking_id, courier_company,
// status, order_price, updated_at) and the header check, which are as
// public integrations read them — a header and value set in the
// dashboard, with no signature over the body. updated_at is optional
// here for that reason. Check one push of your account against this
// before relying on it.
package biteship
