package main

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerServesProcurement: with a platform key the server answers the
// procurement routes, under the terms of the -procurement file (here a
// 1 % transaction fee), for purchases from its stores.
func TestServerServesProcurement(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dataPath := filepath.Join(dir, "store.json")
	require.NoError(t, os.WriteFile(dataPath, []byte(smallFile), 0o600))
	termsPath := filepath.Join(dir, "procurement.json")
	require.NoError(t, os.WriteFile(termsPath, []byte(`{"platform": {"name": "Pasar Pengadaan", "npwp": "01.234.567.8-901.000",
		"fee_percent": "1", "ppn_percent": "11", "pph23_percent": "2"}, "payment_terms": [0, 30]}`), 0o600))
	addr, out := startRun(t, []string{"-data", dataPath, "-platform-key", "pk-secret", "-procurement", termsPath}, nil)
	base := "http://" + addr

	account := map[string]any{"id": "dinas-pu", "company_name": "Dinas PU", "npwp": "00.123.456.7-429.000", "kind": "klpd",
		"addresses": []any{map[string]any{"line": "Jl. Senopati 1", "location_id": "jaksel", "postal_code": "12160"}}}
	status, body := call(t, http.MethodPost, base+"/v1/platform/buyer-accounts", "pk-secret", "", account)
	require.Equal(t, http.StatusCreated, status, "%v\n%s", body, out.String())

	purchase := map[string]any{"buyer_account_id": "dinas-pu", "payment_term_days": 30,
		"items":    []any{map[string]any{"seller": "default", "sku": "TOPI", "quantity": 2}},
		"couriers": map[string]any{"default": map[string]any{"courier": "jne", "service": "REG"}}}
	status, quoted := call(t, http.MethodPost, base+"/v1/platform/procurement/quotes", "pk-secret", "", purchase)
	require.Equal(t, http.StatusOK, status, "%v", quoted)
	orders := quoted["orders"].([]any)
	require.Len(t, orders, 1)
	assert.Equal(t, "default", orders[0].(map[string]any)["store"])
	// The fee is 1 % of the goods (2 × Rp50.000), rounded up: Rp1.000.
	assert.EqualValues(t, 1000, quoted["totals"].(map[string]any)["platform_fee"], "%v", quoted["totals"])

	purchase["payment_term_days"] = 14
	status, refused := call(t, http.MethodPost, base+"/v1/platform/procurement/quotes", "pk-secret", "", purchase)
	assert.Equal(t, http.StatusUnprocessableEntity, status, "a term the platform does not allow: %v", refused)
}
