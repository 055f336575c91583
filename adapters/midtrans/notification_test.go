package midtrans_test

import (
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kasir-id/kasir/adapters/midtrans"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sign computes Midtrans' signature_key as its documentation gives it.
func sign(orderID, statusCode, grossAmount, key string) string {
	sum := sha512.Sum512([]byte(orderID + statusCode + grossAmount + key))
	return hex.EncodeToString(sum[:])
}

// notificationBody is a Midtrans HTTP notification as documented, signed
// with key after edit has changed its fields.
func notificationBody(t *testing.T, key string, edit func(map[string]string)) []byte {
	t.Helper()
	n := map[string]string{
		"transaction_time":   "2026-11-23 09:41:07",
		"transaction_status": "settlement",
		"transaction_id":     "513f1f01-c9da-474c-9fc9-d5c64364b709",
		"status_message":     "midtrans payment notification",
		"status_code":        "200",
		"payment_type":       "bank_transfer",
		"order_id":           "ord_01J9Z",
		"merchant_id":        "G141532850",
		"gross_amount":       "109000.00",
		"fraud_status":       "accept",
		"currency":           "IDR",
		"settlement_time":    "2026-11-23 09:41:30",
	}
	if edit != nil {
		edit(n)
	}
	if _, ok := n["signature_key"]; !ok {
		n["signature_key"] = sign(n["order_id"], n["status_code"], n["gross_amount"], key)
	}
	b, err := json.Marshal(n)
	require.NoError(t, err)
	return b
}

func newClient(t *testing.T) *midtrans.Client {
	t.Helper()
	c, err := midtrans.New(midtrans.Config{ServerKey: serverKey, Sandbox: true})
	require.NoError(t, err)
	return c
}

func TestVerifyNotificationSigned(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	got, err := c.VerifyNotification(t.Context(), notificationBody(t, serverKey, nil))
	require.NoError(t, err)
	assert.Equal(t, ports.GatewayNotification{
		OrderID:       "ord_01J9Z",
		Status:        payment.GatewayPaid,
		Amount:        109_000,
		TransactionID: "513f1f01-c9da-474c-9fc9-d5c64364b709",
		PaymentType:   "bank_transfer",
	}, got)

	t.Run("uppercase_signature", func(t *testing.T) {
		t.Parallel()
		body := notificationBody(t, serverKey, func(n map[string]string) {
			n["signature_key"] = strings.ToUpper(sign(n["order_id"], n["status_code"], n["gross_amount"], serverKey))
		})
		_, err := c.VerifyNotification(t.Context(), body)
		require.NoError(t, err)
	})
	t.Run("whole_amount_without_decimals", func(t *testing.T) {
		t.Parallel()
		got, err := c.VerifyNotification(t.Context(), notificationBody(t, serverKey, func(n map[string]string) { n["gross_amount"] = "109000" }))
		require.NoError(t, err)
		assert.Equal(t, money.Money(109_000), got.Amount)
	})
}

func TestVerifyNotificationStatuses(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	tests := []struct {
		transaction, fraud, statusCode string
		want                           payment.GatewayStatus
	}{
		{"settlement", "accept", "200", payment.GatewayPaid},
		{"settlement", "", "200", payment.GatewayPaid},
		{"capture", "accept", "200", payment.GatewayPaid},
		{"capture", "", "200", payment.GatewayPaid},
		{"capture", "challenge", "201", payment.GatewayPending},
		{"capture", "deny", "202", payment.GatewayFailed},
		{"pending", "accept", "201", payment.GatewayPending},
		{"authorize", "accept", "200", payment.GatewayPending},
		{"expire", "accept", "407", payment.GatewayExpired},
		{"deny", "deny", "202", payment.GatewayFailed},
		{"cancel", "accept", "200", payment.GatewayFailed},
		{"failure", "", "202", payment.GatewayFailed},
		{"refund", "accept", "200", payment.GatewayRefunded},
		{"chargeback", "accept", "200", payment.GatewayRefunded},
		{"partial_refund", "accept", "200", payment.GatewayPartiallyRefunded},
		{"partial_chargeback", "accept", "200", payment.GatewayPartiallyRefunded},
	}
	for _, tt := range tests {
		t.Run(tt.transaction+"_"+tt.fraud, func(t *testing.T) {
			t.Parallel()
			body := notificationBody(t, serverKey, func(n map[string]string) {
				n["transaction_status"], n["fraud_status"], n["status_code"] = tt.transaction, tt.fraud, tt.statusCode
				if tt.fraud == "" {
					delete(n, "fraud_status")
				}
			})
			got, err := c.VerifyNotification(t.Context(), body)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Status)
		})
	}
}

