package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/internal/storefiletest"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// smallFile is the small store file the tests serve.
var smallFile = storefiletest.StoreFile

// remove, as a value in a patch, deletes the field.
var remove = storefiletest.Remove

// patched returns smallFile with the value at path set (or removed).
func patched(t *testing.T, path string, value any) []byte {
	t.Helper()
	return storefiletest.PatchJSON(t, []byte(smallFile), path, value)
}

func TestDemoStore(t *testing.T) {
	t.Parallel()
	st, err := storefile.Parse(bytes.NewReader(demoData))
	require.NoError(t, err)
	s := st.Settings
	assert.Equal(t, "Toko Kopi Nusantara", s.StoreName)
	assert.Equal(t, []payment.Method{payment.COD, payment.BankTransfer}, s.PaymentMethods)
	assert.Equal(t, payment.CodeRange{Min: 1, Max: 500}, s.UniqueCodes)
	assert.Equal(t, pricing.Buyer, s.COD.Payer)
	bankCodes := []string{}
	for _, a := range s.BankAccounts {
		bankCodes = append(bankCodes, a.BankCode)
	}
	assert.Equal(t, []string{"BCA", "MANDIRI"}, bankCodes)

	var digital, withAxes, simple bool
	for _, p := range st.Catalog.Products() {
		switch {
		case p.Digital():
			digital = true
		case len(p.Options()) == 2:
			withAxes = true
		case len(p.Options()) == 0:
			simple = true
		}
	}
	assert.True(t, digital && withAxes && simple, "a digital product, one with two option axes, a simple one")
	assert.NotEmpty(t, st.Catalog.Bundles())
	assert.GreaterOrEqual(t, len(st.Vouchers), 3)
	public := map[string]bool{}
	for _, v := range st.Vouchers {
		public[v.Code] = v.Public
	}
	assert.Equal(t, map[string]bool{"NGOPIHEMAT": true, "GAYO15": false, "TRANSFER5K": true, "ONGKIRGRATIS": true}, public,
		"vouchers are private unless the file says public")

	locs, err := st.Card.SearchLocations(t.Context(), "", 0)
	require.NoError(t, err)
	noCOD := 0
	for _, l := range locs {
		if !l.COD {
			noCOD++
		}
	}
	assert.Positive(t, noCOD, "a location without COD")
}
