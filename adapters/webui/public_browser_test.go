package webui_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// do runs steps and fails the test on the first error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, steps...))
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err)
	return strings.TrimSpace(s)
}

// until waits for a JavaScript condition on the page.
func until(cond string) chromedp.Action[chromedp.Void] { return chromedp.Poll[chromedp.Void](cond) }

// typeInto focuses the element and types text as key presses. (It does
// what chromedp.SendKeys does without reading the node's attributes, which
// chromedp v0.23.0 reads unlocked while the page changes them.)
func typeInto(sel, text string) chromedp.Action[chromedp.Void] {
	js := `(() => { const e = document.querySelector(` + strconv.Quote(sel) + `); e.focus(); return 0; })()`
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Evaluate[int](js)(ctx, tg); err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.KeyEvent(text)(ctx, tg)
	}
}

// clear empties the input with the id.
func clear(id string) chromedp.Action[chromedp.Void] {
	js := `document.getElementById('` + id + `').value = ''; 0`
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[int](js)(ctx, tg)
		return chromedp.Void{}, err
	}
}

// settled is true once the form has the server's answer to its last change.
const settled = `document.getElementById('order').dataset.state === 'idle'`

// phoneChecked is true once the page shows the verdict (ok or bad) on the
// whole number in the field, not on a part of it checked while typing.
func phoneChecked(verdict string) string {
	return `(function () { var st = document.querySelector('#phone-status.` + verdict + `');
		return !!st && st.dataset.for === document.getElementById('phone').value; })()`
}

