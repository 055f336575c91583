// Package ratecard is kasir's offline courier rates: a rate card the seller
// writes (in Go or JSON) that serves ports.Couriers, ports.Locations and
// ports.Warehouses without any outside system. It is the default for a shop
// that knows its couriers' prices, and the fixture for tests.
//
// # The card
//
// A card is rows of courier services with their price per chargeable
// kilogram between an origin and a destination location, the locations
// (districts, with whether COD is available there) and the warehouses
// (gudang) with optional stock. Build it from Go values with [New], or from
// JSON with [Parse] or [Load]:
//
//	{
//	  "rates": [
//	    {
//	      "courier": "jne", "service": "REG", "name": "JNE Reguler",
//	      "origin": "*", "destination": "jaksel-kebayoran-baru",
//	      "price_per_kg": 14000,
//	      "etd_min_days": 2, "etd_max_days": 3,
//	      "cod": true, "cod_max": 5000000,
//	      "cod_fee_percent": "2.8", "cashback_percent": "25",
//	      "return_percent": "100", "cod_fee_on_return": false,
//	      "volumetric_divisor": 6000, "tolerance_grams": 300, "minimum_kg": 1,
//	      "insurance": {
//	        "percent": "0.2", "admin_fee": 5000, "base": "goods_value",
//	        "flat_fee": 0, "flat_fee_up_to": 0, "round_up_to": 0,
//	        "available_above": 0, "mandatory_from": 0
//	      }
//	    }
//	  ],
//	  "locations": [
//	    {
//	      "id": "jaksel-kebayoran-baru", "province": "DKI Jakarta",
//	      "city": "Jakarta Selatan", "district": "Kebayoran Baru",
//	      "postal_codes": ["12110", "12160"], "cod": true
//	    }
//	  ],
//	  "warehouses": [
//	    {"id": "gudang-bdg", "name": "Gudang Bandung", "location_id": "bdg-coblong",
//	     "default": true, "stock": {"KOPI-250": 40}}
//	  ]
//	}
//
// Amounts are whole rupiah as JSON integers; percentages are decimal
// strings ("2.8"), as everywhere in kasir. Only courier, service and
// price_per_kg are needed in a row: an empty or "*" origin or destination
// matches every location, a zero volumetric_divisor is 6000, a missing
// tolerance_grams is 300 (an explicit 0 bills every gram over a whole
// kilogram), a zero minimum_kg is 1, an empty return_percent is 100 (a
// returned parcel costs its price again), and a row without "insurance"
// offers none. A location without "cod": true is excluded from cash on delivery.
// testdata/demo.json is a complete example. Everything is checked when the
// card is built; errors name the field as a path such as
// "rates[3].price_per_kg".
//
// # Rates
//
// For a route, the rows of each courier service are matched on origin and
// destination and the most specific one is used: exact origin and
// destination, then exact destination (couriers price by destination
// district), then exact origin, then any to any. So a row for one
// destination overrides a "*" → "*" row of the same service there.
//
// The items are packed as one parcel by shipping.Pack, the rule every
// courier adapter and the order share (docs/shipping.md), and the
// chargeable kilograms are shipping.PackedWeight with the row's divisor,
// tolerance and minimum (1.290 g is 1 kg, 1.300 g is 2 kg, JNE JTR never
// below 10 kg); the price is those kilograms × price_per_kg. The order
// records the same weight.
//
// An option collects cash on delivery only when its row does and the
// destination is not excluded from COD. Options are sorted by price, then
// courier and service.
//
// # Errors and concurrency
//
// Errors carry codes from package errs: invalid_input with the field for a
// card or request that breaks a rule, ports' unknown_location and not_found
// for lookups; [Parse] reads JSON strictly and names unreadable JSON
// invalid_json, unknown_field, duplicate_field or invalid_type. A [Card] is immutable after it is built and safe for
// concurrent use; every method checks its context first.
package ratecard
