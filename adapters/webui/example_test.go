package webui_test

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"

	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/kasirtest"
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
