package storefile

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// MaxSize is the largest store file Parse reads: 32 MiB.
const MaxSize = 32 << 20

// dataFile is the JSON store file: a seller's store settings, bank
// accounts, shipping (locations, warehouses, rate card), catalogue and
// vouchers.
type dataFile struct {
	Store        storeSpec                `json:"store"`
	BankAccounts []bankAccountSpec        `json:"bank_accounts"`
	Locations    []ratecard.LocationSpec  `json:"locations"`
	Warehouses   []ratecard.WarehouseSpec `json:"warehouses"`
	Products     []catalog.ProductSpec    `json:"products"`
	Bundles      []catalog.BundleSpec     `json:"bundles"`
	Vouchers     []voucherSpec            `json:"vouchers"`
	Rates        []ratecard.RateSpec      `json:"rates"`
}

// storeSpec is the file's "store": the seller's checkout settings.
type storeSpec struct {
	Name                 string             `json:"name"`
	CustomerServicePhone string             `json:"customer_service_phone"`
	Tax                  pricing.TaxProfile `json:"tax"`
	COD                  pricing.CODFee     `json:"cod"`
	// PaymentMethods offered; empty offers cod and bank_transfer. The
	// server adds gateway when MIDTRANS_SERVER_KEY is set.
	PaymentMethods []payment.Method `json:"payment_methods"`
	// UniqueCodeMin and UniqueCodeMax bound the kode unik; 0 reads as 1
	// and 999.
	UniqueCodeMin      int   `json:"unique_code_min"`
	UniqueCodeMax      int   `json:"unique_code_max"`
	PaymentExpiryHours int   `json:"payment_expiry_hours"` // 0: 24
	MaxLineQuantity    int64 `json:"max_line_quantity"`    // 0: no limit
	MaxOrderQuantity   int64 `json:"max_order_quantity"`   // 0: no limit
	MaxLines           int   `json:"max_lines"`            // lines per order; 0: 100
	// MaxOpenUnpaidPerPhone caps one phone's orders waiting for payment;
	// absent: 5, 0: no cap.
	MaxOpenUnpaidPerPhone *int        `json:"max_open_unpaid_per_phone"`
	AdditionalCost        money.Money `json:"additional_cost"` // added to every shipped order
	RequireWhatsApp       bool        `json:"require_whatsapp"`
	InvoiceTermsDays      int         `json:"invoice_terms_days"`
	GatewayPayments       []string    `json:"gateway_payments"` // Midtrans channels, e.g. "bca_va", "qris"
	// Fulfilment is the sender couriers print on labels and collect
	// from (sender_name, sender_phone, sender_address; each defaults to
	// the store's name, customer service phone and the warehouse's
	// district), as kasir.Fulfilment has it.
	Fulfilment   kasir.Fulfilment `json:"fulfilment"`
	NPWP         string           `json:"npwp"`          // the seller's tax number
	PaymentTerms []int            `json:"payment_terms"` // procurement terms in days; absent: the platform's
}

// bankAccountSpec is one of "bank_accounts".
type bankAccountSpec struct {
	BankCode      string `json:"bank_code"`
	BankName      string `json:"bank_name"`
	AccountNumber string `json:"account_number"`
	AccountName   string `json:"account_name"`
}

// voucherSpec is one of "vouchers". Value is a percentage as a decimal
// string ("10", "12.5") for type percent, and whole rupiah as a JSON
// integer (15000) for type fixed. Active may be left out: a voucher in
// the file is active unless it says "active": false.
type voucherSpec struct {
	Code           string              `json:"code"`
	Kind           pricing.VoucherKind `json:"kind"`
	Type           pricing.VoucherType `json:"type"`
	Value          json.RawMessage     `json:"value"`
	MaxDiscount    money.Money         `json:"max_discount"`
	MinSubtotal    money.Money         `json:"min_subtotal"`
	SKUs           []string            `json:"skus"`
	PaymentMethods []payment.Method    `json:"payment_methods"`
	Quota          int64               `json:"quota"`
	PerCustomer    int64               `json:"per_customer"`
	StartsAt       time.Time           `json:"starts_at"`
	EndsAt         time.Time           `json:"ends_at"`
	Active         *bool               `json:"active"`
	Public         bool                `json:"public"`
}

