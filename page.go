package kasir

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// MaxPageBytes bounds one page of a listing (ListOrders, ListAbandoned) as
// JSON, whatever was stored: a page holds fewer records than its limit when
// more would make it larger, and always at least one. Continue at the
// offset plus the number of records returned.
const MaxPageBytes = 4 << 20

// fitPage returns the longest start of page whose records, as JSON, take
// at most MaxPageBytes (at least one record).
//
// It first adds up an upper bound of each record's JSON size (jsonBound),
// which walks the record without encoding it; only when that sum exceeds
// MaxPageBytes are the records encoded to measure them exactly. A page of
// ordinary orders is thus never encoded here, only by the view that
// writes it.
func fitPage[T any](page []T) []T {
	bound := 0
	for _, r := range page {
		if bound += jsonBound(r); bound > MaxPageBytes {
			return fitPageExactly(page)
		}
	}
	return page
}

// fitPageExactly is fitPage measuring each record with json.Marshal.
func fitPageExactly[T any](page []T) []T {
	size := 0
	for i, r := range page {
		b, err := json.Marshal(r)
		if err != nil {
			continue // the view that writes it reports it
		}
		if size += len(b); i > 0 && size > MaxPageBytes {
			return page[:i]
		}
	}
	return page
}

// jsonBound returns a number at least the size of json.Marshal(v) when v
// can be encoded (any number when it cannot: such a record counts for
// nothing in fitPageExactly either). It follows encoding/json's rules:
// a Marshaler's or TextMarshaler's own output (each byte of which JSON
// may write as six: \u003c), every exported field of a struct whether or
// not it is omitted when empty, six bytes per byte of a string, and the
// longest form of numbers and times. It walks the value with reflection,
// by a function worked out once per type, and but for Marshalers
// allocates nothing.
func jsonBound(v any) int {
	if v == nil {
		return len("null")
	}
	rv := reflect.ValueOf(v)
	return boundFor(rv.Type())(rv, 0)
}

// maxBoundDepth is how deep jsonBound follows pointers before it gives
// up and returns more than MaxPageBytes, so that a cyclic value (which
// json.Marshal refuses) sends fitPage to the exact measure.
const maxBoundDepth = 1000

// tooLarge is the bound of what jsonBound cannot measure: more than any
// page, so that fitPage measures it exactly.
const tooLarge = MaxPageBytes + 1

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	timeType          = reflect.TypeFor[time.Time]()
)

// timeBound is the longest JSON of a time.Time: RFC 3339 with
// nanoseconds and an offset, quoted (json.Marshal refuses years outside
// 0–9999).
const timeBound = len(`"2006-01-02T15:04:05.999999999-07:00"`)

// intBound is the longest JSON of an integer, quoted as the string
// option writes it.
const intBound = len(`"-9223372036854775808"`)

// projections are, for the Marshalers every order holds, the value their
// MarshalJSON encodes, so that the bound walks it instead of encoding it
// (which cost half of the bound's time). A projection must carry
// everything its MarshalJSON writes; TestJSONBoundIsAtLeastTheJSON holds
// them to it.
var projections = map[reflect.Type]func(any) any{
	reflect.TypeFor[checkout.Lifecycle](): func(v any) any {
		l := v.(checkout.Lifecycle)
		return struct {
			Status  checkout.Status         `json:"status"`
			History []checkout.StatusChange `json:"history"`
		}{l.Status(), l.History()}
	},
	reflect.TypeFor[pricing.ReturnTerms](): func(v any) any {
		t := v.(pricing.ReturnTerms)
		return struct {
			ReturnPercent  money.Rate `json:"return_percent"`
			CODFeeOnReturn bool       `json:"cod_fee_on_return"`
		}{t.Percent(), t.CODFeeOnReturn()}
	},
}

// boundFunc is the bound of a value of one type, depth pointers deep.
type boundFunc func(v reflect.Value, depth int) int

var boundFuncs sync.Map // reflect.Type → boundFunc

// boundFor returns the boundFunc of t, worked out once. A recursive
// type finds its own function, which waits until it is worked out.
func boundFor(t reflect.Type) boundFunc {
	if f, ok := boundFuncs.Load(t); ok {
		return f.(boundFunc)
	}
	var (
		wg sync.WaitGroup
		f  boundFunc
	)
	wg.Add(1)
	fi, loaded := boundFuncs.LoadOrStore(t, boundFunc(func(v reflect.Value, depth int) int {
		wg.Wait()
		return f(v, depth)
	}))
	if loaded {
		return fi.(boundFunc)
	}
	f = newBoundFunc(t, true)
	wg.Done()
	boundFuncs.Store(t, f)
	return f
}

