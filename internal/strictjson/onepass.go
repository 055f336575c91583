package strictjson

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// decodeOnePass fills rv.Elem() straight from data in one scan, for the
// documents and types where the result is sure to be the one the two-pass
// path (parse, check, encoding/json) gives: it reports false, leaving the
// value as it was, at anything else, so that the two-pass path answers.
// It declines
//   - a value that is not zero to start with (encoding/json would merge
//     into it);
//   - a type it does not read (see compile): interfaces, arrays, embedded
//     pointers, field names encoding/json would read otherwise than check,
//     ",string" fields, map keys that read themselves;
//   - any document fastParse would not take (malformed, a duplicate key,
//     too deep, data after it) and any value check or encoding/json
//     would refuse (an unknown field, a wrong type, a number out of
//     range, a value a type's own UnmarshalJSON or UnmarshalText refuses).
//
// So it never has to tell what is wrong: the two-pass path does, as
// before. FuzzDecodeOnePass holds the two to the same answers.
func decodeOnePass(data []byte, rv reflect.Value) bool {
	d := decoderOf(rv.Type().Elem())
	if d == nil {
		return false
	}
	dst := rv.Elem()
	if !dst.IsZero() {
		return false
	}
	f := fastParser{data: data}
	f.space()
	if f.fill(d, dst, 0) {
		f.space()
		if f.i == len(f.data) {
			return true
		}
	}
	dst.SetZero()
	return false
}

// How a decoder reads a value.
const (
	readString   = iota + 1 // a string kind
	readNumber              // json.Number: a string holding a number
	readBool                // a bool kind
	readInt                 // a signed integer kind of bits
	readUint                // an unsigned integer kind of bits
	readFloat               // a float kind of bits
	readStruct              // a struct, by fields
	readMap                 // a map with string keys, by elem
	readSlice               // a slice, by elem
	readPointer             // a pointer, by elem
	readJSON                // a json.Unmarshaler (not a TextUnmarshaler): any value
	readText                // an encoding.TextUnmarshaler only: a string
	readTextJSON            // both: a string, checked by UnmarshalText, read by UnmarshalJSON
)

// decoder is how decodeOnePass reads one Go type.
type decoder struct {
	how    int
	typ    reflect.Type
	bits   int
	elem   *decoder          // readMap, readSlice, readPointer
	fields map[string]*field // readStruct: by JSON name
}

// field is a struct field a decoder fills.
type field struct {
	index []int // through embedded structs, none of them a pointer
	ord   int   // its place among the struct's JSON fields, for duplicates
	dec   *decoder
}

var (
	decoders   sync.Map // reflect.Type → *decoder, nil when not read
	numberType = reflect.TypeFor[json.Number]()
)

// decoderOf gives how decodeOnePass reads t, or nil when it leaves t to
// the two-pass path.
func decoderOf(t reflect.Type) *decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(*decoder)
	}
	c := compiler{seen: map[reflect.Type]*decoder{}}
	d := c.compile(t)
	if c.bad {
		d = nil
	}
	decoders.Store(t, d)
	return d
}

// compiler builds the decoders of a type and every type it holds; bad
// records that one of them is not read, which makes the whole type not
// read.
type compiler struct {
	seen map[reflect.Type]*decoder
	bad  bool
}

func (c *compiler) compile(t reflect.Type) *decoder {
	if d, ok := c.seen[t]; ok {
		return d // in the making, for a type that holds itself
	}
	d := &decoder{typ: t}
	c.seen[t] = d
	if t.Kind() == reflect.Pointer {
		if t.Name() != "" {
			c.bad = true
			return d
		}
		d.how, d.elem = readPointer, c.compile(t.Elem())
		return d
	}
	pt := reflect.PointerTo(t)
	isJSON, isText := pt.Implements(jsonUnmarshaler), pt.Implements(textUnmarshaler)
	switch {
	case isJSON && isText:
		d.how = readTextJSON
		return d
	case isJSON:
		d.how = readJSON
		return d
	case isText:
		d.how = readText
		return d
	}
	switch t.Kind() {
	case reflect.String:
		d.how = readString
		if t == numberType {
			d.how = readNumber
		}
	case reflect.Bool:
		d.how = readBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.how, d.bits = readInt, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		d.how, d.bits = readUint, t.Bits()
	case reflect.Float32, reflect.Float64:
		d.how, d.bits = readFloat, t.Bits()
	case reflect.Slice:
		d.how, d.elem = readSlice, c.compile(t.Elem())
	case reflect.Map:
		k := t.Key()
		if k.Kind() != reflect.String || reflect.PointerTo(k).Implements(textUnmarshaler) {
			c.bad = true
			return d
		}
		d.how, d.elem = readMap, c.compile(t.Elem())
	case reflect.Struct:
		d.how, d.fields = readStruct, map[string]*field{}
		c.structFields(d, t, nil)
		c.sameFieldsAsCheck(d, t)
	default:
		c.bad = true // interfaces, arrays, and what check refuses
	}
	return d
}

