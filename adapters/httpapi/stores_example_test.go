package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/ports"
)

// ExampleNewStores serves many stores from one handler: the platform key
// creates a store and mints its first owner key, the store's configuration
// is saved, and its checkout answers under /s/{store}.
func ExampleNewStores() {
	platform := memory.NewPlatform()
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	stores, err := kasir.NewStores(kasir.StoresDeps{Platform: platform, Format: storefile.Format{}, Clock: memory.SystemClock{}, IDs: memory.IDs{}},
		kasir.WithLogger(discard))
	if err != nil {
		panic(err)
	}
	h := httpapi.NewStores(httpapi.StoresConfig{
		Config:   httpapi.Config{Logger: discard},
		Platform: platform, Service: stores.Service, PlatformKey: "platform-secret",
	})

	platformAuth := []string{"Authorization", "Bearer platform-secret"}
	w := send(h, http.MethodPost, "/v1/platform/stores", `{"id":"toko-kopi","name":"Toko Kopi"}`, platformAuth...)
	fmt.Println("create store:", w.Code)
	w = send(h, http.MethodPost, "/v1/platform/stores/toko-kopi/api-keys", `{"name":"pemilik","role":"owner"}`, platformAuth...)
	var key struct{ Secret string }
	_ = json.Unmarshal(w.Body.Bytes(), &key)
	fmt.Println("owner key:", w.Code, strings.HasPrefix(key.Secret, "ksr_toko-kopi_"))

	// The store's catalog and settings: the example server's demo data file.
	data, err := os.ReadFile("../../examples/server/demo.json")
	if err != nil {
		panic(err)
	}
	config, _, err := storefile.Format{}.ParseFile(data)
	if err != nil {
		panic(err)
	}
	setup, err := storefile.Format{}.ParseConfig(config)
	if err != nil {
		panic(err)
	}
	st, _ := platform.Store("toko-kopi")
	if _, err := st.PutConfig(context.Background(), 0, ports.StoreConfig{Data: config, Author: "pemilik", SavedAt: time.Now()}); err != nil {
		panic(err)
	}
	if err := st.SeedStockIfAbsent(context.Background(), setup.Catalog.InitialStock().Levels()); err != nil {
		panic(err)
	}

	w = send(h, http.MethodPost, "/s/toko-kopi/v1/quotes",
		`{"lines":[{"sku":"GAYO-250-BIJI","quantity":2}],"courier":"jne","service":"REG","payment_method":"cod","location_id":"jaksel-kebayoran-baru"}`)
	var q struct {
		Breakdown struct {
			Subtotal int64 `json:"subtotal"`
		} `json:"breakdown"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &q)
	fmt.Println("quote:", w.Code, q.Breakdown.Subtotal)
	w = send(h, http.MethodGet, "/s/toko-kopi/v1/orders", "", "Authorization", "Bearer "+key.Secret)
	fmt.Println("orders with the owner key:", w.Code)
	w = send(h, http.MethodGet, "/s/toko-lain/v1/products", "")
	fmt.Println("unknown store:", w.Code)
	// Output:
	// create store: 201
	// owner key: 201 true
	// quote: 200 170000
	// orders with the owner key: 200
	// unknown store: 404
}
