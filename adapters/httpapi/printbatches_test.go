package httpapi_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/internal/pdftest"
	"github.com/kasir-id/kasir/ports"
)

type batchJSON struct {
	ID           string   `json:"id"`
	Status       string   `json:"status"`
	Size         string   `json:"size"`
	Count        int      `json:"count"`
	OrderIDs     []string `json:"order_ids"`
	CreatedAt    string   `json:"created_at"`
	CreatedBy    string   `json:"created_by"`
	Reprints     int      `json:"reprints"`
	LastReprints []struct {
		At string `json:"at"`
		By string `json:"by"`
	} `json:"last_reprints"`
	Orders []struct {
		ID         string `json:"id"`
		Number     string `json:"number"`
		AirwayBill string `json:"airway_bill"`
		Customer   string `json:"customer"`
	} `json:"orders"`
}

func (f *fixture) batch(t *testing.T, id string) batchJSON {
	t.Helper()
	res := f.do(t, req{method: http.MethodGet, path: "/v1/print-batches/" + id, admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var b batchJSON
	res.Decode(t, &b)
	return b
}

// listIDs lists the orders a query selects.
func (f *fixture) listIDs(t *testing.T, query string) []string {
	t.Helper()
	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders" + query, admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var page struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	res.Decode(t, &page)
	out := []string{}
	for _, o := range page.Data {
		out = append(out, o.ID)
	}
	return out
}

// The afternoon print: the seller lists what is not printed yet, prints
// those labels in bulk, and the print is recorded as a batch that lists
// them; the orders show when their label was printed, so the next list of
// "not printed" leaves them out. A reprint gives the same labels again and
// is counted, also when many come at once.
func TestPrintBatches(t *testing.T) {
	t.Parallel()
	pdftest.NeedTools(t)
	f := newFixture(t)
	a := f.placeOrder(t, orderBody())
	b := f.placeOrder(t, orderBody())
	c := f.placeOrder(t, orderBody())
	for i, o := range []orderView{a, b, c} {
		f.ship(t, o.ID, "JNE000000000"+string(rune('1'+i)))
	}
	assert.Equal(t, []string{c.ID, b.ID, a.ID}, f.listIDs(t, "?label=not_printed"))
	assert.Empty(t, f.listIDs(t, "?label=printed"))

	// Who printed is the key's name, never a text of the client's.
	_, secret, err := f.keys.Create(t.Context(), "Rina (gudang)", ports.RoleStaff)
	require.NoError(t, err)
	rina := bearer(secret)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", header: rina, body: map[string]any{"order_ids": []string{a.ID, c.ID}, "size": "a4", "by": "someone else"}})
	require.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
	assert.Equal(t, "by", res.Err(t).Error.Field)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", header: rina, body: map[string]any{"order_ids": []string{a.ID, c.ID}, "size": "a4"}})
	pdf := pdfAnswer(t, res)
	assert.ElementsMatch(t, []string{"CODE-128:JNE0000000001", "CODE-128:" + a.Number, "CODE-128:JNE0000000003", "CODE-128:" + c.Number}, pdftest.Barcodes(t, pdf))
	id := res.Header.Get(httpapi.PrintBatchHeader)
	require.NotEmpty(t, id, "the print names its batch")

	bt := f.batch(t, id)
	assert.Equal(t, "printed", bt.Status)
	assert.Equal(t, "a4", bt.Size)
	assert.Equal(t, 2, bt.Count)
	assert.Equal(t, []string{a.ID, c.ID}, bt.OrderIDs)
	assert.Equal(t, "Rina (gudang)", bt.CreatedBy)
	assert.Zero(t, bt.Reprints)
	require.Len(t, bt.Orders, 2)
	assert.Equal(t, a.Number, bt.Orders[0].Number)
	assert.Equal(t, "JNE0000000003", bt.Orders[1].AirwayBill)
	assert.Equal(t, "Siti Aminah", bt.Orders[1].Customer)

	assert.Equal(t, []string{b.ID}, f.listIDs(t, "?label=not_printed"))
	assert.Equal(t, []string{c.ID, a.ID}, f.listIDs(t, "?label=printed"))
	got := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + a.ID, admin: true}).JSON(t)
	assert.NotEmpty(t, got["label_printed_at"])
	assert.Equal(t, id, got["label_batch_id"])
	got = f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + b.ID, admin: true}).JSON(t)
	assert.NotContains(t, got, "label_printed_at")
	buyer := f.do(t, req{method: http.MethodGet, path: "/v1/public/orders/" + a.Slug}).JSON(t)
	assert.NotContains(t, buyer, "label_printed_at", "the buyer's view is not the seller's")

	// A second batch, a minute later: the listing is newest first.
	f.clock.Advance(time.Minute)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", admin: true, body: map[string]any{"order_ids": []string{b.ID}}})
	pdfAnswer(t, res)
	second := res.Header.Get(httpapi.PrintBatchHeader)
	require.NotEmpty(t, second)
	assert.Equal(t, "thermal", f.batch(t, second).Size)
	list := f.do(t, req{method: http.MethodGet, path: "/v1/print-batches", admin: true})
	require.Equal(t, http.StatusOK, list.Status, "%s", list.Body)
	var page struct {
		Data  []batchJSON `json:"data"`
		Total int         `json:"total"`
	}
	list.Decode(t, &page)
	assert.Equal(t, 2, page.Total)
	require.Len(t, page.Data, 2)
	assert.Equal(t, []string{second, id}, []string{page.Data[0].ID, page.Data[1].ID})
	list = f.do(t, req{method: http.MethodGet, path: "/v1/print-batches?offset=1&limit=1", admin: true})
	list.Decode(t, &page)
	require.Len(t, page.Data, 1)
	assert.Equal(t, id, page.Data[0].ID)

	// Reprints, eight at once: the same labels, each counted.
	const n = 8
	var wg sync.WaitGroup
	answers := make([]resp, n)
	for i := range n {
		wg.Go(func() {
			answers[i] = f.do(t, req{method: http.MethodPost, path: "/v1/print-batches/" + id + "/reprint", admin: true, body: map[string]any{}})
		})
	}
	wg.Wait()
	for _, res := range answers {
		pdf := pdfAnswer(t, res)
		assert.Equal(t, id, res.Header.Get(httpapi.PrintBatchHeader))
		assert.Contains(t, pdftest.Text(t, pdf), a.Number)
	}
	bt = f.batch(t, id)
	assert.Equal(t, "reprinted", bt.Status)
	assert.Equal(t, n, bt.Reprints)
	require.Len(t, bt.LastReprints, n)
	assert.Equal(t, httpapi.AdminTokenName, bt.LastReprints[0].By, "the admin token reprinted")
	assert.Equal(t, httpapi.AdminTokenName, f.batch(t, second).CreatedBy)
	// A reprint with a body it cannot read is not counted.
	res = f.do(t, req{method: http.MethodPost, path: "/v1/print-batches/" + id + "/reprint", admin: true, body: map[string]any{"count": 2}})
	require.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
	assert.Equal(t, n, f.batch(t, id).Reprints)

	// No batch grows from a reprint.
	list = f.do(t, req{method: http.MethodGet, path: "/v1/print-batches", admin: true})
	list.Decode(t, &page)
	assert.Equal(t, 2, page.Total)
}