// Store is a seller's store as a store file describes it, checked and
// ready to wire into a kasir.Service: its settings for kasir.WithSettings,
// its catalogue for memory.NewCatalog, its vouchers for the order store
// (memory.WithVouchers, or postgres' PutVoucher), and its rate card for
// kasir.Deps' Locations, Warehouses and Couriers.
type Store struct {
	Settings kasir.Settings
	Catalog  *catalog.Catalog
	Vouchers []pricing.Voucher
	// Card prices shipping offline and holds the locations and warehouses.
	Card *ratecard.Card
}

// Parse reads a store file (at most MaxSize bytes) and builds the store
// it describes.
//
// Errors name the field at fault as a JSON path ("vouchers[2].kind",
// "products[0].variants[1].price", "store.tax.ppn_percent"), read with
// errs.Field, all of kind errs.Invalid. The JSON is read strictly:
// invalid_json for a malformed, empty or cut-short document or data after
// it, unknown_field for a field the format does not have (names match
// exactly), duplicate_field for a key given twice, invalid_type for a
// value of the wrong JSON type. A value the settings, catalogue, vouchers
// or rate card refuse is invalid_input, except where a domain package has
// its own code for the rule broken (unknown_sku for a bundle component
// that is not in the catalogue, invalid_phone for the customer service
// phone). A reader's error is returned wrapped.
func Parse(r io.Reader) (*Store, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("store file: read: %w", err)
	}
	if len(data) > MaxSize {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "store file: larger than %d bytes", MaxSize)
	}
	var f dataFile
	if err := strictjson.Decode(data, &f); err != nil {
		return nil, err
	}
	return f.build()
}

// build checks f and builds its store.
func (f *dataFile) build() (*Store, error) {
	settings, err := f.Store.settings(f.BankAccounts)
	if err != nil {
		return nil, err
	}
	cat, err := catalog.New(f.Products, f.Bundles) // errors name "products[i]…", "bundles[i]…"
	if err != nil {
		return nil, err
	}
	vouchers, err := f.vouchers(cat)
	if err != nil {
		return nil, err
	}
	if len(f.Warehouses) == 0 {
		return nil, invalid("warehouses", "at least one warehouse is needed: parcels ship from it")
	}
	for i, w := range f.Warehouses {
		for _, sku := range slices.Sorted(maps.Keys(w.Stock)) {
			if _, err := cat.VariantBySKU(sku); err != nil {
				return nil, invalid(fmt.Sprintf("warehouses[%d].stock.%s", i, sku), "no product or variant has SKU %q", sku)
			}
		}
	}
	if len(f.Rates) == 0 {
		return nil, invalid("rates", "at least one rate is needed (they price shipping unless BITESHIP_API_KEY is set)")
	}
	card, err := ratecard.New(ratecard.Spec{Rates: f.Rates, Locations: f.Locations, Warehouses: f.Warehouses})
	if err != nil {
		return nil, err // errors name "rates[i]…", "locations[i]…", "warehouses[i]…"
	}
	return &Store{Settings: settings, Catalog: cat, Vouchers: vouchers, Card: card}, nil
}

// maxSenderText bounds the sender's name and address: what a label
// prints.
const maxSenderText = 200

