package webui_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// A store's pages mounted under a path, with the dashboard signed into
// with one admin token.
func ExampleNew() {
	fx, err := kasirtest.Build()
	if err != nil {
		panic(err)
	}
	pages, err := webui.New(fx.Service, webui.Config{
		BasePath:     "/s/toko-resep",
		Authenticate: webui.AdminToken("a-long-admin-token"),
	})
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	pages.ServeHTTP(rec, httptest.NewRequest("GET", "/s/toko-resep/", nil))
	body, _ := io.ReadAll(rec.Body)
	fmt.Println(rec.Code, strings.Contains(string(body), `href="/s/toko-resep/beli/p-kaos"`))
	// Output: 200 true
}

// Many stores' pages: the default store at /, store "b" under /s/b/, each
// request on the Service the function returns for its store then
// (kasir.Stores.Service in a server, so saved changes show at once).
func ExampleNewStores() {
	fx, err := kasirtest.Build()
	if err != nil {
		panic(err)
	}
	platform := memory.NewPlatform()
	ctx := context.Background()
	if err := platform.CreateStore(ctx, ports.StoreInfo{ID: "b", Name: "Toko B"}); err != nil {
		panic(err)
	}
	pages, err := webui.NewStores(webui.StoresConfig{
		Config:   webui.Config{Authenticate: webui.AdminToken("a-long-admin-token")},
		Platform: platform,
		Service: func(context.Context, string) (*kasir.Service, error) {
			return fx.Service, nil // one Service for both, for the example
		},
	})
	if err != nil {
		panic(err)
	}
	for _, path := range []string{"/", "/s/b/", "/s/c/"} {
		rec := httptest.NewRecorder()
		pages.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body, _ := io.ReadAll(rec.Body)
		fmt.Println(path, rec.Code, strings.Contains(string(body), `href="`+strings.TrimSuffix(path, "/")+`/beli/p-kaos"`))
	}
	// Output:
	// / 200 true
	// /s/b/ 200 true
	// /s/c/ 404 false
}
