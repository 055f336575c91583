package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlashSaleTwoProcesses runs a flash sale against two server
// processes on one PostgreSQL schema: 500 buyers at once, half at each
// process, for 50 units, with a voucher for the first 20. A buyer asks for
// the voucher and, told it is used up, asks again without it. Exactly 50
// orders are placed, exactly 20 of them discounted, no unit is left, and
// every other buyer gets a coded refusal: out_of_stock, or
// voucher_quota_exhausted before asking again.
func TestFlashSaleTwoProcesses(t *testing.T) {
	const buyers, units, quota = 500, 50, 20
	dsn, schema, pool := serverSchema(t, "server_test_", true)

	var file map[string]any
	require.NoError(t, json.Unmarshal([]byte(smallFile), &file))
	file["products"] = append(file["products"].([]any), map[string]any{"id": "kilat", "name": "Kaos Edisi Kilat", "sku": "KILAT-01",
		"status": "published", "cod_allowed": true, "weight_grams": 200, "price": 100000, "stock": units})
	file["vouchers"] = append(file["vouchers"].([]any), map[string]any{"code": "KILAT20", "kind": "product", "type": "fixed",
		"value": 10000, "quota": quota})
	data, err := json.Marshal(file)
	require.NoError(t, err)
	dataPath := filepath.Join(t.TempDir(), "store.json")
	require.NoError(t, os.WriteFile(dataPath, data, 0o600))
	bin := buildServer(t)
	env := []string{"KASIR_DATABASE_URL=" + dsn, "KASIR_DATABASE_SCHEMA=" + schema}
	// No rate limit (every buyer comes from this host), and a deadline
	// that lets the last of 500 queued buyers be answered on a busy
	// machine: the test is about what is sold, not how fast.
	args := []string{"-data", dataPath, "-rate-limit", "0", "-request-timeout", "2m"}
	servers := []*serverProcess{startServerArgs(t, bin, args, env...)}
	servers = append(servers, startServerArgs(t, bin, args, env...))

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	refusals := map[string]int{}
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range buyers {
		done.Go(func() {
			start.Wait()
			url := servers[i%2].base + "/v1/orders"
			for _, voucher := range []string{"KILAT20", ""} {
				body, err := json.Marshal(map[string]any{
					"lines": []any{map[string]any{"sku": "KILAT-01", "quantity": 1}}, "courier": "jne", "service": "REG",
					"payment_method": "cod", "product_voucher": voucher,
					"customer": map[string]any{"name": fmt.Sprintf("Pembeli %d", i), "phone": fmt.Sprintf("0813%08d", i)},
					"address":  map[string]any{"line": "Jl. Melawai Raya No. 5", "location_id": "jaksel", "postal_code": "12160"},
				})
				if !assert.NoError(t, err) {
					return
				}
				res, err := client.Post(url, "application/json", bytes.NewReader(body))
				if !assert.NoError(t, err) {
					return
				}
				var answer struct {
					Error struct{ Code string } `json:"error"`
				}
				err = json.NewDecoder(res.Body).Decode(&answer)
				res.Body.Close()
				if !assert.NoError(t, err) || res.StatusCode == http.StatusCreated {
					return
				}
				mu.Lock()
				refusals[answer.Error.Code]++
				mu.Unlock()
				if answer.Error.Code != "voucher_quota_exhausted" {
					return
				}
			}
		})
	}
	start.Done()
	done.Wait()

	for code := range refusals {
		assert.Contains(t, []string{"out_of_stock", "voucher_quota_exhausted"}, code, "refusal codes: %v", refusals)
	}
	assert.Equal(t, buyers-units, refusals["out_of_stock"], "every buyer without a unit is told so: %v", refusals)
	status, list := call(t, http.MethodGet, servers[1].base+"/v1/orders?limit=100", "secret", "", nil)
	require.Equal(t, http.StatusOK, status, "%v", list)
	assert.EqualValues(t, units, list["total"], "orders")
	discounted := 0
	for _, o := range list["data"].([]any) {
		if v, _ := o.(map[string]any)["product_voucher"].(string); v != "" {
			discounted++
		}
	}
	assert.Equal(t, quota, discounted, "discounted orders")
	var left int64
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT available FROM "+schema+".stock WHERE variant_id = 'kilat'").Scan(&left))
	assert.Zero(t, left, "units left")
}
