package strictjson

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastCases are documents both parsers must read alike: well formed ones
// (the fast parser must take them) and malformed or refused ones (it must
// leave them to the tokenizer).
var fastCases = []string{
	`{}`, `[]`, `0`, `-0`, `1.5e+10`, `-12.25E-3`, `"x"`, `true`, `false`, `null`,
	` {"a": [1, 2, {"b": null}], "c": "d"} `,
	`{"lines":[{"sku":"GAYO-250","quantity":2}],"customer":{"name":"Siti Aminah","phone":"0812-3456-7890"}}`,
	`{"s":"caf\u00e9 \"q\" \\ \/ \b\f\n\r\t"}`, `{"s":"kopi ☕ enak"}`, "{\"s\":\"\xff\xfe\"}",
	`{"s":"\ud83d\ude00"}`, `{"s":"\ud800"}`,
	`{"a":1,"a":2}`, `{"a":{"b":1,"b":1}}`, `{"a":1,}`, `[1,]`, `{"a" 1}`, `{a:1}`, `[01]`, `[1.]`, `[.5]`,
	`[1e]`, `[-]`, `[+1]`, `"\x"`, `"\u12"`, "\"a\tb\"", `{"a":1} x`, `{} {}`, `[tru]`, `nul`, `{"a":1`, `[`,
	"\ufeff{}", `{"a":[` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `]}`,
	strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1),
}

func TestFastParseAgreesWithTheTokenizer(t *testing.T) {
	for _, doc := range fastCases {
		sameAnswer(t, []byte(doc))
	}
}

// sameAnswer checks that the fast parser takes exactly the documents the
// tokenizer reads without error, into the same tree.
func sameAnswer(t *testing.T, data []byte) {
	t.Helper()
	if len(bytes.TrimSpace(data)) == 0 {
		return // parse refuses it before either runs
	}
	fast, ok := fastParse(data)
	slow, err := tokenParse(data)
	if err != nil {
		assert.False(t, ok, "the fast parser took %q, which the tokenizer refuses: %v", data, err)
		return
	}
	require.True(t, ok, "the fast parser gave up on %q, which the tokenizer reads", data)
	assert.Equal(t, slow, fast, "%q", data)
}

// FuzzFastParse holds the fast parser to the tokenizer's answers on any
// input: go test -run x -fuzz FuzzFastParse ./internal/strictjson
func FuzzFastParse(f *testing.F) {
	for _, doc := range fastCases {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAnswer(t, data)
	})
}
