package payment

import (
	"time"

	"github.com/kasir-id/kasir/money"
)

// Instructions is what a buyer is told after placing an order: how much to
// pay, how, and by when. It is plain data; fields that do not apply to the
// method are zero.
type Instructions struct {
	Method       Method
	Amount       money.Money   // the exact amount to pay, kode unik included
	UniqueCode   int           // the kode unik in Amount (bank transfer); 0 otherwise
	BankAccounts []BankAccount // where to transfer (bank transfer)
	PaymentURL   string        // the gateway's payment page (gateway)
	ExpiresAt    time.Time     // when an unpaid order expires (bank transfer, gateway)
	DueDate      time.Time     // when the invoice falls due (invoice)
}
