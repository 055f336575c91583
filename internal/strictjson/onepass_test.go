package strictjson_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
)

// refuser reads itself, refusing 13 with a plain error and 14 with a
// coded one.
type refuser struct{ N int }

func (r *refuser) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "13":
		return errors.New("refuser: not 13")
	case "14":
		return errs.E(errs.Invalid, "no_fourteen", "refuser: not 14")
	case "null":
		r.N = -1
		return nil
	}
	n, err := strconv.Atoi(string(b))
	r.N = n
	return err
}

// textual reads itself from text, refusing "bad" with a coded error and
// "worse" with a plain one.
type textual string

func (x *textual) UnmarshalText(b []byte) error {
	switch string(b) {
	case "bad":
		return errs.E(errs.Invalid, "bad_text", "textual: bad")
	case "worse":
		return errors.New("textual: worse")
	}
	*x = textual("<" + string(b) + ">")
	return nil
}

// twoWays reads itself from text and from JSON, as time.Time does, and
// tells which it was given.
type twoWays struct{ S string }

func (w *twoWays) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("twoWays: bad text")
	}
	w.S = "text:" + string(b)
	return nil
}

func (w *twoWays) UnmarshalJSON(b []byte) error {
	if string(b) == `"worse"` {
		return errors.New("twoWays: worse JSON")
	}
	w.S = "json:" + string(b)
	return nil
}

type name string

// kinds holds every kind of value the one-pass path reads.
type kinds struct {
	I      int                `json:"i"`
	I8     int8               `json:"i8"`
	I16    int16              `json:"i16"`
	I32    int32              `json:"i32"`
	I64    int64              `json:"i64"`
	U      uint               `json:"u"`
	U8     uint8              `json:"u8"`
	U16    uint16             `json:"u16"`
	U32    uint32             `json:"u32"`
	U64    uint64             `json:"u64"`
	F32    float32            `json:"f32"`
	F64    float64            `json:"f64"`
	N      json.Number        `json:"n"`
	R      json.RawMessage    `json:"r"`
	RP     *json.RawMessage   `json:"rp"`
	B      bool               `json:"b"`
	BP     *bool              `json:"bp"`
	PP     **int              `json:"pp"`
	S      string             `json:"s"`
	Name   name               `json:"name"`
	Ref    refuser            `json:"ref"`
	RefP   *refuser           `json:"refp"`
	Refs   []refuser          `json:"refs"`
	Text   textual            `json:"text"`
	TextP  *textual           `json:"textp"`
	T      time.Time          `json:"t"`
	TW     twoWays            `json:"tw"`
	TWP    *twoWays           `json:"twp"`
	TP     *time.Time         `json:"tp"`
	M      map[string]int     `json:"m"`
	MN     map[name][]line    `json:"mn"`
	MT     map[string]textual `json:"mt"`
	Bytes  []byte             `json:"bytes"`
	L      []line             `json:"l"`
	LP     []*line            `json:"lp"`
	Nested *kinds             `json:"nested"`
	Dash   int                `json:"-,"`
	NoTag  string
	base
	Skipped string `json:"-"`
	hidden  int
}

// notRead holds what the one-pass path leaves to the two-pass one.
type notRead struct {
	A any    `json:"a"`
	L [2]int `json:"l"`
}

// decodeTypes are the types the two paths are compared on: the HTTP
// API's request bodies, the package tests' request, and the two above.
var decodeTypes = []reflect.Type{
	reflect.TypeFor[kasir.QuoteRequest](),
	reflect.TypeFor[kasir.OrderRequest](),
	reflect.TypeFor[kasir.ProcurementRequest](),
	reflect.TypeFor[kasir.WithdrawalRequest](),
	reflect.TypeFor[kasir.TransitionRequest](),
	reflect.TypeFor[kasir.StockAdjustmentRequest](),
	reflect.TypeFor[kasir.RefundRequest](),
	reflect.TypeFor[kasir.PickupRequest](),
	reflect.TypeFor[kasir.FollowUpRequest](),
	reflect.TypeFor[kasir.AbandonedRequest](),
	reflect.TypeFor[kasir.TermPayment](),
	reflect.TypeFor[kasir.OrderChange](),
	reflect.TypeFor[kasir.PaymentConfirmation](),
	reflect.TypeFor[catalog.ProductSpec](),
	reflect.TypeFor[catalog.BundleSpec](),
	reflect.TypeFor[json.RawMessage](),
	reflect.TypeFor[request](),
	reflect.TypeFor[kinds](),
	reflect.TypeFor[notRead](),
}