// structFields adds the fields of t (reached through index) to d, as
// encoding/json reads them, or marks the type bad where the simple rules
// here might read them otherwise than encoding/json or check does.
func (c *compiler) structFields(d *decoder, t reflect.Type, index []int) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		at := append(index[:len(index):len(index)], i)
		if sf.Anonymous {
			if name != "" || sf.Type.Kind() != reflect.Struct {
				c.bad = true // a named or pointer or non-struct embedding
				return
			}
			c.structFields(d, sf.Type, at)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name != "" && !isValidTag(name) || strings.Contains(opts, "string") {
			c.bad = true
			return
		}
		if name == "" {
			name = sf.Name
		}
		if _, twice := d.fields[name]; twice {
			c.bad = true // encoding/json and check settle a clash differently
			return
		}
		d.fields[name] = &field{index: at, ord: len(d.fields), dec: c.compile(sf.Type)}
	}
}

// sameFieldsAsCheck marks the type bad unless check knows exactly the
// fields d reads, with the same types.
func (c *compiler) sameFieldsAsCheck(d *decoder, t reflect.Type) {
	want := jsonFields(t)
	if len(want) != len(d.fields) {
		c.bad = true
		return
	}
	for name, f := range d.fields {
		if want[name] != f.dec.typ {
			c.bad = true
			return
		}
	}
}

// isValidTag is encoding/json's rule for a name in a tag it takes;
// another name makes it use the field's name.
func isValidTag(s string) bool {
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return s != ""
}

// fill reads the value at f.i into v, a zero value of d's type, or
// reports false.
func (f *fastParser) fill(d *decoder, v reflect.Value, depth int) bool {
	if f.i >= len(f.data) {
		return false
	}
	start := f.i
	c := f.data[f.i]
	if c == 'n' {
		if !f.literal("null") {
			return false
		}
		// null leaves a zero value as it is, but a type reading itself
		// is given it.
		if d.how == readJSON || d.how == readTextJSON {
			return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(f.data[start:f.i]) == nil
		}
		return true
	}
	switch d.how {
	case readJSON:
		if _, ok := f.value(depth); !ok {
			return false
		}
		return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(f.data[start:f.i]) == nil
	case readText, readTextJSON:
		text, ok := f.text()
		if !ok {
			return false
		}
		if d.how == readText {
			return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(text) == nil
		}
		// check asks UnmarshalText of a new value, encoding/json then
		// gives UnmarshalJSON the quoted string.
		if reflect.New(d.typ).Interface().(encoding.TextUnmarshaler).UnmarshalText(text) != nil {
			return false
		}
		return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(f.data[start:f.i]) == nil
	case readString, readNumber:
		s, ok := f.str()
		if !ok {
			return false
		}
		if d.how == readNumber {
			if end, ok := numberEnd([]byte(s), 0); !ok || end != len(s) {
				return false
			}
		}
		v.SetString(s)
		return true
	case readBool:
		switch c {
		case 't':
			v.SetBool(true)
			return f.literal("true")
		case 'f':
			return f.literal("false")
		}
		return false
	case readInt, readUint, readFloat:
		end, ok := numberEnd(f.data, f.i)
		if !ok {
			return false
		}
		f.i = end
		return setNumber(d, v, f.data[start:end])
	case readStruct:
		return f.fillStruct(d, v, depth)
	case readMap:
		return f.fillMap(d, v, depth)
	case readSlice:
		return f.fillSlice(d, v, depth)
	case readPointer:
		p := reflect.New(d.typ.Elem())
		if !f.fill(d.elem, p.Elem(), depth) {
			return false
		}
		v.Set(p)
		return true
	}
	return false
}

// text reads a string as the bytes a TextUnmarshaler is given.
func (f *fastParser) text() ([]byte, bool) {
	start := f.i
	plain, ok := f.strEnd()
	switch {
	case !ok:
		return nil, false
	case plain:
		return f.data[start+1 : f.i-1], true
	}
	s, ok := unquote(f.data[start:f.i])
	return []byte(s), ok
}

// setNumber sets v from the JSON number n as encoding/json does, or
// reports false where check or encoding/json refuses it.
func setNumber(d *decoder, v reflect.Value, n []byte) bool {
	switch d.how {
	case readInt:
		i, ok := parseInt(n, d.bits)
		if ok {
			v.SetInt(i)
		}
		return ok
	case readUint:
		u, ok := parseUint(n, d.bits)
		if ok {
			v.SetUint(u)
		}
		return ok
	}
	x, err := strconv.ParseFloat(string(n), d.bits)
	if err != nil || v.OverflowFloat(x) {
		return false
	}
	v.SetFloat(x)
	return true
}

