package importing

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
)

// Limits of what [ReadTable] reads.
const (
	// MaxFileSize is the largest file read, in bytes.
	MaxFileSize = 16 << 20
	// MaxRows is the most data rows a file may hold.
	MaxRows = 5000
	// MaxCell is the longest cell kept, in bytes; longer cells are cut
	// at a character boundary (the order's own checks then refuse them).
	MaxCell = 2000
)

// Table is a file's rows: the header row's column names and the data
// rows, each as long as Headers.
type Table struct {
	Headers []string   `json:"headers"`
	Rows    [][]string `json:"rows"`
}

// ReadTable reads a file of order rows: an XLSX workbook (its first
// sheet), JSON rows (an array of objects; nested objects become columns
// "customer.name", and an array of objects such as "details" gives one row
// per element with the parent's columns repeated), or CSV separated by
// commas, semicolons (as Indonesian spreadsheets save it) or tabs, with or
// without a byte-order mark. The first non-empty row is the header. name
// is the file name, used only to tell the format when the bytes do not.
//
// Errors: unreadable_file when the data is larger than [MaxFileSize],
// not one of those formats, not UTF-8, has no header or no data row, or
// more than [MaxRows] rows.
func ReadTable(name string, data []byte) (Table, error) {
	if len(data) > MaxFileSize {
		return Table{}, unreadable("the file is larger than %d bytes", MaxFileSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	var (
		rows [][]string
		err  error
	)
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || strings.HasSuffix(strings.ToLower(name), ".xlsx"):
		rows, err = readXLSX(data)
	case len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{'):
		rows, err = readJSONRows(trimmed)
	default:
		if err := checkUTF8(string(data)); err != nil {
			return Table{}, err
		}
		rows, err = readCSV(data)
	}
	if err != nil {
		return Table{}, err
	}
	return tableOf(rows)
}

func unreadable(format string, args ...any) *errs.Error {
	return errs.Invalidf(CodeUnreadableFile, "importing: "+format, args...)
}

func checkUTF8(s string) error {
	if !utf8.ValidString(s) {
		return unreadable("the text is not UTF-8; save the file as CSV UTF-8")
	}
	return nil
}

// preambleRows is how many rows before the header a file may have (a
// report's title, its period) that are left out.
const preambleRows = 10

// tableOf takes the header row and pads or cuts every data row to its
// width, skipping empty rows. The header is the first non-empty row
// unless rows before it (a title such as "Laporan Penjualan", a period)
// fill fewer than half as many cells as the widest of the first
// preambleRows non-empty rows: those are left out.
func tableOf(rows [][]string) (Table, error) {
	var t Table
	filled := make([]int, len(rows))
	widest, seen := 0, 0
	for j, r := range rows {
		for i, c := range r {
			c = strings.TrimSpace(c)
			if len(c) > MaxCell {
				c = strings.ToValidUTF8(c[:MaxCell], "")
			}
			r[i] = c
			if c != "" {
				filled[j]++
			}
		}
		if filled[j] > 0 && seen < preambleRows {
			seen++
			widest = max(widest, filled[j])
		}
	}
	for j, r := range rows {
		switch {
		case filled[j] == 0:
		case t.Headers == nil && 2*filled[j] < widest:
			// a title or period above the header
		case t.Headers == nil:
			t.Headers = r
		default:
			if len(t.Rows) == MaxRows {
				return Table{}, unreadable("the file has more than %d rows; split it", MaxRows)
			}
			row := make([]string, len(t.Headers))
			copy(row, r)
			t.Rows = append(t.Rows, row)
		}
	}
	if t.Headers == nil || len(t.Rows) == 0 {
		return Table{}, unreadable("the file has no header row and data rows")
	}
	return t, nil
}

func readCSV(data []byte) ([][]string, error) {
	// the separator most used in the header: the first line with at
	// least half as many separators as the most of the first lines (a
	// title above the header has few or none)
	var lines [][]byte
	for rest := data; len(lines) < preambleRows && len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		lines = append(lines, line)
	}
	seps := func(l []byte) int {
		return bytes.Count(l, []byte(",")) + bytes.Count(l, []byte(";")) + bytes.Count(l, []byte("\t"))
	}
	most := 0
	for _, l := range lines {
		most = max(most, seps(l))
	}
	var first []byte
	for _, l := range lines {
		if 2*seps(l) >= most {
			first = l
			break
		}
	}
	sep := ','
	for _, c := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(c))) > bytes.Count(first, []byte(string(sep))) {
			sep = c
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, errs.Wrap(errs.Invalid, CodeUnreadableFile, err, "importing: the CSV cannot be read: "+err.Error())
		}
		if len(rows) > MaxRows+1 {
			return nil, unreadable("the file has more than %d rows; split it", MaxRows)
		}
		rows = append(rows, rec)
	}
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 4 * MaxFileSize, UnzipXMLSizeLimit: MaxFileSize})
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, CodeUnreadableFile, err, "importing: the workbook cannot be read")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, unreadable("the workbook has no sheet")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, CodeUnreadableFile, err, "importing: the workbook's first sheet cannot be read")
	}
	if len(rows) > MaxRows+1 {
		return nil, unreadable("the file has more than %d rows; split it", MaxRows)
	}
	return rows, nil
}

