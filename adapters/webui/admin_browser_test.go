package webui_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
)

// tabCount is the count on a status tab of the orders page.
func tabCount(status string) string {
	return `document.querySelector('#tabs a[data-status="` + status + `"] .count').textContent`
}

// TestSellerShipsInTheBrowser: the seller signs in, finds the order by its
// number, ships it with an airway bill and sees the count per status move.
func TestSellerShipsInTheBrowser(t *testing.T) {
	s := newSite(t, webui.Config{})
	o := place(t, s, "Budi Santoso", payment.COD)
	place(t, s, "Sari", payment.BankTransfer)
	_, err := s.fx.Service.CaptureAbandoned(context.Background(), kasir.AbandonedRequest{Name: "Rina", Phone: "081298765432",
		Lines: []catalog.LineRequest{{ProductID: "p-buku", Quantity: 1}}})
	require.NoError(t, err)
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(360, 780), chromedp.Navigate(s.srv.URL+"/admin/pesanan"), chromedp.WaitVisible(chromedp.CSS("#token")))
	shot(t, ctx, "phone-10-signin")
	do(t, ctx, typeInto("#token", adminToken+"\r"), chromedp.WaitVisible(chromedp.CSS("#tabs")))
	count := func(st string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](tabCount(st)))
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, "1", count("processing"))
	assert.Equal(t, "0", count("shipped"))
	assert.Equal(t, "1", count("pending_payment"))
	shot(t, ctx, "phone-11-orders")

	// Enter sends the search; the page that answers shows it in the box.
	do(t, ctx, typeInto("#q", o.Number+"\r"), chromedp.WaitVisible(chromedp.CSS(`#q[value="`+o.Number+`"]`)),
		until(`document.querySelectorAll('#orders tbody tr').length === 1`))
	assert.Contains(t, text(t, ctx, "#orders"), "Budi Santoso")
	do(t, ctx, chromedp.Click(chromedp.CSS(`#orders a`)), chromedp.WaitVisible(chromedp.CSS("#act-ship")))
	shot(t, ctx, "phone-12-order")
	do(t, ctx, typeInto("#awb", "JNE000123"), chromedp.Click(chromedp.CSS(`#act-ship button`)), chromedp.WaitVisible(chromedp.CSS("#flash")))
	assert.Equal(t, "Dikirim", text(t, ctx, "#status"))
	got, err := s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusShipped, got.Status())
	assert.Equal(t, "JNE000123", got.AirwayBill)

	do(t, ctx, chromedp.Navigate(s.srv.URL+"/admin/pesanan"), chromedp.WaitVisible(chromedp.CSS("#tabs")))
	assert.Equal(t, "0", count("processing"))
	assert.Equal(t, "1", count("shipped"))

	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#tabs")))
	shot(t, ctx, "desktop-11-orders")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/admin/pesanan/"+got.ID), chromedp.WaitVisible(chromedp.CSS("#number")))
	shot(t, ctx, "desktop-12-order")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/admin/tertinggal"), chromedp.WaitVisible(chromedp.CSS("#abandoned")))
	assert.Contains(t, text(t, ctx, "#abandoned"), "Rina")
	shot(t, ctx, "desktop-13-abandoned")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/admin/laporan"), chromedp.WaitVisible(chromedp.CSS("#chart")))
	shot(t, ctx, "desktop-14-report")
}
