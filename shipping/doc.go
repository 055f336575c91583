// Package shipping holds the pure rules of getting a parcel to the buyer
// (see docs/shipping.md): chargeable weight, courier insurance premiums, the rate options
// a courier offers, COD coverage of a destination, and the choice of the
// warehouse (gudang) an order ships from.
//
// Everything here is a plain computation over values passed in: no I/O, no
// context, no clock. Rates themselves come from couriers through a port; this
// package only describes and checks them.
//
// # Weight
//
// [Pack] packs an order's items into one parcel: as long as the longest
// unit, as wide as the widest, as high as every unit stacked; items without
// [Dimensions] add their weight only. [ChargeableWeight] sums the items'
// weights, compares them with the parcel's volumetric weight under a
// service's [WeightRule], and rounds to the whole kilograms couriers bill:
// 1.290 g is 1 kg, 1.300 g is 2 kg with the usual 300 g tolerance.
// [PackedWeight] does both; every courier adapter that prices by weight and
// the order use it, so an order records the weight it was billed for.
//
// # Errors
//
// Errors carry stable codes through package errs: invalid_input for malformed
// input (with the offending field), [CodeInsuranceNotAvailable] and
// [CodeCODNotAvailable] (kind Invalid) when a service cannot insure or collect
// for this order, and [CodeNoWarehouse] (kind Precondition) when no warehouse can
// ship it.
//
// Values are immutable after construction and safe for concurrent use.
package shipping