// settings checks the store's settings and bank accounts.
func (s storeSpec) settings(accounts []bankAccountSpec) (kasir.Settings, error) {
	var zero kasir.Settings
	if strings.TrimSpace(s.Name) == "" {
		return zero, invalid("store.name", "the store needs a name")
	}
	if s.CustomerServicePhone != "" {
		if _, err := checkout.ParsePhone(s.CustomerServicePhone); err != nil {
			return zero, at("store.customer_service_phone", err)
		}
	}
	if s.Fulfilment.SenderPhone != "" {
		if _, err := checkout.ParsePhone(s.Fulfilment.SenderPhone); err != nil {
			return zero, at("store.fulfilment.sender_phone", err)
		}
	}
	for field, v := range map[string]string{"sender_name": s.Fulfilment.SenderName, "sender_address": s.Fulfilment.SenderAddress} {
		if len(v) > maxSenderText {
			return zero, invalid("store.fulfilment."+field, "at most %d bytes", maxSenderText)
		}
	}
	if err := s.Tax.Validate(); err != nil { // fields "ppn_percent" …
		return zero, at("store.tax", err)
	}
	if s.COD.Percent.Cmp(money.RateInt(100)) > 0 {
		return zero, invalid("store.cod.fee_percent", "the COD fee must be 0–100 percent, got %s", s.COD.Percent)
	}
	if err := money.CheckAmount("fee_min", s.COD.Min); err != nil || s.COD.Min < 0 {
		return zero, invalid("store.cod.fee_min", "the minimum COD fee must be a rupiah amount ≥ 0")
	}
	seen := map[payment.Method]bool{}
	for i, m := range s.PaymentMethods {
		if seen[m] {
			return zero, invalid(fmt.Sprintf("store.payment_methods[%d]", i), "payment method %s is listed twice", m)
		}
		seen[m] = true
	}
	codes := payment.CodeRange{Min: cmp.Or(s.UniqueCodeMin, 1), Max: cmp.Or(s.UniqueCodeMax, payment.MaxUniqueCode)}
	if err := codes.Validate(); err != nil {
		field := "store.unique_code_min"
		if codes.Max > payment.MaxUniqueCode || codes.Max < 1 {
			field = "store.unique_code_max"
		}
		return zero, at(field, err) // CodeRange names no field
	}
	if s.PaymentExpiryHours < 0 || s.PaymentExpiryHours > payment.MaxExpiryHours {
		return zero, invalid("store.payment_expiry_hours", "must be 0–%d hours (0: 24), got %d", payment.MaxExpiryHours, s.PaymentExpiryHours)
	}
	limits := checkout.CartLimits{MaxLines: s.MaxLines, MaxLineQuantity: s.MaxLineQuantity, MaxOrderQuantity: s.MaxOrderQuantity}
	if err := limits.Validate(); err != nil { // fields "max_lines", "max_line_quantity", "max_order_quantity"
		return zero, at("store", err)
	}
	if s.MaxOpenUnpaidPerPhone != nil && *s.MaxOpenUnpaidPerPhone < 0 {
		return zero, invalid("store.max_open_unpaid_per_phone", "must be 0 (no cap) or more, got %d", *s.MaxOpenUnpaidPerPhone)
	}
	if err := money.CheckAmount("additional_cost", s.AdditionalCost); err != nil || s.AdditionalCost < 0 {
		return zero, invalid("store.additional_cost", "must be a rupiah amount ≥ 0")
	}
	terms := payment.Terms{Days: s.InvoiceTermsDays}
	if err := terms.Validate(); err != nil {
		// Terms names its field "days"; the file's is invoice_terms_days.
		return zero, errs.Wrap(errs.KindOf(err), errs.Code(err), err, "store file: invalid invoice terms").WithField("store.invoice_terms_days")
	}
	banks := make([]payment.BankAccount, len(accounts))
	for i, a := range accounts {
		banks[i] = payment.BankAccount{BankCode: a.BankCode, BankName: a.BankName, AccountNumber: a.AccountNumber, AccountName: a.AccountName}
		if err := banks[i].Validate(); err != nil {
			return zero, at(fmt.Sprintf("bank_accounts[%d]", i), err)
		}
	}
	if len(banks) == 0 && (len(s.PaymentMethods) == 0 || seen[payment.BankTransfer]) {
		return zero, invalid("bank_accounts", "bank_transfer is offered (it is by default) but no bank account is given")
	}
	set := kasir.Settings{
		StoreName:             strings.TrimSpace(s.Name),
		CustomerServicePhone:  s.CustomerServicePhone,
		Tax:                   s.Tax,
		COD:                   s.COD,
		PaymentMethods:        slices.Clone(s.PaymentMethods),
		BankAccounts:          banks,
		UniqueCodes:           codes,
		ExpiryHours:           s.PaymentExpiryHours,
		InvoiceTerms:          terms,
		Limits:                limits,
		AdditionalCost:        s.AdditionalCost,
		GatewayPayments:       slices.Clone(s.GatewayPayments),
		RequireWhatsApp:       s.RequireWhatsApp,
		MaxOpenUnpaidPerPhone: s.MaxOpenUnpaidPerPhone,
		Fulfilment:            s.Fulfilment,
		NPWP:                  strings.TrimSpace(s.NPWP),
		PaymentTerms:          slices.Clone(s.PaymentTerms),
	}
	set.Fulfilment.SenderName = strings.TrimSpace(set.Fulfilment.SenderName)
	set.Fulfilment.SenderAddress = strings.TrimSpace(set.Fulfilment.SenderAddress)
	// Everything is checked above with the file's names; this is kasir's
	// own check, in case it knows more.
	if err := set.Validate(); err != nil {
		return zero, at("store", err)
	}
	return set, nil
}

