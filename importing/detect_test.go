package importing_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/shipping"
)

// shop is testdata/shop.json: a coffee shop's catalog and the locations
// it ships to (as shipping.Location's fields).
type shop struct {
	Products  []catalog.ProductSpec `json:"products"`
	Bundles   []catalog.BundleSpec  `json:"bundles"`
	Locations []shipping.Location   `json:"locations"`
}

func testShop(t testing.TB) (*importing.ProductIndex, *importing.Gazetteer) {
	t.Helper()
	data, err := os.ReadFile("testdata/shop.json")
	require.NoError(t, err)
	var s shop
	require.NoError(t, json.Unmarshal(data, &s))
	cat, err := catalog.New(s.Products, s.Bundles)
	require.NoError(t, err)
	return importing.NewProductIndex(cat), importing.NewGazetteer(s.Locations)
}

func TestMatchProduct(t *testing.T) {
	t.Parallel()
	ix, _ := testShop(t)
	for name, tc := range map[string]struct {
		item importing.Item
		sku  string
		code string
	}{
		"sku":                 {item: importing.Item{SKU: "kaos-hitam-l", Name: "anything"}, sku: "KAOS-HITAM-L"},
		"shopee_title":        {item: importing.Item{Name: "Kopi Arabika Gayo 250gr Biji", Variation: "Biji,250 gr"}, sku: "GAYO-250-BIJI"},
		"chat_words":          {item: importing.Item{Name: "Kopi Gayo 250g biji"}, sku: "GAYO-250-BIJI"},
		"kilo_written_out":    {item: importing.Item{Name: "kopi gayo biji 1 kg"}, sku: "GAYO-1KG-BIJI"},
		"typo":                {item: importing.Item{Name: "Kopi Gayyo 250 gram Bubuk"}, sku: "GAYO-250-BUBUK"},
		"toraja_variation":    {item: importing.Item{Name: "kopi toraja", Variation: "Bubuk"}, sku: "TORAJA-BUBUK"},
		"kaos_variation":      {item: importing.Item{Name: "Kaos Kopi", Variation: "Hitam, M"}, sku: "KAOS-HITAM-M"},
		"single_product":      {item: importing.Item{Name: "topi"}, sku: "TOPI"},
		"no_variation":        {item: importing.Item{Name: "Kaos Kopi Hitam"}, code: importing.CodeAmbiguousProduct},
		"toraja_no_variation": {item: importing.Item{Name: "Kopi Toraja"}, code: importing.CodeAmbiguousProduct},
		"unknown":             {item: importing.Item{Name: "Silicone Cover Iphone XR Pink"}, code: importing.CodeProductNotMatched},
		"draft_product":       {item: importing.Item{Name: "Tumbler Kopi"}, code: importing.CodeProductNotMatched},
		"unknown_sku_no_name": {item: importing.Item{SKU: "NOPE"}, code: importing.CodeProductNotMatched},
		"nothing":             {item: importing.Item{}, code: importing.CodeMissingField},
	} {
		m, err := ix.Match(tc.item)
		if tc.code != "" {
			require.Error(t, err, name)
			assert.Equal(t, tc.code, errs.Code(err), name)
			if tc.code == importing.CodeAmbiguousProduct {
				assert.GreaterOrEqual(t, len(m.Alternatives), 2, name)
			}
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, tc.sku, m.SKU, name)
		assert.Equal(t, importing.KindVariant, m.Kind, name)
		assert.Greater(t, m.Confidence, importing.Accept, name)
	}
}

