package storefile_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/storefiletest"
	"github.com/kasir-id/kasir/internal/strictjson"
)

func TestFormatSplitsTheFileAndReadsTheDocument(t *testing.T) {
	t.Parallel()
	f := storefile.Format{}
	config, vouchers, err := f.ParseFile([]byte(storefiletest.StoreFile))
	require.NoError(t, err)
	require.Len(t, vouchers, 2)

	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(config, &doc))
	assert.NotContains(t, doc, "vouchers", "vouchers are records of their own")
	assert.Contains(t, doc, "products")

	setup, err := f.ParseConfig(config)
	require.NoError(t, err)
	assert.Equal(t, "Toko Uji", setup.Settings.StoreName)
	assert.Len(t, setup.Catalog.Products(), 2)
	assert.NotNil(t, setup.Couriers)
	assert.NotNil(t, setup.Warehouses)
	assert.NotNil(t, setup.Locations)

	// The document refuses vouchers, and every rule of the file holds.
	_, err = f.ParseConfig([]byte(storefiletest.StoreFile))
	assert.Equal(t, strictjson.CodeUnknownField, errs.Code(err))
	assert.Equal(t, "vouchers", errs.Field(err))
	_, err = f.ParseConfig(storefiletest.PatchJSON(t, config, "products[1].price", -5))
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "products[1].price", errs.Field(err))
	_, _, err = f.ParseFile(storefiletest.PatchJSON(t, []byte(storefiletest.StoreFile), "vouchers[1].kind", "bundle"))
	assert.Equal(t, "vouchers[1].kind", errs.Field(err))
}

func TestFormatVoucherRoundTrip(t *testing.T) {
	t.Parallel()
	f := storefile.Format{}
	config, vouchers, err := f.ParseFile([]byte(storefiletest.StoreFile))
	require.NoError(t, err)
	setup, err := f.ParseConfig(config)
	require.NoError(t, err)
	for _, v := range vouchers {
		raw, err := f.FormatVoucher(v)
		require.NoError(t, err)
		back, err := f.ParseVoucher(raw, setup.Catalog)
		require.NoError(t, err, string(raw))
		assert.Equal(t, v.Code, back.Code)
		assert.Equal(t, v.Amount, back.Amount)
		assert.True(t, v.Percent.Equal(back.Percent))
		assert.Equal(t, v.Active, back.Active)
		assert.Equal(t, v.SKUs, back.SKUs)
	}
	_, err = f.ParseVoucher([]byte(`{"code":"X","kind":"product","type":"fixed","value":5000,"skus":["NOPE"]}`), setup.Catalog)
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "skus[0]", errs.Field(err), "a single voucher's fields have no prefix")
	_, err = f.ParseVoucher([]byte(`{"code":"X","kind":"product","type":"percent","value":5000}`), setup.Catalog)
	assert.Equal(t, "value", errs.Field(err))
	_, err = f.ParseVoucher([]byte(`{"code":"X","bogus":1}`), setup.Catalog)
	assert.Equal(t, strictjson.CodeUnknownField, errs.Code(err))
}
