package messages_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/kasir-id/kasir/messages"
)

// moduleCodes returns every error code the module defines: the string
// value of each constant named Code… in its non-test Go files, with the
// file that defines it.
func moduleCodes(t *testing.T) map[string]string {
	t.Helper()
	codes := map[string]string{}
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range spec.Names {
				if !strings.HasPrefix(name.Name, "Code") || i >= len(spec.Values) {
					continue
				}
				lit, ok := spec.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue // a constant naming another package's code
				}
				code, err := strconv.Unquote(lit.Value)
				require.NoError(t, err, path)
				codes[code] = path
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	return codes
}

// TestEveryCodeHasBothMessages fails when an error code of the module has
// no sentence in English or in Indonesian: add it to texts.go.
func TestEveryCodeHasBothMessages(t *testing.T) {
	t.Parallel()
	codes := moduleCodes(t)
	require.Greater(t, len(codes), 40, "the scan must have found the module's codes")
	for _, c := range []string{"out_of_stock", "voucher_expired", "invalid_phone", "invalid_input", "unknown_field"} {
		require.Contains(t, codes, c, "the scan must see codes of every package")
	}
	for code, file := range codes {
		en, ok := messages.Text(code, language.English)
		if !assert.True(t, ok, "code %q (%s) has no message: add it to messages/texts.go", code, file) {
			continue
		}
		id, _ := messages.Text(code, language.Indonesian)
		assert.NotEqual(t, en, id, "code %q (%s) has no Indonesian message", code, file)
	}
}

var packagePrefix = regexp.MustCompile(`^[a-z]+: `)

// TestMessagesAreSentences: every message is one or two clean sentences
// for people, in both languages, with no package prefix, no code and no
// format verb.
func TestMessagesAreSentences(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, code := range messages.Codes() {
		assert.False(t, seen[code], "code %q is in the catalog twice", code)
		seen[code] = true
		for _, lang := range messages.Languages() {
			msg, ok := messages.Text(code, lang)
			require.True(t, ok, code)
			assert.NotEmpty(t, msg, "%s in %s", code, lang)
			assert.NotRegexp(t, packagePrefix, msg, "%s in %s", code, lang)
			assert.NotContains(t, msg, "%", "%s in %s", code, lang)
			assert.NotContains(t, msg, code, "%s in %s: a message does not repeat its code", code, lang)
			assert.True(t, strings.HasSuffix(msg, "."), "%s in %s ends a sentence: %q", code, lang, msg)
			assert.Regexp(t, `^\p{Lu}`, msg, "%s in %s starts a sentence", code, lang)
		}
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   language.Tag
	}{
		{"", language.English},
		{"id", language.Indonesian},
		{"id-ID", language.Indonesian},
		{"in", language.Indonesian},
		{"id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", language.Indonesian},
		{"en-US,en;q=0.9,id;q=0.8", language.English},
		{"en-GB", language.English},
		{"fr-FR", language.English},
		{"ja, id;q=0.5", language.Indonesian},
		{"*", language.English},
		{"not a header ;;; q=x", language.English},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, messages.Match(tt.header), "Accept-Language: %q", tt.header)
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	en, ok := messages.Text("voucher_expired", language.English)
	require.True(t, ok)
	assert.Equal(t, "This voucher has expired.", en)
	id, ok := messages.Text("voucher_expired", language.Indonesian)
	require.True(t, ok)
	assert.Equal(t, "Voucher ini sudah kedaluwarsa.", id)
	other, ok := messages.Text("voucher_expired", language.French)
	require.True(t, ok)
	assert.Equal(t, en, other, "a language the catalog lacks falls back to English")
	regional, _ := messages.Text("voucher_expired", language.MustParse("id-ID"))
	assert.Equal(t, id, regional)
	_, ok = messages.Text("no_such_code", language.English)
	assert.False(t, ok)
	assert.Equal(t, id, messages.Printer(language.Indonesian).Sprintf("voucher_expired"))
}
