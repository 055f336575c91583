package messages

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// languages lists the catalog's languages, the fallback first, as the
// matcher wants them.
var languages = []language.Tag{language.English, language.Indonesian}

var (
	matcher = language.NewMatcher(languages)
	cat     = build()
	known   = codeSet()
)

// build fills the message catalog from the table in texts.go.
func build() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, t := range texts {
		// SetString fails only for an invalid tag; both are constants.
		_ = b.SetString(language.English, t.code, t.en)
		_ = b.SetString(language.Indonesian, t.code, t.id)
	}
	return b
}

func codeSet() map[string]bool {
	m := make(map[string]bool, len(texts))
	for _, t := range texts {
		m[t.code] = true
	}
	return m
}

// Languages returns the languages every message is written in: English
// (the fallback) and Indonesian.
func Languages() []language.Tag {
	return append([]language.Tag(nil), languages...)
}

// Match returns the catalog language that best fits an Accept-Language
// header value ("id-ID,id;q=0.9,en;q=0.8"): Indonesian for id, id-ID or the
// old code in, English for en-* and for a header that is empty, unreadable
// or names neither.
func Match(acceptLanguage string) language.Tag {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return language.English
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return language.English
	}
	return languages[i]
}

// Text returns the sentence for an error code in lang, or in English when
// lang is neither English nor Indonesian. ok is false for a code the
// catalog does not know (then msg is "").
func Text(code string, lang language.Tag) (msg string, ok bool) {
	if !known[code] {
		return "", false
	}
	return Printer(lang).Sprintf(code), true
}

// Printer returns a golang.org/x/text/message printer for lang over the
// catalog: Printer(lang).Sprintf(code) is the code's sentence.
func Printer(lang language.Tag) *message.Printer {
	_, i, conf := matcher.Match(lang)
	if conf == language.No {
		i = 0
	}
	return message.NewPrinter(languages[i], message.Catalog(cat))
}

// Codes returns every error code the catalog has a sentence for, in the
// catalog's order.
func Codes() []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = t.code
	}
	return out
}
