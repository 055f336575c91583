package ratecard

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Compile-time checks that a *Card serves the ports it is written for.
var (
	_ ports.Couriers   = (*Card)(nil)
	_ ports.Locations  = (*Card)(nil)
	_ ports.Warehouses = (*Card)(nil)
)

// Card is a checked rate card. It prices parcels ([Card.Rates]), finds
// locations ([Card.Location], [Card.SearchLocations]) and lists warehouses
// ([Card.Warehouses], [Card.WarehouseStock]). A Card is immutable and safe
// for concurrent use; build it with [New], [Parse] or [Load].
type Card struct {
	rates      []rate
	locations  []shipping.Location
	search     []string       // per location, its lower-cased words for SearchLocations
	byID       map[string]int // location id → index in locations
	warehouses []shipping.Warehouse
	stock      map[string]map[string]int64 // warehouse id → SKU → units; nil when not tracked

	services int              // distinct courier services (rate.service)
	anyDest  []int            // the rows to any destination, in card order
	toDest   map[string][]int // destination id → its rows, in card order
}

// rate is one checked row. opt.Price holds the price per kilogram.
type rate struct {
	key         string // lower-cased "courier:service": one service whatever the route
	service     int    // the number of key among the card's courier services
	origin      string // "" for any
	destination string // "" for any
	// lowCourier and lowService are opt's codes lower-cased: the order of
	// options of one price.
	lowCourier, lowService string
	opt                    shipping.Option
}

// specificity ranks the rows matching one route: an exact origin and
// destination (3) over an exact destination (2) over an exact origin (1)
// over neither (0). Couriers price by destination district, so a
// destination-specific row beats an origin-specific one.
func (r rate) specificity() int {
	s := 0
	if r.destination != "" {
		s += 2
	}
	if r.origin != "" {
		s++
	}
	return s
}

// New checks s and builds the card. Errors are invalid_input (kind Invalid)
// with the offending field as a path into s, such as "rates[3].price_per_kg"
// or "locations[0].postal_codes[1]", when:
//   - there are no rates;
//   - a row's courier, service, name, price, COD cap, delivery estimate,
//     percentages, weight rule or insurance policy is not what
//     shipping.Option.Validate accepts, or a percentage does not parse;
//   - an insurance base is not "goods_value" or "grand_total", or a flat
//     fee has no flat_fee_up_to;
//   - two rows have the same courier, service (both without regard to
//     case), origin and destination;
//   - a location is invalid (shipping.Location.Validate), its id is "*" or
//     repeats another;
//   - a warehouse has no id or location, repeats an id, is the second
//     default, or has a negative stock level or an empty SKU;
//   - when the card lists locations, a row's origin or destination or a
//     warehouse's location is not one of them.
func New(s Spec) (*Card, error) {
	c := &Card{byID: make(map[string]int, len(s.Locations))}
	if err := c.addLocations(s.Locations); err != nil {
		return nil, err
	}
	if err := c.addRates(s.Rates); err != nil {
		return nil, err
	}
	if err := c.addWarehouses(s.Warehouses); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Card) addLocations(specs []LocationSpec) error {
	c.locations = make([]shipping.Location, 0, len(specs))
	c.search = make([]string, 0, len(specs))
	for i, ls := range specs {
		p := "locations[" + strconv.Itoa(i) + "]"
		l := shipping.Location{
			ID: ls.ID, Province: ls.Province, City: ls.City, District: ls.District,
			PostalCodes: slices.Clone(ls.PostalCodes), COD: ls.COD,
		}
		if err := l.Validate(); err != nil {
			return at(p, err)
		}
		if l.ID == Any {
			return invalid(p+".id", "location id %q is reserved for any location", Any)
		}
		if j, dup := c.byID[l.ID]; dup {
			return invalid(p+".id", "location id %q repeats locations[%d]", l.ID, j)
		}
		c.byID[l.ID] = len(c.locations)
		c.locations = append(c.locations, l)
		c.search = append(c.search, strings.ToLower(strings.Join(append([]string{l.Province, l.City, l.District}, l.PostalCodes...), "\n")))
	}
	return nil
}