// readJSONRows flattens an array of objects (or one object) into rows
// under the union of their column names, in first-seen order.
func readJSONRows(data []byte) ([][]string, error) {
	var list []json.RawMessage
	if data[0] == '{' {
		list = []json.RawMessage{data}
	} else if err := strictjson.Decode(data, &list); err != nil {
		return nil, errs.Wrap(errs.Invalid, CodeUnreadableFile, err, "importing: the JSON rows cannot be read: "+err.Error())
	}
	var (
		cols  []string
		index = map[string]int{}
		recs  []map[string]string
	)
	for _, raw := range list {
		flat, err := flatten(raw, "", 0)
		if err != nil {
			return nil, err
		}
		for _, rec := range flat {
			for k := range rec {
				if _, ok := index[k]; !ok {
					index[k] = len(cols)
					cols = append(cols, k)
				}
			}
			if len(recs) == MaxRows {
				return nil, unreadable("the file has more than %d rows; split it", MaxRows)
			}
			recs = append(recs, rec)
		}
	}
	rows := [][]string{cols}
	for _, rec := range recs {
		row := make([]string, len(cols))
		for k, v := range rec {
			row[index[k]] = v
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// flatten turns one JSON value into records: an object's fields become
// "prefix.field" columns; the first array of objects met gives one record
// per element; an array of scalars is joined with ", ".
func flatten(raw json.RawMessage, prefix string, depth int) ([]map[string]string, error) {
	if depth > 8 {
		return nil, unreadable("the JSON rows nest too deeply")
	}
	bad := func(err error) error {
		return errs.Wrap(errs.Invalid, CodeUnreadableFile, err, "importing: the JSON rows cannot be read: "+err.Error())
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return []map[string]string{{}}, nil
	}
	switch raw[0] {
	case '{':
		var obj map[string]json.RawMessage
		if err := strictjson.Decode(raw, &obj); err != nil {
			return nil, bad(err)
		}
		recs := []map[string]string{{}}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			sub, err := flatten(obj[k], joinKey(prefix, k), depth+1)
			if err != nil {
				return nil, err
			}
			if len(sub) > 1 && len(recs) == 1 {
				base := recs[0]
				recs = nil
				for _, s := range sub {
					r := map[string]string{}
					for bk, bv := range base {
						r[bk] = bv
					}
					for sk, sv := range s {
						r[sk] = sv
					}
					recs = append(recs, r)
				}
				continue
			}
			for _, r := range recs {
				for sk, sv := range sub[0] {
					r[sk] = sv
				}
			}
		}
		return recs, nil
	case '[':
		var list []json.RawMessage
		if err := strictjson.Decode(raw, &list); err != nil {
			return nil, bad(err)
		}
		if len(list) > 0 && bytes.HasPrefix(bytes.TrimSpace(list[0]), []byte("{")) {
			var out []map[string]string
			for _, el := range list {
				sub, err := flatten(el, prefix, depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
			}
			if len(out) == 0 {
				out = []map[string]string{{}}
			}
			return out, nil
		}
		var parts []string
		for _, el := range list {
			sub, err := flatten(el, prefix, depth+1)
			if err != nil {
				return nil, err
			}
			if v := sub[0][prefix]; v != "" {
				parts = append(parts, v)
			}
		}
		return []map[string]string{{prefix: strings.Join(parts, ", ")}}, nil
	case '"':
		var s string
		if err := strictjson.Decode(raw, &s); err != nil {
			return nil, bad(err)
		}
		return []map[string]string{{prefix: s}}, nil
	}
	if string(raw) == "null" {
		return []map[string]string{{prefix: ""}}, nil
	}
	var n json.Number
	if string(raw) != "true" && string(raw) != "false" {
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, bad(err)
		}
	}
	return []map[string]string{{prefix: string(raw)}}, nil
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}
