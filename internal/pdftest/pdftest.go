// Package pdftest reads PDFs back as a person would, for tests: their text
// with poppler-utils' pdftotext, their barcodes with zbar-tools' zbarimg
// after rendering each page with pdftoppm.
package pdftest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// NeedTools skips the test unless pdftotext, pdftoppm and zbarimg are
// installed.
func NeedTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils zbar-tools): the PDF is not read back", tool)
		}
	}
}

// file writes pdf to a temporary file and returns its path.
func file(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(p, pdf, 0o600))
	return p
}

// Text is the PDF's text as pdftotext -layout extracts it; pages are
// separated by form feeds.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", file(t, pdf), "-").CombinedOutput()
	require.NoError(t, err, string(out))
	return string(out)
}

// Pages is the number of pages pdftotext sees.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	return strings.Count(strings.TrimRight(Text(t, pdf), "\f"), "\f") + 1
}

// Barcodes renders every page at 200 dpi and returns each barcode zbarimg
// decodes, as "TYPE:data" ("CODE-128:JP123", "QR-Code:https://…"),
// sorted.
func Barcodes(t testing.TB, pdf []byte) []string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("pdftoppm", "-r", "200", "-gray", "-png", file(t, pdf), filepath.Join(dir, "page")).CombinedOutput()
	require.NoError(t, err, string(out))
	pages, err := filepath.Glob(filepath.Join(dir, "page*.png"))
	require.NoError(t, err)
	require.NotEmpty(t, pages)
	var codes []string
	for _, p := range pages {
		out, err := exec.Command("zbarimg", "-q", p).Output()
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 4 {
			continue // no barcode on this page
		}
		require.NoError(t, err, string(out))
		for _, ln := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if ln != "" {
				codes = append(codes, ln)
			}
		}
	}
	sort.Strings(codes)
	return codes
}
