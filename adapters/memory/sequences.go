package memory

import (
	"context"
)

// NextSequence implements [ports.Tx]; a rolled-back unit gives its numbers
// back.
func (t *tx) NextSequence(_ context.Context, name string) (int64, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	old := t.s.sequences[name]
	t.s.sequences[name] = old + 1
	t.onRollback(func() {
		if old == 0 {
			delete(t.s.sequences, name)
		} else {
			t.s.sequences[name] = old
		}
	})
	return old + 1, nil
}
