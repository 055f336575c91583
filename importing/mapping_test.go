package importing_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/money"
)

func readOrders(t *testing.T, file string) (importing.Mapping, []importing.Order) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	require.NoError(t, err)
	orders, m, err := importing.Read(file, data, "")
	require.NoError(t, err)
	return m, orders
}

func TestMappingsAreData(t *testing.T) {
	t.Parallel()
	ms, err := importing.Mappings()
	require.NoError(t, err)
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"kasir", "shopee", "smartorder", "tiktokshop", "tokopedia"}, ids)
	_, err = importing.MappingByID(ms, "lazada")
	assert.Equal(t, importing.CodeUnknownMarketplace, errs.Code(err))

	_, err = importing.ParseMapping([]byte(`{"id":"x","name":"X","columns":{"nama":["Nama"]}}`))
	assert.Equal(t, "columns.nama", errs.Field(err))
	_, err = importing.ParseMapping([]byte(`{"id":"x","name":"X","Columns":{}}`))
	assert.Equal(t, strictjson.CodeUnknownField, errs.Code(err))
}

func TestExtractShopeeGroupsAnInvoice(t *testing.T) {
	t.Parallel()
	m, orders := readOrders(t, "shopee.csv")
	assert.Equal(t, "shopee", m.ID)
	assert.True(t, m.Marketplace)
	require.Len(t, orders, 2)
	a := orders[0]
	assert.Equal(t, "2411230ABCDEF", a.Invoice)
	assert.Equal(t, "JP7638199648", a.AWB)
	assert.Equal(t, "Reguler (Cashless)-J&T Express", a.Courier)
	assert.Equal(t, "40132", a.Address.PostalCode)
	assert.Equal(t, "KOTA BANDUNG", a.Address.City)
	assert.Equal(t, money.Money(148000), a.Total)
	assert.Equal(t, money.Money(18000), a.ShippingCost)
	require.Len(t, a.Items, 2)
	assert.Equal(t, importing.Item{Name: "Kopi Arabika Gayo 250gr Biji", Variation: "Biji,250 gr", Quantity: 2, UnitPrice: 65000}, a.Items[0])
	assert.Equal(t, "TOPI", a.Items[1].SKU)
	assert.Empty(t, a.Errors)

	b := orders[1]
	assert.Equal(t, money.Money(80000), b.Items[0].UnitPrice, "the price after discount is read first")
	assert.Empty(t, b.Errors)
}

func TestExtractOtherShapes(t *testing.T) {
	t.Parallel()
	m, orders := readOrders(t, "tokopedia.csv")
	assert.Equal(t, "tokopedia", m.ID)
	require.Len(t, orders, 2)
	assert.Equal(t, "JNE Reguler", orders[0].Courier)
	assert.Equal(t, int64(3), orders[0].Items[0].Quantity)
	assert.Equal(t, "", orders[1].Phone)

	m, orders = readOrders(t, "tiktokshop.csv")
	assert.Equal(t, "tiktokshop", m.ID)
	require.Len(t, orders, 1)
	assert.Equal(t, "Hitam, M", orders[0].Items[0].Variation)
	assert.Equal(t, "Kebayoran Baru", orders[0].Address.District)

	m, orders = readOrders(t, "smartorder.json")
	assert.Equal(t, "smartorder", m.ID)
	require.Len(t, orders, 2)
	assert.Equal(t, "40132", orders[0].Address.PostalCode, "read from the address line")
	assert.Equal(t, "JNE(OKE)", orders[0].Courier)
	require.Len(t, orders[1].Items, 2)
	assert.Equal(t, "Kaos Hitam L", orders[1].Items[1].Name)
	assert.Equal(t, money.Money(10000), orders[1].ShippingCost)

	m, orders = readOrders(t, "kasir.csv")
	assert.Equal(t, "kasir", m.ID)
	assert.False(t, m.Marketplace)
	require.Len(t, orders, 2)
	assert.Equal(t, "biji 250gr", orders[0].Items[0].Variation)
}

