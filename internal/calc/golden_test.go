package calc_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/calc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenDir is shared/golden beside the project checkout.
var goldenDir = calc.GoldenDir(".")

type goldenCase struct {
	Name        string                     `json:"name"`
	Kind        string                     `json:"kind"`
	Input       json.RawMessage            `json:"input"`
	Expect      map[string]json.RawMessage `json:"expect"`
	ExpectError string                     `json:"expect_error"`
}

// loadGolden reads every case of every *.json file in shared/golden and its
// folders, keyed by the file's path inside shared/golden.
func loadGolden(t *testing.T) map[string][]goldenCase {
	t.Helper()
	files, err := calc.GoldenFiles(goldenDir)
	require.NoError(t, err)
	if goldenDir == "" || len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no golden cases in shared/golden beside the project (%q)", goldenDir)
		}
		t.Skipf("no golden cases in shared/golden (%q): check out shared/ beside the project", goldenDir)
	}
	out := map[string][]goldenCase{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var cases []goldenCase
		require.NoError(t, json.Unmarshal(data, &cases), f)
		rel, err := filepath.Rel(goldenDir, f)
		require.NoError(t, err)
		out[filepath.ToSlash(rel)] = cases
	}
	return out
}

// TestGolden runs every golden case through the library and compares every
// field the case expects, or the error code it expects.
func TestGolden(t *testing.T) {
	t.Parallel()
	total := 0
	for file, cases := range loadGolden(t) {
		for _, gc := range cases {
			total++
			t.Run(file+"/"+gc.Name, func(t *testing.T) {
				t.Parallel()
				res, err := calc.Run(calc.Case{Kind: gc.Kind, Input: gc.Input})
				if gc.ExpectError != "" {
					require.Error(t, err, "expected %s", gc.ExpectError)
					assert.Equal(t, gc.ExpectError, errs.Code(err), err.Error())
					return
				}
				require.NoError(t, err)
				got := map[string]json.RawMessage{}
				b, err := json.Marshal(res)
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(b, &got))
				for field, want := range gc.Expect {
					have, ok := got[field]
					if assert.True(t, ok, "field %s missing from the result", field) {
						assert.JSONEq(t, string(want), string(have), "field %s", field)
					}
				}
			})
		}
	}
	require.Positive(t, total)
}
