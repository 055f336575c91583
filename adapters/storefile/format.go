package storefile

import (
	"encoding/json"
	"fmt"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/pricing"
)

// Format is the data file as a [kasir.ConfigFormat]: a store's
// configuration document is the data file without "vouchers" (vouchers
// are records of their own, with their uses), read with the same rules
// as [Parse].
type Format struct{}

var _ kasir.ConfigFormat = Format{}

// configFile is the configuration document: the data file without its
// vouchers.
type configFile struct {
	Store        storeSpec         `json:"store"`
	BankAccounts []bankAccountSpec `json:"bank_accounts"`
	Locations    json.RawMessage   `json:"locations"`
	Warehouses   json.RawMessage   `json:"warehouses"`
	Products     json.RawMessage   `json:"products"`
	Bundles      json.RawMessage   `json:"bundles"`
	Rates        json.RawMessage   `json:"rates"`
}

// ParseConfig implements [kasir.ConfigFormat]: it reads a configuration
// document as [Parse] reads a data file (with the same errors, and
// unknown_field for "vouchers") and returns the store's settings, its
// catalog and its rate card as the store's locations, warehouses and
// couriers.
func (Format) ParseConfig(data []byte) (*kasir.StoreSetup, error) {
	if len(data) > MaxSize {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "store file: larger than %d bytes", MaxSize)
	}
	var probe configFile
	if err := strictjson.Decode(data, &probe); err != nil {
		return nil, err
	}
	var f dataFile
	if err := strictjson.Decode(data, &f); err != nil {
		return nil, err
	}
	st, err := f.build()
	if err != nil {
		return nil, err
	}
	return st.Setup(), nil
}

// Setup returns the store as kasir.Stores builds a Service of it.
func (st *Store) Setup() *kasir.StoreSetup {
	return &kasir.StoreSetup{Settings: st.Settings, Catalog: st.Catalog, Locations: st.Card, Warehouses: st.Card, Couriers: st.Card}
}

// ParseFile implements [kasir.ConfigFormat]: it checks a whole data file
// as [Parse] does and returns its configuration document (the file's
// JSON without "vouchers", every other value as the file gives it) and
// its vouchers.
func (Format) ParseFile(data []byte) ([]byte, []pricing.Voucher, error) {
	if len(data) > MaxSize {
		return nil, nil, errs.Invalidf(errs.CodeInvalidInput, "store file: larger than %d bytes", MaxSize)
	}
	var f dataFile
	if err := strictjson.Decode(data, &f); err != nil {
		return nil, nil, err
	}
	st, err := f.build()
	if err != nil {
		return nil, nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, errs.Wrap(errs.Invalid, strictjson.CodeInvalidJSON, err, "store file: not a JSON object")
	}
	delete(doc, "vouchers")
	config, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("store file: %w", err)
	}
	return config, st.Vouchers, nil
}

// ParseVoucher implements [kasir.ConfigFormat]: one voucher as the data
// file's "vouchers[i]" is written, checked as Parse checks it (its SKUs
// against cat); fields are named without the "vouchers[i]." prefix.
func (Format) ParseVoucher(data []byte, cat *catalog.Catalog) (pricing.Voucher, error) {
	var vs voucherSpec
	if err := strictjson.Decode(data, &vs); err != nil {
		return pricing.Voucher{}, err
	}
	return vs.voucher("", cat)
}

// FormatVoucher implements [kasir.ConfigFormat]: v as the data file
// writes a voucher. It returns no error for a voucher that Validate
// accepts.
func (Format) FormatVoucher(v pricing.Voucher) (json.RawMessage, error) {
	vs := voucherSpec{
		Code: v.Code, Kind: v.Kind, Type: v.Type, MaxDiscount: v.MaxDiscount, MinSubtotal: v.MinSubtotal,
		SKUs: v.SKUs, PaymentMethods: v.PaymentMethods, Quota: v.Quota, PerCustomer: v.PerCustomer,
		StartsAt: v.StartsAt, EndsAt: v.EndsAt, Active: &v.Active, Public: v.Public,
	}
	var err error
	if v.Type == pricing.Percent {
		vs.Value, err = json.Marshal(v.Percent.String())
	} else {
		vs.Value, err = json.Marshal(int64(v.Amount))
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(vs)
}