// vouchers checks the file's vouchers against the catalogue.
func (f *dataFile) vouchers(cat *catalog.Catalog) ([]pricing.Voucher, error) {
	out := make([]pricing.Voucher, 0, len(f.Vouchers))
	codes := map[string]bool{}
	for i, vs := range f.Vouchers {
		p := fmt.Sprintf("vouchers[%d]", i)
		v, err := vs.voucher(p, cat)
		if err != nil {
			return nil, err
		}
		key := strings.ToUpper(v.Code)
		if codes[key] {
			return nil, invalid(p+".code", "voucher code %q is given twice", v.Code)
		}
		codes[key] = true
		out = append(out, v)
	}
	return out, nil
}

// voucher checks one voucher against the catalogue; p is its path, which
// errors name in front of the voucher's own fields.
func (vs voucherSpec) voucher(p string, cat *catalog.Catalog) (pricing.Voucher, error) {
	v := pricing.Voucher{
		VoucherRule: pricing.VoucherRule{
			Code: strings.TrimSpace(vs.Code), Kind: vs.Kind, Type: vs.Type,
			MaxDiscount: vs.MaxDiscount, MinSubtotal: vs.MinSubtotal, SKUs: slices.Clone(vs.SKUs),
		},
		Active:   vs.Active == nil || *vs.Active,
		StartsAt: vs.StartsAt, EndsAt: vs.EndsAt,
		Quota: vs.Quota, PerCustomer: vs.PerCustomer, Public: vs.Public,
	}
	if v.Kind.Valid() && v.Type.Valid() {
		if err := vs.value(&v.VoucherRule); err != nil {
			return v, at(errs.JoinPath(p, "value"), err)
		}
	}
	v.PaymentMethods = append(v.PaymentMethods, vs.PaymentMethods...)
	if err := v.Validate(); err != nil { // fields "kind", "value" …
		return v, at(p, err)
	}
	for j, sku := range v.SKUs {
		if _, err := cat.VariantBySKU(sku); err != nil {
			return v, invalid(errs.JoinPath(p, fmt.Sprintf("skus[%d]", j)), "no product or variant has SKU %q", sku)
		}
	}
	return v, nil
}

// value reads the voucher's value into r: a percentage string for a
// percent voucher, whole rupiah for a fixed one.
func (vs voucherSpec) value(r *pricing.VoucherRule) error {
	raw := strings.TrimSpace(string(vs.Value))
	if raw == "" || raw == "null" {
		return errs.Invalidf(errs.CodeInvalidInput, "store file: a voucher needs a value")
	}
	if r.Type == pricing.Percent {
		var s string
		if err := json.Unmarshal(vs.Value, &s); err != nil {
			return errs.Invalidf(errs.CodeInvalidInput, "store file: a percent voucher's value is a decimal string such as \"10\", got %s", raw)
		}
		rate, err := money.ParseRate(s)
		if err != nil {
			return err // ParseRate names no field; the caller places it
		}
		r.Percent = rate
		return nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return errs.Invalidf(errs.CodeInvalidInput, "store file: a fixed voucher's value is whole rupiah such as 15000, got %s", raw)
	}
	r.Amount = money.Money(n)
	return nil
}

// invalid returns an invalid_input error naming field.
func invalid(field, format string, args ...any) error {
	return errs.Invalidf(errs.CodeInvalidInput, "store file: "+format, args...).WithField(field)
}

// at puts prefix (which may be empty) in front of the field a coded
// error names; an uncoded error is made invalid_input.
func at(prefix string, err error) error {
	if errs.Code(err) == "" {
		err = errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "store file")
	}
	return errs.At(prefix, err)
}

// Load reads the store file at path, as Parse does. Errors are Parse's,
// and the file system's (errors.Is(err, fs.ErrNotExist) for a missing
// file), each wrapped with the path.
func Load(path string) (*Store, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}
