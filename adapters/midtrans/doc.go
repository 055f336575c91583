// Package midtrans is a ports.PaymentGateway over the Midtrans Snap API
// (the gateway payment method, see docs/payment.md): it asks Snap for payment links
// and authenticates and reads Midtrans' HTTP notifications.
//
// # Creating a payment
//
// [Client.CreatePayment] sends POST {base}/snap/v1/transactions, base
// being [SandboxBaseURL] or [ProductionBaseURL] (or Config.BaseURL), with
// Basic auth (the server key as user name, an empty password) and the JSON
// body Midtrans documents:
//
//	{"transaction_details": {"order_id": "ord_01J9Z", "gross_amount": 109000},
//	 "item_details": [{"id": "KAOS-M", "price": 50000, "quantity": 2, "name": "Kaos Polos M"}, …],
//	 "customer_details": {"first_name": "Budi", "email": "budi@example.com", "phone": "+6281234567890"},
//	 "enabled_payments": ["bca_va", "qris"],
//	 "expiry": {"start_time": "2026-11-23 09:30:00 +0700", "unit": "minutes", "duration": 1440}}
//
// Amounts are whole rupiah integers. The request is checked before it is
// sent: payment.GatewayRequest.Validate (the items, when given, add up to
// the amount, as Snap requires), an order id Snap accepts (at most 50 of
// letters, digits, - _ ~ .) and an E.164 customer phone, which is sent as
// it is. Item names and ids are cut to Snap's 50 characters. The customer's
// name is sent as first_name. The OrderNumber is not sent (Snap's
// transaction_details has no field for it). Without items, item_details is left out (it is optional
// in Snap); without customer fields, customer_details is left out; with
// ExpiryMinutes 0, expiry is left out and the merchant's Snap settings
// apply.
//
// The expiry's start_time is sent only when Config.Clock is set; the link
// then expires at start_time + ExpiryMinutes, which CreatePayment returns
// as GatewayLink.ExpiresAt. Without a clock Midtrans starts the expiry at
// the transaction time, which kasir cannot know, so ExpiresAt is zero.
//
// Snap answers 201 {"token", "redirect_url"}; the token and the redirect
// URL become the GatewayLink. Failures answer {"error_messages": [...]}:
// 401 is ports.ErrProviderAuth, another 4xx ports.ErrProviderRejected
// with the messages in an [*APIError], and 5xx, 429, timeouts and
// transport errors are retried (Config.MaxRetries, default 2, with a
// doubling wait) before ports.ErrProviderUnavailable. A 2xx that is not
// JSON or lacks the token is ports.ErrProviderUnavailable, not retried.
// Midtrans accepts an order id once, so a retry cannot create a second
// payment; a retry after an answer was lost may instead meet Snap's
// refusal of a duplicate order_id (ErrProviderRejected). For the same
// reason Midtrans may refuse a second link for the same order id (say
// after the amount changed).
//
// # Notifications
//
// [Client.VerifyNotification] checks the signature_key of a notification
// body, SHA-512 hex of order_id + status_code + gross_amount + server key,
// in constant time, then maps transaction_status and fraud_status onto
// payment.GatewayStatus (the table is on the method) and gross_amount
// ("10000.00") onto whole rupiah. Midtrans' signature does not cover
// transaction_status; the adapter refuses a paid status that does not
// come with status_code "200". For the strongest assurance a caller may
// still confirm a final status with Midtrans' Get Status API.
//
// # Errors and secrets
//
// Every error carries a code through package errs: invalid_input,
// ports.CodeProviderAuth, CodeProviderRejected, CodeProviderUnavailable,
// CodeInvalidSignature and CodeInvalidNotification (a notification not as
// Midtrans documents it); compare with errors.Is. The
// server key never appears in an error, a log line or a printed value:
// it is removed from any text Midtrans or the transport returns, a
// printed [Config] shows it redacted, a printed Client omits it, and the
// package logs nothing.
//
// A Client is immutable and safe for concurrent use.
package midtrans
