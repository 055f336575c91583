package webhook_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/webhook"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

func TestVerify(t *testing.T) {
	body := []byte(`{"id":"evt-1","type":"order.paid"}`)
	header := webhook.Sign(secret, t0, body)
	assert.Regexp(t, `^t=1795402800,v1=[0-9a-f]{64}$`, header)
	require.NoError(t, webhook.Verify(secret, header, body, t0.Add(time.Minute), 0))
	// A receiver may list several v1 signatures (a secret being rotated).
	require.NoError(t, webhook.Verify(secret, "t=1795402800,v1=00ff,"+header[len("t=1795402800,"):], body, t0, 0))

	for name, tc := range map[string]struct {
		secret, header string
		body           []byte
		now            time.Time
	}{
		"changed body":       {secret, header, []byte(`{"id":"evt-1","type":"order.cancelled"}`), t0},
		"other secret":       {"whsec_someone_else_000000", header, body, t0},
		"replayed later":     {secret, header, body, t0.Add(webhook.DefaultTolerance + time.Second)},
		"from the future":    {secret, header, body, t0.Add(-webhook.DefaultTolerance - time.Second)},
		"no signature":       {secret, "t=1795402800", body, t0},
		"no timestamp":       {secret, header[len("t=1795402800,"):], body, t0},
		"empty header":       {secret, "", body, t0},
		"signature not hex":  {secret, "t=1795402800,v1=zz", body, t0},
		"timestamp mismatch": {secret, "t=1795402801," + header[len("t=1795402800,"):], body, t0},
	} {
		err := webhook.Verify(tc.secret, tc.header, tc.body, tc.now, 0)
		require.ErrorIs(t, err, ports.ErrInvalidSignature, name)
		assert.ErrorIs(t, err, errs.Unauthorized, name)
	}
}