// A row naming a bundle resolves to the bundle's price option, with a
// confidence and alternatives, as a single product does.
func TestMatchBundle(t *testing.T) {
	t.Parallel()
	ix, _ := testShop(t)
	for name, tc := range map[string]struct {
		item   importing.Item
		option string
		code   string
	}{
		"option_id_as_sku":  {item: importing.Item{SKU: "hampers-3", Name: "whatever"}, option: "HAMPERS-3"},
		"marketplace_title": {item: importing.Item{Name: "Hampers Lebaran Kopi Premium", Variation: "Isi 3"}, option: "HAMPERS-3"},
		"typo":              {item: importing.Item{Name: "hamper lebaran isi 2"}, option: "HAMPERS-2"},
		"single_option":     {item: importing.Item{Name: "Paket Seduh V60 Manual Brew"}, option: "SEDUH-V60"},
		"no_option":         {item: importing.Item{Name: "Hampers Lebaran"}, code: importing.CodeAmbiguousProduct},
	} {
		m, err := ix.Match(tc.item)
		if tc.code != "" {
			require.Error(t, err, name)
			assert.Equal(t, tc.code, errs.Code(err), name)
			require.GreaterOrEqual(t, len(m.Alternatives), 2, name)
			assert.ElementsMatch(t, []string{"HAMPERS-2", "HAMPERS-3"}, []string{m.Alternatives[0].ID, m.Alternatives[1].ID}, name)
			assert.Equal(t, importing.KindBundle, m.Alternatives[0].Kind, name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, tc.option, m.PriceOptionID, name)
		assert.Empty(t, m.SKU, name)
		assert.Equal(t, importing.KindBundle, m.Kind, name)
		assert.Greater(t, m.Confidence, importing.Accept, name)
	}
}

func TestMatchLocation(t *testing.T) {
	t.Parallel()
	_, gz := testShop(t)
	for name, tc := range map[string]struct {
		addr importing.Address
		id   string
		code string
	}{
		"postal_code":            {addr: importing.Address{Line: "Jl. Dago 12", PostalCode: "40132"}, id: "bdg-coblong"},
		"shopee_line":            {addr: importing.Address{Line: "Jl. Senopati 5, Kebayoran Baru, KOTA JAKARTA SELATAN, DKI JAKARTA, ID, 12160"}, id: "jaksel-kebayoran-baru"},
		"names_no_postal":        {addr: importing.Address{Line: "Jl. Melawai 3", District: "Kec. Kebayoran Baru", City: "Kota Jakarta Selatan"}, id: "jaksel-kebayoran-baru"},
		"alias_city":             {addr: importing.Address{Line: "Jl. Senopati 1", District: "Kebayoran Baru", City: "Jaksel"}, id: "jaksel-kebayoran-baru"},
		"typo_district":          {addr: importing.Address{Line: "Jl. Raya, Kec. Kebayoran Lma, Jakarta Selatan"}, id: "jaksel-kebayoran-lama"},
		"seed_line":              {addr: importing.Address{Line: "Jl. Raya Barat, Kp.Ciputri RT.03/RW.07 Desa.Singasari. Kec.Singaparna, Kab.Tasikmalaya, Jawa Barat. Singaparna 46412"}, id: "tasik-singaparna"},
		"kab_vs_kota":            {addr: importing.Address{Line: "Perum Griya, Cileunyi, KAB. BANDUNG"}, id: "kabbdg-cileunyi"},
		"wrong_postal":           {addr: importing.Address{Line: "Jl. Gubeng 3, Gubeng, Surabaya", PostalCode: "60282"}, id: "sby-gubeng"},
		"shared_postal":          {addr: importing.Address{Line: "Perumnas Bumi Blok U, Karawang", PostalCode: "41361"}, code: importing.CodeAmbiguousLocation},
		"shared_postal_district": {addr: importing.Address{Line: "Perumnas Bumi, Telukjambe Timur, Karawang", PostalCode: "41361"}, id: "krw-telukjambe-timur"},
		"nowhere":                {addr: importing.Address{Line: "Jl. Antah Berantah 1, Atlantis"}, code: importing.CodeLocationNotMatched},
		"empty":                  {addr: importing.Address{}, code: importing.CodeMissingField},
	} {
		m, err := gz.Match(tc.addr)
		if tc.code != "" {
			require.Error(t, err, name)
			assert.Equal(t, tc.code, errs.Code(err), name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, tc.id, m.ID, name)
	}
}

func TestDetectCourier(t *testing.T) {
	t.Parallel()
	for text, want := range map[string][2]string{
		"Reguler (Cashless)-J&T Express": {"jnt", "REG"},
		"JNE(OKE)":                       {"jne", "OKE"},
		"jne reg":                        {"jne", "REG"},
		"SiCepat Halu":                   {"sicepat", "HALU"},
		"Hemat-SiCepat":                  {"sicepat", "HALU"},
		"J&T Express":                    {"jnt", ""},
		"Lion Parcel":                    {"lion", ""},
		"Ninja Xpres":                    {"ninja", ""},
		"Shopee Express Standard":        {"spx", "REG"},
		"JNT Reguler":                    {"jnt", "REG"},
	} {
		m, err := importing.DetectCourier(text)
		require.NoError(t, err, text)
		assert.Equal(t, want[0], m.Courier, text)
		assert.Equal(t, want[1], m.Service, text)
	}
	_, err := importing.DetectCourier("Kurir Toko")
	assert.Equal(t, importing.CodeUnknownCourier, errs.Code(err))
}

func TestDetectWholeOrders(t *testing.T) {
	t.Parallel()
	ix, gz := testShop(t)
	_, orders := readOrders(t, "shopee.csv")
	d := importing.Detect(orders[0], ix, gz)
	require.True(t, d.OK(), "%v", d.Errors)
	assert.Equal(t, "+6281234567890", d.Phone)
	assert.Equal(t, "GAYO-250-BIJI", d.Items[0].SKU)
	assert.Equal(t, "TOPI", d.Items[1].SKU)
	assert.Equal(t, "bdg-coblong", d.Location.ID)
	assert.Equal(t, importing.CourierMatch{Courier: "jnt", Service: "REG", Confidence: 1}, d.Courier)
	assert.Greater(t, d.Confidence, importing.Accept)

	_, orders = readOrders(t, "tokopedia.csv")
	d = importing.Detect(orders[1], ix, gz)
	require.Len(t, d.Errors, 1)
	assert.Equal(t, importing.CodeMissingField, errs.Code(d.Errors[0]))
	assert.Equal(t, "phone", errs.Field(d.Errors[0]))
	assert.Zero(t, d.Confidence)

	chat, err := os.ReadFile("testdata/chat.txt")
	require.NoError(t, err)
	msgs, err := importing.ParseChat(string(chat))
	require.NoError(t, err)
	d = importing.Detect(msgs[1], ix, gz)
	require.True(t, d.OK(), "%v", d.Errors)
	assert.Equal(t, "KAOS-HITAM-M", d.Items[0].SKU)
	assert.Equal(t, "TOPI", d.Items[1].SKU)
	assert.Equal(t, "jaksel-kebayoran-baru", d.Location.ID)
}
