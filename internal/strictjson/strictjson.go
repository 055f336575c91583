// Package strictjson is the module's one strict JSON decoder: the HTTP
// API's request bodies and the store file are read through [Decode].
//
// It refuses what encoding/json lets through or reports without a place:
// a field name that matches only without regard to case ("QUANTITY" for
// "quantity"), a key given twice in one object, an unknown field, a value
// of the wrong JSON type, a whole number with a fraction, a text value its
// type refuses (a payment method, a percentage, a time), an empty
// document and anything after the document. Every error is a coded
// *errs.Error of kind errs.Invalid naming the field at fault as a path
// such as "lines[0].quantity" or "vouchers[2].kind".
package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kasir-id/kasir/errs"
)

// The codes of the errors Decode returns. A value a field's own type
// refuses with a coded error (payment.ParseMethod's invalid_input) keeps
// that error's code and gets the field's path.
const (
	CodeInvalidJSON    = "invalid_json"    // not one JSON document: malformed, empty, cut short, data after it, nested too deeply
	CodeUnknownField   = "unknown_field"   // a field the type does not have, including one spelled in another case
	CodeDuplicateField = "duplicate_field" // a key given twice in one object
	CodeInvalidType    = "invalid_type"    // a value of the wrong JSON type, or one its type cannot read
)

// MaxDepth is how deeply objects and arrays may nest; deeper is
// invalid_json. No document kasir reads needs more than a few levels.
const MaxDepth = 64

// Decode decodes the JSON document data into v, a non-nil pointer, or
// returns the first problem it finds (see the package documentation) and
// leaves v as it was. Errors are *errs.Error of kind errs.Invalid with the
// codes above, and errs.Field names the path of the field at fault ("" for
// the document as a whole). It panics when v is not a non-nil pointer, or
// its type holds a map whose keys are not strings: both are programming
// errors.
//
// A document that is well formed and right for v's type is read in one
// scan straight into v (decodeOnePass). Any other, and a v that is not
// zero to start with, takes the two-pass path (decodeTwoPass), which
// tells what is wrong and where; the answer is the same either way.
func Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("strictjson: Decode needs a non-nil pointer")
	}
	if decodeOnePass(data, rv) {
		return nil
	}
	return decodeTwoPass(data, rv)
}

// decodeTwoPass first reads the document into a tree, refusing duplicate
// keys, then checks the tree against rv's type field by field, so that
// every error knows its path, and only then lets encoding/json fill
// rv.Elem().
func decodeTwoPass(data []byte, rv reflect.Value) error {
	doc, err := parse(data)
	if err != nil {
		return err
	}
	// The check runs first without naming paths, which costs nothing
	// until something is wrong; then again, naming them, for the error.
	if check(doc, rv.Type().Elem(), "", false) != nil {
		return check(doc, rv.Type().Elem(), "", true)
	}
	// The shape is right, so what remains is a value a type's own
	// UnmarshalJSON refuses (json.RawMessage takes anything).
	tmp := reflect.New(rv.Type().Elem())
	tmp.Elem().Set(rv.Elem())
	if err := json.Unmarshal(data, tmp.Interface()); err != nil {
		if errs.Code(err) != "" {
			return err
		}
		return errs.Wrap(errs.Invalid, CodeInvalidType, err, "a value cannot be read: "+err.Error())
	}
	rv.Elem().Set(tmp.Elem())
	return nil
}

// parser reads a document into a tree of map[string]any, []any, string,
// json.Number, bool and nil.
type parser struct {
	data []byte
	dec  *json.Decoder
}

// parse reads a document into a tree: by fastParse when the document is
// well formed, else by tokenParse, which tells what is wrong and where.
func parse(data []byte) (any, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errs.E(errs.Invalid, CodeInvalidJSON, "the document is empty; send a JSON object")
	}
	if doc, ok := fastParse(data); ok {
		return doc, nil
	}
	return tokenParse(data)
}

// tokenParse reads a document with encoding/json's tokenizer.
func tokenParse(data []byte) (any, error) {
	p := &parser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	doc, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errs.E(errs.Invalid, CodeInvalidJSON, "unexpected data after the document at "+p.position(p.dec.InputOffset()))
	}
	return doc, nil
}

func (p *parser) token() (json.Token, error) {
	tok, err := p.dec.Token()
	if err == nil {
		return tok, nil
	}
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return nil, errs.Wrap(errs.Invalid, CodeInvalidJSON, err, "malformed JSON at "+p.position(syn.Offset))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errs.E(errs.Invalid, CodeInvalidJSON, "the document is cut short")
	}
	return nil, errs.Wrap(errs.Invalid, CodeInvalidJSON, err, "malformed JSON at "+p.position(p.dec.InputOffset()))
}

