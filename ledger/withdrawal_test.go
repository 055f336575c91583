package ledger_test

import (
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMoveWithdrawal(t *testing.T) {
	t.Parallel()
	back := []ledger.Entry{{Kind: ledger.WithdrawalReversal, Amount: 250_000}}
	allowed := map[[2]ledger.WithdrawalStatus][]ledger.Entry{
		{ledger.WithdrawalRequested, ledger.WithdrawalOnReview}:  nil,
		{ledger.WithdrawalRequested, ledger.WithdrawalCancelled}: back,
		{ledger.WithdrawalOnReview, ledger.WithdrawalCompleted}:  nil,
		{ledger.WithdrawalOnReview, ledger.WithdrawalRejected}:   back,
	}
	for _, from := range ledger.WithdrawalStatuses() {
		for _, to := range ledger.WithdrawalStatuses() {
			got, err := ledger.MoveWithdrawal(from, to, 250_000)
			want, ok := allowed[[2]ledger.WithdrawalStatus{from, to}]
			if !ok {
				assert.Equal(t, ledger.CodeInvalidWithdrawalTransition, errs.Code(err), "%s → %s", from, to)
				assert.ErrorIs(t, err, errs.Conflict)
				assert.False(t, from.CanBecome(to))
				continue
			}
			require.NoError(t, err, "%s → %s", from, to)
			assert.Equal(t, want, got, "%s → %s", from, to)
			assert.True(t, from.CanBecome(to))
		}
	}
	// a request, then its cancellation, leaves the balance as it was
	w, err := ledger.Withdraw(300_000, 250_000)
	require.NoError(t, err)
	r, err := ledger.MoveWithdrawal(ledger.WithdrawalRequested, ledger.WithdrawalCancelled, 250_000)
	require.NoError(t, err)
	sum, err := ledger.Balance(append([]ledger.Entry{w}, r...))
	require.NoError(t, err)
	assert.Equal(t, money.Money(0), sum)

	_, err = ledger.MoveWithdrawal("paid", ledger.WithdrawalCompleted, 1)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	_, err = ledger.MoveWithdrawal(ledger.WithdrawalOnReview, ledger.WithdrawalRejected, 0)
	assert.Equal(t, "amount", errs.Field(err))
}
