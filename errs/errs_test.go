package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// outOfStock is a typed coded error with its own field, like
// catalog.OutOfStockError.
type outOfStock struct{ field string }

func (e *outOfStock) Error() string        { return "out of stock" }
func (e *outOfStock) ErrorCode() string    { return "out_of_stock" }
func (e *outOfStock) ErrorKind() errs.Kind { return errs.Conflict }
func (e *outOfStock) ErrorField() string   { return e.field }
func (e *outOfStock) WithErrorField(field string) error {
	return &outOfStock{field: field}
}

// plainFielded names a field but cannot be copied with another one.
type plainFielded struct{ field string }

func (e *plainFielded) Error() string      { return "bad" }
func (e *plainFielded) ErrorField() string { return e.field }

func TestAt(t *testing.T) {
	t.Parallel()
	quantity := errs.Invalidf("invalid_quantity", "bad quantity").WithField("quantity")
	cases := []struct {
		name      string
		path      string
		err       error
		wantField string
	}{
		{"coded_with_field", "lines[2]", quantity, "lines[2].quantity"},
		{"coded_without_field", "payment_method", errs.Invalidf("invalid_input", "x"), "payment_method"},
		{"index_field", "vouchers", errs.Invalidf("invalid_input", "x").WithField("[1].code"), "vouchers[1].code"},
		{"typed_error", "lines[1]", &outOfStock{}, "lines[1]"},
		{"typed_error_with_field", "orders[3]", &outOfStock{field: "lines[1]"}, "orders[3].lines[1]"},
		{"wrapped_typed_error", "lines[0]", fmt.Errorf("reserve: %w", &outOfStock{}), "lines[0]"},
		{"wrapped_coded_error", "orders[1]", fmt.Errorf("place: %w", quantity), "orders[1].quantity"},
		{"twice", "orders[1]", errs.At("lines[0]", &outOfStock{}), "orders[1].lines[0]"},
		{"empty_path", "", quantity, "quantity"},
		{"uncoded", "notes", errors.New("boom"), "notes"},
		{"wrapped_cause_names_field", "store", errs.Wrap(errs.Invalid, "invalid_input", &plainFielded{"tax.ppn"}, "x"), "store.tax.ppn"},
		{"fielded_not_setter", "vouchers[0]", &plainFielded{"code"}, "vouchers[0].code"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := errs.At(c.path, c.err)
			assert.Equal(t, c.wantField, errs.Field(got))
			assert.Equal(t, errs.Code(c.err), errs.Code(got), "the code stays")
			assert.Equal(t, errs.KindOf(c.err), errs.KindOf(got), "the kind stays")
			if _, copied := c.err.(errs.FieldSetter); !copied {
				assert.ErrorIs(t, got, c.err, "the error stays reachable")
			}
		})
	}
	assert.NoError(t, errs.At("lines[0]", nil))
	assert.Equal(t, "quantity", quantity.Field, "At does not change its argument")
}

// A typed error that can name another field is copied, not wrapped: what
// errors.As finds names the whole path. An out-of-stock error placed at a
// line keeps that line however often it is placed further.
func TestAtCopiesFieldSetters(t *testing.T) {
	t.Parallel()
	err := errs.At("orders[2]", errs.At("lines[1]", &outOfStock{}))
	oos, ok := err.(*outOfStock)
	require.True(t, ok, "got %T", err)
	assert.Equal(t, "orders[2].lines[1]", oos.field)
	var found *outOfStock
	require.ErrorAs(t, errs.At("x", fmt.Errorf("wrapped: %w", &outOfStock{field: "lines[0]"})), &found)
	assert.Equal(t, "lines[0]", found.field, "a wrapped error is left as it was")
}
