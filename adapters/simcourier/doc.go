// Package simcourier is an offline courier for kasir: it books parcels,
// takes pickup requests and tells each parcel's tracking as a real courier
// would, with no network, so that the example server and tests show the
// whole life of a parcel.
//
// Everything it answers is deterministic. Airway bills are the prefix and
// a ten-digit sequence (SIM0000000001, SIM0000000002 …), booking ids
// "BK" and pickup ids "PU" with six digits. A parcel's tracking follows a
// [Timeline] counted from its booking on the injected clock (a
// ports.Clock): picked up, in transit, then delivered; or, for a parcel
// that comes back, return in transit, then returned. Which parcels come
// back is configured: a share of them ([Config.ReturnPercent], chosen by a
// hash of the airway bill, so the same airway bills always come back) and
// airway bills named in [Config.Return] or later with [Courier.Return].
//
// A booking can be cancelled until the parcel is picked up; after that
// CancelBooking answers ports.ErrBookingNotCancellable.
//
// [Courier.Push] gives what the courier would push to a webhook about a
// parcel (its events so far, with the token header), and
// [Courier.VerifyPush] reads such a push, refusing one without the
// configured token with ports.ErrInvalidSignature.
package simcourier
