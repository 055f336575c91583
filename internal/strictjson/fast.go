package strictjson

import (
	"encoding/json"
	"unicode/utf8"
)

// fastParse reads a well-formed document into the same tree parse
// builds, without encoding/json's tokenizer (which allocates for every
// token). It gives up (ok false) at anything parse would refuse or name —
// malformed JSON, a duplicate key, nesting deeper than MaxDepth, data
// after the document — and at nothing else, so that parse, run only then,
// reports the problem exactly as before. FuzzFastParse holds the two to
// the same answers.
func fastParse(data []byte) (doc any, ok bool) {
	f := fastParser{data: data}
	f.space()
	doc, ok = f.value(0)
	if !ok {
		return nil, false
	}
	f.space()
	return doc, f.i == len(f.data)
}

type fastParser struct {
	data []byte
	i    int
}

func (f *fastParser) space() {
	for f.i < len(f.data) {
		switch f.data[f.i] {
		case ' ', '\t', '\n', '\r':
			f.i++
		default:
			return
		}
	}
}

func (f *fastParser) value(depth int) (any, bool) {
	if f.i >= len(f.data) {
		return nil, false
	}
	switch c := f.data[f.i]; {
	case c == '{':
		if depth >= MaxDepth {
			return nil, false
		}
		f.i++
		obj := map[string]any{}
		f.space()
		if f.i < len(f.data) && f.data[f.i] == '}' {
			f.i++
			return obj, true
		}
		for {
			f.space()
			key, ok := f.str()
			if !ok {
				return nil, false
			}
			if _, dup := obj[key]; dup {
				return nil, false
			}
			f.space()
			if f.i >= len(f.data) || f.data[f.i] != ':' {
				return nil, false
			}
			f.i++
			f.space()
			v, ok := f.value(depth + 1)
			if !ok {
				return nil, false
			}
			obj[key] = v
			f.space()
			if f.i >= len(f.data) {
				return nil, false
			}
			switch f.data[f.i] {
			case ',':
				f.i++
			case '}':
				f.i++
				return obj, true
			default:
				return nil, false
			}
		}
	case c == '[':
		if depth >= MaxDepth {
			return nil, false
		}
		f.i++
		list := []any{}
		f.space()
		if f.i < len(f.data) && f.data[f.i] == ']' {
			f.i++
			return list, true
		}
		for {
			f.space()
			v, ok := f.value(depth + 1)
			if !ok {
				return nil, false
			}
			list = append(list, v)
			f.space()
			if f.i >= len(f.data) {
				return nil, false
			}
			switch f.data[f.i] {
			case ',':
				f.i++
			case ']':
				f.i++
				return list, true
			default:
				return nil, false
			}
		}
	case c == '"':
		s, ok := f.str()
		return s, ok
	case c == 't':
		return true, f.literal("true")
	case c == 'f':
		return false, f.literal("false")
	case c == 'n':
		return nil, f.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return f.number()
	}
	return nil, false
}

func (f *fastParser) literal(word string) bool {
	if len(f.data)-f.i < len(word) || string(f.data[f.i:f.i+len(word)]) != word {
		return false
	}
	f.i += len(word)
	return true
}

// str reads a string; one without escapes or non-ASCII bytes is taken as
// it is, any other is unquoted by encoding/json, as the tokenizer does.
func (f *fastParser) str() (string, bool) {
	start := f.i
	plain, ok := f.strEnd()
	if !ok {
		return "", false
	}
	if plain {
		return string(f.data[start+1 : f.i-1]), true
	}
	return unquote(f.data[start:f.i])
}

// strEnd moves past the string starting at f.i, quotes included, and
// tells whether it is plain: without escapes or non-ASCII bytes, so that
// the bytes between its quotes are its value.
func (f *fastParser) strEnd() (plain, ok bool) {
	if f.i >= len(f.data) || f.data[f.i] != '"' {
		return false, false
	}
	plain = true
	for j := f.i + 1; j < len(f.data); j++ {
		switch c := f.data[j]; {
		case c == '"':
			f.i = j + 1
			return plain, true
		case c == '\\':
			plain = false
			j++ // the escaped byte cannot end the string
		case c < 0x20:
			return false, false
		case c >= utf8.RuneSelf:
			plain = false
		}
	}
	return false, false
}

// unquote reads a quoted JSON string as encoding/json does.
func unquote(quoted []byte) (string, bool) {
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return "", false
	}
	return s, true
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (f *fastParser) number() (any, bool) {
	start := f.i
	end, ok := numberEnd(f.data, f.i)
	if !ok {
		return nil, false
	}
	f.i = end
	return json.Number(f.data[start:end]), true
}

// numberEnd gives where the JSON number starting at d[i] ends, or false
// when there is none.
func numberEnd(d []byte, i int) (int, bool) {
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return 0, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return 0, false
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return 0, false
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	return i, true
}