func (c *Card) addRates(specs []RateSpec) error {
	if len(specs) == 0 {
		return invalid("rates", "a rate card needs at least one rate")
	}
	c.rates = make([]rate, 0, len(specs))
	c.toDest = make(map[string][]int)
	seen := make(map[string]int, len(specs))
	services := make(map[string]int)
	for i, rs := range specs {
		p := "rates[" + strconv.Itoa(i) + "]"
		r, err := c.rate(p, rs)
		if err != nil {
			return err
		}
		route := r.key + "\x00" + r.origin + "\x00" + r.destination
		if j, dup := seen[route]; dup {
			return invalid(p, "%s repeats rates[%d]: same courier service, origin and destination", r.opt.Key(), j)
		}
		seen[route] = i
		n, ok := services[r.key]
		if !ok {
			n = len(services)
			services[r.key] = n
		}
		r.service = n
		if r.destination == "" {
			c.anyDest = append(c.anyDest, len(c.rates))
		} else {
			c.toDest[r.destination] = append(c.toDest[r.destination], len(c.rates))
		}
		c.rates = append(c.rates, r)
	}
	c.services = len(services)
	return nil
}

// rate checks one row; p is its path ("rates[3]").
func (c *Card) rate(p string, rs RateSpec) (rate, error) {
	if err := money.CheckAmount("price_per_kg", rs.PricePerKg); err != nil {
		return rate{}, at(p, err) // CheckAmount names "price_per_kg"
	}
	opt := shipping.Option{
		Courier: rs.Courier, Service: rs.Service, Name: rs.Name, Price: rs.PricePerKg,
		EtdMinDays: rs.EtdMinDays, EtdMaxDays: rs.EtdMaxDays,
		COD: rs.COD, CODMax: rs.CODMax,
		Weight: shipping.WeightRule{VolumetricDivisor: rs.VolumetricDivisor, ToleranceGrams: 300, MinimumKg: rs.MinimumKg},
	}
	if opt.Weight.VolumetricDivisor == 0 {
		opt.Weight.VolumetricDivisor = 6000
	}
	if rs.ToleranceGrams != nil {
		opt.Weight.ToleranceGrams = *rs.ToleranceGrams
	}
	if opt.Weight.MinimumKg == 0 {
		opt.Weight.MinimumKg = 1
	}
	var err error
	if opt.CODFeePercent, err = percent(p+".cod_fee_percent", rs.CODFeePercent); err != nil {
		return rate{}, err
	}
	if opt.CashbackPercent, err = percent(p+".cashback_percent", rs.CashbackPercent); err != nil {
		return rate{}, err
	}
	if opt.Return, err = pricing.ParseReturnTerms(rs.ReturnPercent, rs.CODFeeOnReturn); err != nil {
		return rate{}, at(p, err) // ParseReturnTerms names "return_percent"
	}
	if rs.Insurance != nil {
		if opt.Insurance, err = insurance(p+".insurance", *rs.Insurance); err != nil {
			return rate{}, err
		}
	}
	if err := opt.Validate(); err != nil {
		return rate{}, cardError(err).WithField(errs.JoinPath(p, optionField(errs.Field(err))))
	}
	r := rate{key: strings.ToLower(opt.Key()), lowCourier: strings.ToLower(opt.Courier), lowService: strings.ToLower(opt.Service), opt: opt}
	if r.origin, err = c.routeEnd(p+".origin", rs.Origin); err != nil {
		return rate{}, err
	}
	if r.destination, err = c.routeEnd(p+".destination", rs.Destination); err != nil {
		return rate{}, err
	}
	return r, nil
}

// routeEnd reads a row's origin or destination: "" for any, otherwise the
// id, which must be a listed location when the card lists any.
func (c *Card) routeEnd(field, id string) (string, error) {
	if id == "" || id == Any {
		return "", nil
	}
	if len(c.locations) > 0 {
		if _, ok := c.byID[id]; !ok {
			return "", invalid(field, "location %q is not in the card's locations", id)
		}
	}
	return id, nil
}