func TestExtractRecordsBadFields(t *testing.T) {
	t.Parallel()
	tab := importing.Table{
		Headers: []string{"Nama", "No HP", "Produk", "Jumlah"},
		Rows:    [][]string{{"A", "0812", "Kopi", "dua"}},
	}
	ms, err := importing.Mappings()
	require.NoError(t, err)
	m, err := importing.MappingByID(ms, "kasir")
	require.NoError(t, err)
	orders, err := importing.Extract(tab, m)
	require.NoError(t, err)
	require.Len(t, orders[0].Errors, 1)
	assert.Equal(t, catalog.CodeInvalidQuantity, errs.Code(orders[0].Errors[0]))
	assert.Equal(t, "items[0].quantity", errs.Field(orders[0].Errors[0]))
}

func TestReadTableRefuses(t *testing.T) {
	t.Parallel()
	for name, data := range map[string]string{
		"empty":       "",
		"header_only": "Nama,No HP\n",
		"not_utf8":    "Nama\n\xff\xfe\n",
		"bad_json":    `[{"a":1,"a":2}]`,
		"bad_xlsx":    "PK\x03\x04garbage",
		"bad_quotes":  "",
	} {
		_, err := importing.ReadTable("f.csv", []byte(data))
		assert.Equal(t, importing.CodeUnreadableFile, errs.Code(err), name)
	}
	ms, err := importing.Mappings()
	require.NoError(t, err)
	_, err = importing.DetectMapping(ms, []string{"Tanggal", "Jumlah"})
	assert.Equal(t, importing.CodeUnknownMarketplace, errs.Code(err))
}

func TestReadXLSX(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"No. Pesanan", "No. Resi", "Opsi Pengiriman", "Nama Produk", "Nama Variasi", "Jumlah", "Harga Setelah Diskon", "Nama Penerima", "No. Telepon", "Alamat Pengiriman", "Total Pembayaran"},
		{"2411240XLSX01", "", "JNE(YES)", "Kaos Kopi", "Putih,M", 1, "Rp75.000", "Wati", "081355556666", "Jl. Gubeng 3, Gubeng, Kota Surabaya 60281", "Rp 89.000"},
	}
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	orders, m, err := importing.Read("pesanan.xlsx", buf.Bytes(), "")
	require.NoError(t, err)
	assert.Equal(t, "shopee", m.ID)
	require.Len(t, orders, 1)
	assert.Equal(t, "2411240XLSX01", orders[0].Invoice)
	assert.Equal(t, "60281", orders[0].Address.PostalCode)
	assert.Equal(t, money.Money(89000), orders[0].Total)
	assert.Equal(t, importing.Item{Name: "Kaos Kopi", Variation: "Putih,M", Quantity: 1, UnitPrice: 75000}, orders[0].Items[0])
}

// A report's title and period above the header are left out, and the
// separator is the header's, not the title's.
func TestReadTableSkipsTitleRows(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		data    string
		headers []string
		rows    int
	}{
		"title_semicolons": {"Laporan Penjualan\nPeriode: 01-12-2024, 31-12-2024\n\nNomor Invoice;Nama Penerima;No Telp Penerima;Nama Produk\nINV/1;Sari;0812;Topi\nINV/2;Budi;0813;Kaos\n",
			[]string{"Nomor Invoice", "Nama Penerima", "No Telp Penerima", "Nama Produk"}, 2},
		"no_title":        {"Nama,No HP,Produk\nSari,0812,\"Topi, hitam\"\n", []string{"Nama", "No HP", "Produk"}, 1},
		"sparse_data_row": {"Nama\tNo HP\tProduk\tCatatan\nSari\t\t\t\n", []string{"Nama", "No HP", "Produk", "Catatan"}, 1},
	} {
		tab, err := importing.ReadTable("f.csv", []byte(c.data))
		require.NoError(t, err, name)
		assert.Equal(t, c.headers, tab.Headers, name)
		assert.Len(t, tab.Rows, c.rows, name)
	}
}
