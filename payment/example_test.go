package payment_test

import (
	"fmt"
	"time"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

func ExamplePickUniqueCode() {
	// Codes already held by pending transfers of the same amount.
	pending := map[int]bool{417: true, 418: true}
	start := 417 // drawn at random by the caller, within the range
	code, err := payment.PickUniqueCode(payment.DefaultCodeRange(), start, func(c int) bool { return pending[c] })
	if err != nil {
		fmt.Println(err)
		return
	}
	total := money.Money(150_000)
	fmt.Println("kode unik", code, "→ transfer exactly", total+money.Money(code))
	// Output:
	// kode unik 419 → transfer exactly Rp150.419
}

func ExampleInstructions() {
	placed := time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	in := payment.Instructions{
		Method:     payment.BankTransfer,
		Amount:     150_419,
		UniqueCode: 419,
		BankAccounts: []payment.BankAccount{
			{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Maju Jaya"},
		},
		ExpiresAt: payment.ExpiresAt(placed, 24),
	}
	fmt.Printf("Transfer %s (kode unik %d) before %s to:\n", in.Amount, in.UniqueCode, in.ExpiresAt.Format("02 Jan 2006 15:04 MST"))
	for _, a := range in.BankAccounts {
		fmt.Printf("  %s %s a.n. %s\n", a.BankName, a.AccountNumber, a.AccountName)
	}
	fmt.Println("waits for payment:", in.Method.WaitsForPayment())
	fmt.Println("invoice net 30 due:", payment.Terms{Days: 30}.DueDate(placed).Format("2006-01-02"))
	// Output:
	// Transfer Rp150.419 (kode unik 419) before 24 Nov 2026 09:30 WIB to:
	//   Bank Central Asia 1234567890 a.n. Toko Maju Jaya
	// waits for payment: true
	// invoice net 30 due: 2026-12-23
}

func ExampleGatewayRequest_Validate() {
	req := payment.GatewayRequest{
		OrderID: "ord_01J9Z",
		Amount:  114_000,
		Items: []payment.GatewayItem{
			{ID: "KAOS-M", Name: "Kaos Polos M", Price: 50_000, Quantity: 2},
			{ID: "shipping", Name: "Ongkir JNE REG", Price: 14_000, Quantity: 1},
		},
	}
	fmt.Println(req.Validate())
	req.Amount = 114_500 // a fee added to the amount but not listed
	fmt.Println(req.Validate())
	// Output:
	// <nil>
	// payment: gateway items add up to Rp114.000, not the amount Rp114.500 (items)
}
