package storefile_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/storefiletest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// patched returns the test store file with the value at path set (or
// removed with storefiletest.Remove).
func patched(t *testing.T, path string, value any) []byte {
	t.Helper()
	return storefiletest.PatchJSON(t, []byte(storefiletest.StoreFile), path, value)
}

func TestParseSmallFile(t *testing.T) {
	t.Parallel()
	st, err := storefile.Parse(strings.NewReader(storefiletest.StoreFile))
	require.NoError(t, err)

	s := st.Settings
	assert.Equal(t, "Toko Uji", s.StoreName)
	assert.True(t, s.Tax.PPNPercent.Equal(money.RateInt(11)))
	assert.True(t, s.Tax.PricesIncludePPN)
	assert.True(t, s.COD.Percent.Equal(money.RateInt(3)))
	assert.Equal(t, pricing.Seller, s.COD.Payer)
	assert.Equal(t, []payment.Method{payment.COD, payment.BankTransfer}, s.PaymentMethods)
	assert.Equal(t, payment.CodeRange{Min: 1, Max: 999}, s.UniqueCodes, "no range given: 1–999")
	require.Len(t, s.BankAccounts, 1)
	assert.Equal(t, payment.BankAccount{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Uji"}, s.BankAccounts[0])

	assert.Len(t, st.Catalog.Products(), 2)
	assert.Len(t, st.Catalog.Bundles(), 1)
	assert.Equal(t, map[string]int64{"kaos-hitam-m": 5, "kaos-hitam-l": 5, "topi": 2}, st.Catalog.InitialStock().Levels())

	require.Len(t, st.Vouchers, 2)
	hemat, ongkir := st.Vouchers[0], st.Vouchers[1]
	assert.Equal(t, "HEMAT10", hemat.Code)
	assert.Equal(t, pricing.ProductVoucher, hemat.Kind)
	assert.Equal(t, pricing.Percent, hemat.Type)
	assert.True(t, hemat.Percent.Equal(money.RateInt(10)))
	assert.Equal(t, money.Money(20000), hemat.MaxDiscount)
	assert.True(t, hemat.Active, "a voucher without \"active\" is active")
	assert.Equal(t, pricing.ShippingVoucher, ongkir.Kind)
	assert.Equal(t, pricing.Fixed, ongkir.Type)
	assert.Equal(t, money.Money(10000), ongkir.Amount)
	assert.Equal(t, money.Money(100000), ongkir.MinSubtotal)

	ctx := t.Context()
	loc, err := st.Card.Location(ctx, "jaksel")
	require.NoError(t, err)
	assert.Equal(t, "Kebayoran Baru", loc.District)
	ws, err := st.Card.Warehouses(ctx)
	require.NoError(t, err)
	require.Len(t, ws, 1)
	assert.True(t, ws[0].Default)
}

func TestParseGoodVariations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		path  string
		value any
		check func(t *testing.T, st *storefile.Store)
	}{
		{"unique_code_range", "store.unique_code_min", 100, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, payment.CodeRange{Min: 100, Max: 999}, st.Settings.UniqueCodes)
		}},
		{"unique_code_max_only", "store.unique_code_max", 250, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, payment.CodeRange{Min: 1, Max: 250}, st.Settings.UniqueCodes)
		}},
		{"limits", "store.max_line_quantity", 3, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, int64(3), st.Settings.Limits.MaxLineQuantity)
		}},
		{"max_lines", "store.max_lines", 20, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, 20, st.Settings.Limits.MaxLines)
		}},
		{"unpaid_cap", "store.max_open_unpaid_per_phone", 0, func(t *testing.T, st *storefile.Store) {
			require.NotNil(t, st.Settings.MaxOpenUnpaidPerPhone)
			assert.Zero(t, *st.Settings.MaxOpenUnpaidPerPhone, "0 is no cap, not the default")
		}},
		{"invoice_terms", "store.invoice_terms_days", 30, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, 30, st.Settings.InvoiceTerms.Days)
		}},
		{"dpp_factor_fraction", "store.tax.dpp_factor", "11/12", func(t *testing.T, st *storefile.Store) {
			f, err := money.NewRate(11, 12)
			require.NoError(t, err)
			assert.True(t, st.Settings.Tax.DPPFactor.Equal(f))
		}},
		{"percent_with_decimals", "vouchers[0].value", "12.5", func(t *testing.T, st *storefile.Store) {
			assert.True(t, st.Vouchers[0].Percent.Equal(money.MustRate("12.5")))
		}},
		{"inactive_voucher", "vouchers[0].active", false, func(t *testing.T, st *storefile.Store) {
			assert.False(t, st.Vouchers[0].Active)
		}},
		{"voucher_window", "vouchers[0].ends_at", "2030-01-01T00:00:00+07:00", func(t *testing.T, st *storefile.Store) {
			assert.True(t, st.Vouchers[0].EndsAt.Equal(time.Date(2029, 12, 31, 17, 0, 0, 0, time.UTC)))
		}},
		{"voucher_methods", "vouchers[1].payment_methods", []any{"bank_transfer"}, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, []payment.Method{payment.BankTransfer}, st.Vouchers[1].PaymentMethods)
		}},
		{"cod_only_needs_no_bank", "store.payment_methods", []any{"cod"}, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, []payment.Method{payment.COD}, st.Settings.PaymentMethods)
		}},
		{"warehouse_stock", "warehouses[0].stock", map[string]any{"TOPI": 2}, func(t *testing.T, st *storefile.Store) {
			lv, tracked, err := st.Card.WarehouseStock(t.Context(), "gudang", []string{"TOPI"})
			require.NoError(t, err)
			assert.True(t, tracked)
			assert.Equal(t, int64(2), lv["TOPI"])
		}},
		{"fulfilment_sender", "store.fulfilment", map[string]any{"sender_name": " Gudang Topi ", "sender_phone": "0811-2222-3333", "sender_address": "Jl. Braga 10"}, func(t *testing.T, st *storefile.Store) {
			assert.Equal(t, kasir.Fulfilment{SenderName: "Gudang Topi", SenderPhone: "0811-2222-3333", SenderAddress: "Jl. Braga 10"}, st.Settings.Fulfilment)
		}},
		{"null_is_absent", "store.customer_service_phone", nil, func(t *testing.T, st *storefile.Store) {
			assert.Empty(t, st.Settings.CustomerServicePhone)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, err := storefile.Parse(bytes.NewReader(patched(t, tt.path, tt.value)))
			require.NoError(t, err)
			tt.check(t, st)
		})
	}
}

func TestParseBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		path  string // the field patched
		value any
		field string // the field the error names
		msg   string // part of the message
		code  string // "" is invalid_input
	}{
		{"unknown_top_level", "colour", "red", "colour", "unknown field", "unknown_field"},
		{"field_names_are_exact", "store.Name", "x", "store.Name", "unknown field", "unknown_field"},
		{"store_not_object", "store", []any{}, "store", "must be an object", "invalid_type"},
		{"store_name_missing", "store.name", storefiletest.Remove, "store.name", "needs a name", ""},
		{"store_phone", "store.customer_service_phone", "call me", "store.customer_service_phone", "", "invalid_phone"},
		{"sender_phone", "store.fulfilment.sender_phone", "call me", "store.fulfilment.sender_phone", "", "invalid_phone"},
		{"sender_address_long", "store.fulfilment.sender_address", strings.Repeat("x", 201), "store.fulfilment.sender_address", "at most 200", ""},
		{"fulfilment_unknown_field", "store.fulfilment.sender", "x", "store.fulfilment.sender", "unknown field", "unknown_field"},
		{"ppn_not_a_number", "store.tax.ppn_percent", "sebelas", "store.tax.ppn_percent", "", ""},
		{"ppn_as_json_number", "store.tax.ppn_percent", 11, "store.tax.ppn_percent", "must be a string", "invalid_type"},
		{"ppn_over_100", "store.tax.ppn_percent", "150", "store.tax.ppn_percent", "", ""},
		{"dpp_over_1", "store.tax.dpp_factor", "12/11", "store.tax.dpp_factor", "", ""},
		{"tax_unknown_field", "store.tax.vat", "11", "store.tax.vat", "unknown field", "unknown_field"},
		{"cod_payer", "store.cod.fee_payer", "courier", "store.cod.fee_payer", "not seller or buyer", ""},
		{"cod_rounding", "store.cod.fee_rounding", "sideways", "store.cod.fee_rounding", "", ""},
		{"cod_percent_over_100", "store.cod.fee_percent", "101", "store.cod.fee_percent", "", ""},
		{"cod_min_negative", "store.cod.fee_min", -1, "store.cod.fee_min", "", ""},
		{"payment_method_unknown", "store.payment_methods[1]", "cash", "store.payment_methods[1]", "", ""},
		{"payment_method_twice", "store.payment_methods[1]", "cod", "store.payment_methods[1]", "twice", ""},
		{"unique_code_max_over_999", "store.unique_code_max", 1000, "store.unique_code_max", "", ""},
		{"unique_code_min_over_max", "store.unique_code_min", 999, "", "", ""}, // set below with a max
		{"expiry_negative", "store.payment_expiry_hours", -1, "store.payment_expiry_hours", "", ""},
		{"line_limit_negative", "store.max_line_quantity", -1, "store.max_line_quantity", "", ""},
		{"max_lines_negative", "store.max_lines", -1, "store.max_lines", "", ""},
		{"unpaid_cap_negative", "store.max_open_unpaid_per_phone", -1, "store.max_open_unpaid_per_phone", "", ""},
		{"order_limit_fraction", "store.max_order_quantity", 1.5, "store.max_order_quantity", "whole number", "invalid_type"},
		{"invoice_terms_too_long", "store.invoice_terms_days", 400, "store.invoice_terms_days", "", ""},
		{"additional_cost_negative", "store.additional_cost", -5, "store.additional_cost", "", ""},
		{"require_whatsapp_string", "store.require_whatsapp", "yes", "store.require_whatsapp", "true or false", "invalid_type"},
		{"bank_account_number", "bank_accounts[0].account_number", "12ab", "bank_accounts[0].account_number", "", ""},
		{"bank_code_missing", "bank_accounts[0].bank_code", storefiletest.Remove, "bank_accounts[0].bank_code", "", ""},
		{"bank_transfer_without_accounts", "bank_accounts", []any{}, "bank_accounts", "no bank account", ""},
		{"bank_transfer_by_default", "store.payment_methods", storefiletest.Remove, "bank_accounts", "no bank account", ""}, // with bank_accounts removed below
		{"product_price_string", "products[1].price", "50000", "products[1].price", "whole number", "invalid_type"},
		{"product_unknown_field", "products[0].dimensions.depth_cm", 3, "products[0].dimensions.depth_cm", "unknown field", "unknown_field"},
		{"product_status", "products[1].status", "sold", "products[1].status", "", ""},
		{"variant_price_negative", "products[0].variants[1].price", -1, "products[0].variants[1].price", "", ""},
		{"variant_unknown_field", "products[0].variants[1].colour", "red", "products[0].variants[1].colour", "unknown field", "unknown_field"},
		{"variant_duplicate_sku", "products[0].variants[1].sku", "KAOS-HITAM-M", "products[0].variants[1].sku", "", ""},
		{"bundle_unknown_sku", "bundles[0].price_options[0].items[1].sku", "NOPE", "bundles[0].price_options[0].items[1].sku", "NOPE", "unknown_sku"},
		{"voucher_kind", "vouchers[1].kind", "bundle", "vouchers[1].kind", "not product or shipping", ""},
		{"voucher_kind_missing", "vouchers[1].kind", storefiletest.Remove, "vouchers[1].kind", "", ""},
		{"voucher_type", "vouchers[0].type", "bogo", "vouchers[0].type", "", ""},
		{"voucher_percent_as_number", "vouchers[0].value", 10, "vouchers[0].value", "decimal string", ""},
		{"voucher_percent_over_100", "vouchers[0].value", "150", "vouchers[0].value", "", ""},
		{"voucher_percent_comma", "vouchers[0].value", "2,5", "vouchers[0].value", "", ""},
		{"voucher_fixed_as_string", "vouchers[1].value", "10000", "vouchers[1].value", "whole rupiah", ""},
		{"voucher_fixed_fraction", "vouchers[1].value", 10000.5, "vouchers[1].value", "whole rupiah", ""},
		{"voucher_value_missing", "vouchers[1].value", storefiletest.Remove, "vouchers[1].value", "needs a value", ""},
		{"voucher_starts_at", "vouchers[0].starts_at", "besok", "vouchers[0].starts_at", "", "invalid_type"},
		{"voucher_ends_before_start", "vouchers[0].ends_at", "2025-01-01T00:00:00+07:00", "vouchers[0].ends_at", "ends before it starts", ""}, // with starts_at below
		{"voucher_unknown_sku", "vouchers[0].skus", []any{"KAOS-HITAM-M", "NOPE"}, "vouchers[0].skus[1]", "NOPE", ""},
		{"voucher_shipping_with_skus", "vouchers[1].skus", []any{"TOPI"}, "vouchers[1].skus", "", ""},
		{"voucher_method", "vouchers[0].payment_methods", []any{"cash"}, "vouchers[0].payment_methods[0]", "", ""},
		{"voucher_quota_negative", "vouchers[0].quota", -1, "vouchers[0].quota", "", ""},
		{"voucher_code_twice", "vouchers[1].code", "hemat10", "vouchers[1].code", "twice", ""},
		{"voucher_code_missing", "vouchers[0].code", " ", "vouchers[0].code", "", ""},
		{"location_postal_code", "locations[1].postal_codes[0]", "1216", "locations[1].postal_codes[0]", "", ""},
		{"location_cod_string", "locations[1].cod", "ya", "locations[1].cod", "true or false", "invalid_type"},
		{"no_warehouses", "warehouses", []any{}, "warehouses", "at least one warehouse", ""},
		{"warehouse_location", "warehouses[0].location_id", "sby", "warehouses[0].location_id", "", ""},
		{"warehouse_stock_sku", "warehouses[0].stock", map[string]any{"NOPE": 1}, "warehouses[0].stock.NOPE", "NOPE", ""},
		{"no_rates", "rates", []any{}, "rates", "at least one rate", ""},
		{"rate_price_negative", "rates[0].price_per_kg", -1, "rates[0].price_per_kg", "", ""},
		{"rate_cod_fee", "rates[0].cod_fee_percent", "2,8", "rates[0].cod_fee_percent", "", ""},
		{"rate_insurance_base", "rates[0].insurance", map[string]any{"percent": "0.2", "base": "weight"}, "rates[0].insurance.base", "", ""},
		{"rate_unknown_field", "rates[0].colour", "red", "rates[0].colour", "unknown field", "unknown_field"},
		{"rate_destination_unknown", "rates[0].destination", "sby", "rates[0].destination", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := patched(t, tt.path, tt.value)
			field := tt.field
			switch tt.name {
			case "unique_code_min_over_max":
				data = storefiletest.PatchJSON(t, data, "store.unique_code_max", 500)
				field = "store.unique_code_min"
			case "bank_transfer_by_default":
				data = storefiletest.PatchJSON(t, data, "bank_accounts", storefiletest.Remove)
			case "voucher_ends_before_start":
				data = storefiletest.PatchJSON(t, data, "vouchers[0].starts_at", "2026-01-01T00:00:00+07:00")
			}
			_, err := storefile.Parse(bytes.NewReader(data))
			require.Error(t, err)
			code := tt.code
			if code == "" {
				code = errs.CodeInvalidInput
				require.ErrorIs(t, err, errs.Invalid)
			}
			assert.Equal(t, code, errs.Code(err), "%v", err)
			assert.Equal(t, field, errs.Field(err), "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestParseUnreadable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, msg, code, field string
	}{
		{"empty", "", "empty", "invalid_json", ""},
		{"malformed", "{\n  \"store\": {,}\n}", "line 2, column", "invalid_json", ""},
		{"cut_short", `{"store": {"name": "x"`, "cut short", "invalid_json", ""},
		{"trailing_data", storefiletest.StoreFile + "\n{}", "after the document", "invalid_json", ""},
		{"not_an_object", `[1, 2]`, "must be an object", "invalid_type", ""},
		{"duplicate_key", `{"store": {"name": "a", "name": "b"}}`, "twice", "duplicate_field", "store.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := storefile.Parse(strings.NewReader(tt.data))
			require.Error(t, err)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.code, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
			assert.Contains(t, err.Error(), tt.msg)
		})
	}

	t.Run("reader_error", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("disk on fire")
		_, err := storefile.Parse(iotest.ErrReader(boom))
		require.ErrorIs(t, err, boom)
	})
}