// fillBuyer chooses Kaos Polos Merah M ×1, a buyer with a mobile number
// (refusing a landline first when landline is true) and an address in
// Coblong.
func fillBuyer(t *testing.T, ctx context.Context, name string, landline bool) {
	t.Helper()
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name=opt0][value="Merah"] + span`)),
		chromedp.Click(chromedp.CSS(`input[name=opt1][value="M"] + span`)),
		typeInto("#name", name),
	)
	if landline {
		do(t, ctx,
			typeInto("#phone", "021-5551234"),
			until(phoneChecked("bad")),
		)
		assert.Equal(t, "Mohon masukkan nomor ponsel.", text(t, ctx, "#phone-status"), "a landline is refused as the buyer types it")
		do(t, ctx, clear("phone"))
	}
	do(t, ctx,
		typeInto("#phone", "0812-3456-7890"),
		until(phoneChecked("ok")),
		typeInto("#loc-q", "coblong"),
		chromedp.Click(chromedp.CSS("#loc-results button")),
		typeInto("#address", "Jl. Dago No. 1, RT 02/RW 03"),
		until(settled+` && document.querySelector('#shipping input[name=ship]:checked')`),
	)
	assert.Contains(t, text(t, ctx, "#phone-status"), "0812-3456-7890")
	assert.Contains(t, text(t, ctx, "#loc-chosen"), "Coblong, Bandung")
}

// TestBuyerOrdersInTheBrowser is the buyer's path through a real browser:
// variant, phone refused then accepted, destination, COD with its fee, a
// voucher refused with its reason then one applied, the order placed and
// its page; then a bank transfer order with its exact amount.
func TestBuyerOrdersInTheBrowser(t *testing.T) {
	s := newSite(t, webui.Config{})
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(360, 780), chromedp.Navigate(s.srv.URL+"/"))
	assert.Contains(t, text(t, ctx, "main"), "Kaos Polos")
	shot(t, ctx, "phone-01-products")
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/beli/p-kaos"]`)), chromedp.WaitVisible(chromedp.CSS("#order")))

	fillBuyer(t, ctx, "Budi <b>Santoso</b>", true)

	// COD: the buyer pays the service fee, so its line shows.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name=method][value=cod] + span`)),
		until(settled+` && document.getElementById('summary').textContent.includes('Biaya layanan COD')`),
	)
	// A voucher that has expired shows why; then one that applies.
	do(t, ctx,
		typeInto("#voucher", "lama"),
		chromedp.Click(chromedp.CSS("#voucher-apply")),
		until(settled+` && document.querySelector('#voucher-status.bad')`),
	)
	assert.Equal(t, "Voucher ini sudah kedaluwarsa.", text(t, ctx, "#voucher-status"))
	do(t, ctx,
		clear("voucher"),
		typeInto("#voucher", "HEMAT10"),
		chromedp.Click(chromedp.CSS("#voucher-apply")),
		until(settled+` && document.querySelector('#voucher-status.ok')`),
	)
	summary := text(t, ctx, "#summary")
	assert.Contains(t, summary, "Diskon produk")
	assert.Contains(t, summary, "−Rp8.000", "10% of Rp80.000")
	shown := text(t, ctx, "#total")
	shot(t, ctx, "phone-02-form-cod")

	do(t, ctx, chromedp.Click(chromedp.CSS("#place")), chromedp.WaitVisible(chromedp.CSS("#number")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	require.Contains(t, loc, "/o/")
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total, "one order placed")
	o := page.Orders[0]
	assert.Equal(t, o.Number, text(t, ctx, "#number"))
	assert.Equal(t, "Budi <b>Santoso</b>", o.Customer.Name, "the name is stored as typed")
	assert.Equal(t, o.Payment.Amount.String(), shown, "the total the form showed is what the order asks")
	assert.Equal(t, checkout.StatusProcessing, o.Status())
	assert.Equal(t, "Diproses", text(t, ctx, "#status"))
	assert.Contains(t, text(t, ctx, "#next"), o.Payment.Amount.String(), "COD: the amount to have ready for the courier")
	assert.Contains(t, text(t, ctx, "main"), "Budi <b>Santoso</b>", "the buyer's text is shown as text")
	shot(t, ctx, "phone-03-order-cod")

	// A bank transfer: the order page asks the exact amount with kode unik.
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/beli/p-kaos"), chromedp.WaitVisible(chromedp.CSS("#order")))
	fillBuyer(t, ctx, "Sari", false)
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`input[name=method][value=bank_transfer] + span`)),
		until(settled+` && document.getElementById('summary').textContent.includes('Kode unik')`),
		chromedp.Click(chromedp.CSS("#place")),
		chromedp.WaitVisible(chromedp.CSS("#pay-amount")),
	)
	page, err = s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusPendingPayment}})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	tr := page.Orders[0]
	require.NotZero(t, tr.Payment.UniqueCode)
	assert.Equal(t, tr.Payment.Amount.String(), text(t, ctx, "#pay-amount"))
	assert.Contains(t, text(t, ctx, "#next"), "1234567890", "the store's bank account")
	shot(t, ctx, "phone-04-order-transfer")
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#pay-amount")))
	shot(t, ctx, "desktop-04-order-transfer")
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/beli/p-kaos?lang=en"), chromedp.WaitVisible(chromedp.CSS("#order")))
	assert.Contains(t, text(t, ctx, "#place"), "Place order")
	shot(t, ctx, "desktop-02-form-en")
}

// TestLeavingTheFormKeepsTheCheckout: a buyer who typed a name and a phone
// and went away is an abandoned checkout for the seller.
func TestLeavingTheFormKeepsTheCheckout(t *testing.T) {
	s := newSite(t, webui.Config{})
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(s.srv.URL+"/beli/p-buku"), chromedp.WaitVisible(chromedp.CSS("#order")),
		typeInto("#name", "Rina"),
		typeInto("#phone", "081298765432"),
		until(phoneChecked("ok")),
		chromedp.Navigate(s.srv.URL+"/"),
	)
	// The beacon is sent as the page goes; wait for the store to have it.
	var got []*checkout.Abandoned
	require.Eventually(t, func() bool {
		p, err := s.fx.Service.ListAbandoned(context.Background(), ports.AbandonedFilter{})
		got = p.Checkouts
		return err == nil && len(got) == 1
	}, 20e9, 50e6)
	assert.Equal(t, "Rina", got[0].Name)
	assert.Equal(t, "+6281298765432", got[0].Phone)
	require.Len(t, got[0].Lines, 1)
	assert.Equal(t, "p-buku", got[0].Lines[0].ProductID)
}
