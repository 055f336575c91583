package importing

import (
	_ "embed"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/shipping"
)

// Thresholds of detection: a best match below Accept is no match; one
// whose runner-up scores within Margin of it is ambiguous.
const (
	Accept = 0.55
	Margin = 0.05
)

// MaxAlternatives is how many alternatives a detection lists.
const MaxAlternatives = 3

// Candidate is one thing a text may mean, with how well it matches (0–1).
type Candidate struct {
	ID string `json:"id"`
	// Kind tells what ID names among products: "variant" (ID is the
	// variant's SKU) or "bundle" (ID is the bundle's price option id);
	// empty for locations.
	Kind  string  `json:"kind,omitempty"`
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// Kinds of product [Candidate]s.
const (
	KindVariant = "variant"
	KindBundle  = "bundle"
)

// ranked sorts candidates best first (ties by id, so results are
// stable), keeping the best per id.
func ranked(cs []Candidate) []Candidate {
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return -c // variants before bundles
		}
		return strings.Compare(a.ID, b.ID)
	})
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		if k := c.Kind + "\x00" + c.ID; !seen[k] {
			seen[k] = true
			c.Score = math.Round(c.Score*100) / 100
			out = append(out, c)
		}
	}
	return out
}

// pick returns the best candidate, its confidence and up to
// MaxAlternatives others, or the error code when there is no clear best.
func pick(cs []Candidate, notMatched, ambiguous string) (best Candidate, alts []Candidate, code string) {
	cs = ranked(cs)
	if len(cs) == 0 || cs[0].Score < Accept {
		return Candidate{}, head(cs), notMatched
	}
	alts = head(cs[1:])
	if len(cs) > 1 && cs[1].Score >= cs[0].Score-Margin {
		return Candidate{}, head(cs), ambiguous
	}
	return cs[0], alts, ""
}

func head(cs []Candidate) []Candidate {
	var out []Candidate
	for _, c := range cs {
		if len(out) == MaxAlternatives || c.Score <= 0 {
			break
		}
		out = append(out, c)
	}
	return out
}

// ProductIndex finds catalog variants and bundles by SKU (a bundle's
// price option id) or by name and variation.
type ProductIndex struct {
	cat   *catalog.Catalog
	cands []productCand
}

type productCand struct {
	c      Candidate
	tokens []string
}

// NewProductIndex indexes the published variants of c and the price
// options of its bundles (each one a candidate named by the bundle's name
// and the option's).
func NewProductIndex(c *catalog.Catalog) *ProductIndex {
	ix := &ProductIndex{cat: c}
	for _, p := range c.Products() {
		if !p.Published() {
			continue
		}
		for _, v := range p.Variants() {
			label := p.Name()
			if path := v.OptionPath(); path != "" {
				label += " (" + path + ")"
			}
			ix.cands = append(ix.cands, productCand{
				c:      Candidate{ID: v.SKU(), Kind: KindVariant, Label: label},
				tokens: tokens(p.Name() + " " + strings.Join(v.Options(), " ")),
			})
		}
	}
	for _, b := range c.Bundles() {
		opts := b.PriceOptions()
		for _, o := range opts {
			label := b.Name()
			if o.Name() != "" && len(opts) > 1 {
				label += " (" + o.Name() + ")"
			}
			ix.cands = append(ix.cands, productCand{
				c:      Candidate{ID: o.ID(), Kind: KindBundle, Label: label},
				tokens: tokens(b.Name() + " " + o.Name()),
			})
		}
	}
	return ix
}

// ProductMatch is the variant or bundle detected for an item: the
// variant's SKU or the bundle's price option id, the confidence and the
// next best alternatives.
type ProductMatch struct {
	SKU string `json:"sku,omitempty"`
	// PriceOptionID is set instead of SKU when the item is a bundle.
	PriceOptionID string `json:"price_option_id,omitempty"`
	// Kind is KindVariant or KindBundle ("" when nothing matched).
	Kind         string      `json:"kind,omitempty"`
	Label        string      `json:"label,omitempty"`
	Confidence   float64     `json:"confidence"`
	Alternatives []Candidate `json:"alternatives,omitempty"`
}

