package importing_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/money"
)

func TestReadRemittance(t *testing.T) {
	t.Parallel()
	file := "No. Resi;Nilai COD;Biaya COD\nJNE001;Rp 61.000;1.708\n;;\nJNE002;61000;\nJNE003;enam puluh;0\n;50.000;0\nJNE004;50.000;satu\n"
	rows, err := importing.ReadRemittance("remit.csv", []byte(file), importing.RemittanceColumns{})
	require.NoError(t, err)
	require.Len(t, rows, 5, "the empty row is left out")
	assert.Equal(t, importing.RemittanceRow{Row: 1, AirwayBill: "JNE001", Amount: 61000, Fee: 1708, HasFee: true}, rows[0])
	assert.Equal(t, importing.RemittanceRow{Row: 2, AirwayBill: "JNE002", Amount: 61000}, rows[1], "an empty fee cell reports no fee")
	for i, want := range []struct {
		code, field string
	}{
		{importing.CodeInvalidAmount, "rows[2].amount"},
		{importing.CodeMissingField, "rows[3].airway_bill"},
		{importing.CodeInvalidAmount, "rows[4].fee"},
	} {
		err := rows[2+i].Err
		require.Error(t, err)
		assert.Equal(t, want.code, errs.Code(err))
		assert.Equal(t, want.field, errs.Field(err))
	}
}

func TestReadRemittanceColumns(t *testing.T) {
	t.Parallel()
	file := "awb_number,amount_collected,charge\nSCP-9,\"IDR 1,250,000\",0\n"
	_, err := importing.ReadRemittance("r.csv", []byte(file), importing.RemittanceColumns{})
	assert.Equal(t, importing.CodeMissingColumn, errs.Code(err))
	assert.Equal(t, "columns.amount", errs.Field(err))
	rows, err := importing.ReadRemittance("r.csv", []byte(file), importing.RemittanceColumns{Amount: "Amount Collected", Fee: "charge"})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "SCP-9", rows[0].AirwayBill)
	assert.Equal(t, money.Money(1250000), rows[0].Amount)
	_, err = importing.ReadRemittance("r.csv", []byte(file), importing.RemittanceColumns{Amount: "amount_collected", Fee: "potongan"})
	assert.Equal(t, "columns.fee", errs.Field(err))
}
