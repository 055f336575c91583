package messages_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/kasir-id/kasir/messages"
)

var update = flag.Bool("update", false, "rewrite the code table of docs/errors.md")

const errorsPage = "../docs/errors.md"

// codeTable is the table of docs/errors.md: every code of the catalog with
// its two sentences.
func codeTable() string {
	var b strings.Builder
	b.WriteString("| code | English | Indonesian |\n| --- | --- | --- |\n")
	for _, code := range messages.Codes() {
		en, _ := messages.Text(code, language.English)
		id, _ := messages.Text(code, language.Indonesian)
		b.WriteString("| `" + code + "` | " + en + " | " + id + " |\n")
	}
	return b.String()
}

// TestErrorsPageListsEveryCode keeps docs/errors.md's table equal to the
// catalog, so the page lists every code with the sentences people get.
func TestErrorsPageListsEveryCode(t *testing.T) {
	data, err := os.ReadFile(errorsPage)
	require.NoError(t, err)
	page := string(data)
	const begin, end = "<!-- begin codes -->\n", "<!-- end codes -->"
	i, j := strings.Index(page, begin), strings.Index(page, end)
	require.True(t, i >= 0 && j > i, "docs/errors.md must hold the begin/end codes markers")
	want := codeTable()
	if *update {
		page = page[:i+len(begin)] + want + page[j:]
		require.NoError(t, os.WriteFile(errorsPage, []byte(page), 0o644))
		return
	}
	require.Equal(t, want, page[i+len(begin):j], "docs/errors.md is out of date: run go test ./messages -update")
}
