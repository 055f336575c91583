package calc_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/calc"
)

// TestDocsExamples runs the worked examples of docs/ (docs/examples.json,
// one calc case per number a page shows) through the library, so a page
// cannot keep a number the code no longer computes.
func TestDocsExamples(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../docs/examples.json")
	require.NoError(t, err)
	var cases []goldenCase
	require.NoError(t, json.Unmarshal(data, &cases))
	require.NotEmpty(t, cases)
	for _, dc := range cases {
		t.Run(dc.Name, func(t *testing.T) {
			t.Parallel()
			require.True(t, dc.ExpectError != "" || len(dc.Expect) > 0, "a docs example must expect something")
			res, err := calc.Run(calc.Case{Kind: dc.Kind, Input: dc.Input})
			if dc.ExpectError != "" {
				require.Error(t, err, "expected %s", dc.ExpectError)
				assert.Equal(t, dc.ExpectError, errs.Code(err), err.Error())
				return
			}
			require.NoError(t, err)
			b, err := json.Marshal(res)
			require.NoError(t, err)
			got := map[string]json.RawMessage{}
			require.NoError(t, json.Unmarshal(b, &got))
			for field, want := range dc.Expect {
				if assert.Contains(t, got, field) {
					assert.JSONEq(t, string(want), string(got[field]), "field %s", field)
				}
			}
		})
	}
}
