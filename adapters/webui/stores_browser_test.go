package webui_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/ports"
)

// TestSignIntoStoreBInTheBrowser: the seller of store b signs in under
// /s/b/ with b's key and sees b's orders only; the default store's owner
// key is refused there.
func TestSignIntoStoreBInTheBrowser(t *testing.T) {
	s := newStoresSite(t, webui.Config{})
	s.place(t, ports.DefaultStore, "Ani Default")
	ob := s.place(t, "b", "Budi Bandung")
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(360, 780), chromedp.Navigate(s.srv.URL+"/s/b/admin/pesanan"), chromedp.WaitVisible(chromedp.CSS("#token")))
	do(t, ctx, typeInto("#token", s.keys["default-owner"]+"\r"), chromedp.WaitVisible(chromedp.CSS("#signin-error")))
	do(t, ctx, typeInto("#token", s.keys["b-staff"]+"\r"), chromedp.WaitVisible(chromedp.CSS("#tabs")))
	body := text(t, ctx, "#orders")
	assert.Contains(t, body, "Budi Bandung")
	assert.Contains(t, body, ob.Number)
	assert.NotContains(t, body, "Ani Default")
	assert.Contains(t, text(t, ctx, "header"), "Toko Bandung")
	shot(t, ctx, "phone-30-store-b-orders")
}
