package postgres_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/errs"
)

func TestPingAnswers(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	require.NoError(t, s.Ping(t.Context()))
}

// stalledDatabase listens on loopback and accepts connections but never
// answers, as a database that hangs does.
func stalledDatabase(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				_ = c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	return ln.Addr().String()
}

// TestPingUnreachable: a database that does not answer, or is not there,
// makes Ping unavailable once ctx ends, without a KASIR_TEST_POSTGRES.
func TestPingUnreachable(t *testing.T) {
	t.Parallel()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	refused := closed.Addr().String()
	require.NoError(t, closed.Close())

	for name, addr := range map[string]string{"stalled": stalledDatabase(t), "refused": refused} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pool, err := pgxpool.New(t.Context(), "postgres://kasir@"+addr+"/kasir?sslmode=disable")
			require.NoError(t, err)
			t.Cleanup(pool.Close)
			s, err := postgres.New(t.Context(), pool)
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
			defer cancel()
			err = s.Ping(ctx)
			require.Error(t, err)
			assert.ErrorIs(t, err, errs.Unavailable)
			assert.Equal(t, errs.CodeUnavailable, errs.Code(err))
		})
	}
}
