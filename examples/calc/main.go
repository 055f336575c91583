// Command calc computes one kasir calculation from a JSON case on standard
// input and writes the result as JSON to standard output: a quote, an
// order's settlement once delivered or returned (docs/settlement.md), a
// purchase from several sellers (docs/procurement.md), a
// chargeable weight, an insurance premium, a phone number, a bundle
// allocation or a rupiah format. docs/calc.md describes the
// input and output of each kind.
//
//	go run ./examples/calc < case.json
//
// Exit status: 0 with the result, 1 with {"error":{…}} for a domain error
// (the calculation refused the input), 2 for input it cannot read.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/calc"
)

// maxInput bounds what calc reads: a case is a few kilobytes.
const maxInput = 8 << 20

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

func run(in io.Reader, out io.Writer) int {
	data, err := io.ReadAll(io.LimitReader(in, maxInput+1))
	if err == nil && len(data) > maxInput {
		err = fmt.Errorf("calc: the case is larger than %d bytes", maxInput)
	}
	if err != nil {
		return fail(out, &calc.ReadError{Err: err})
	}
	c, err := calc.Decode(data)
	if err != nil {
		return fail(out, err)
	}
	res, err := calc.Run(c)
	if err != nil {
		return fail(out, err)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return fail(out, err)
	}
	return 0
}

func fail(out io.Writer, err error) int {
	var body errorBody
	body.Error.Code = errs.Code(err)
	if body.Error.Code == "" {
		body.Error.Code = errs.CodeInternal
	}
	body.Error.Message = err.Error()
	body.Error.Field = errs.Field(err)
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	_ = enc.Encode(body)
	var re *calc.ReadError
	if errors.As(err, &re) {
		return 2
	}
	return 1
}
