package ratecard

import "github.com/kasir-id/kasir/money"

// Any is the location id of a rate row that applies to every origin or
// every destination. An empty id means the same.
const Any = "*"

// Spec is a rate card as plain data, the input of [New] and the shape of the
// JSON that [Parse] and [Load] read (see the package documentation). Its
// fields are used as given; New checks them all.
type Spec struct {
	Rates      []RateSpec      `json:"rates"`      // at least one
	Locations  []LocationSpec  `json:"locations"`  // optional
	Warehouses []WarehouseSpec `json:"warehouses"` // optional
}

// RateSpec is one row of a rate card: what one courier service charges
// between an origin and a destination. Percentages are decimal strings as
// money.ParseRate reads them ("2.8", "25"); an empty string is 0.
type RateSpec struct {
	Courier string `json:"courier"` // courier code, e.g. "jne"
	Service string `json:"service"` // service code, e.g. "REG"
	Name    string `json:"name"`    // what people read, e.g. "JNE Reguler"

	// Origin and Destination are location ids; "" or [Any] matches every
	// location. Where several rows of one courier service match a route,
	// the most specific wins (see the package documentation).
	Origin      string `json:"origin"`
	Destination string `json:"destination"`

	PricePerKg money.Money `json:"price_per_kg"` // the price of one chargeable kilogram

	EtdMinDays int `json:"etd_min_days"` // estimated days in transit; both 0 when unknown
	EtdMaxDays int `json:"etd_max_days"`

	COD             bool        `json:"cod"`              // the service collects cash on delivery
	CODMax          money.Money `json:"cod_max"`          // the largest COD amount; 0 = no cap
	CODFeePercent   string      `json:"cod_fee_percent"`  // the COD service fee, e.g. "2.8"
	CashbackPercent string      `json:"cashback_percent"` // shipping cashback to the seller, e.g. "25"

	// ReturnPercent is the share of the price charged when a parcel comes
	// back, 0–100; "" means 100. CODFeeOnReturn charges the COD fee on a
	// returned COD parcel too.
	ReturnPercent  string `json:"return_percent"`
	CODFeeOnReturn bool   `json:"cod_fee_on_return"`

	// VolumetricDivisor divides L × W × H (cm³) into volumetric kilograms;
	// 0 means 6000.
	VolumetricDivisor int64 `json:"volumetric_divisor"`
	// ToleranceGrams is how far over a whole kilogram a parcel may go before
	// the next kilogram is billed; nil means 300. 0 bills every gram over.
	ToleranceGrams *int64 `json:"tolerance_grams"`
	// MinimumKg is the least the service bills; 0 means 1 (JNE JTR: 10).
	MinimumKg int64 `json:"minimum_kg"`

	Insurance *InsuranceSpec `json:"insurance"` // nil when the service does not insure
}

// InsuranceSpec is a service's shipping insurance, as
// shipping.InsurancePolicy describes it. Zero amounts switch the optional
// parts off.
type InsuranceSpec struct {
	Percent  string      `json:"percent"`   // premium as a percentage of the base, e.g. "0.2"
	AdminFee money.Money `json:"admin_fee"` // added to a percentage premium
	// Base is "goods_value" (also the empty string) or "grand_total".
	Base string `json:"base"`

	FlatFee        money.Money `json:"flat_fee"`        // the whole premium for values up to FlatFeeUpTo
	FlatFeeUpTo    money.Money `json:"flat_fee_up_to"`  // required with FlatFee
	RoundUpTo      money.Money `json:"round_up_to"`     // round a percentage premium up to a multiple of this
	AvailableAbove money.Money `json:"available_above"` // insurance only for values above this
	MandatoryFrom  money.Money `json:"mandatory_from"`  // insurance mandatory from this goods value
}

// LocationSpec is a district (kecamatan) the card knows, as
// shipping.Location describes it.
type LocationSpec struct {
	ID          string   `json:"id"`
	Province    string   `json:"province"`
	City        string   `json:"city"`
	District    string   `json:"district"`
	PostalCodes []string `json:"postal_codes"` // five digits each
	// COD reports whether couriers collect cash on delivery here. It must be
	// set to true explicitly: a location without it is excluded from COD.
	COD bool `json:"cod"`
}

// WarehouseSpec is a warehouse (gudang) the seller ships from.
type WarehouseSpec struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LocationID string `json:"location_id"`
	Default    bool   `json:"default"` // at most one warehouse is the default
	// Stock maps SKU to the units the warehouse holds. When any warehouse
	// of the card has a Stock map (even an empty one), stock is tracked per
	// warehouse and a warehouse without one holds nothing.
	Stock map[string]int64 `json:"stock"`
}
