package importing_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
)

func TestParseChatTwoMessages(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/chat.txt")
	require.NoError(t, err)
	orders, err := importing.ParseChat(string(data))
	require.NoError(t, err)
	require.Len(t, orders, 2)

	a := orders[0]
	assert.Equal(t, importing.SourceChat, a.Source)
	assert.Equal(t, 3, a.Row)
	assert.Equal(t, "Siti Aminah", a.Name)
	assert.Equal(t, "0813-2222-3333", a.Phone)
	assert.Equal(t, "Jl. Tubagus Ismail VII no 5, Kec. Coblong, Kota Bandung, 40132", a.Address.Line)
	assert.Equal(t, "40132", a.Address.PostalCode)
	assert.Equal(t, []importing.Item{{Name: "Kopi Gayo 250g biji", Quantity: 2}, {Name: "Topi", Quantity: 1}}, a.Items)
	assert.Equal(t, "JNE reg", a.Courier)
	assert.Equal(t, "COD", a.Payment)

	b := orders[1]
	assert.Equal(t, "Rudi", b.Name)
	assert.Equal(t, "+62 857-1234-5678", b.Phone)
	assert.Equal(t, "12160", b.Address.PostalCode)
	assert.Equal(t, []importing.Item{{Name: "kaos hitam M", Quantity: 1}, {Name: "topi", Quantity: 2}}, b.Items)
	assert.Equal(t, "kirim sore", b.Notes)
}

func TestParseChatItems(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]importing.Item{
		"2x Kopi Gayo 250g biji":        {Name: "Kopi Gayo 250g biji", Quantity: 2},
		"2 x Kopi Gayo":                 {Name: "Kopi Gayo", Quantity: 2},
		"Kopi Gayo x3":                  {Name: "Kopi Gayo", Quantity: 3},
		"Kopi Gayo (2 pcs)":             {Name: "Kopi Gayo", Quantity: 2},
		"Kopi Gayo 4 pcs":               {Name: "Kopi Gayo", Quantity: 4},
		"Kopi Gayo = 2":                 {Name: "Kopi Gayo", Quantity: 2},
		"250 gr kopi gayo":              {Name: "250 gr kopi gayo", Quantity: 1},
		"• 1 bks kopi toraja @Rp65.000": {Name: "kopi toraja", Quantity: 1},
		"Topi":                          {Name: "Topi", Quantity: 1},
	} {
		orders, err := importing.ParseChat("Nama: A\nPesan: " + line)
		require.NoError(t, err, line)
		require.Len(t, orders, 1, line)
		assert.Equal(t, []importing.Item{want}, orders[0].Items, line)
	}
}

func TestParseChatPhoneWithoutLabel(t *testing.T) {
	t.Parallel()
	orders, err := importing.ParseChat("nama : Budi\n081234567890\nalamat: Jl. Dago 1 Bandung")
	require.NoError(t, err)
	require.Len(t, orders, 1)
	assert.Equal(t, "081234567890", orders[0].Phone)
}

func TestParseChatRefuses(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"no_label":  "halo kak, ready?",
		"empty":     "",
		"not_utf8":  "Nama: \xff\xfe",
		"too_large": "Nama: " + string(make([]byte, importing.MaxChatInput)),
	} {
		_, err := importing.ParseChat(in)
		assert.Equal(t, importing.CodeUnreadableFile, errs.Code(err), name)
	}
	orders, err := importing.ParseChat("Nama: A\nPesan: 0x Kopi")
	require.NoError(t, err)
	require.Len(t, orders[0].Errors, 1)
	assert.Equal(t, catalog.CodeInvalidQuantity, errs.Code(orders[0].Errors[0]))
}
