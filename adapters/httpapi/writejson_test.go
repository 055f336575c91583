package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An answer is one JSON value and a newline, sent with its length, so a
// client reads it without chunked encoding, however long it is.
func TestAnswersCarryTheirLength(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	js, err := json.Marshal(quoteBody())
	require.NoError(t, err)
	for _, tt := range []struct {
		name, method, path string
		body               []byte
	}{
		{"short", http.MethodPost, "/v1/quotes", js},
		{"long", http.MethodGet, "/openapi.json", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, bytes.NewReader(tt.body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			assert.Equal(t, int64(len(body)), resp.ContentLength)
			assert.Empty(t, resp.TransferEncoding)
			require.NotEmpty(t, body)
			assert.Equal(t, byte('\n'), body[len(body)-1])
			assert.True(t, json.Valid(body))
		})
	}

	head := httptest.NewRecorder()
	f.h.ServeHTTP(head, httptest.NewRequest(http.MethodHead, "/openapi.json", nil))
	assert.Equal(t, http.StatusOK, head.Code)
	assert.Zero(t, head.Body.Len(), "a HEAD answer has no body")
}