// takenDocs are documents the one-pass path must read, each with the
// type it is read into.
var takenDocs = []struct {
	typ reflect.Type
	doc string
}{
	{decodeTypes[0], `{"lines":[{"sku":"GAYO-250","quantity":2},{"variant_id":"v1","quantity":1}],"location_id":"31.71.01","courier":"jne","service":"REG","payment_method":"bank_transfer","product_voucher":"HEMAT","insurance":true,"customer":{"phone":"0812-3456-7890"}}`},
	{decodeTypes[0], `{"lines":[],"bundles":[{"price_option_id":"p1","quantity":1}],"payment_method":"cod"}`},
	{decodeTypes[1], `{"lines":[{"sku":"GAYO-250","quantity":2}],"courier":"jne","service":"REG","payment_method":"bank_transfer",
		"customer":{"name":"Siti Aminah","phone":"0812-3456-7890","email":"siti@example.com"},
		"address":{"line":"Jl. Melati 5","location_id":"31.71.01","postal_code":"10110"},"notes":"pagi","expected_grand_total":125000}`},
	{decodeTypes[1], `{"lines":[{"product_id":"p","options":"Merah,XL","quantity":1}],"expected_grand_total":null}`},
	{decodeTypes[2], `{"buyer_account_id":"b1","address":0,"items":[{"seller":"s1","sku":"A","quantity":3}],"couriers":{"s1":{"courier":"jne","service":"REG"}},"payment_term_days":30}`},
	{decodeTypes[3], `{"amount":500000,"account_number":"123","note":"x"}`},
	{decodeTypes[4], `{"to":"shipped","airway_bill":"JNE123"}`},
	{decodeTypes[5], `{"sku":"A","set":5,"reason":"count"}`},
	{decodeTypes[5], `{"variant_id":"v","add":-2,"reason":"broken"}`},
	{decodeTypes[6], `{"amount":1000,"reason":"late","method":"manual"}`},
	{decodeTypes[7], `{"order_ids":["o1","o2"],"date":"2026-11-23","time_from":"09:00","time_to":"12:00"}`},
	{decodeTypes[8], `{"channel":"whatsapp","note":"called"}`},
	{decodeTypes[9], `{"name":"Siti","phone":"0812","lines":[{"sku":"A","quantity":1}]}`},
	{decodeTypes[10], `{"amount":1000,"reference":"r","paid_at":"2026-11-23T10:00:00+07:00"}`},
	{decodeTypes[11], `{"courier":"jne","payment_method":"cod","customer":{"name":"S"},"additional_cost":5000,"insurance":false,"product_voucher":""}`},
	{decodeTypes[12], `{"amount":125000,"reference":"BCA-1","paid_at":"2026-11-23T10:00:00Z"}`},
	{decodeTypes[13], `{"id":"p","name":"Kopi","sku":"K","status":"published","weight_grams":250,"dimensions":{"length_cm":10,"width_cm":5,"height_cm":5},"price":50000,"stock":3,"options":["Ukuran"],"variants":[{"id":"v","sku":"K-1","options":["250g"],"price":50000,"stock":1}]}`},
	{decodeTypes[14], `{"id":"b","name":"Paket","price_options":[{"id":"po","price":90000,"items":[{"sku":"A","quantity":2}]}]}`},
	{decodeTypes[15], ` {"any": ["thing", 1, null]} `},
	{decodeTypes[15], `null`},
	{decodeTypes[16], `{"note":"n","lines":[{"sku":"A","quantity":2}],"payment_method":"cod","at":"2026-11-23T10:00:00+07:00","tags":{"x":"y"},"flag":true}`},
	{decodeTypes[17], `{"i":-9223372036854775808,"i8":-128,"i16":32767,"i32":-2147483648,"i64":9223372036854775807,
		"u":18446744073709551615,"u8":255,"u16":65535,"u32":4294967295,"u64":0,"f32":3.4e38,"f64":-1.5e-300,
		"n":"-12.5e3","r":{"a" : [1, "x"]},"rp":null,"b":true,"bp":false,"pp":7,"s":"caf\u00e9 \"q\" \ud83d\ude00 ☕",
		"name":"n","ref":5,"refp":null,"refs":[1,null,3],"text":"t\u0041","textp":"p","t":"2026-11-23T10:00:00+07:00",
		"tp":"2026-11-23T03:00:00Z","tw":"a\u0062","twp":"c","m":{"a":1,"b":-2},"mn":{"k":[{"sku":"A","quantity":1}],"j":null},"mt":{"x":"y"},
		"bytes":[1,2,255],"l":[],"lp":[null,{"sku":"B"}],"nested":{"i":1,"nested":{"s":"deep"}},"-":4,"NoTag":"x","note":"n"}`},
	{decodeTypes[17], `{"ref":null,"text":null,"t":null,"tw":null,"twp":null,"m":{},"l":null,"nested":null}`},
}

