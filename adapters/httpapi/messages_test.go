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
