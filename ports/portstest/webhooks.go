package portstest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var webhookTests = []test{
	{"put_list_replace_delete", func(t *testing.T, f *fx) {
		a := ports.WebhookEndpoint{ID: "wh_a", URL: "https://toko.example/a", Secret: "whsec_aaaaaaaaaaaaaaaa", CreatedAt: t0.Add(time.Minute)}
		b := ports.WebhookEndpoint{ID: "wh_b", URL: "https://toko.example/b", Secret: "whsec_bbbbbbbbbbbbbbbb", CreatedAt: t0}
		require.NoError(t, f.store.PutWebhook(f.ctx, a))
		require.NoError(t, f.store.PutWebhook(f.ctx, b))
		got, err := f.store.WebhookEndpoints(f.ctx)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, "wh_b", got[0].ID, "oldest first")
		assert.Equal(t, a.Secret, got[1].Secret, "secrets are kept")
		assert.True(t, a.CreatedAt.Equal(got[1].CreatedAt))

		a.URL = "https://toko.example/a2"
		require.NoError(t, f.store.PutWebhook(f.ctx, a), "a put replaces")
		got, err = f.store.WebhookEndpoints(f.ctx)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, "https://toko.example/a2", got[1].URL)

		require.NoError(t, f.store.DeleteWebhook(f.ctx, "wh_b"))
		require.ErrorIs(t, f.store.DeleteWebhook(f.ctx, "wh_b"), ports.ErrWebhookNotFound)
		got, err = f.store.WebhookEndpoints(f.ctx)
		require.NoError(t, err)
		require.Len(t, got, 1)

		err = f.store.PutWebhook(f.ctx, ports.WebhookEndpoint{URL: "https://toko.example/"})
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	}},
}
