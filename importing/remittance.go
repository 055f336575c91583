package importing

import (
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// CodeMissingColumn: a remittance file has no column for the airway bill or
// the COD amount (kind Invalid).
const CodeMissingColumn = "missing_column"

// RemittanceColumns names the columns of a courier's COD remittance file.
// An empty name is looked for among the usual headers (compared without
// regard to case, spacing and punctuation): "awb", "no resi", "resi",
// "airway bill", "nomor resi", "no awb", "waybill"; "cod amount", "cod",
// "nilai cod", "amount", "jumlah cod", "total cod"; "fee", "cod fee",
// "biaya cod", "fee cod", "biaya".
type RemittanceColumns struct {
	AirwayBill string `json:"airway_bill,omitempty"`
	Amount     string `json:"amount,omitempty"`
	Fee        string `json:"fee,omitempty"` // optional: a file may have no fee column
}

var remittanceHeaders = map[string][]string{
	"airway_bill": {"awb", "noresi", "resi", "airwaybill", "nomorresi", "noawb", "waybill", "awbnumber", "airwaybillnumber"},
	"amount":      {"codamount", "cod", "nilaicod", "amount", "jumlahcod", "totalcod", "codvalue"},
	"fee":         {"fee", "codfee", "biayacod", "feecod", "biaya"},
}

// RemittanceRow is one parcel of a remittance file: its airway bill, the
// COD amount the courier collected and its fee, or the error that makes
// the row unreadable (a coded error naming the row and field, e.g.
// invalid_amount at "rows[3].amount").
type RemittanceRow struct {
	Row        int         `json:"row"` // the row's number among the data rows, from 1
	AirwayBill string      `json:"airway_bill"`
	Amount     money.Money `json:"amount"`
	Fee        money.Money `json:"fee"`
	// HasFee tells a fee the file reports (0 included) from none: no fee
	// column, or an empty cell.
	HasFee bool  `json:"has_fee"`
	Err    error `json:"-"`
}

// ReadRemittance reads a courier's COD remittance file (CSV, XLSX or JSON
// rows, as [ReadTable] reads them) into its rows, finding the columns by
// cols or by the usual headers. Amounts are read by [ParseAmount]
// ("61.000", "Rp 61.000"). A row with an empty airway bill or an amount
// that cannot be read carries its error (field "rows[i].airway_bill",
// "rows[i].amount" or "rows[i].fee", i from 0) and is kept, so a caller can
// report it; fully empty rows are skipped.
//
// Errors: those of [ReadTable]; missing_column (field "columns.airway_bill"
// or "columns.amount", or "columns.fee" for a fee column named but absent)
// when a column cannot be found.
func ReadRemittance(name string, data []byte, cols RemittanceColumns) ([]RemittanceRow, error) {
	t, err := ReadTable(name, data)
	if err != nil {
		return nil, err
	}
	find := func(field, given string, required bool) (int, error) {
		want := remittanceHeaders[field]
		if given != "" {
			want = []string{headerKey(given)}
		}
		for _, w := range want {
			for i, h := range t.Headers {
				if headerKey(h) == w {
					return i, nil
				}
			}
		}
		if !required && given == "" {
			return -1, nil
		}
		return -1, errs.Invalidf(CodeMissingColumn, "importing: the file has no %s column (headers: %s)", field, strings.Join(t.Headers, ", ")).WithField("columns." + field)
	}
	awbCol, err := find("airway_bill", cols.AirwayBill, true)
	if err != nil {
		return nil, err
	}
	amountCol, err := find("amount", cols.Amount, true)
	if err != nil {
		return nil, err
	}
	feeCol, err := find("fee", cols.Fee, false)
	if err != nil {
		return nil, err
	}
	var out []RemittanceRow
	for i, cells := range t.Rows {
		if strings.TrimSpace(strings.Join(cells, "")) == "" {
			continue
		}
		at := func(field string) string { return "rows[" + strconv.Itoa(i) + "]." + field }
		r := RemittanceRow{Row: i + 1, AirwayBill: strings.TrimSpace(cells[awbCol])}
		if r.AirwayBill == "" {
			r.Err = errs.Invalidf(CodeMissingField, "importing: row %d has no airway bill", i+1).WithField(at("airway_bill"))
		} else if r.Amount, err = ParseAmount(cells[amountCol]); err != nil {
			r.Err = errs.At("rows["+strconv.Itoa(i)+"]", err) // ParseAmount names "amount"
		} else if feeCol >= 0 && strings.TrimSpace(cells[feeCol]) != "" {
			if r.Fee, err = ParseAmount(cells[feeCol]); err != nil {
				r.Err = errs.At(at("fee"), stripField(err))
			} else {
				r.HasFee = true
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// stripField returns a copy of a parser's error without its own field
// ("amount"), so that errs.At places it at the row's.
func stripField(err error) error {
	if e, ok := err.(*errs.Error); ok {
		c := *e
		c.Field = ""
		return &c
	}
	return err
}
