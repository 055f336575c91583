package main

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

	"github.com/kasir-id/kasir/errs"
)

// decodeStrict decodes the JSON document data into v (a pointer) and
// refuses what encoding/json would let through or report without a place:
// an unknown field (names must match exactly, not without regard to case),
// a value of the wrong JSON type, a text value its type refuses (a voucher
// kind, a percentage, a time), and anything after the document. Each error
// is invalid_input naming the field as a path such as "vouchers[2].kind".
//
// It first checks the document against v's type, field by field, so that
// every error knows its path, then lets encoding/json fill v.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "data file: malformed JSON at "+position(data, syn.Offset))
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return errs.Invalidf(errs.CodeInvalidInput, "data file: the document is empty or cut short")
		}
		return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "data file: unreadable JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.Invalidf(errs.CodeInvalidInput, "data file: unexpected data after the document at %s", position(data, dec.InputOffset()))
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("decodeStrict needs a non-nil pointer")
	}
	if err := checkShape(doc, rv.Type().Elem(), ""); err != nil {
		return err
	}
	// The shape is right, so what remains can only be a value a type's own
	// UnmarshalJSON refuses; there is none in the data file's types but
	// json.RawMessage, which takes anything.
	if err := json.Unmarshal(data, v); err != nil {
		return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "data file: unreadable JSON")
	}
	return nil
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
)

// checkShape checks the decoded JSON value doc (UseNumber) against the Go
// type t that encoding/json would fill, naming any problem at path p.
func checkShape(doc any, t reflect.Type, p string) error {
	if doc == nil {
		return nil // null leaves a Go value as it is
	}
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(jsonUnmarshaler) && !pt.Implements(textUnmarshaler):
		return nil // json.RawMessage: the caller reads it
	case pt.Implements(textUnmarshaler):
		s, ok := doc.(string)
		if !ok {
			return wrongType(p, "a string", doc)
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, fmt.Sprintf("data file: %q is not a valid value here", s)).WithField(p)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return checkShape(doc, t.Elem(), p)
	case reflect.Interface:
		return nil
	case reflect.Struct:
		obj, ok := doc.(map[string]any)
		if !ok {
			return wrongType(p, "an object", doc)
		}
		fields := jsonFields(t)
		for _, name := range sortedKeys(obj) {
			f, ok := fields[name]
			if !ok {
				return errs.Invalidf(errs.CodeInvalidInput, "data file: unknown field %q", name).WithField(join(p, name))
			}
			if err := checkShape(obj[name], f, join(p, name)); err != nil {
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
			panic("checkShape: map keys must be strings")
		}
		for _, k := range sortedKeys(obj) {
			if err := checkShape(obj[k], t.Elem(), join(p, k)); err != nil {
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
			if err := checkShape(el, t.Elem(), p+"["+strconv.Itoa(i)+"]"); err != nil {
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
			return errs.Invalidf(errs.CodeInvalidInput, "data file: must be a whole number within %d bits, got %s", t.Bits(), n).WithField(p)
		}
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := doc.(json.Number)
		if !ok {
			return wrongType(p, "a whole number", doc)
		}
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
			return errs.Invalidf(errs.CodeInvalidInput, "data file: must be a whole number ≥ 0, got %s", n).WithField(p)
		}
		return nil
	case reflect.Float32, reflect.Float64:
		if _, ok := doc.(json.Number); !ok {
			return wrongType(p, "a number", doc)
		}
		return nil
	}
	panic("checkShape: unsupported type " + t.String())
}

// jsonFields maps the JSON names of t's fields, as encoding/json reads
// them, to their types. Embedded structs without a tag lend their fields.
func jsonFields(t reflect.Type) map[string]reflect.Type {
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
	return errs.Invalidf(errs.CodeInvalidInput, "data file: wrong JSON type: must be %s, got %s", want, jsonKind(got)).WithField(p)
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

// position gives a byte offset of data as "line L, column C" (both from 1).
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// join appends a field name to a path.
func join(p, field string) string {
	switch {
	case p == "":
		return field
	case field == "":
		return p
	case field[0] == '[':
		return p + field
	}
	return p + "." + field
}
