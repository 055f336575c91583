// Package whatsapp asks an HTTP service whether a phone number is on
// WhatsApp: the ports.WhatsApp check an order form makes before it accepts a phone. The
// service decides what to do when the check fails; this package only
// reports it.
//
// # Protocol
//
// [Checker.Registered] sends
//
//	POST {Endpoint}
//	Authorization: Bearer {Token}        (left out when Token is empty)
//	Content-Type: application/json
//	Accept: application/json
//
//	{"phone":"6281234567890"}
//
// and expects a 2xx answer whose JSON body says whether the number is
// registered, in either of two shapes:
//
//	{"phone":"6281234567890","registered":true}
//
//	{"meta":{"code":200,"status":"success"},
//	 "data":{"phone_number":6281234567890,"is_wa":true,"message":"registered"}}
//
// The second is the "check registered number on whatsapp" answer of an
// Indonesian shipping aggregator. The flag is read from "registered" or "is_wa" at the top level, or
// else inside "data"; it may be true/false or 1/0. When the answer names the
// number ("phone" or "phone_number", a string or a number), it must be the
// number asked about. Other fields are ignored.
//
// # Errors
//
// Every failure to get that answer is an error with a code of package
// ports, never a guess: 401 and 403 match ports.ErrProviderAuth (code
// provider_unauthorized); any other non-2xx status, a network error, a
// timeout ([Config.Timeout], 5 seconds by default), a cancelled context, an
// unreadable or oversized body, or an answer without the flag or about
// another number match ports.ErrProviderUnavailable (code
// provider_unavailable). Both are kind errs.Unavailable. The cause stays in
// the chain, so errors.Is(err, context.DeadlineExceeded) or
// context.Canceled holds when that is what happened. No error message
// carries the token: it is removed from any cause's text, and neither the
// answer's body nor the endpoint URL is quoted.
//
// A [Checker] is safe for concurrent use. It owns no server and creates no
// goroutines; requests go through Config.HTTPClient.
package whatsapp
