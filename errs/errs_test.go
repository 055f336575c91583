package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
)

func TestCodeAndKindThroughWrapping(t *testing.T) {
	t.Parallel()
	base := errs.E(errs.Conflict, "out_of_stock", "catalog: out of stock").WithField("lines[1]")
	wrapped := fmt.Errorf("place order: %w", base)

	assert.Equal(t, "out_of_stock", errs.Code(wrapped))
	assert.Equal(t, errs.Conflict, errs.KindOf(wrapped))
	assert.Equal(t, "lines[1]", errs.Field(wrapped))
	assert.ErrorIs(t, wrapped, errs.Conflict)
	assert.NotErrorIs(t, wrapped, errs.Invalid)
	assert.ErrorIs(t, wrapped, errs.E(errs.Other, "out_of_stock", ""))
}

func TestUncodedError(t *testing.T) {
	t.Parallel()
	err := errors.New("boom")
	assert.Equal(t, "", errs.Code(err))
	assert.Equal(t, errs.Other, errs.KindOf(err))
	assert.Equal(t, "", errs.Field(err))
	assert.Equal(t, "", errs.Code(nil))
}

func TestWrapKeepsCause(t *testing.T) {
	t.Parallel()
	cause := errors.New("dial tcp: refused")
	err := errs.Wrap(errs.Unavailable, "courier_unavailable", cause, "shipping: courier down")
	assert.ErrorIs(t, err, cause)
	assert.ErrorIs(t, err, errs.Unavailable)
	assert.Equal(t, "shipping: courier down: dial tcp: refused", err.Error())
}
