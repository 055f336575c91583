// Package messages holds what people read when kasir refuses something: one
// sentence per stable error code, in English and in Indonesian.
//
// The codes are the machine contract (errs.Code); these sentences are for
// the buyer or the seller's staff, so they carry no package names and no
// input values. The field at fault is reported apart from the message (see
// errs.Field), so a form can show the sentence beside that field.
//
// [Match] picks the language from an HTTP Accept-Language header, and [Text]
// returns the sentence for a code in that language:
//
//	lang := messages.Match(r.Header.Get("Accept-Language"))
//	msg, ok := messages.Text(errs.Code(err), lang)
//
// adapters/httpapi does exactly this for every error answer. The catalog is
// a golang.org/x/text/message catalog, so a program can also print with
// [Printer]. Every code the module defines has both sentences; a test fails
// when one is missing. docs/errors.md lists them all (go test ./messages
// -update rewrites its table from the catalog).
package messages
