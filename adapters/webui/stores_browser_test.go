package webui_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// TestSignIntoStoreBInTheBrowser: the seller of store b signs in under
// /s/b/ with b's key and sees b's orders only (the default store's owner
// key is refused there), ticks the shipped order and prints its label,
// sees the batch listed, and sees the delivered order in the balance.
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

	// Print the shipped order's label: the batch appears in b's list.
	svc, err := s.stores.Service(t.Context(), "b")
	require.NoError(t, err)
	_, err = svc.Transition(t.Context(), ob.ID, kasir.TransitionRequest{To: checkout.StatusShipped, AirwayBill: "JNEB001"})
	require.NoError(t, err)
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#print")),
		chromedp.Click(chromedp.CSS(`input[name="order"][value="`+ob.ID+`"]`)), chromedp.Click(chromedp.CSS("#print")))
	require.Eventually(t, func() bool {
		page, err := svc.ListPrintBatches(t.Context(), 0, 0)
		return err == nil && page.Total == 1
	}, time.Minute, 50*time.Millisecond, "the print is recorded")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/s/b/admin/cetak"), chromedp.WaitVisible(chromedp.CSS("#batches tr[data-batch]")))
	assert.Contains(t, text(t, ctx, "#batches"), ob.Number)
	assert.Equal(t, "1", text(t, ctx, "#batches .count"))
	shot(t, ctx, "desktop-31-store-b-batches")

	// Delivered, the order's money is in b's balance.
	_, err = svc.Transition(t.Context(), ob.ID, kasir.TransitionRequest{To: checkout.StatusDelivered})
	require.NoError(t, err)
	bal, err := svc.Balance(t.Context())
	require.NoError(t, err)
	require.Positive(t, bal.Balance)
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/s/b/admin/saldo"), chromedp.WaitVisible(chromedp.CSS("#balance")))
	assert.Equal(t, bal.Balance.String(), text(t, ctx, "#balance"))
	assert.Contains(t, text(t, ctx, "#entries"), ob.Number)
	shot(t, ctx, "desktop-32-store-b-balance")
	do(t, ctx, chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#balance")))
	shot(t, ctx, "phone-32-store-b-balance")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/s/b/admin/laporan"), chromedp.WaitVisible(chromedp.CSS("#retur-chart")))
	shot(t, ctx, "phone-33-store-b-report")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/s/b/admin/impor"), chromedp.WaitVisible(chromedp.CSS("#upload")))
	shot(t, ctx, "phone-34-store-b-import")
}
