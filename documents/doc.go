// Package documents renders what a seller prints and hands on: the buyer's
// invoice and the courier's shipping label as PDF, and order exports as CSV
// or XLSX.
//
// It takes plain values (orders, the store's and the warehouse's details)
// and writes to an io.Writer; it reads no store and opens no file, so the
// caller (the Service's host, adapters/httpapi) fetches the orders and
// decides where the bytes go.
//
//   - [WriteInvoice] writes one order's invoice (A4, in Indonesian): the
//     store, the buyer, the items with their variants, the whole
//     breakdown, how to pay or that it is paid, and a QR code to the
//     buyer's order page.
//   - [WriteLabels] writes shipping labels, one per order, at 100×150 mm
//     for thermal printers ([Thermal]) or four to an A4 page ([A4]). Each
//     carries the airway bill and the order number as Code 128 barcodes.
//     [CheckLabel] says whether an order can have a label yet
//     (label_unavailable, naming the order).
//   - [NewExporter] writes orders as rows of CSV or XLSX, one row per order
//     or per item, as they come, so an export of any size is written in
//     constant memory.
//
// The fonts are the Go fonts (golang.org/x/image/font/gofont), embedded,
// so every Latin letter Indonesian text uses renders the same everywhere.
// Amounts are printed as [money.Money] prints them (Rp1.250.000) and
// times in WIB.
package documents
