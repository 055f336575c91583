package kasir_test

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

func TestAbandonedPageIsBoundedWhateverWasStored(t *testing.T) {
	f := newFixture(t)
	// The largest captures the bounds allow: 100 lines of the longest
	// texts, in a character JSON writes as six bytes.
	lines := make([]catalog.LineRequest, 100)
	for i := range lines {
		id := strings.Repeat("<", 64)
		lines[i] = catalog.LineRequest{SKU: id, VariantID: id, ProductID: id, PriceOptionID: id, Options: strings.Repeat("<", 300), Quantity: 1}
	}
	for i := range 20 {
		_, err := f.svc.CaptureAbandoned(ctx, kasir.AbandonedRequest{Name: strings.Repeat("<", 100), Phone: fmt.Sprintf("0812%08d", i),
			Lines: lines, Notes: strings.Repeat("<", 500)})
		require.NoError(t, err)
	}
	// And what was stored before the bounds: 1 MB each.
	for i := range 5 {
		require.NoError(t, f.store.CreateAbandoned(ctx, &checkout.Abandoned{ID: fmt.Sprintf("lama-%d", i), Name: "x", Phone: fmt.Sprintf("+62813%08d", i),
			Notes: strings.Repeat("a", 1<<20), Status: checkout.AbandonedOpen, CreatedAt: start, UpdatedAt: start}))
	}
	seen := 0
	for offset := 0; offset < 25; {
		page, err := f.svc.ListAbandoned(ctx, ports.AbandonedFilter{Offset: offset, Limit: 100})
		require.NoError(t, err)
		assert.Equal(t, 25, page.Total)
		require.NotEmpty(t, page.Checkouts, "every page makes progress")
		b, err := json.Marshal(page)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(b), kasir.MaxPageBytes+1024, "a page of %d checkouts", len(page.Checkouts))
		offset += len(page.Checkouts)
		seen += len(page.Checkouts)
	}
	assert.Equal(t, 25, seen)
}

// hostile is a text JSON writes at its largest, six bytes a byte: <, > and & as \u003c,
// invalid UTF-8 as \ufffd, U+2028 escaped, control characters, quotes.
var hostile = strings.Repeat("<>&", 100) + "\xff\u2028\x01\"\\é"

// validEnums are values of the enumerations an order holds that JSON
// writes (their zero value is refused).
var validEnums = map[reflect.Type]any{
	reflect.TypeFor[payment.Method]():  payment.BankTransfer,
	reflect.TypeFor[pricing.Outcome](): pricing.Returned,
}

