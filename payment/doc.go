// Package payment holds the pure rules of getting paid (see docs/payment.md): the
// payment methods a store offers, the seller's bank accounts for manual
// transfers, the kode unik that tells two transfers of the same amount
// apart, payment deadlines and invoice terms, the request for a gateway
// payment link, and the instructions a buyer is shown.
//
// Methods: [COD] orders go straight to fulfilment; [BankTransfer],
// [Gateway] and [Invoice] orders wait for payment ([Method.WaitsForPayment])
// and expire or fall due.
//
// Like every domain package it does no I/O and reads no clock: times are
// passed in, and what is already taken (kode unik in use) is asked through a
// function the caller supplies. Errors carry stable codes through package
// errs: invalid_input (with the offending field) for malformed input, and
// [CodeUniqueCodeExhausted] (kind Conflict) when every kode unik is in use.
package payment
