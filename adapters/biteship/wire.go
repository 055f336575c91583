package biteship

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
	"github.com/shopspring/decimal"
)

// rateRequest is the documented body of POST /v1/rates/couriers. A
// location goes by area id or by postal code (a JSON number).
type rateRequest struct {
	OriginAreaID          string     `json:"origin_area_id,omitempty"`
	DestinationAreaID     string     `json:"destination_area_id,omitempty"`
	OriginPostalCode      int        `json:"origin_postal_code,omitempty"`
	DestinationPostalCode int        `json:"destination_postal_code,omitempty"`
	Couriers              string     `json:"couriers"`
	Items                 []rateItem `json:"items"`
}

// rateItem is one entry of items[]: value in rupiah per unit, weight in
// grams per unit, dimensions in centimetres.
type rateItem struct {
	Name     string `json:"name"`
	SKU      string `json:"sku,omitempty"`
	Value    int64  `json:"value"`
	Length   int64  `json:"length,omitempty"`
	Width    int64  `json:"width,omitempty"`
	Height   int64  `json:"height,omitempty"`
	Weight   int64  `json:"weight"`
	Quantity int64  `json:"quantity"`
}

// rateResponse is the documented answer: {success, object:"courier_pricing",
// origin, destination, pricing[]}; an error answer has success false and
// error, code instead. Only the fields kasir uses are read.
type rateResponse struct {
	Success *bool           `json:"success"`
	Error   string          `json:"error"`
	Code    json.RawMessage `json:"code"`
	Pricing []pricingEntry  `json:"pricing"`
}

// pricingEntry is one service in pricing[].
type pricingEntry struct {
	CourierName          string      `json:"courier_name"`
	CourierCode          string      `json:"courier_code"`
	CourierServiceName   string      `json:"courier_service_name"`
	CourierServiceCode   string      `json:"courier_service_code"`
	DurationRange        string      `json:"shipment_duration_range"`
	DurationUnit         string      `json:"shipment_duration_unit"`
	Price                json.Number `json:"price"`
	AvailableForCOD      bool        `json:"available_for_cash_on_delivery"`
	AvailableForInsuring bool        `json:"available_for_insurance"`
}

// errorBody is the documented error answer {success:false, error, code}.
type errorBody struct {
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Code    json.RawMessage `json:"code"`
}

// apiError reads an error answer; a body that is not the documented JSON
// gives an APIError with the status alone.
func (c *Client) apiError(status int, body []byte) *APIError {
	e := &APIError{StatusCode: status}
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return e
	}
	e.Code = parseCode(b.Code)
	msg := b.Error
	if msg == "" {
		msg = b.Message
	}
	e.Message = c.redact(msg)
	return e
}

// parseCode reads Biteship's numeric error code, given as a JSON number or
// string; anything else is 0.
func parseCode(raw json.RawMessage) int64 {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// requestBody maps a port request to Biteship's JSON body. Errors are
// invalid_input naming the field.
func (c *Client) requestBody(req ports.RateRequest) ([]byte, error) {
	var body rateRequest
	origin := req.Origin
	if origin.ID == "" && len(origin.PostalCodes) == 0 {
		origin = c.origin
	}
	var err error
	if body.OriginAreaID, body.OriginPostalCode, err = c.place(origin, "origin"); err != nil {
		return nil, err
	}
	if body.DestinationAreaID, body.DestinationPostalCode, err = c.place(req.Destination, "destination"); err != nil {
		return nil, err
	}
	body.Couriers = c.couriers
	if len(req.Couriers) > 0 {
		if body.Couriers, err = joinCouriers(req.Couriers, "couriers"); err != nil {
			return nil, err
		}
	}
	if len(req.Items) == 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: a parcel needs at least one item").WithField("items")
	}
	body.Items = make([]rateItem, len(req.Items))
	for i, it := range req.Items {
		field := func(name string) string { return "items[" + strconv.Itoa(i) + "]." + name }
		if it.Quantity <= 0 {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: item %d quantity must be positive, got %d", i, it.Quantity).WithField(field("quantity"))
		}
		if it.WeightGrams < 0 || it.WeightGrams > shipping.MaxGrams {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: item %d weight must be within 0–%d g, got %d", i, shipping.MaxGrams, it.WeightGrams).WithField(field("weight_grams"))
		}
		if err := money.CheckAmount(field("value"), it.Value); err != nil {
			return nil, err
		}
		d := it.Dimensions
		if err := d.Validate(); err != nil {
			return nil, errs.At(field("dimensions"), err)
		}
		name := strings.TrimSpace(it.Name)
		if name == "" {
			name = it.SKU
		}
		if name == "" {
			name = "item " + strconv.Itoa(i+1) // Biteship requires a name
		}
		body.Items[i] = rateItem{
			Name: name, SKU: it.SKU, Value: it.Value.Int64(),
			Length: d.LengthCm, Width: d.WidthCm, Height: d.HeightCm,
			Weight: it.WeightGrams, Quantity: it.Quantity,
		}
	}
	return json.Marshal(body)
}

// place returns how Biteship should know l: by area id, or by postal code
// when the client prefers postal codes or l has no ID.
func (c *Client) place(l shipping.Location, field string) (areaID string, postalCode int, err error) {
	if len(l.PostalCodes) > 0 && (c.usePostal || l.ID == "") {
		pc := l.PostalCodes[0]
		n, perr := strconv.Atoi(pc)
		if perr != nil || len(pc) != 5 || n <= 0 {
			return "", 0, errs.Invalidf(errs.CodeInvalidInput, "biteship: %s postal code %q is not five digits", field, pc).WithField(field + ".postal_codes[0]")
		}
		return "", n, nil
	}
	if l.ID != "" {
		return l.ID, 0, nil
	}
	return "", 0, errs.Invalidf(errs.CodeInvalidInput, "biteship: the %s has neither an id nor a postal code", field).WithField(field)
}