// fillAll sets every exported field it can reach in v to a hostile or
// extreme value: strings hostile, numbers their most negative, times the
// longest RFC 3339, slices and maps two entries, pointers a filled value
// (to depth 6).
func fillAll(v reflect.Value, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	if t := reflect.PointerTo(v.Type()); t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) && v.Kind() != reflect.Struct {
		if e, ok := validEnums[v.Type()]; ok {
			v.Set(reflect.ValueOf(e)) // an enumeration refuses other values
		}
		return
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(9999, 12, 31, 23, 59, 59, 123456789, time.FixedZone("", -7*3600-1800))))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(hostile + hostile)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-1 << (v.Type().Bits() - 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1<<v.Type().Bits() - 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(-1.2345678901234567e-300)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillAll(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillAll(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillAll(k, depth+1)
			if k.Kind() == reflect.String {
				k.SetString(fmt.Sprint(hostile, i))
			}
			fillAll(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			fillAll(v.Field(i), depth+1)
		}
	}
}

// TestJSONBoundIsAtLeastTheJSON: the bound fitPage adds up without
// encoding is never below the record's JSON, for orders and checkouts
// as stored, with every field it can reach set to its largest form
// (hostile texts, extreme numbers, every optional part present), and
// for values JSON writes in their own way.
func TestJSONBoundIsAtLeastTheJSON(t *testing.T) {
	t.Parallel()
	var filledOrder checkout.Order
	fillAll(reflect.ValueOf(&filledOrder).Elem(), 0)
	lc, err := checkout.NewLifecycle(checkout.StatusProcessing, start, hostile)
	require.NoError(t, err)
	require.NoError(t, lc.Transition(checkout.StatusCancelled, start, hostile))
	filledOrder.Lifecycle = lc
	terms, err := pricing.NewReturnTerms(money.MustRate("12.3456789"), true)
	require.NoError(t, err)
	var filledCheckout checkout.Abandoned
	fillAll(reflect.ValueOf(&filledCheckout).Elem(), 0)
	cancelled := storedOrder(t, 5)
	require.Equal(t, checkout.StatusCancelled, cancelled.Status())

	for name, v := range map[string]any{
		"stored order":            storedOrder(t, 1),
		"a life cycle":            lc,
		"return terms":            terms,
		"cancelled order":         cancelled,
		"every field filled":      &filledOrder,
		"a checkout, filled":      &filledCheckout,
		"a nil order":             (*checkout.Order)(nil),
		"nil":                     nil,
		"bytes":                   []byte(hostile),
		"a map of numbers":        map[int]float64{-1 << 63: -1.2345678901234567e-300, 7: 1e21},
		"an interface in a map":   map[string]any{hostile: []any{hostile, 1, true, nil}},
		"a struct of a Marshaler": struct{ Raw json.RawMessage }{json.RawMessage(`{"a":"<<<"}`)},
	} {
		b, err := json.Marshal(v)
		require.NoError(t, err, name)
		assert.GreaterOrEqual(t, kasir.JSONBound(v), len(b), name)
	}
	// The bound is for fitting pages, not a wild guess: an ordinary
	// order's is within a few times its JSON.
	o := storedOrder(t, 1)
	b, err := json.Marshal(o)
	require.NoError(t, err)
	assert.Less(t, kasir.JSONBound(o), 4*len(b))
}

// TestFitPageEqualsTheExactMeasure: fitting a page by the bound gives
// the same records as measuring each one, whether the page fits (no
// record is encoded) or must be cut.
func TestFitPageEqualsTheExactMeasure(t *testing.T) {
	t.Parallel()
	big := func(n int) any { return map[string]string{"notes": strings.Repeat("a", n)} }
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	for name, page := range map[string][]any{
		"empty":                 {},
		"small records":         {storedOrder(t, 1), storedOrder(t, 2), storedOrder(t, 3)},
		"one record over":       {big(kasir.MaxPageBytes + 10), big(10)},
		"cut after the second":  {big(2 << 20), big(2<<20 - 100), big(100), big(10)},
		"fits only by the byte": {big(kasir.MaxPageBytes/2 - 20), big(kasir.MaxPageBytes/2 - 20)},
		"near the bound":        {big(kasir.MaxPageBytes / 7), big(kasir.MaxPageBytes / 7), big(kasir.MaxPageBytes / 7), storedOrder(t, 4)},
		"unencodable record":    {func() {}, big(10)},
		"a cyclic record":       {big(10), cyclic, big(10)},
	} {
		assert.Equal(t, len(kasir.FitPageExactly(page)), len(kasir.FitPage(page)), name)
	}
	// {"notes":"…"} is 12 bytes and the text: the first two take 4 MiB
	// less 76 bytes, the third is over.
	assert.Equal(t, 2, len(kasir.FitPage([]any{big(2 << 20), big(2<<20 - 100), big(100), big(10)})), "the page is cut")
}

// BenchmarkFitPage fits a page of 20 stored orders by the bound (what
// listings do) and by encoding each (what they did):
// go test -run x -bench FitPage -benchmem .
func BenchmarkFitPage(b *testing.B) {
	page := make([]any, 20)
	for i := range page {
		page[i] = storedOrder(b, i)
	}
	for name, fit := range map[string]func([]any) []any{"bound": kasir.FitPage, "exact": kasir.FitPageExactly} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(fit(page)) != 20 {
					b.Fatal("cut")
				}
			}
		})
	}
}
