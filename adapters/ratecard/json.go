package ratecard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/errs"
)

// Parse reads a rate card in JSON (the shape is in the package
// documentation) and checks it as [New] does. Field names are snake_case;
// unknown fields and anything after the card are refused.
//
// Errors: invalid_input (kind Invalid) naming the field as a path, such as
// "rates[3].price_per_kg", for malformed JSON (the message gives the line
// and column), a value of the wrong JSON type, an unknown field, or
// anything [New] refuses; the reader's error, wrapped, when reading fails.
func Parse(r io.Reader) (*Card, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("ratecard: read: %w", err)
	}
	s, err := decodeSpec(data)
	if err != nil {
		return nil, err
	}
	return New(s)
}

// Load reads the rate card in the JSON file at path, as [Parse] does.
// Errors: those of Parse, and the file system's (errors.Is(err,
// fs.ErrNotExist) for a missing file), each wrapped with the path.
func Load(path string) (*Card, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ratecard: %w", err)
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("ratecard: load %s: %w", path, err)
	}
	return c, nil
}

// decodeSpec decodes the card one list element at a time, so that every
// error can name its element ("rates[3]"): encoding/json's own paths carry
// no indices.
func decodeSpec(data []byte) (Spec, error) {
	var top struct {
		Rates      []json.RawMessage `json:"rates"`
		Locations  []json.RawMessage `json:"locations"`
		Warehouses []json.RawMessage `json:"warehouses"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&top); err != nil {
		return Spec{}, jsonError(err, data, "")
	}
	if _, err := dec.Token(); err != io.EOF {
		return Spec{}, invalid("", "unexpected data after the rate card at %s", position(data, dec.InputOffset()))
	}
	s := Spec{
		Rates:      make([]RateSpec, len(top.Rates)),
		Locations:  make([]LocationSpec, len(top.Locations)),
		Warehouses: make([]WarehouseSpec, len(top.Warehouses)),
	}
	for i, raw := range top.Rates {
		p := "rates[" + strconv.Itoa(i) + "]"
		// The outer Insurance hides RateSpec's, so the policy is decoded on
		// its own and its errors get its path.
		var row struct {
			RateSpec
			Insurance json.RawMessage `json:"insurance"`
		}
		if err := strict(raw, &row, p); err != nil {
			return Spec{}, err
		}
		s.Rates[i] = row.RateSpec
		if len(row.Insurance) > 0 && string(row.Insurance) != "null" {
			var ins InsuranceSpec
			if err := strict(row.Insurance, &ins, p+".insurance"); err != nil {
				return Spec{}, err
			}
			s.Rates[i].Insurance = &ins
		}
	}
	for i, raw := range top.Locations {
		if err := strict(raw, &s.Locations[i], "locations["+strconv.Itoa(i)+"]"); err != nil {
			return Spec{}, err
		}
	}
	for i, raw := range top.Warehouses {
		if err := strict(raw, &s.Warehouses[i], "warehouses["+strconv.Itoa(i)+"]"); err != nil {
			return Spec{}, err
		}
	}
	return s, nil
}

// strict decodes one element (already known to be well-formed JSON) into
// v, refusing unknown fields; errors name paths under p.
func strict(raw json.RawMessage, v any, p string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, raw, p)
	}
	return nil
}

// jsonError turns an encoding/json error met under path p into an
// invalid_input error naming the field.
func jsonError(err error, data []byte, p string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "ratecard: malformed JSON at "+position(data, syn.Offset)).WithField(p)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid(p, "the rate card is empty or cut short")
	case errors.As(err, &typ):
		// A rate row is decoded through a struct embedding RateSpec, whose
		// name encoding/json puts in the path.
		field := join(p, strings.TrimPrefix(typ.Field, "RateSpec."))
		if field == "" {
			return invalid("", "a rate card is a JSON object, got JSON %s", typ.Value)
		}
		return invalid(field, "wrong JSON type: must be %s, got JSON %s", jsonKind(typ.Type), typ.Value)
	}
	// encoding/json reports an unknown field only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, qerr := strconv.Unquote(name); qerr == nil {
			name = n
		}
		return invalid(join(p, name), "unknown field %q", name)
	}
	return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "ratecard: unreadable JSON").WithField(p)
}

// jsonKind names what a Go type wants in JSON.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// position gives a byte offset of data as "line L, column C" (both from 1).
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

func join(p, field string) string {
	switch {
	case p == "":
		return field
	case field == "":
		return p
	}
	return p + "." + field
}