func TestVerifyNotificationRefusesForgeries(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	genuine := notificationBody(t, serverKey, func(n map[string]string) {
		n["transaction_status"], n["status_code"] = "pending", "201"
	})
	tamper := func(edit func(map[string]string)) []byte {
		var n map[string]string
		require.NoError(t, json.Unmarshal(genuine, &n))
		edit(n)
		b, err := json.Marshal(n)
		require.NoError(t, err)
		return b
	}
	tests := []struct {
		name string
		body []byte
	}{
		{"tampered_amount", tamper(func(n map[string]string) { n["gross_amount"] = "1000.00" })},
		{"tampered_order_id", tamper(func(n map[string]string) { n["order_id"] = "ord_other" })},
		{"tampered_status_code", tamper(func(n map[string]string) { n["status_code"] = "200" })},
		{"pending_turned_settlement", tamper(func(n map[string]string) { n["transaction_status"] = "settlement" })},
		{"signed_with_another_key", notificationBody(t, "SB-Mid-server-someoneElse", nil)},
		{"signed_with_no_key", notificationBody(t, "", nil)},
		{"no_signature", tamper(func(n map[string]string) { delete(n, "signature_key") })},
		{"empty_signature", tamper(func(n map[string]string) { n["signature_key"] = "" })},
		{"truncated_signature", tamper(func(n map[string]string) { n["signature_key"] = n["signature_key"][:64] })},
		{"no_order_id", notificationBody(t, serverKey, func(n map[string]string) { delete(n, "order_id") })},
		{"no_gross_amount", notificationBody(t, serverKey, func(n map[string]string) { delete(n, "gross_amount") })},
		{"amount_as_number", []byte(`{"order_id":"ord_01J9Z","status_code":"200","gross_amount":109000,"signature_key":"` +
			sign("ord_01J9Z", "200", "109000", serverKey) + `","transaction_status":"settlement"}`)},
		{"not_json", []byte(`order_id=ord_01J9Z&status_code=200`)},
		{"empty_body", nil},
		{"json_array", []byte(`[]`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.VerifyNotification(t.Context(), tt.body)
			require.ErrorIs(t, err, ports.ErrInvalidSignature)
			assert.ErrorIs(t, err, errs.Unauthorized)
			assert.Equal(t, ports.CodeInvalidSignature, errs.Code(err))
			assert.Zero(t, got)
			assertNoSecret(t, err)
			// The signature the body would need is never told.
			var n map[string]any
			if json.Unmarshal(tt.body, &n) == nil {
				s := func(k string) string { v, _ := n[k].(string); return v }
				want := sign(s("order_id"), s("status_code"), s("gross_amount"), serverKey)
				assert.NotContains(t, strings.ToLower(err.Error()), want)
			}
		})
	}
}

func TestVerifyNotificationBadContent(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	tests := []struct {
		name  string
		edit  func(map[string]string)
		field string
	}{
		{"fractional_amount", func(n map[string]string) { n["gross_amount"] = "10000.50" }, "gross_amount"},
		{"one_sen", func(n map[string]string) { n["gross_amount"] = "10000.01" }, "gross_amount"},
		{"negative_amount", func(n map[string]string) { n["gross_amount"] = "-10000.00" }, "gross_amount"},
		{"exponent_amount", func(n map[string]string) { n["gross_amount"] = "1e4" }, "gross_amount"},
		{"amount_with_grouping", func(n map[string]string) { n["gross_amount"] = "10,000.00" }, "gross_amount"},
		{"trailing_dot", func(n map[string]string) { n["gross_amount"] = "10000." }, "gross_amount"},
		{"amount_too_large", func(n map[string]string) { n["gross_amount"] = "1000000000000000001.00" }, "gross_amount"},
		{"amount_overflows_int64", func(n map[string]string) { n["gross_amount"] = "99999999999999999999.00" }, "gross_amount"},
		{"unknown_status", func(n map[string]string) { n["transaction_status"] = "settled" }, "transaction_status"},
		{"no_status", func(n map[string]string) { delete(n, "transaction_status") }, "transaction_status"},
		{"unknown_fraud_status", func(n map[string]string) { n["transaction_status"], n["fraud_status"] = "capture", "review" }, "fraud_status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.VerifyNotification(t.Context(), notificationBody(t, serverKey, tt.edit))
			require.ErrorIs(t, err, ports.ErrInvalidNotification)
			assert.Equal(t, ports.CodeInvalidNotification, errs.Code(err))
			assert.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.field, errs.Field(err))
			assert.Zero(t, got)
			assertNoSecret(t, err)
		})
	}
}

func BenchmarkVerifyNotification(b *testing.B) {
	c, err := midtrans.New(midtrans.Config{ServerKey: serverKey})
	require.NoError(b, err)
	body := []byte(`{"order_id":"ord_01J9Z","status_code":"200","gross_amount":"109000.00","signature_key":"` +
		sign("ord_01J9Z", "200", "109000.00", serverKey) + `","transaction_status":"settlement","fraud_status":"accept"}`)
	for b.Loop() {
		if _, err := c.VerifyNotification(b.Context(), body); err != nil {
			b.Fatal(err)
		}
	}
}
