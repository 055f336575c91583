package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorMessageFollowsAcceptLanguage: the same bad request answers the
// same status, code and field in every language; only the message, a
// sentence for people, follows Accept-Language.
func TestErrorMessageFollowsAcceptLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bad := with(orderBody(), "customer", map[string]any{"name": "Siti Aminah", "phone": "0812-abcd"})
	tests := []struct {
		accept, lang, message string
	}{
		{"id-ID,id;q=0.9,en;q=0.8", "id", "Nomor telepon ini tidak valid."},
		{"en-US,en;q=0.9", "en", "This is not a valid phone number."},
		{"", "en", "This is not a valid phone number."},
		{"fr", "en", "This is not a valid phone number."},
	}
	before := f.state(t)
	for _, tt := range tests {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: bad,
			header: map[string]string{"Accept-Language": tt.accept, "Idempotency-Key": "lang-" + tt.lang + tt.accept}})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
		e := res.Err(t)
		assert.Equal(t, "invalid_phone", e.Error.Code, tt.accept)
		assert.Equal(t, "customer.phone", e.Error.Field, tt.accept)
		assert.Equal(t, tt.message, e.Error.Message, tt.accept)
		assert.Equal(t, tt.lang, res.Header.Get("Content-Language"), tt.accept)
		assert.Contains(t, res.Header.Values("Vary"), "Accept-Language")
	}
	assert.Equal(t, before, f.state(t), "a refused order changes nothing")
}

// TestRefusalsInListsFollowAcceptLanguage: a shipping option COD cannot use
// and a voucher the cart cannot use carry the same sentence for people as
// an error answer would, in the request's language.
func TestRefusalsInListsFollowAcceptLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := quoteBody()
	delete(b, "courier")
	delete(b, "service")
	for _, tt := range []struct{ accept, cod, expired string }{
		{"id", "COD tidak tersedia ke alamat ini dengan kurir yang dipilih.", "Voucher ini sudah kedaluwarsa."},
		{"en", "Cash on delivery is not available to this address with the chosen courier.", "This voucher has expired."},
	} {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/shipping-options", body: b,
			header: map[string]string{"Accept-Language": tt.accept}})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		var opts struct {
			Data []struct {
				ErrorCode    string `json:"error_code"`
				ErrorMessage string `json:"error_message"`
			} `json:"data"`
		}
		res.Decode(t, &opts)
		require.Len(t, opts.Data, 2)
		assert.Equal(t, "cod_not_available", opts.Data[1].ErrorCode)
		assert.Equal(t, tt.cod, opts.Data[1].ErrorMessage, tt.accept)

		res = f.do(t, req{method: http.MethodPost, path: "/v1/vouchers/eligible", body: quoteBody(),
			header: map[string]string{"Accept-Language": tt.accept}})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		var vs struct {
			Data []struct {
				Code    string `json:"code"`
				Reason  string `json:"reason"`
				Message string `json:"message"`
			} `json:"data"`
		}
		res.Decode(t, &vs)
		found := false
		for _, v := range vs.Data {
			if v.Code == "LAMA" {
				found = true
				assert.Equal(t, "voucher_expired", v.Reason)
				assert.Equal(t, tt.expired, v.Message, tt.accept)
			}
		}
		assert.True(t, found, "the fixture's expired voucher LAMA is listed")
	}
}

// TestRefusalKeepsTheDeveloperDetail: the sentence for people is generic
// per code, so a refusal also carries the error's own English text, which
// names the rule that was broken, in every language; a 500 tells nothing
// of the real error.
func TestRefusalKeepsTheDeveloperDetail(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bad := with(orderBody(), "lines", []any{map[string]any{"sku": "GAYO-250-BIJI", "quantity": 0}})
	for _, accept := range []string{"id", "en"} {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: bad,
			header: map[string]string{"Accept-Language": accept, "Idempotency-Key": "detail-" + accept}})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
		e := res.Err(t)
		assert.Equal(t, "lines[0].quantity", e.Error.Field, accept)
		assert.NotEmpty(t, e.Error.Detail, accept)
		assert.NotEqual(t, e.Error.Message, e.Error.Detail, accept)
		assert.Contains(t, e.Error.Detail, "quantity", accept)
	}
}
