package ratecard

import (
	"fmt"
	"io"
	"os"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
)

// Parse reads a rate card in JSON (the shape is in the package
// documentation) and checks it as [New] does. Field names are snake_case
// and match exactly; unknown fields, keys given twice and anything after
// the card are refused.
//
// Errors, all of kind Invalid and naming the field as a path such as
// "rates[3].price_per_kg": invalid_json for malformed JSON (the message
// gives the line and column), unknown_field, duplicate_field, invalid_type
// for a value of the wrong JSON type, and invalid_input for anything [New]
// refuses; the reader's error, wrapped, when reading fails.
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

// decodeSpec decodes the card with the module's strict decoder: errors
// name the field as a path ("rates[3].price_per_kg").
func decodeSpec(data []byte) (Spec, error) {
	var s Spec
	if err := strictjson.Decode(data, &s); err != nil {
		return Spec{}, errs.Wrap(errs.KindOf(err), errs.Code(err), err, "ratecard")
	}
	return s, nil
}