func (p *parser) value(path string, depth int) (any, error) {
	tok, err := p.token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	if depth >= MaxDepth {
		return nil, errs.Invalidf(CodeInvalidJSON, "the document nests deeper than %d levels", MaxDepth).WithField(path)
	}
	switch d {
	case '{':
		obj := map[string]any{}
		for p.dec.More() {
			kt, err := p.token()
			if err != nil {
				return nil, err
			}
			key := kt.(string) // the decoder only gives strings as keys
			at := errs.JoinPath(path, key)
			if _, dup := obj[key]; dup {
				return nil, errs.Invalidf(CodeDuplicateField, "field %q is given twice", key).WithField(at)
			}
			if obj[key], err = p.value(at, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := p.token() // '}'
		return obj, err
	case '[':
		list := []any{}
		for p.dec.More() {
			el, err := p.value(path+"["+strconv.Itoa(len(list))+"]", depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, el)
		}
		_, err := p.token() // ']'
		return list, err
	}
	return nil, errs.E(errs.Invalid, CodeInvalidJSON, "malformed JSON at "+p.position(p.dec.InputOffset()))
}

// position gives a byte offset of the document as "line L, column C"
// (both from 1).
func (p *parser) position(offset int64) string {
	offset = min(max(offset, 0), int64(len(p.data)))
	before := p.data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
)

// check checks the document tree doc against the Go type t that
// encoding/json would fill. With named, it names any problem at path p and
// finds the first one in a fixed order (object keys sorted); without, it
// builds no paths and its error is only a sign that there is one.
func check(doc any, t reflect.Type, p string, named bool) error {
	if doc == nil {
		return nil // null leaves a Go value as it is
	}
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(jsonUnmarshaler) && !pt.Implements(textUnmarshaler):
		return nil // json.RawMessage or a type reading itself: Decode's last step
	case pt.Implements(textUnmarshaler):
		s, ok := doc.(string)
		if !ok {
			return wrongType(p, "a string", doc)
		}
		err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		var e *errs.Error
		switch {
		case err == nil:
			return nil
		case errors.As(err, &e) && e == err:
			return e.WithField(p)
		case errs.Code(err) != "":
			return errs.Wrap(errs.KindOf(err), errs.Code(err), err, fmt.Sprintf("%q is not a valid value here", s)).WithField(p)
		}
		return errs.Wrap(errs.Invalid, CodeInvalidType, err, fmt.Sprintf("%q cannot be read here", s)).WithField(p)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return check(doc, t.Elem(), p, named)
	case reflect.Interface:
		return nil
	case reflect.Struct:
		obj, ok := doc.(map[string]any)
		if !ok {
			return wrongType(p, "an object", doc)
		}
		fields := jsonFields(t)
		if !named {
			for name, v := range obj {
				f, ok := fields[name]
				if !ok {
					return errUnnamed
				}
				if err := check(v, f, "", false); err != nil {
					return err
				}
			}
			return nil
		}
		for _, name := range sortedKeys(obj) {
			f, ok := fields[name]
			if !ok {
				return errs.Invalidf(CodeUnknownField, "unknown field %q: only documented fields are read, with their names spelled exactly", name).WithField(errs.JoinPath(p, name))
			}
			if err := check(obj[name], f, errs.JoinPath(p, name), true); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		obj, ok := doc.(map[string]any)
		if !ok {
			return wrongType(p, "an object", doc)
		}
		if t.Key().Kind() != reflect.String {
			panic("strictjson: map keys must be strings, not " + t.Key().String())
		}
		if !named {
			for _, v := range obj {
				if err := check(v, t.Elem(), "", false); err != nil {
					return err
				}
			}
			return nil
		}
		for _, k := range sortedKeys(obj) {
			if err := check(obj[k], t.Elem(), errs.JoinPath(p, k), true); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		list, ok := doc.([]any)
		if !ok {
			return wrongType(p, "an array", doc)
		}
		for i, el := range list {
			at := ""
			if named {
				at = p + "[" + strconv.Itoa(i) + "]"
			}
			if err := check(el, t.Elem(), at, named); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if _, ok := doc.(string); !ok {
			return wrongType(p, "a string", doc)
		}
		return nil
	case reflect.Bool:
		if _, ok := doc.(bool); !ok {
			return wrongType(p, "true or false", doc)
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := doc.(json.Number)
		if !ok {
			return wrongType(p, "a whole number", doc)
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return errs.Invalidf(CodeInvalidType, "%s must be a whole number within %d bits, got %s", what(p), t.Bits(), n).WithField(p)
		}
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := doc.(json.Number)
		if !ok {
			return wrongType(p, "a whole number", doc)
		}
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
			return errs.Invalidf(CodeInvalidType, "%s must be a whole number ≥ 0, got %s", what(p), n).WithField(p)
		}
		return nil
	case reflect.Float32, reflect.Float64:
		if _, ok := doc.(json.Number); !ok {
			return wrongType(p, "a number", doc)
		}
		return nil
	}
	panic("strictjson: unsupported type " + t.String())
}

// errUnnamed is what check returns without paths for an unknown field.
var errUnnamed = errors.New("strictjson: a problem (check again, naming paths)")

// fieldsOf caches jsonFields by type: a type's fields never change.
var fieldsOf sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps the JSON names of t's fields, as encoding/json reads
// them, to their types. Embedded structs without a tag lend their fields.
// The map is shared: callers must not change it.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldsOf.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := fieldsOfType(t)
	fieldsOf.Store(t, m)
	return m
}

func fieldsOfType(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for n, typ := range jsonFields(ft) {
					if _, shadowed := out[n]; !shadowed {
						out[n] = typ
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type // a field of the outer struct wins over an embedded one
	}
	return out
}

func wrongType(p, want string, got any) error {
	return errs.Invalidf(CodeInvalidType, "%s must be %s, not %s", what(p), want, jsonKind(got)).WithField(p)
}

// what names the value at path p in a message.
func what(p string) string {
	if p == "" {
		return "the document"
	}
	return p
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// sortedKeys returns m's keys in order, so that an error names the same
// field on every run.
func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