// parseInt reads a whole number within bits, as strconv.ParseInt does,
// from a well-formed JSON number (one with a fraction or an exponent is
// not a whole number for it either).
func parseInt(n []byte, bits int) (int64, bool) {
	neg := n[0] == '-'
	if neg {
		n = n[1:]
	}
	u, ok := parseUint(n, 64)
	if !ok {
		return 0, false
	}
	limit := uint64(1) << (bits - 1)
	if neg {
		if u > limit {
			return 0, false
		}
		return int64(-u), true // -limit wraps to itself
	}
	if u >= limit {
		return 0, false
	}
	return int64(u), true
}

// parseUint reads a whole number ≥ 0 within bits, as strconv.ParseUint
// does, from a well-formed JSON number.
func parseUint(n []byte, bits int) (uint64, bool) {
	top := uint64(math.MaxUint64) >> (64 - bits)
	var u uint64
	for _, c := range n {
		if c < '0' || c > '9' {
			return 0, false // a sign, a fraction or an exponent
		}
		if u > (top-uint64(c-'0'))/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	return u, true
}

// key reads an object key and the colon after it.
func (f *fastParser) key() (raw []byte, s string, ok bool) {
	f.space()
	start := f.i
	plain, ok := f.strEnd()
	if !ok {
		return nil, "", false
	}
	if plain {
		raw = f.data[start+1 : f.i-1]
	} else if s, ok = unquote(f.data[start:f.i]); !ok {
		return nil, "", false
	}
	f.space()
	if f.i >= len(f.data) || f.data[f.i] != ':' {
		return nil, "", false
	}
	f.i++
	f.space()
	return raw, s, true
}

// next moves past the comma or the closing delimiter after a member:
// more reports a comma, done the closing delimiter.
func (f *fastParser) next(closing byte) (more, ok bool) {
	f.space()
	if f.i >= len(f.data) {
		return false, false
	}
	switch f.data[f.i] {
	case ',':
		f.i++
		return true, true
	case closing:
		f.i++
		return false, true
	}
	return false, false
}

// open moves past the opening delimiter of an object or array and tells
// whether it is empty (and moved past its closing one as well).
func (f *fastParser) open(opening, closing byte, depth int) (empty, ok bool) {
	if f.data[f.i] != opening || depth >= MaxDepth {
		return false, false
	}
	f.i++
	f.space()
	if f.i < len(f.data) && f.data[f.i] == closing {
		f.i++
		return true, true
	}
	return false, true
}

func (f *fastParser) fillStruct(d *decoder, v reflect.Value, depth int) bool {
	empty, ok := f.open('{', '}', depth)
	if !ok || empty {
		return ok
	}
	var seen uint64
	var seenMore []bool // for a struct of more than 64 fields
	for {
		raw, s, ok := f.key()
		if !ok {
			return false
		}
		var fd *field
		if raw != nil {
			fd = d.fields[string(raw)]
		} else {
			fd = d.fields[s]
		}
		if fd == nil {
			return false
		}
		if fd.ord < 64 {
			if seen&(1<<fd.ord) != 0 {
				return false
			}
			seen |= 1 << fd.ord
		} else {
			if seenMore == nil {
				seenMore = make([]bool, len(d.fields))
			}
			if seenMore[fd.ord] {
				return false
			}
			seenMore[fd.ord] = true
		}
		fv := v.Field(fd.index[0])
		for _, i := range fd.index[1:] {
			fv = fv.Field(i)
		}
		if !f.fill(fd.dec, fv, depth+1) {
			return false
		}
		more, ok := f.next('}')
		if !ok {
			return false
		}
		if !more {
			return true
		}
	}
}

func (f *fastParser) fillMap(d *decoder, v reflect.Value, depth int) bool {
	empty, ok := f.open('{', '}', depth)
	if !ok {
		return false
	}
	m := reflect.MakeMap(d.typ)
	v.Set(m)
	if empty {
		return true
	}
	kt, et := d.typ.Key(), d.typ.Elem()
	for {
		raw, s, ok := f.key()
		if !ok {
			return false
		}
		if raw != nil {
			s = string(raw)
		}
		k := reflect.New(kt).Elem()
		k.SetString(s)
		if m.MapIndex(k).IsValid() {
			return false // given twice
		}
		e := reflect.New(et).Elem()
		if !f.fill(d.elem, e, depth+1) {
			return false
		}
		m.SetMapIndex(k, e)
		more, ok := f.next('}')
		if !ok {
			return false
		}
		if !more {
			return true
		}
	}
}

func (f *fastParser) fillSlice(d *decoder, v reflect.Value, depth int) bool {
	empty, ok := f.open('[', ']', depth)
	if !ok {
		return false
	}
	if empty {
		v.Set(reflect.MakeSlice(d.typ, 0, 0))
		return true
	}
	for i := 0; ; i++ {
		f.space()
		if i >= v.Cap() {
			v.Grow(1)
		}
		v.SetLen(i + 1)
		if !f.fill(d.elem, v.Index(i), depth+1) {
			return false
		}
		more, ok := f.next(']')
		if !ok {
			return false
		}
		if !more {
			return true
		}
	}
}
