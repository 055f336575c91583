// Package kasirtest provides fakes and a fixture for testing code built on
// kasir, as net/http/httptest does for HTTP: everything a kasir.Service
// needs from the outside world, made deterministic and scriptable.
//
//   - [ManualClock]: a ports.Clock that stands still until it is moved.
//   - [Events]: a ports.Events recorder, which can be told to fail.
//   - [Gateway]: a ports.PaymentGateway with deterministic links that signs
//     its own notifications ([Gateway.Notification]) and can be told to fail.
//   - [WhatsApp]: a ports.WhatsApp checker that knows the numbers it is given.
//   - [Couriers]: ports.Couriers with two fixed services priced per
//     chargeable kilogram.
//   - [New]: a [Fixture], a Service on a small catalog ([Catalog]), three
//     destinations ([Locations]), a few vouchers ([Vouchers]) and a
//     memory.Store, wired to the fakes above; [Snapshot] reads what an
//     order can change, so a test can check that a refused request changed
//     nothing.
//
// Every fake is safe for concurrent use. The real adapters stay where they
// are: the system clock, uuid ids and the stores are in adapters/memory,
// the providers in their own adapters.
package kasirtest
