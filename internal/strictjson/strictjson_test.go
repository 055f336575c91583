package strictjson_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/payment"
)

type line struct {
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

type base struct {
	Note string `json:"note"`
}

type request struct {
	base
	Lines  []line            `json:"lines"`
	Method payment.Method    `json:"payment_method"`
	At     time.Time         `json:"at"`
	Tags   map[string]string `json:"tags"`
	Flag   *bool             `json:"flag"`
	Secret string            `json:"-"`
}

func TestDecodeReadsAValidDocument(t *testing.T) {
	t.Parallel()
	var r request
	err := strictjson.Decode([]byte(`{"note":"n","lines":[{"sku":"A","quantity":2}],"payment_method":"cod",
		"at":"2026-11-23T10:00:00+07:00","tags":{"x":"y"},"flag":true}`), &r)
	require.NoError(t, err)
	assert.Equal(t, "n", r.Note)
	assert.Equal(t, []line{{"A", 2}}, r.Lines)
	assert.Equal(t, payment.COD, r.Method)
	assert.Equal(t, map[string]string{"x": "y"}, r.Tags)
	require.NotNil(t, r.Flag)
	assert.True(t, *r.Flag)
}

func TestDecodeRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, code, field, msg string
	}{
		{"empty", "  ", strictjson.CodeInvalidJSON, "", "empty"},
		{"malformed", "{\n  \"note\": ,\n}", strictjson.CodeInvalidJSON, "", "line 2"},
		{"cut_short", `{"note": "x"`, strictjson.CodeInvalidJSON, "", "cut short"},
		{"trailing", `{} {}`, strictjson.CodeInvalidJSON, "", "after the document"},
		{"not_an_object", `[1]`, strictjson.CodeInvalidType, "", "must be an object"},
		{"name_in_other_case", `{"lines":[{"sku":"A","QUANTITY":5}]}`, strictjson.CodeUnknownField, "lines[0].QUANTITY", "unknown field"},
		{"case_only_override", `{"lines":[{"sku":"A","quantity":1,"Quantity":5}]}`, strictjson.CodeUnknownField, "lines[0].Quantity", "unknown field"},
		{"duplicate_key", `{"lines":[{"sku":"A","quantity":1,"quantity":5}]}`, strictjson.CodeDuplicateField, "lines[0].quantity", "twice"},
		{"duplicate_top_key", `{"note":"a","note":"b"}`, strictjson.CodeDuplicateField, "note", "twice"},
		{"duplicate_in_map", `{"tags":{"x":"1","x":"2"}}`, strictjson.CodeDuplicateField, "tags.x", "twice"},
		{"unknown_field", `{"price":1}`, strictjson.CodeUnknownField, "price", "unknown field"},
		{"ignored_field", `{"Secret":"s"}`, strictjson.CodeUnknownField, "Secret", "unknown field"},
		{"wrong_type", `{"lines":[{"quantity":"1"}]}`, strictjson.CodeInvalidType, "lines[0].quantity", "whole number"},
		{"fraction", `{"lines":[{"quantity":1.5}]}`, strictjson.CodeInvalidType, "lines[0].quantity", "whole number"},
		{"too_big", `{"lines":[{"quantity":1e30}]}`, strictjson.CodeInvalidType, "lines[0].quantity", "whole number"},
		{"bool", `{"flag":"yes"}`, strictjson.CodeInvalidType, "flag", "true or false"},
		{"bad_time", `{"at":"tomorrow"}`, strictjson.CodeInvalidType, "at", "tomorrow"},
		{"text_type_keeps_its_code", `{"payment_method":"cash"}`, errs.CodeInvalidInput, "payment_method", ""},
		{"too_deep", `{"tags":` + deep(100) + `}`, strictjson.CodeInvalidJSON, "", "deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request{base: base{Note: "before"}}
			err := strictjson.Decode([]byte(tt.doc), &r)
			require.Error(t, err)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.code, errs.Code(err), "%v", err)
			if tt.name != "too_deep" {
				assert.Equal(t, tt.field, errs.Field(err), "%v", err)
			}
			assert.Contains(t, err.Error(), tt.msg)
			assert.Equal(t, request{base: base{Note: "before"}}, r, "a refused document leaves the value as it was")
		})
	}
}

func deep(n int) string {
	s := ""
	for range n {
		s += "["
	}
	for range n {
		s += "]"
	}
	return s
}

func TestDecodePanicsWithoutAPointer(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { _ = strictjson.Decode([]byte(`{}`), request{}) })
}