// Match detects the variant or bundle an item names: by its SKU when the
// catalog has it as a variant's SKU or a bundle's price option id
// (confidence 1), otherwise by the words of its name and variation
// against each variant's product name and option values and each bundle's
// name and price option name.
//
// Errors (no field; the caller names the item): missing_field for an item
// with neither SKU nor name; product_not_matched when nothing scores
// Accept; ambiguous_product when the runner-up is within Margin. Both
// carry the alternatives in the match.
func (ix *ProductIndex) Match(it Item) (ProductMatch, error) {
	if sku := strings.TrimSpace(it.SKU); sku != "" {
		for _, s := range []string{sku, strings.ToUpper(sku)} {
			if v, err := ix.cat.VariantBySKU(s); err == nil {
				for _, c := range ix.cands {
					if c.c.Kind == KindVariant && c.c.ID == v.SKU() {
						return ProductMatch{SKU: v.SKU(), Kind: KindVariant, Label: c.c.Label, Confidence: 1}, nil
					}
				}
			}
		}
		for _, c := range ix.cands {
			if c.c.Kind == KindBundle && strings.EqualFold(c.c.ID, sku) {
				return ProductMatch{PriceOptionID: c.c.ID, Kind: KindBundle, Label: c.c.Label, Confidence: 1}, nil
			}
		}
	}
	q := tokens(it.Name + " " + it.Variation)
	if len(q) == 0 {
		if it.SKU != "" {
			return ProductMatch{}, errs.Invalidf(CodeProductNotMatched, "importing: the catalog has no SKU %q for sale", it.SKU).WithField("sku")
		}
		return ProductMatch{}, errs.Invalidf(CodeMissingField, "importing: the item names no product").WithField("name")
	}
	cs := make([]Candidate, 0, len(ix.cands))
	for _, c := range ix.cands {
		// half the words in common, half the share of the catalog's
		// words found: a marketplace title's extra words cost less
		m := matched(q, c.tokens)
		s := m/float64(len(q)+len(c.tokens)) + 0.5*m/float64(len(c.tokens))
		cs = append(cs, Candidate{ID: c.c.ID, Kind: c.c.Kind, Label: c.c.Label, Score: s})
	}
	best, alts, code := pick(cs, CodeProductNotMatched, CodeAmbiguousProduct)
	m := ProductMatch{Kind: best.Kind, Label: best.Label, Confidence: best.Score, Alternatives: alts}
	if best.Kind == KindBundle {
		m.PriceOptionID = best.ID
	} else {
		m.SKU = best.ID
	}
	switch code {
	case CodeProductNotMatched:
		return m, errs.Invalidf(code, "importing: no product of the catalog matches %q", strings.TrimSpace(it.Name+" "+it.Variation)).WithField("name")
	case CodeAmbiguousProduct:
		return m, errs.Invalidf(code, "importing: %q matches several products as well; choose one of the alternatives", strings.TrimSpace(it.Name+" "+it.Variation)).WithField("name")
	}
	return m, nil
}

// Gazetteer finds delivery locations by postal code, district and city.
type Gazetteer struct {
	locs     []shipping.Location
	district [][]string
	city     [][]string
	cityKind []string
	byPostal map[string][]int
}

// NewGazetteer indexes locs.
func NewGazetteer(locs []shipping.Location) *Gazetteer {
	g := &Gazetteer{locs: locs, byPostal: map[string][]int{}}
	for i, l := range locs {
		g.district = append(g.district, placeWords(l.District))
		g.city = append(g.city, placeWords(l.City))
		g.cityKind = append(g.cityKind, placeKind(l.City))
		for _, pc := range l.PostalCodes {
			g.byPostal[pc] = append(g.byPostal[pc], i)
		}
	}
	return g
}