func TestOnePassReadsRequestBodies(t *testing.T) {
	t.Parallel()
	for _, tt := range takenDocs {
		v := reflect.New(tt.typ)
		require.True(t, strictjson.DecodeOnePass([]byte(tt.doc), v.Interface()), "%s: %s", tt.typ, tt.doc)
		assert.False(t, v.Elem().IsZero(), "%s: %s", tt.typ, tt.doc)
		sameDecode(t, tt.typ, []byte(tt.doc))
	}
}

func TestOnePassLeavesToTheTwoPassPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		typ  reflect.Type
		doc  string
	}{
		{"unknown_field", decodeTypes[0], `{"lines":[{"sku":"A","quantity":1,"price":1}]}`},
		{"other_case", decodeTypes[0], `{"LINES":[]}`},
		{"duplicate", decodeTypes[0], `{"courier":"a","cour\u0069er":"b"}`},
		{"duplicate_map_key", decodeTypes[2], `{"couriers":{"s":{},"s":{}}}`},
		{"wrong_type", decodeTypes[0], `{"insurance":"yes"}`},
		{"fraction", decodeTypes[0], `{"lines":[{"quantity":1.0}]}`},
		{"exponent", decodeTypes[0], `{"lines":[{"quantity":1e2}]}`},
		{"int_overflow", decodeTypes[17], `{"i8":128}`},
		{"int64_overflow", decodeTypes[17], `{"i64":9223372036854775808}`},
		{"negative_uint", decodeTypes[17], `{"u":-0}`},
		{"float_overflow", decodeTypes[17], `{"f32":3.5e38}`},
		{"bad_number_string", decodeTypes[17], `{"n":"12a"}`},
		{"refused_by_unmarshal_json", decodeTypes[17], `{"refs":[1,13]}`},
		{"refused_with_a_code", decodeTypes[17], `{"ref":14}`},
		{"refused_text", decodeTypes[17], `{"text":"bad"}`},
		{"refused_text_plainly", decodeTypes[17], `{"mt":{"k":"worse"}}`},
		{"refused_as_text", decodeTypes[17], `{"tw":"bad"}`},
		{"refused_as_json", decodeTypes[17], `{"twp":"worse"}`},
		{"text_of_a_number", decodeTypes[17], `{"tw":5}`},
		{"method", decodeTypes[0], `{"payment_method":"cash"}`},
		{"bad_time", decodeTypes[10], `{"paid_at":"tomorrow"}`},
		{"escaped_time", decodeTypes[10], `{"paid_at":"2026-11-23T10:00:00\u002B07:00"}`},
		{"too_deep", decodeTypes[15], strings.Repeat("[", 65) + strings.Repeat("]", 65)},
		{"trailing", decodeTypes[0], `{} {}`},
		{"empty", decodeTypes[0], ` `},
		{"malformed", decodeTypes[0], `{"lines":[,]}`},
		{"interface", decodeTypes[18], `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := reflect.New(tt.typ)
			assert.False(t, strictjson.DecodeOnePass([]byte(tt.doc), v.Interface()))
			assert.True(t, v.Elem().IsZero(), "a declined document leaves the value as it was")
			sameDecode(t, tt.typ, []byte(tt.doc))
		})
	}
}

func TestOnePassLeavesAValueThatIsNotZero(t *testing.T) {
	t.Parallel()
	r := request{base: base{Note: "before"}, Tags: map[string]string{"a": "b"}}
	assert.False(t, strictjson.DecodeOnePass([]byte(`{"tags":{"c":"d"}}`), &r))
	require.NoError(t, strictjson.Decode([]byte(`{"tags":{"c":"d"}}`), &r))
	assert.Equal(t, map[string]string{"a": "b", "c": "d"}, r.Tags, "encoding/json merges into a map that is there")
	assert.Equal(t, "before", r.Note)
}

// sameDecode holds Decode and its one-pass path to the two-pass path's
// answer for data read into a new value of typ.
func sameDecode(t *testing.T, typ reflect.Type, data []byte) {
	t.Helper()
	two := reflect.New(typ)
	twoErr := strictjson.DecodeTwoPass(data, two.Interface())
	one := reflect.New(typ)
	if strictjson.DecodeOnePass(data, one.Interface()) {
		require.NoError(t, twoErr, "%s: the one-pass path took %q, which the two-pass path refuses", typ, data)
		require.Equal(t, two.Interface(), one.Interface(), "%s: %q", typ, data)
	} else {
		require.True(t, one.Elem().IsZero(), "%s: %q: a declined document leaves the value as it was", typ, data)
	}
	got := reflect.New(typ)
	err := strictjson.Decode(data, got.Interface())
	if twoErr == nil {
		require.NoError(t, err, "%s: %q", typ, data)
	} else {
		require.Error(t, err, "%s: %q", typ, data)
		assert.Equal(t, twoErr.Error(), err.Error(), "%s: %q", typ, data)
		assert.Equal(t, errs.Code(twoErr), errs.Code(err), "%s: %q", typ, data)
		assert.Equal(t, errs.Field(twoErr), errs.Field(err), "%s: %q", typ, data)
		assert.Equal(t, errs.KindOf(twoErr), errs.KindOf(err), "%s: %q", typ, data)
	}
	require.Equal(t, two.Interface(), got.Interface(), "%s: %q", typ, data)
}

// FuzzDecodeOnePass holds Decode and its one-pass path to the two-pass
// path (tree, check, encoding/json) on any input, read into every type
// of decodeTypes: go test -run x -fuzz FuzzDecodeOnePass ./internal/strictjson
func FuzzDecodeOnePass(f *testing.F) {
	for _, tt := range takenDocs {
		f.Add([]byte(tt.doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, typ := range decodeTypes {
			sameDecode(t, typ, data)
		}
	})
}

// BenchmarkDecode reads the quote and order bodies of the load command
// through Decode (one pass) and through the two-pass path it replaced:
// go test -run x -bench Decode -benchmem ./internal/strictjson
func BenchmarkDecode(b *testing.B) {
	for _, tt := range []struct {
		name string
		doc  int // in takenDocs
	}{{"quote", 0}, {"order", 2}} {
		typ, data := takenDocs[tt.doc].typ, []byte(takenDocs[tt.doc].doc)
		b.Run(tt.name+"/one_pass", func(b *testing.B) {
			for b.Loop() {
				if err := strictjson.Decode(data, reflect.New(typ).Interface()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tt.name+"/two_pass", func(b *testing.B) {
			for b.Loop() {
				if err := strictjson.DecodeTwoPass(data, reflect.New(typ).Interface()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