// options maps Biteship's pricing[] to options. An entry that cannot be
// used makes the whole answer a ports.CodeProviderBadResponse error; entries repeating a
// courier:service key are dropped after the first.
func (c *Client) options(entries []pricingEntry, req ports.RateRequest) ([]shipping.Option, error) {
	out := make([]shipping.Option, 0, len(entries))
	seen := make(map[string]bool, len(entries))
	for i, p := range entries {
		o, err := c.option(p, req.Destination)
		if err != nil {
			return nil, errBadResponse(fmt.Sprintf("biteship: pricing[%d] cannot be used", i), err)
		}
		if req.COD && !o.COD {
			continue
		}
		if seen[o.Key()] {
			continue
		}
		seen[o.Key()] = true
		out = append(out, o)
	}
	return out, nil
}

// option maps one pricing entry.
func (c *Client) option(p pricingEntry, dest shipping.Location) (shipping.Option, error) {
	if !validCode(p.CourierCode) {
		return shipping.Option{}, fmt.Errorf("courier_code %q is not a usable courier code", c.redact(p.CourierCode))
	}
	if !validServiceCode(p.CourierServiceCode) {
		return shipping.Option{}, fmt.Errorf("courier_service_code %q of %s is not a usable service code", c.redact(p.CourierServiceCode), c.redact(p.CourierCode))
	}
	price, err := parsePrice(p.Price)
	if err != nil {
		return shipping.Option{}, fmt.Errorf("%s:%s: %w", c.redact(p.CourierCode), c.redact(p.CourierServiceCode), err)
	}
	t := c.termsFor(p.CourierCode, p.CourierServiceCode)
	o := shipping.Option{
		Courier: p.CourierCode,
		Service: p.CourierServiceCode,
		Name:    serviceName(p.CourierName, p.CourierServiceName),
		Price:   price,
		COD:     p.AvailableForCOD && dest.COD,
		Weight:  t.weight(),
		Return:  t.Return,
	}
	o.EtdMinDays, o.EtdMaxDays = etdDays(p.DurationRange, p.DurationUnit)
	if o.COD {
		o.CODFeePercent, o.CODMax = t.CODFeePercent, t.CODMax
	}
	o.CashbackPercent = t.CashbackPercent
	if p.AvailableForInsuring && t.Insurance != nil {
		policy := *t.Insurance
		o.Insurance = &policy
	}
	if err := o.Validate(); err != nil { // unreachable after the checks above; kept as a guard
		return shipping.Option{}, err
	}
	return o, nil
}

// termsFor looks up "courier:service", then "courier", then the defaults.
func (c *Client) termsFor(courier, service string) Terms {
	courier, service = strings.ToLower(courier), strings.ToLower(service)
	if t, ok := c.terms[courier+":"+service]; ok {
		return t
	}
	if t, ok := c.terms[courier]; ok {
		return t
	}
	return c.defaults
}

var errNoPrice = errors.New("no price")

// parsePrice reads a price that must be a whole, non-negative number of
// rupiah no larger than money.MaxAmount ("30000" and "30000.0" are;
// "15000.5" and "-1" are not).
func parsePrice(n json.Number) (money.Money, error) {
	if n == "" {
		return 0, errNoPrice
	}
	d, err := decimal.NewFromString(string(n))
	if err != nil {
		return 0, fmt.Errorf("price %q is not a number", string(n))
	}
	switch {
	case !d.IsInteger():
		return 0, fmt.Errorf("price %s is not a whole number of rupiah", string(n))
	case d.IsNegative():
		return 0, fmt.Errorf("price %s is negative", string(n))
	case d.GreaterThan(decimal.NewFromInt(money.MaxAmount.Int64())):
		return 0, fmt.Errorf("price %s is too large", string(n))
	}
	return money.Money(d.IntPart()), nil
}

// serviceName joins courier and service names ("JNE Reguler") without
// control characters, cut to shipping.MaxNameLength bytes.
func serviceName(courier, service string) string {
	s := strings.TrimSpace(strings.TrimSpace(courier) + " " + strings.TrimSpace(service))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) > shipping.MaxNameLength {
		cut := shipping.MaxNameLength
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// etdDays reads shipment_duration_range ("1 - 2" or "1") in
// shipment_duration_unit ("days" or "hours") as whole days: hours become
// days rounded down for the minimum and up for the maximum ("8 - 12" hours
// is 0–1 days). Anything else, a reversed range or one beyond
// shipping.MaxEtdDays is unknown: 0, 0.
func etdDays(rng, unit string) (minDays, maxDays int) {
	lo, hi, ok := parseRange(rng)
	if !ok {
		return 0, 0
	}
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "day", "days":
	case "hour", "hours":
		if hi > shipping.MaxEtdDays*24 {
			return 0, 0
		}
		lo, hi = lo/24, (hi+23)/24
	default:
		return 0, 0
	}
	if hi > shipping.MaxEtdDays {
		return 0, 0
	}
	return lo, hi
}

func parseRange(s string) (lo, hi int, ok bool) {
	a, b, found := strings.Cut(s, "-")
	lo, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil || lo < 0 {
		return 0, 0, false
	}
	hi = lo
	if found {
		if hi, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || hi < lo {
			return 0, 0, false
		}
	}
	return lo, hi, true
}