// placeAliases are common short names of cities.
var placeAliases = map[string]string{
	"jaksel": "jakarta selatan", "jakbar": "jakarta barat", "jaktim": "jakarta timur", "jakut": "jakarta utara",
	"jakpus": "jakarta pusat", "jkt": "jakarta", "bdg": "bandung", "sby": "surabaya", "jogja": "yogyakarta", "yogya": "yogyakarta",
	"jogjakarta": "yogyakarta", "smg": "semarang", "tangsel": "tangerang selatan", "mlg": "malang",
}

// placeNoise are the words of administrative kinds left out of a name.
var placeNoise = map[string]bool{"kota": true, "kab": true, "kabupaten": true, "kec": true, "kecamatan": true, "adm": true, "administrasi": true, "kel": true, "kelurahan": true, "desa": true, "ds": true, "prov": true, "provinsi": true}

// placeWords normalises a place name: words, aliases expanded, kinds
// ("Kota", "Kab.", "Kec.") left out.
func placeWords(s string) []string {
	var out []string
	for _, w := range tokens(s) {
		if a, ok := placeAliases[w]; ok {
			out = append(out, strings.Fields(a)...)
			continue
		}
		if !placeNoise[w] {
			out = append(out, w)
		}
	}
	return out
}

// placeKind tells a city's kind from its name: "kota", "kab" or "".
func placeKind(s string) string {
	ws := tokens(s)
	if len(ws) == 0 {
		return ""
	}
	switch ws[0] {
	case "kota":
		return "kota"
	case "kab", "kabupaten":
		return "kab"
	}
	return ""
}

// LocationMatch is the location detected for an address.
type LocationMatch struct {
	ID           string      `json:"id,omitempty"`
	Label        string      `json:"label,omitempty"`
	Confidence   float64     `json:"confidence"`
	Alternatives []Candidate `json:"alternatives,omitempty"`
}

// Match detects the location of an address: the postal code first, then
// the district and the city, as given apart or found in the address line
// (without regard to case, "KAB."/"KOTA"/"KEC." and small typos). A city
// written as "Kota …" or "Kab. …" prefers the location of that kind.
//
// Errors (field "address"): missing_field when the address is empty;
// location_not_matched; ambiguous_location, with the alternatives.
func (g *Gazetteer) Match(a Address) (LocationMatch, error) {
	line := strings.Join([]string{a.Line, a.District, a.City, a.Province, a.PostalCode}, " ")
	if strings.TrimSpace(line) == "" {
		return LocationMatch{}, errs.Invalidf(CodeMissingField, "importing: the address is empty").WithField("address")
	}
	text := placeWords(a.Line + " " + a.Province)
	rawText := tokens(a.Line)
	district, city := placeWords(a.District), placeWords(a.City)
	kind := placeKind(a.City)
	postal := strings.TrimSpace(a.PostalCode)
	// a location is scored only when its postal code fits or a word of
	// its district or city starts as a word of the address does: a typo
	// in the first three letters of every word is not looked for
	near := map[string]bool{}
	for _, ws := range [][]string{text, district, city} {
		for _, w := range ws {
			near[prefix3(w)] = true
		}
	}
	postalAt := map[int]bool{}
	for _, i := range g.byPostal[postal] {
		postalAt[i] = true
	}
	cityCache := map[string]float64{}
	cs := make([]Candidate, 0, 16)
	for i, l := range g.locs {
		if !postalAt[i] && !anyNear(g.district[i], near) && !anyNear(g.city[i], near) {
			continue
		}
		var p, d, c float64
		wp := 0.0
		if postal != "" {
			wp = 0.4
			if postalAt[i] {
				p = 1
			}
		}
		if len(district) > 0 {
			d = overlap(district, g.district[i])
		}
		if dt, _ := phraseIn(g.district[i], text); dt > d {
			d = dt
		}
		key := strings.Join(g.city[i], " ")
		var ok bool
		if c, ok = cityCache[key]; !ok {
			if len(city) > 0 {
				c = overlap(city, g.city[i])
			}
			if ct, _ := phraseIn(g.city[i], text); ct > c {
				c = ct
			}
			cityCache[key] = c
		}
		k := kind
		if k == "" {
			k = kindInText(g.city[i], rawText)
		}
		if k != "" && g.cityKind[i] != "" && k != g.cityKind[i] {
			c *= 0.7
		}
		if p == 0 && d < 0.5 && c < 0.5 {
			continue
		}
		// a postal code that fits is worth 0.7 alone; the names decide
		// between the districts that share it
		score := (wp*p + 0.35*d + 0.25*c) / (wp + 0.6)
		if p == 1 {
			score = 0.7 + 0.3*(0.35*d+0.25*c)/0.6
		}
		cs = append(cs, Candidate{ID: l.ID, Label: l.District + ", " + l.City + ", " + l.Province, Score: score})
	}
	best, alts, code := pick(cs, CodeLocationNotMatched, CodeAmbiguousLocation)
	m := LocationMatch{ID: best.ID, Label: best.Label, Confidence: best.Score, Alternatives: alts}
	switch code {
	case CodeLocationNotMatched:
		return m, errs.Invalidf(code, "importing: no delivery location matches the address").WithField("address")
	case CodeAmbiguousLocation:
		return m, errs.Invalidf(code, "importing: the address matches several delivery locations as well; choose one of the alternatives").WithField("address")
	}
	return m, nil
}