// newBoundFunc works out the boundFunc of t; with addressable false it
// does not look for methods of *t (as encoding/json does not for a value
// it cannot take the address of).
func newBoundFunc(t reflect.Type, addressable bool) boundFunc {
	if t == timeType {
		return func(reflect.Value, int) int { return timeBound }
	}
	if project, ok := projections[t]; ok {
		return func(v reflect.Value, depth int) int {
			if !v.CanInterface() {
				return tooLarge
			}
			p := project(v.Interface())
			return boundFor(reflect.TypeOf(p))(reflect.ValueOf(p), depth)
		}
	}
	if addressable && t.Kind() != reflect.Pointer {
		pt := reflect.PointerTo(t)
		if pt.Implements(marshalerType) || pt.Implements(textMarshalerType) {
			ptrBound, plain := newBoundFunc(pt, false), newBoundFunc(t, false)
			return func(v reflect.Value, depth int) int {
				if v.CanAddr() {
					return ptrBound(v.Addr(), depth)
				}
				return plain(v, depth)
			}
		}
	}
	if t.Implements(marshalerType) {
		return methodBound(t, func(v reflect.Value) int {
			b, err := v.Interface().(json.Marshaler).MarshalJSON()
			if err != nil {
				return 0
			}
			return bytesBound(b)
		})
	}
	if t.Implements(textMarshalerType) {
		return methodBound(t, func(v reflect.Value) int {
			b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return 0
			}
			return bytesBound(b) + 2
		})
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(reflect.Value, int) int { return len("false") + 2 }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(reflect.Value, int) int { return intBound }
	case reflect.Float32, reflect.Float64:
		return func(reflect.Value, int) int { return 32 } // -1.2345678901234567e-308, quoted
	case reflect.String:
		return func(v reflect.Value, _ int) int { return stringBound(v.String()) + 2 } // quoted again under the string option
	case reflect.Interface:
		return func(v reflect.Value, depth int) int {
			if v.IsNil() {
				return len("null")
			}
			if depth > maxBoundDepth {
				return tooLarge
			}
			e := v.Elem()
			return boundFor(e.Type())(e, depth+1)
		}
	case reflect.Pointer:
		elem := boundFor(t.Elem())
		return func(v reflect.Value, depth int) int {
			if v.IsNil() {
				return len("null")
			}
			if depth > maxBoundDepth {
				return tooLarge
			}
			return elem(v.Elem(), depth+1)
		}
	case reflect.Slice:
		if e := t.Elem(); e.Kind() == reflect.Uint8 && !reflect.PointerTo(e).Implements(marshalerType) &&
			!reflect.PointerTo(e).Implements(textMarshalerType) {
			return func(v reflect.Value, _ int) int { return (v.Len()+2)/3*4 + len(`""`) } // base64
		}
		elem := boundFor(t.Elem())
		return func(v reflect.Value, depth int) int {
			if v.IsNil() {
				return len("null")
			}
			n := len("[]")
			for i := range v.Len() {
				n += elem(v.Index(i), depth) + 1
			}
			return n
		}
	case reflect.Array:
		elem := boundFor(t.Elem())
		return func(v reflect.Value, depth int) int {
			n := len("[]")
			for i := range v.Len() {
				n += elem(v.Index(i), depth) + 1
			}
			return n
		}
	case reflect.Map:
		key, elem := keyBoundFor(t.Key()), boundFor(t.Elem())
		return func(v reflect.Value, depth int) int {
			if v.IsNil() {
				return len("null")
			}
			n := len("{}")
			for it := v.MapRange(); it.Next(); {
				n += key(it.Key()) + len(":,") + elem(it.Value(), depth)
			}
			return n
		}
	case reflect.Struct:
		fields := structFields(t)
		return func(v reflect.Value, depth int) int {
			n := len("{}")
			for _, f := range fields {
				fv := v.Field(f.index)
				if f.embeddedPointer && fv.IsNil() {
					continue
				}
				n += f.keyBound + f.bound(fv, depth)
			}
			return n
		}
	default: // channels, functions, complex numbers: json.Marshal refuses them
		return func(reflect.Value, int) int { return 0 }
	}
}

// methodBound is the bound of a type with a method of its own for JSON,
// measured by calling it: null for a nil pointer; more than a page for a
// value reached through an unexported field, whose methods cannot be
// called from here.
func methodBound(t reflect.Type, measure func(reflect.Value) int) boundFunc {
	return func(v reflect.Value, _ int) int {
		if t.Kind() == reflect.Pointer && v.IsNil() {
			return len("null")
		}
		if !v.CanInterface() {
			return tooLarge
		}
		return measure(v)
	}
}

// keyBoundFor is the bound of a map key of type t: a string, a
// TextMarshaler's text or a number, quoted.
func keyBoundFor(t reflect.Type) func(reflect.Value) int {
	switch {
	case t.Kind() == reflect.String:
		return func(k reflect.Value) int { return stringBound(k.String()) }
	case t.Implements(textMarshalerType):
		f := newBoundFunc(t, false)
		return func(k reflect.Value) int { return f(k, 0) }
	default:
		return func(reflect.Value) int { return intBound }
	}
}

// stringBound is the quoted size of s as JSON, at most: a byte JSON
// writes as itself counts one, any other six (\u003c, \ufffd for a byte
// of invalid UTF-8; a multi-byte rune written as itself or as \u2028
// counts less than six per byte).
func stringBound(s string) int {
	n := len(s) + len(`""`)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			n += 5
		}
	}
	return n
}

// bytesBound is the size of a Marshaler's output once json.Marshal has
// compacted it and escaped <, >, & and U+2028, U+2029, at most.
func bytesBound(b []byte) int {
	n := len(b)
	for _, c := range b {
		if c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			n += 5
		}
	}
	return n
}

// boundField is a struct field json.Marshal may write.
type boundField struct {
	index           int
	keyBound        int // "name": and a comma, at most
	bound           boundFunc
	embeddedPointer bool // a nil one is skipped
}

// structFields returns the fields of t json.Marshal may write: every
// exported one and every embedded one (whose fields it promotes), but
// those tagged "-".
func structFields(t reflect.Type) []boundField {
	var fs []boundField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		fs = append(fs, boundField{index: i, keyBound: stringBound(name) + stringBound(f.Name) + len(":,"),
			bound: boundFor(f.Type), embeddedPointer: f.Anonymous && f.Type.Kind() == reflect.Pointer})
	}
	return fs
}
