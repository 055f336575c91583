package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kasir-id/kasir/internal/calc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		exit int
		code string
	}{
		{"ok", `{"kind":"format","input":{"amount":1250000}}`, 0, ""},
		{"domain_error", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1,"quantity":-1}]}}`, 1, "invalid_input"},
		{"bad_json", `{`, 2, "invalid_input"},
		{"unknown_kind", `{"kind":"x","input":{}}`, 2, "invalid_input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			assert.Equal(t, tt.exit, run(strings.NewReader(tt.in), &out))
			var body map[string]any
			require.NoError(t, json.Unmarshal(out.Bytes(), &body), out.String())
			if tt.code == "" {
				assert.Equal(t, "Rp1.250.000", body["text"])
				return
			}
			e := body["error"].(map[string]any)
			assert.Equal(t, tt.code, e["code"])
			assert.NotEmpty(t, e["message"])
		})
	}
}

// TestCommandOverGolden builds the real command and feeds it every golden
// case of every file in shared/golden and its folders on standard input,
// checking the exit status and the expected fields.
func TestCommandOverGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	files, err := calc.GoldenFiles(calc.GoldenDir("."))
	require.NoError(t, err)
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("no golden cases in shared/golden beside the project")
		}
		t.Skip("no shared/golden beside the project")
	}
	bin := filepath.Join(t.TempDir(), "calc")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var cases []map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &cases))
		for _, c := range cases {
			raw, _ := json.Marshal(c)
			cmd := exec.Command(bin)
			cmd.Stdin = bytes.NewReader(raw)
			out, _ := cmd.Output()
			var got map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(out, &got), string(out))
			if want, ok := c["expect_error"]; ok {
				assert.Equal(t, 1, cmd.ProcessState.ExitCode(), string(c["name"]))
				var e struct{ Code string }
				require.NoError(t, json.Unmarshal(got["error"], &e))
				assert.JSONEq(t, string(want), `"`+e.Code+`"`, string(c["name"]))
				continue
			}
			assert.Equal(t, 0, cmd.ProcessState.ExitCode(), string(c["name"]))
			var expect map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(c["expect"], &expect))
			for k, v := range expect {
				assert.JSONEq(t, string(v), string(got[k]), "%s: %s", c["name"], k)
			}
		}
	}
}
