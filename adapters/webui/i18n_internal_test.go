package webui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/ledger"
)

// TestEverySentenceInBothLanguages: every key a template or the Go code
// reads has an Indonesian and an English sentence.
func TestEverySentenceInBothLanguages(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	inTemplates := regexp.MustCompile(`\.L\.([a-z0-9_]+)|t \.Lang "([a-z0-9_]+)"`)
	require.NoError(t, fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		for _, m := range inTemplates.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]+m[2]] = true
		}
		return err
	}))
	inGo := regexp.MustCompile(`text\(l, "([a-z0-9_]+)"\)|h\.t\(r, "([a-z0-9_]+)"\)`)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range inGo.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]+m[2]] = true
		}
	}
	require.Greater(t, len(keys), 50)
	// Keys made from a value: the balance's entry kinds and the
	// withdrawals' statuses.
	for _, k := range ledger.Kinds() {
		keys["entry_"+string(k)] = true
	}
	for _, st := range ledger.WithdrawalStatuses() {
		keys["wd_"+string(st)] = true
		keys["wd_to_"+string(st)] = true
	}
	for k := range keys {
		assert.NotEmpty(t, dict["id"][k], "no Indonesian sentence for %q", k)
		assert.NotEmpty(t, dict["en"][k], "no English sentence for %q", k)
	}
	for k := range dict["id"] {
		assert.NotEmpty(t, dict["en"][k], "no English sentence for %q", k)
	}
}

// TestLanguagesHaveTheSameKeys: the Indonesian and English tables name the
// same sentences, so switching language never falls back or shows a key.
func TestLanguagesHaveTheSameKeys(t *testing.T) {
	t.Parallel()
	require.Len(t, dict, 2)
	for k, v := range dict["id"] {
		_, ok := dict["en"][k]
		assert.True(t, ok, "%q is Indonesian only", k)
		assert.NotEmpty(t, v, "%q is empty in Indonesian", k)
	}
	for k, v := range dict["en"] {
		_, ok := dict["id"][k]
		assert.True(t, ok, "%q is English only", k)
		assert.NotEmpty(t, v, "%q is empty in English", k)
	}
}