func insurance(p string, is InsuranceSpec) (*shipping.InsurancePolicy, error) {
	pol := &shipping.InsurancePolicy{
		AdminFee: is.AdminFee, FlatFee: is.FlatFee, FlatFeeUpTo: is.FlatFeeUpTo,
		RoundUpTo: is.RoundUpTo, AvailableAbove: is.AvailableAbove, MandatoryFrom: is.MandatoryFrom,
	}
	var err error
	if pol.Percent, err = percent(p+".percent", is.Percent); err != nil {
		return nil, err
	}
	if pol.Base, err = shipping.ParseInsuranceBase(is.Base); err != nil {
		return nil, at(p+".base", err)
	}
	if err := pol.Validate(); err != nil {
		return nil, cardError(err).WithField(errs.JoinPath(p, optionField(errs.Field(err))))
	}
	if pol.FlatFee > 0 && pol.FlatFeeUpTo == 0 {
		return nil, invalid(p+".flat_fee_up_to", "a flat insurance fee needs the value it covers up to")
	}
	return pol, nil
}

func (c *Card) addWarehouses(specs []WarehouseSpec) error {
	c.warehouses = make([]shipping.Warehouse, 0, len(specs))
	ids := make(map[string]int, len(specs))
	def := -1
	for i, ws := range specs {
		p := "warehouses[" + strconv.Itoa(i) + "]"
		if ws.ID == "" {
			return invalid(p+".id", "warehouse id is empty")
		}
		if j, dup := ids[ws.ID]; dup {
			return invalid(p+".id", "warehouse id %q repeats warehouses[%d]", ws.ID, j)
		}
		ids[ws.ID] = i
		if ws.LocationID == "" || ws.LocationID == Any {
			return invalid(p+".location_id", "warehouse %q needs a location id", ws.ID)
		}
		if _, err := c.routeEnd(p+".location_id", ws.LocationID); err != nil {
			return err
		}
		if ws.Default {
			if def >= 0 {
				return invalid(p+".default", "warehouses[%d] is already the default", def)
			}
			def = i
		}
		if ws.Stock != nil {
			if c.stock == nil {
				c.stock = make(map[string]map[string]int64, len(specs))
			}
			levels := make(map[string]int64, len(ws.Stock))
			skus := make([]string, 0, len(ws.Stock))
			for sku := range ws.Stock {
				skus = append(skus, sku)
			}
			slices.Sort(skus) // report the first bad SKU deterministically
			for _, sku := range skus {
				n := ws.Stock[sku]
				if sku == "" {
					return invalid(p+".stock", "a stock level has an empty SKU")
				}
				if n < 0 {
					return invalid(p+".stock["+strconv.Quote(sku)+"]", "stock of %q must not be negative, got %d", sku, n)
				}
				levels[sku] = n
			}
			c.stock[ws.ID] = levels
		}
		c.warehouses = append(c.warehouses, shipping.Warehouse{ID: ws.ID, Name: ws.Name, LocationID: ws.LocationID, Default: ws.Default})
	}
	if c.stock != nil {
		for _, w := range c.warehouses {
			if c.stock[w.ID] == nil {
				c.stock[w.ID] = map[string]int64{}
			}
		}
	}
	return nil
}

// percent parses a percentage; "" is 0.
func percent(field, s string) (money.Rate, error) {
	if s == "" {
		return money.Rate{}, nil
	}
	r, err := money.ParseRate(s)
	if err != nil {
		return money.Rate{}, at(field, err)
	}
	return r, nil
}

// optionField turns a field of shipping's validators into the card's name
// for it.
func optionField(f string) string {
	switch {
	case f == "price":
		return "price_per_kg"
	case strings.HasPrefix(f, "weight."): // a row holds its weight rule's fields itself
		return strings.TrimPrefix(f, "weight.")
	}
	return f
}

// invalid returns an invalid_input error naming field.
func invalid(field, format string, args ...any) error {
	return errs.Invalidf(errs.CodeInvalidInput, "ratecard: "+format, args...).WithField(field)
}

// at places a domain validator's error at path in the card: path goes in
// front of the field the error names, as errs.At does.
func at(path string, err error) error {
	return errs.At(path, cardError(err))
}

// cardError wraps a domain validator's error under the card's prefix,
// keeping its code and kind (invalid_input for an uncoded one); the
// domain's error stays the cause, and its field the one errs.Field reads
// until the wrapper names the card's own.
func cardError(err error) *errs.Error {
	kind, code := errs.KindOf(err), errs.Code(err)
	if code == "" {
		kind, code = errs.Invalid, errs.CodeInvalidInput
	}
	return errs.Wrap(kind, code, err, "ratecard: invalid value")
}
