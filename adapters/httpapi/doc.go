// Package httpapi serves a kasir.Service as a JSON HTTP API. [New] returns
// an http.Handler; the package opens no listener, so the host application
// mounts the Handler in its own server, behind its own TLS.
//
//	h := httpapi.New(svc, httpapi.Config{AdminToken: os.Getenv("KASIR_ADMIN_TOKEN")})
//	http.ListenAndServe(":8080", h) // in the host, not here
//
// Amounts in requests and answers are whole rupiah as JSON integers. The
// server computes every amount: a request carries no price or total
// (expected_grand_total is only compared), and a body naming a field the
// request does not have, such as "price" or "grand_total", is refused.
// [Routes] lists every route and GET /openapi.json serves the OpenAPI 3.1
// document describing them ([OpenAPI]).
//
// # Routes
//
// Public:
//
//	GET   /healthz                               {"status":"ok"}: liveness, the store is not asked
//	GET   /readyz                                {"status":"ok"}, or 503 unavailable when the store does not answer
//	GET   /openapi.json                          the OpenAPI document
//	GET   /v1/products                           published products (variants, live stock, option tree) and bundles
//	GET   /v1/products/{id}                      one published product
//	GET   /v1/locations?search=&limit=           destinations (kecamatan)
//	POST  /v1/shipping-options                   QuoteRequest → {"data":[shipping option…]} (buyer's view*)
//	POST  /v1/quotes                             QuoteRequest → the quotation and its breakdown (buyer's view*)
//	POST  /v1/vouchers/eligible                  QuoteRequest → {"data":[voucher eligibility…]}: the public vouchers and the codes typed
//	POST  /v1/orders                             OrderRequest, header Idempotency-Key → 201 the order (buyer's view*)
//	GET   /v1/public/orders/{secret_slug}        the buyer's order page (buyer's view*)
//	GET   /v1/public/orders/{secret_slug}/invoice   the buyer's invoice as a PDF (the order's invoice_url)
//	POST  /v1/checkouts/abandoned                AbandonedRequest → 201
//	GET   /v1/phone?number=                      PhoneCheck
//	POST  /v1/webhooks/midtrans                  the gateway's notification, raw
//	POST  /v1/webhooks/couriers/{courier}        a courier's tracking push, raw (see Fulfilment)
//
// Admin, with "Authorization: Bearer <token>": Config.AdminToken (the
// store's owner) or one of the store's API keys (Config.Keys or
// Config.Authenticate), whose role must reach the route's (Route.NeedsRole):
// read_only reads (every GET below but the keys), staff also works orders
// (the POST, PUT and PATCH routes of orders, bookings, tracking, pickups,
// imports and follow-ups), and owner
// also manages the webhook endpoints, the API keys and the balance
// (adjustments, withdrawals, COD remittances):
//
//	GET   /v1/orders?status=&from=&to=&payment_method=&q=&label=&offset=&limit=   {"data":[…],"total":n,"offset","limit"}
//	      (limit: 50 when absent, at most MaxPageLimit, 100; abandoned checkouts the same)
//	GET   /v1/orders/summary?status=&from=&to=&payment_method=&q=&label=    {"data":{status: count},"total":n}
//	GET   /v1/orders/{id}
//	PATCH /v1/orders/{id}                        kasir.OrderChange → the re-quoted order
//	POST  /v1/orders/{id}/transitions            {"to","airway_bill","reason"}
//	POST  /v1/orders/{id}/payment-confirmation   kasir.PaymentConfirmation
//	POST  /v1/orders/{id}/refunds                kasir.RefundRequest, header Idempotency-Key (optional) → 201 {"refund","order"} (owner)
//	GET   /v1/orders/{id}/refunds                {"data":[refund…]}, oldest first
//	POST  /v1/orders/{id}/restock                {"reason"} → a returned order's units back in stock, once
//	POST  /v1/orders/{id}/term-payments          kasir.TermPayment → the procurement order with the payment (staff)
//	GET   /v1/procurement/orders?due=&within_days=&offset=&limit=   the store's orders on terms not paid in full: overdue (default) or due within N days (due=soon, N 7 by default)
//	POST  /v1/orders/batch                       {"orders":[OrderRequest + idempotency_key…]} → 200 {"results":[…]}
//	GET   /v1/orders/export?format=&rows=&lang=&status=&from=&to=&payment_method=&q=&label=   every matching order as CSV or XLSX
//	GET   /v1/orders/{id}/invoice                the invoice as a PDF
//	GET   /v1/orders/{id}/label?size=            the shipping label as a PDF: size thermal (100×150 mm, default) or a4
//	POST  /v1/orders/invoices                    {"order_ids":[…]} → one PDF of their invoices
//	POST  /v1/orders/labels                      {"order_ids":[…],"size"} → one PDF of their labels, recorded as a print batch by the key's name
//	GET   /v1/print-batches?offset=&limit=       {"data":[batch…],"total":n}, newest first
//	GET   /v1/print-batches/{id}                 the batch with each order's number, status, airway bill and buyer
//	POST  /v1/print-batches/{id}/reprint         {} → the batch's labels again as one PDF, counted as a reprint
//	POST  /v1/orders/{id}/booking                {} → the order booked with the courier (booked, its airway bill)
//	POST  /v1/orders/{id}/booking/cancel         {"reason"} → the order processing again, its booking cancelled with the courier
//	POST  /v1/orders/bookings                    {"order_ids":[…]} → 200 {"results":[{"index","order_id","order"|"error"}…],"booked","failed"}
//	PUT   /v1/orders/{id}/airway-bill            {"airway_bill","reason"} → the order; the old airway bill kept in airway_bill_changes
//	GET   /v1/orders/{id}/tracking               {"latest","events":[…],"booking","airway_bill_changes",…}: the parcel's tracking, newest first
//	POST  /v1/orders/{id}/tracking/refresh       {} → the tracking after asking the courier
//	POST  /v1/tracking/poll                      {} → {"checked","moved","failed"}: one run of the tracking poll
//	POST  /v1/pickups                            kasir.PickupRequest → 201 the pickup with its orders and packing summary
//	GET   /v1/pickups?offset=&limit=             {"data":[pickup…],"total","offset","limit"}, newest first
//	GET   /v1/pickups/{id}                       the pickup, its orders and the packing summary ("Merah, L": 10)
//	GET   /v1/imports/mappings                   {"data":[mapping…]}: the marketplace exports and templates an import reads
//	POST  /v1/imports/preview?marketplace=&payment_method=   a file (multipart field file: CSV, XLSX, JSON rows), {"rows":[…]} or text/plain chat messages → 200 every row detected, nothing stored
//	POST  /v1/imports/commit?marketplace=&payment_method=&select=   the same body → 200 the accepted rows placed, each once (invoice as idempotency key)
//	GET   /v1/checkouts/abandoned?status=&phone=&offset=&limit=
//	POST  /v1/checkouts/abandoned/{id}/follow-ups   FollowUpRequest → 201
//	GET   /v1/webhook-endpoints                  {"data":[endpoint…]} without secrets (Config.Webhooks)
//	POST  /v1/webhook-endpoints                  {"url","secret"} → 201 the endpoint and its secret, shown once
//	DELETE /v1/webhook-endpoints/{id}            → 204
//	GET   /v1/webhook-deliveries?limit=          {"data":[delivery attempt…]}, newest first
//	GET   /v1/api-keys                           {"data":[key…]} without secrets, revoked ones too (owner)
//	POST  /v1/api-keys                           {"name","role"} → 201 the key and its secret ksr_<store>_…, shown once (owner)
//	DELETE /v1/api-keys/{id}                     → 200 the revoked key, refused from the next request on (owner)
//	GET   /v1/config                             the whole data file (configuration and vouchers); ETag: the version (Config.Stores)
//	PUT   /v1/config                             a data file → imported: a new version, vouchers stored, stock seeded where absent
//	GET   /v1/config/versions?limit=             {"data":[version…]}, newest first
//	GET   /v1/config/{section}                   {"version","value"}: store, bank_accounts, locations, warehouses, products, bundles or rates
//	PUT   /v1/config/{section}                   the section's value → the saved version (If-Match: a version, or 409 version_conflict)
//	PUT   /v1/config/products/{id}               catalog.ProductSpec → the saved version
//	PUT   /v1/config/products/{id}/status        {"status":"published"|"draft"}
//	DELETE /v1/config/products/{id}              → the saved version
//	PUT   /v1/config/bundles/{id}                catalog.BundleSpec → the saved version
//	DELETE /v1/config/bundles/{id}               → the saved version
//	GET   /v1/vouchers                           {"data":[voucher…]}, each with its uses so far
//	GET   /v1/vouchers/{code}
//	PUT   /v1/vouchers/{code}                    a voucher as the data file writes it → created or replaced
//	PUT   /v1/vouchers/{code}/active             {"active":false} deactivates it, {"active":true} activates it again
//	GET   /v1/balance                            {"balance","pending"}: the seller's balance and the COD money on the road
//	GET   /v1/balance/entries?kind=&order_id=&withdrawal_id=&from=&to=&offset=&limit=   {"data":[entry…],"total":n}, newest first
//	POST  /v1/balance/adjustments                {"amount","reason"} → 201 the adjustment entry
//	GET   /v1/withdrawals?status=&offset=&limit=   {"data":[withdrawal…],"total":n}, newest first
//	POST  /v1/withdrawals                        kasir.WithdrawalRequest {"amount","account_number","note"} → 201
//	GET   /v1/withdrawals/{id}
//	POST  /v1/withdrawals/{id}/transitions       {"to","reason"}: on_review, completed, rejected, cancelled
//	POST  /v1/remittances?dry_run=&reference=&airway_bill_column=&amount_column=&fee_column=   a courier's COD remittance (multipart field file, text/csv or {"rows":[…]}) → 200 a result per row
//	GET   /v1/reports?from=&to=&courier=         the seller's report over the orders placed in [from, to)
//	POST  /v1/stock/adjustments                  {"warehouse_id","variant_id"|"sku","set"|"add","reason"} → 201 the audit row, its actor the key's name (staff)
//	GET   /v1/stock/adjustments?warehouse_id=&variant_id=&before=&limit=   {"data":[row…],"next_before"}, newest first
//
// The admin token is compared in constant time, and an API key is found
// by its SHA-256 and compared so too (kasir.Keys). Without an admin token
// and keys the admin routes answer 401 to every request: they are never
// open. Missing, wrong or revoked credentials are 401 unauthorized (with
// WWW-Authenticate); a key of another store, or a role below the route's,
// is 403 forbidden, its detail naming the key's role and the role needed.
// (*) A public route given credentials of the store, of any role, answers
// with the seller's view of the same thing; without them, or with wrong
// ones, with the buyer's.
//
// Invoices and labels are PDFs (package documents), answered inline;
// an invoice carries a QR code to the buyer's order page when
// Config.OrderPageURL is set. A bulk print is all or nothing: when an
// order is unknown or cannot have a label yet (label_unavailable: no
// airway bill, digital goods, cancelled), the answer is 422 with the
// first error and a result per order ({"error":…,"results":[{"index",
// "order_id","number","error"}…]}), and nothing is printed. A bulk
// label print is recorded as a print batch (its id in the
// X-Print-Batch-Id header) that marks each order's label printed
// (label_printed_at, filtered with label=printed|not_printed); a reprint
// of a batch answers its labels again and counts itself (reprints,
// status reprinted), also when several come at once. The export
// takes the listing's filters and format=csv|xlsx, rows=order|item and
// lang=id|en; it reads the orders a page at a time and streams the file,
// so its size does not bound memory, but it must finish within
// Config.RequestTimeout (export long periods in parts).
//
// The status filter of the listings is repeatable or a comma list
// (status=pending_payment,processing). from and to take RFC 3339 times or
// dates (2026-11-23) in WIB; to is exclusive, and a date given as to
// includes its whole day.
//
// # Many stores
//
// [NewStores] serves many stores of one deployment (package ports'
// Platform keeps them; kasir.Stores builds each store's Service from its
// stored configuration). Every route above is served for store {store}
// under /s/{store} (/s/toko-a/v1/quotes), on that store's Service, records
// and API keys; a path without the prefix is the default store's, or,
// with StoresConfig.Hosts, the store whose host name the request names.
// An unknown or disabled store is 404 store_not_found; a new store serves
// its key routes at once and its checkout once its configuration is
// saved (until then 404 config_not_found). Config.AdminToken is the
// default store's owner only: each store's admin routes take its own
// keys, and a key of another store is 403 forbidden. The platform's
// routes, at the root only, take "Authorization: Bearer
// <StoresConfig.PlatformKey>":
//
//	GET   /v1/platform/stores?offset=&limit=      {"data":[store…],"total","offset","limit"}, by id
//	POST  /v1/platform/stores                     {"id","name","host"} → 201 the store
//	GET   /v1/platform/stores/{store}             the store
//	PATCH /v1/platform/stores/{store}             {"name","host","disabled"}, each optional → the store
//	POST  /v1/platform/stores/{store}/api-keys    {"name","role"} → 201 a key of the store, its secret shown once
//	GET   /v1/platform/buyer-accounts?offset=&limit=   {"data":[account…],"total","offset","limit"}, by id (StoresConfig.Procurement)
//	POST  /v1/platform/buyer-accounts             {"id","company_name","npwp","kind","addresses"} → 201 the account
//	GET   /v1/platform/buyer-accounts/{id}        the account
//	PUT   /v1/platform/buyer-accounts/{id}        the account's fields → the account, created or replaced
//	DELETE /v1/platform/buyer-accounts/{id}       → 204
//	POST  /v1/platform/procurement/quotes         kasir.ProcurementRequest → the purchase priced, one order per seller, nothing placed
//	POST  /v1/platform/procurement/purchases      kasir.ProcurementRequest, header Idempotency-Key → 201 the purchase placed in every seller's store, or nothing
//	GET   /v1/platform/procurement/purchases?buyer_account_id=&offset=&limit=   {"data":[purchase…],"total"}, newest first
//	GET   /v1/platform/procurement/purchases/{id}   the purchase, its orders as they are now
//
// # Every request
//
// Every answer carries X-Request-Id: the client's when it sends a usable
// one, otherwise a new one; every log line the Handler writes names it as
// request_id ([LogHandler] does the same for the host's own logger), and
// each request is logged once at level info (method, path, status, bytes,
// duration, client). With Config.RequestTimeout (DefaultRequestTimeout,
// 10 s, is advised; the example server's -request-timeout defaults to it)
// every request's context has that deadline, which the Service carries
// into the store and the providers: past it the answer is 503 instead of
// a request that hangs.
//
// Request bodies are strict JSON sent as application/json (see Errors).
// A checkout page on another origin may call the API when its origin is
// in Config.AllowedOrigins (CORS): the Handler answers the browser's
// preflight itself and exposes Location, Idempotent-Replayed, X-Request-Id
// and Retry-After to the page. With Config.RateLimit, each client (the
// remote address, or Config.ClientKey) may make that many public writes
// (the public POST routes but the gateway's and couriers' webhooks) per second, with
// RateBurst at once; more is 429 rate_limited with Retry-After in seconds.
//
// # Orders
//
// Every answer goes through a view; the buyer's views and the seller's are
// different types, and GET /openapi.json names them (BuyerOrder,
// SellerOrder, BuyerBreakdown, SellerBreakdown …). An order answer holds
// id, number, slug (the secret of the public page), status, history,
// customer, address, items, shipment, breakdown and payment {method,
// amount to pay, unique_code, bank_accounts, payment_url, gateway_token,
// expires_at, due_date, paid_at}.
//
// The buyer's view never tells what the seller pays or keeps: its
// breakdown has no net_profit, shipping_cashback or service_fee_payer, its
// service_fee is the COD fee only when the buyer pays it (0 when the seller
// does), and pph22, pph23 and withheld appear only when the buyer keeps tax
// back. Its shipment names no warehouse, and its payment no reference.
// The seller's view (admin routes, and public ones with the admin token)
// is the whole quote (docs/quote.md) under pricing.Quote's JSON names, and
// adds the idempotency key, the payment reference, the gateway order id and
// the shipment's warehouse and origin.
//
// POST /v1/orders answers 201 and a Location header naming the public
// page. A retry with the same Idempotency-Key and the same body answers
// 200 with the order the first request placed and the header
// Idempotent-Replayed: true; the same key with another body is 409
// idempotency_conflict. A public key belongs to the buyer: it is kept as
// "<phone in E.164>:<key>" (the seller's view shows it so), so a stranger
// who sends a buyer's key with another phone neither replays nor blocks
// the buyer's order. The batch's keys are the seller's and kept as given.
//
// POST /v1/orders/batch answers 200 whatever its rows do: each result is
// {"index","order"} or {"index","error":{code,message,field}}, the field
// being the row's own; one bad row does not stop the others. A row may
// carry its own "idempotency_key" (e.g. the seller's invoice number), so a
// batch uploaded twice places each order once. A body that cannot be read
// refuses the whole batch with 400.
//
// POST /v1/webhooks/midtrans takes no token: the raw body goes to
// Service.HandleGatewayNotification, which verifies its signature through
// the payment gateway port. It answers 200 when the notification was
// applied or had nothing to change (a retry of one already applied), 401
// invalid_signature when it is not the gateway's, 404 order_not_found for
// an order the store does not have (or not_found when no gateway is
// plugged in), and 5xx when the store fails, so that the gateway sends it
// again.
//
// # Fulfilment
//
// The booking, pickup and tracking routes run the Service's fulfilment
// (docs/fulfilment.md) on the courier the host plugged in
// (kasir.Deps.Shipments); without one they answer 503
// shipments_not_configured. Booking many orders answers 200 with a
// result per order, as the batch does. A seller order carries its
// booking, airway_bill_changes and last_tracking; the buyer's order its
// tracking events (courier's text, time, place), newest first.
//
// POST /v1/webhooks/couriers/{courier} takes no token of the store: the
// raw body and headers go to Service.HandleCourierPush, where the
// courier's adapter (kasir.Deps.CourierPushes[courier]) checks its token
// or signature. It answers 200 {"updates","applied"} once the push is
// applied, also when it changes nothing (the same push again changes
// nothing) and when it names a parcel no order of the store has:
// that update is logged as a warning and acknowledged, since a courier
// retries any other answer and would send it forever. 401
// invalid_signature when the push is not the courier's, 422
// invalid_notification for a body the adapter cannot read, 404
// unknown_courier_webhook for a courier not set up, and 5xx when the
// store fails, so that the courier sends it again. Under /s/{store} the
// push is the store's: each store gives the courier its own URL.
//
// # Errors
//
// Every error answer is {"error":{"code","message","field","detail"}}: a
// stable machine code (errs.Code), a message for people, the request field
// at fault ("" when none) and, on a 4xx, detail: the error's own English
// text for developers when it says more than the message. The message is the code's sentence from package
// messages, in Indonesian when Accept-Language prefers it (id, id-ID) and
// in English otherwise; the answer's Content-Language names the language.
// The status comes from the error's kind, in one table ([StatusOf]), after
// the HTTP layer's own codes:
//
//	400  the request cannot be read: invalid_json (malformed, empty, or
//	     trailing data), unknown_field (also a name spelled in another
//	     case: "QUANTITY" is not "quantity"), duplicate_field (a key given
//	     twice), invalid_type, invalid_query; the field is the value's
//	     path, such as lines[0].quantity
//	413  body_too_large: over Config.MaxBodyBytes (1 MiB by default), or Config.MaxImportBytes (10 MiB) for an import
//	415  unsupported_media_type: a body not sent as application/json
//	429  rate_limited: over Config.RateLimit, with Retry-After
//	401  unauthorized (admin token or API key missing, wrong or revoked),
//	     invalid_signature
//	403  forbidden: a key of another store, or a role below the route's
//	404  what the URL names does not exist (order_not_found,
//	     checkout_not_found, unknown_product), or no route: not_found
//	405  method_not_allowed, with an Allow header
//	409  kind Conflict: the state changed or is taken, so reading again or
//	     retrying later may succeed: out_of_stock, voucher_quota_exhausted,
//	     idempotency_conflict, price_changed, order_changed (a concurrent
//	     change won), not_awaiting_payment (e.g. a payment confirmed
//	     twice), unique_code_exhausted (every kode unik for the amount is
//	     held), amount_held, already_exists
//	422  any other rule of the domain (kinds Invalid and Precondition):
//	     invalid_input, invalid_quantity, invalid_phone, phone_not_mobile,
//	     voucher_*, cod_not_available, cod_not_allowed, invalid_transition,
//	     airway_bill_required, order_not_editable, product_unavailable …,
//	     and NotFound errors about something the body names (unknown_sku,
//	     voucher_not_found, unknown_location carry the field)
//	503  an outside system is down (kind Unavailable: provider_unavailable,
//	     provider_unauthorized, no_courier); the message is generic and
//	     the provider's answer goes to the logger
//	500  anything without a code: code internal with a generic message;
//	     the real error goes to Config.Logger; a panic is recovered the
//	     same way
//
// A refused request changes nothing: the Service places an order in one
// unit of work, so a 4xx or 5xx leaves stock, vouchers and orders as they
// were.
package httpapi
