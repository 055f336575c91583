package midtrans_test

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/kasir-id/kasir/adapters/midtrans"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// A stand-in for Snap, answering as Midtrans documents. A real program
// sets Sandbox (or nothing, for production) instead of BaseURL.
func fakeMidtrans() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"token":"66e4fa55-fdac-4ef9-91b5-733b97d1b862","redirect_url":"https://app.sandbox.midtrans.com/snap/v4/redirection/66e4fa55-fdac-4ef9-91b5-733b97d1b862"}`)
	}))
}

type wibClock struct{}

func (wibClock) Now(context.Context) time.Time {
	return time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("WIB", 7*3600))
}

func ExampleClient_CreatePayment() {
	srv := fakeMidtrans()
	defer srv.Close()

	gw, err := midtrans.New(midtrans.Config{
		ServerKey: "SB-Mid-server-example", // from the Midtrans dashboard; keep it out of source control
		BaseURL:   srv.URL,
		Clock:     wibClock{}, // so the link's expiry is known
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	link, err := gw.CreatePayment(context.Background(), payment.GatewayRequest{
		OrderID: "ord_01J9Z",
		Amount:  109_000,
		Items: []payment.GatewayItem{
			{ID: "KAOS-M", Name: "Kaos Polos M", Price: 50_000, Quantity: 2},
			{ID: "shipping", Name: "Ongkir JNE REG", Price: 14_000, Quantity: 1},
			{ID: "voucher", Name: "Diskon HEMAT5", Price: -5_000, Quantity: 1},
		},
		Customer:        payment.GatewayCustomer{Name: "Budi", Phone: "+6281234567890"},
		EnabledPayments: []string{"bca_va", "qris"},
		ExpiryMinutes:   60,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("token:", link.Token)
	fmt.Println("pay at:", link.URL)
	fmt.Println("expires:", link.ExpiresAt.Format("2006-01-02 15:04 MST"))

	// Items that do not add up to the amount never reach Midtrans.
	_, err = gw.CreatePayment(context.Background(), payment.GatewayRequest{
		OrderID: "ord_01J9Z",
		Amount:  109_123, // kode unik left out of the items
		Items:   []payment.GatewayItem{{Name: "Kaos Polos M", Price: 109_000, Quantity: 1}},
	})
	fmt.Println(errs.Code(err), errs.Field(err))
	// Output:
	// token: 66e4fa55-fdac-4ef9-91b5-733b97d1b862
	// pay at: https://app.sandbox.midtrans.com/snap/v4/redirection/66e4fa55-fdac-4ef9-91b5-733b97d1b862
	// expires: 2026-11-23 10:30 WIB
	// invalid_input items
}

func ExampleClient_VerifyNotification() {
	const key = "SB-Mid-server-example"
	gw, err := midtrans.New(midtrans.Config{ServerKey: key, Sandbox: true})
	if err != nil {
		fmt.Println(err)
		return
	}

	// What Midtrans POSTs to the notification URL after a QRIS payment;
	// signature_key = SHA-512(order_id + status_code + gross_amount + server key).
	sum := sha512.Sum512([]byte("ord_01J9Z" + "200" + "109000.00" + key))
	body := `{"transaction_status":"settlement","status_code":"200","order_id":"ord_01J9Z",` +
		`"gross_amount":"109000.00","payment_type":"qris","transaction_id":"513f1f01-c9da-474c-9fc9-d5c64364b709",` +
		`"fraud_status":"accept","signature_key":"` + hex.EncodeToString(sum[:]) + `"}`

	n, err := gw.VerifyNotification(context.Background(), []byte(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.OrderID, n.Status, n.Amount, n.PaymentType)

	// The same notification with a smaller amount is refused.
	forged := `{"transaction_status":"settlement","status_code":"200","order_id":"ord_01J9Z",` +
		`"gross_amount":"1000.00","signature_key":"` + hex.EncodeToString(sum[:]) + `"}`
	_, err = gw.VerifyNotification(context.Background(), []byte(forged))
	fmt.Println(errors.Is(err, ports.ErrInvalidSignature), err)
	// Output:
	// ord_01J9Z paid Rp109.000 qris
	// true midtrans: notification signature does not match
}