// A bulk print with an order that cannot have a label, or an unknown
// one, prints nothing and records no batch; bad input is coded.
func TestPrintBatchRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a := f.placeOrder(t, orderBody())
	b := f.placeOrder(t, orderBody())
	f.ship(t, a.ID, "JNE0000000001")

	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", admin: true, body: map[string]any{"order_ids": []string{a.ID, b.ID, "nope"}}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Empty(t, res.Header.Get(httpapi.PrintBatchHeader))
	assert.Equal(t, "label_unavailable", res.Err(t).Error.Code)
	assert.Equal(t, "order_ids[1]", res.Err(t).Error.Field)
	list := f.do(t, req{method: http.MethodGet, path: "/v1/print-batches", admin: true}).JSON(t)
	assert.Equal(t, float64(0), list["total"])
	assert.Equal(t, []any{}, list["data"])
	assert.Equal(t, []string{b.ID, a.ID}, f.listIDs(t, "?label=not_printed"), "no order was marked printed")

	res = f.do(t, req{method: http.MethodGet, path: "/v1/print-batches/nope", admin: true})
	require.Equal(t, http.StatusNotFound, res.Status, "%s", res.Body)
	assert.Equal(t, "print_batch_not_found", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/print-batches/nope/reprint", admin: true, body: map[string]any{}})
	require.Equal(t, http.StatusNotFound, res.Status, "%s", res.Body)
	assert.Equal(t, "print_batch_not_found", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/print-batches?limit=-1", admin: true})
	require.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
	assert.Equal(t, "invalid_query", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders?label=maybe", admin: true})
	require.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
	assert.Equal(t, "label", res.Err(t).Error.Field)

}
