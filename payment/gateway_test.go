package payment_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func gatewayRequest() payment.GatewayRequest {
	return payment.GatewayRequest{
		OrderID:     "ord_01J9Z",
		OrderNumber: "INV20261123-0001",
		Amount:      109_000,
		Items: []payment.GatewayItem{
			{ID: "KAOS-M", Name: "Kaos Polos M", Price: 50_000, Quantity: 2},
			{ID: "shipping", Name: "Ongkir JNE REG", Price: 14_000, Quantity: 1},
			{ID: "voucher", Name: "Diskon HEMAT5", Price: -5_000, Quantity: 1},
		},
		Customer:        payment.GatewayCustomer{Name: "Budi", Phone: "+6281234567890", Email: "budi@example.com"},
		EnabledPayments: []string{"bca_va", "qris"},
		ExpiryMinutes:   24 * 60,
	}
}

func TestGatewayRequestValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, gatewayRequest().Validate())
	t.Run("without_items", func(t *testing.T) {
		t.Parallel()
		r := gatewayRequest()
		r.Items = nil
		require.NoError(t, r.Validate())
	})
	t.Run("minimal", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, payment.GatewayRequest{OrderID: "o1", Amount: 1}.Validate())
	})
	tests := []struct {
		name    string
		edit    func(*payment.GatewayRequest)
		field   string
		message string
	}{
		{"items_do_not_add_up", func(r *payment.GatewayRequest) { r.Amount = 110_000 }, "items", "payment: gateway items add up to Rp109.000, not the amount Rp110.000 (items)"},
		{"unique_code_left_out_of_items", func(r *payment.GatewayRequest) { r.Amount += 123 }, "items", ""},
		{"no_order_id", func(r *payment.GatewayRequest) { r.OrderID = "" }, "order_id", ""},
		{"order_id_control_char", func(r *payment.GatewayRequest) { r.OrderID = "o\x00" }, "order_id", ""},
		{"order_number_too_long", func(r *payment.GatewayRequest) { r.OrderNumber = strings.Repeat("9", payment.MaxGatewayText+1) }, "order_number", ""},
		{"zero_amount", func(r *payment.GatewayRequest) { r.Amount, r.Items = 0, nil }, "amount", ""},
		{"negative_amount", func(r *payment.GatewayRequest) { r.Amount = -109_000 }, "amount", ""},
		{"amount_too_large", func(r *payment.GatewayRequest) { r.Amount = money.MaxAmount + 1 }, "amount", ""},
		{"item_without_name", func(r *payment.GatewayRequest) { r.Items[1].Name = "" }, "items[1].name", ""},
		{"item_zero_quantity", func(r *payment.GatewayRequest) { r.Items[0].Quantity = 0 }, "items[0].quantity", ""},
		{"item_price_too_large", func(r *payment.GatewayRequest) { r.Items[0].Price = money.MaxAmount + 1 }, "items[0].price", ""},
		{"item_total_overflows", func(r *payment.GatewayRequest) { r.Items[0].Quantity = 1 << 62 }, "items[0].quantity", ""},
		{"items_sum_too_large", func(r *payment.GatewayRequest) {
			r.Items = []payment.GatewayItem{{Name: "a", Price: money.MaxAmount, Quantity: 1}, {Name: "b", Price: 1, Quantity: 1}}
		}, "items", ""},
		{"empty_enabled_payment", func(r *payment.GatewayRequest) { r.EnabledPayments = []string{"qris", ""} }, "enabled_payments[1]", ""},
		{"enabled_payment_with_space", func(r *payment.GatewayRequest) { r.EnabledPayments = []string{"bca va"} }, "enabled_payments[0]", ""},
		{"negative_expiry", func(r *payment.GatewayRequest) { r.ExpiryMinutes = -1 }, "expiry_minutes", ""},
		{"expiry_over_a_year", func(r *payment.GatewayRequest) { r.ExpiryMinutes = payment.MaxExpiryHours*60 + 1 }, "expiry_minutes", ""},
		{"email_without_at", func(r *payment.GatewayRequest) { r.Customer.Email = "budi.example.com" }, "customer.email", ""},
		{"email_two_ats", func(r *payment.GatewayRequest) { r.Customer.Email = "budi@x@example.com" }, "customer.email", ""},
		{"email_with_name", func(r *payment.GatewayRequest) { r.Customer.Email = "Budi <budi@example.com>" }, "customer.email", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := gatewayRequest()
			r.Items = append([]payment.GatewayItem(nil), r.Items...)
			tt.edit(&r)
			err := r.Validate()
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
			if tt.message != "" {
				assert.Equal(t, tt.message, err.Error())
			}
		})
	}
}

func TestGatewayStatus(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		status payment.GatewayStatus
		final  bool
	}{
		{"pending", payment.GatewayPending, false},
		{"paid", payment.GatewayPaid, true},
		{"expired", payment.GatewayExpired, true},
		{"failed", payment.GatewayFailed, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := payment.ParseGatewayStatus(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.status, got)
			assert.Equal(t, tt.final, got.Final())
			b, err := json.Marshal(got)
			require.NoError(t, err)
			var back payment.GatewayStatus
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.status, back)
		})
	}
	t.Run("unknown", func(t *testing.T) {
		t.Parallel()
		for _, s := range []string{"", "settlement", "PAID"} {
			_, err := payment.ParseGatewayStatus(s)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, "status", errs.Field(err))
			assert.False(t, payment.GatewayStatus(s).Valid())
			assert.False(t, payment.GatewayStatus(s).Final())
			_, err = payment.GatewayStatus(s).MarshalText()
			require.Error(t, err)
		}
	})
}