// prefix3 is the first three letters of a word (the word when shorter).
func prefix3(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			return w[:i]
		}
		n++
	}
	return w
}

func anyNear(ws []string, near map[string]bool) bool {
	for _, w := range ws {
		if near[prefix3(w)] {
			return true
		}
	}
	return false
}

// kindInText tells whether the city's name appears in the raw words
// after "kota" or "kab"/"kabupaten".
func kindInText(city, raw []string) string {
	if len(city) == 0 {
		return ""
	}
	for i := 1; i < len(raw); i++ {
		if raw[i] == city[0] {
			switch raw[i-1] {
			case "kota":
				return "kota"
			case "kab", "kabupaten":
				return "kab"
			}
		}
	}
	return ""
}

//go:embed couriers.json
var courierData []byte

type courierSpec struct {
	Code     string              `json:"code"`
	Names    []string            `json:"names"`
	Services map[string][]string `json:"services"`
}

var couriers = func() []courierSpec {
	var cs []courierSpec
	if err := strictjson.Decode(courierData, &cs); err != nil {
		panic("importing: couriers.json: " + err.Error()) // embedded data, checked by the tests
	}
	return cs
}()

// CourierMatch is the courier and service detected from a text. Service
// is "" when the text names none.
type CourierMatch struct {
	Courier    string  `json:"courier,omitempty"`
	Service    string  `json:"service,omitempty"`
	Confidence float64 `json:"confidence"`
}

// DetectCourier reads the courier and service from texts such as
// "Reguler (Cashless)-J&T Express", "JNE(OKE)", "SiCepat Halu", "jne reg":
// the courier by its known names (a typo of one letter allowed in longer
// names), the service by its names for that courier.
//
// Errors (field "courier"): missing_field for an empty text;
// unknown_courier for a text naming no known courier.
func DetectCourier(text string) (CourierMatch, error) {
	ws := tokens(strings.ReplaceAll(text, "&", " & "))
	if len(ws) == 0 {
		return CourierMatch{}, errs.Invalidf(CodeMissingField, "importing: no courier given").WithField("courier")
	}
	joined := " " + strings.Join(ws, " ") + " "
	var (
		best     *courierSpec
		bestConf float64
		bestLen  int
	)
	for i := range couriers {
		c := &couriers[i]
		for _, n := range c.Names {
			nw := tokens(strings.ReplaceAll(n, "&", " & "))
			conf := 0.0
			if strings.Contains(joined, " "+strings.Join(nw, " ")+" ") {
				conf = 1
			} else if s, _ := phraseIn(nw, ws); s >= 0.8 && len(n) >= 5 {
				conf = s
			}
			if conf > bestConf || conf == bestConf && conf > 0 && len(n) > bestLen {
				best, bestConf, bestLen = c, conf, len(n)
			}
		}
	}
	if best == nil {
		return CourierMatch{}, errs.Invalidf(CodeUnknownCourier, "importing: %.60q names no known courier", text).WithField("courier")
	}
	m := CourierMatch{Courier: best.Code, Confidence: math.Round(bestConf*100) / 100}
	for _, code := range slices.Sorted(maps.Keys(best.Services)) {
		for _, n := range best.Services[code] {
			if strings.Contains(joined, " "+strings.Join(tokens(n), " ")+" ") {
				m.Service = code
				return m, nil
			}
		}
	}
	return m, nil
}

