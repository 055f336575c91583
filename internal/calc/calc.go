// Package calc implements the JSON contract of the calc command
// (see docs/calc.md): one case in, one result or one coded error out.
// It maps the case's JSON onto the library's own functions, so the golden
// cases test the library, and examples/calc is a thin wrapper around [Run].
package calc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kasir-id/kasir/errs"
)

// Case is one calc case: a kind and its input. Other fields of the JSON
// object (name, source, expect) are ignored.
type Case struct {
	Kind  string          `json:"kind"`
	Input json.RawMessage `json:"input"`
}

// ReadError is input the command cannot read: bad JSON, an unknown kind, a
// field of the wrong type. The command exits 2 for it, 1 for domain errors.
type ReadError struct{ Err error }

// Error returns the reason.
func (e *ReadError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *ReadError) Unwrap() error { return e.Err }

// ErrorCode implements errs.Coded: always invalid_input.
func (e *ReadError) ErrorCode() string { return errs.CodeInvalidInput }

// ErrorKind implements errs.Coded: always Invalid.
func (e *ReadError) ErrorKind() errs.Kind { return errs.Invalid }

func readErr(format string, args ...any) error {
	return &ReadError{Err: fmt.Errorf(format, args...)}
}

// Kinds lists the case kinds Run understands.
var Kinds = []string{"quote", "settlement", "procurement", "weight", "insurance", "phone", "allocate", "format"}

// Decode reads one case from data. Errors are *ReadError.
func Decode(data []byte) (Case, error) {
	var c Case
	if len(bytes.TrimSpace(data)) == 0 {
		return c, readErr("calc: no input: write one JSON case to standard input")
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, readErr("calc: the case is not a JSON object with kind and input: %s", jsonReason(err))
	}
	return c, nil
}

// Run computes one case and returns its result, ready to be written as JSON.
// Errors are *ReadError for input it cannot read, otherwise the library's
// coded errors.
func Run(c Case) (any, error) {
	if len(c.Input) == 0 || string(c.Input) == "null" {
		return nil, readErr("calc: the case has no input object")
	}
	switch c.Kind {
	case "quote":
		return runQuote(c.Input)
	case "settlement":
		return runSettlement(c.Input)
	case "procurement":
		return runProcurement(c.Input)
	case "weight":
		return runWeight(c.Input)
	case "insurance":
		return runInsurance(c.Input)
	case "phone":
		return runPhone(c.Input)
	case "allocate":
		return runAllocate(c.Input)
	case "format":
		return runFormat(c.Input)
	case "":
		return nil, readErr("calc: the case has no kind; use one of %s", strings.Join(Kinds, ", "))
	}
	return nil, readErr("calc: unknown kind %q; use one of %s", c.Kind, strings.Join(Kinds, ", "))
}

// decode reads a kind's input strictly by type; unknown fields are ignored.
func decode(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return readErr("calc: input: %s", jsonReason(err))
	}
	return nil
}

// jsonReason turns a decoding error into a sentence that names the field.
func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "the value"
		}
		return fmt.Sprintf("%s must be %s, got a JSON %s", field, typeName(te.Type.String()), te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error())
	}
	return err.Error()
}

func typeName(t string) string {
	switch {
	case strings.Contains(t, "int"), strings.HasSuffix(t, "Money"):
		return "a whole number"
	case strings.HasSuffix(t, "percent"):
		return "a decimal string such as \"2.8\""
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	}
	return "an object"
}

// percent is a percentage or factor in the input: a JSON string ("2.8",
// "11/12") or, for convenience, a JSON number. It is parsed by the domain,
// so a malformed value is a domain error (exit 1), not a read error.
type percent struct {
	text string
	set  bool
}

// UnmarshalJSON accepts a string or a number.
func (p *percent) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		p.text, p.set = s, true
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return &json.UnmarshalTypeError{Value: "non-number", Type: percentType}
	}
	p.text, p.set = n.String(), true
	return nil
}
