package webui_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/ports"
)

const importChat = "Nama : Budi Santoso\nNo. HP: 0812-3456-7890\nAlamat: Jl. Dago 1, Kec. Coblong, Bandung 40132\nPesan: 1x Buku Resep\nKurir: JNE reg\nBayar: COD"

// TestImportInTheBrowser: the seller pastes an order from a chat, sees the
// preview row, saves it and reaches the order placed.
func TestImportInTheBrowser(t *testing.T) {
	s := newSite(t, webui.Config{})
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.srv.URL+"/admin/impor?lang=id"), chromedp.WaitVisible(chromedp.CSS("#token")),
		typeInto("#token", adminToken+"\r"), chromedp.WaitVisible(chromedp.CSS("#upload")))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { document.querySelector('#text').value = `+strconv.Quote(importChat)+`; return 0 })()`))
	require.NoError(t, err)
	do(t, ctx, chromedp.Click(chromedp.CSS("#preview")), chromedp.WaitVisible(chromedp.CSS("#rows")))
	assert.Contains(t, text(t, ctx, "#rows"), "Budi Santoso")
	shot(t, ctx, "desktop-20-import-preview")
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Zero(t, page.Total, "the preview places nothing")

	do(t, ctx, chromedp.Click(chromedp.CSS("#commit button")), chromedp.WaitVisible(chromedp.CSS("#flash")))
	page, err = s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.Contains(t, text(t, ctx, "#rows"), page.Orders[0].Number)
	shot(t, ctx, "desktop-21-import-done")
}