// Detection is what was detected for one order: the buyer, each item's
// variant, the location and the courier, each with its confidence, and
// the coded errors of the fields that could not be read or detected.
type Detection struct {
	Order    Order          `json:"order"`
	Phone    string         `json:"phone,omitempty"` // E.164
	Items    []ProductMatch `json:"items"`
	Location LocationMatch  `json:"location"`
	Courier  CourierMatch   `json:"courier"`
	// Confidence is the least confidence of the detected parts.
	Confidence float64 `json:"confidence"`
	Errors     []error `json:"-"`
}

// OK reports whether every part was read and detected.
func (d Detection) OK() bool { return len(d.Errors) == 0 }

// Detect detects the parts of an order: the buyer's name and phone (a
// mobile number, checkout.ParseMobile), each item's variant, the location
// and the courier (a missing courier is no error: the caller picks one).
// Every problem is an error in Errors naming its field ("phone",
// "items[1].name", "address" …); o's own Errors come first.
func Detect(o Order, products *ProductIndex, places *Gazetteer) Detection {
	d := Detection{Order: o, Confidence: 1}
	d.Errors = append(d.Errors, o.Errors...)
	fail := func(field string, err error) { d.Errors = append(d.Errors, errs.At(field, err)) }
	if o.Name == "" {
		fail("name", errs.Invalidf(CodeMissingField, "importing: the row has no buyer name"))
	}
	if o.Phone == "" {
		fail("phone", errs.Invalidf(CodeMissingField, "importing: the row has no phone number"))
	} else if len(o.Phone) > checkout.MaxPhoneInput {
		fail("phone", errs.Invalidf(checkout.CodeInvalidPhone, "importing: the phone is too long"))
	} else if p, err := checkout.ParseMobile(o.Phone); err != nil {
		fail("phone", err)
	} else {
		d.Phone = p.E164()
	}
	if len(o.Items) == 0 {
		fail("items", errs.Invalidf(CodeMissingField, "importing: the row orders no product"))
	}
	for i, it := range o.Items {
		m, err := products.Match(it)
		d.Items = append(d.Items, m)
		if err != nil {
			fail("items["+strconv.Itoa(i)+"]", err)
			continue
		}
		d.Confidence = min(d.Confidence, m.Confidence)
	}
	if o.Address.Line == "" && o.Address.PostalCode == "" && o.Address.District == "" {
		fail("address", errs.Invalidf(CodeMissingField, "importing: the row has no address"))
	} else if m, err := places.Match(o.Address); err != nil {
		d.Location = m
		fail("", err)
	} else {
		d.Location = m
		d.Confidence = min(d.Confidence, m.Confidence)
	}
	if strings.TrimSpace(o.Courier) != "" {
		m, err := DetectCourier(o.Courier)
		if err != nil {
			fail("", err)
		} else {
			d.Courier = m
			d.Confidence = min(d.Confidence, m.Confidence)
		}
	}
	if !d.OK() {
		d.Confidence = 0
	}
	return d
}
