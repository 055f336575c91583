package kasir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// ImportRequest is a set of orders read by package importing (from a
// marketplace export, the seller's template, JSON rows or chat messages)
// to preview or commit.
type ImportRequest struct {
	Orders []importing.Order `json:"orders"`
	// PaymentMethod is the method of rows that name none; a row saying
	// "COD" or "transfer" keeps its own.
	PaymentMethod payment.Method `json:"payment_method,omitempty"`
	// Select, when not empty, limits a commit to these row indexes (of
	// Orders); a selected row the preview refuses is still not placed.
	Select []int `json:"select,omitempty"`
}

// ImportRow is the outcome of one order of an import.
type ImportRow struct {
	Index int `json:"index"`
	// Detected is what was read and detected, with confidences and
	// alternatives.
	Detected importing.Detection `json:"detected"`
	// Request is the order request built from the row: what a commit
	// places. Nil when the row could not be turned into one.
	Request *OrderRequest `json:"request,omitempty"`
	// Quoted is kasir's grand total for the request of a row kasir
	// prices (the seller's template, chat messages); a marketplace's own
	// Total is in Detected.Order.
	Quoted money.Money `json:"quoted,omitempty"`
	// External is, for a marketplace's row, the record its order keeps:
	// the amounts, airway bill and courier as the marketplace reported
	// them. Such a row is placed as an external order (payment method
	// marketplace), unpriced by kasir; nil for rows kasir prices.
	External *checkout.External `json:"external,omitempty"`
	// Accepted rows are the only ones a commit places.
	Accepted bool `json:"accepted"`
	// Errors are the row's coded errors, each naming its field.
	Errors []error `json:"-"`
	// Order is the order placed (commit), or the one an earlier import of
	// the same row placed (Imported).
	Order *checkout.Order `json:"order,omitempty"`
	// Imported is true when the row was imported before: a commit
	// creates nothing new for it.
	Imported bool `json:"imported,omitempty"`
}

// ImportReport is the outcome of a preview or a commit, row by row.
type ImportReport struct {
	Rows     []ImportRow `json:"rows"`
	Accepted int         `json:"accepted"`
	Refused  int         `json:"refused"`
	// Placed counts the orders a commit created now; Imported, the rows
	// found imported before.
	Placed   int `json:"placed"`
	Imported int `json:"imported"`
}

// MaxImportOrders is the most orders one import takes.
const MaxImportOrders = importing.MaxRows

// PreviewImport is the dry run of an import: it detects every order's
// products, location and courier against the current catalog, locations
// and couriers, builds its order request, prices it as Quote does, and
// reports each row with its confidence, alternatives and errors. Nothing
// is stored or reserved. A row is accepted when everything was detected
// and the quote succeeded.
//
// Each request's idempotency key is made of the row's source and its
// invoice number (or, for a row without one, a digest of what the row
// says), so a row already imported is reported with its order.
//
// Errors: invalid_input when there are no orders or more than
// MaxImportOrders; the catalog's and the locations' errors. Problems of
// one row are that row's Errors, never the call's.
func (s *Service) PreviewImport(ctx context.Context, req ImportRequest) (*ImportReport, error) {
	if len(req.Orders) == 0 || len(req.Orders) > MaxImportOrders {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: an import takes 1 to %d orders, got %d", MaxImportOrders, len(req.Orders)).WithField("orders")
	}
	if req.PaymentMethod != "" && !req.PaymentMethod.Offerable() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown payment method %q", req.PaymentMethod).WithField("payment_method")
	}
	cat, err := s.deps.Catalog.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	locs, err := s.deps.Locations.SearchLocations(ctx, "", 0)
	if err != nil {
		return nil, err
	}
	ms, err := importing.Mappings()
	if err != nil {
		return nil, err
	}
	market := map[string]bool{}
	for _, m := range ms {
		market[m.ID] = m.Marketplace
	}
	products, places := importing.NewProductIndex(cat), importing.NewGazetteer(locs)
	rep := &ImportReport{Rows: make([]ImportRow, len(req.Orders))}
	for i, o := range req.Orders {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := importing.Detect(o, products, places)
		var row ImportRow
		if market[o.Source] {
			row = s.previewExternal(ctx, d)
		} else {
			row = s.previewRow(ctx, d, req.PaymentMethod)
		}
		row.Index = i
		if row.Accepted {
			rep.Accepted++
		} else {
			rep.Refused++
		}
		if row.Imported {
			rep.Imported++
		}
		rep.Rows[i] = row
	}
	return rep, nil
}

// CommitImport previews the import as PreviewImport does and places the
// accepted rows (those in Select, when given) one by one as PlaceOrders
// does, each with its idempotency key: importing the same rows again
// creates nothing new and reports them Imported. A marketplace's row is
// placed as an external order (see docs/import.md): unpriced by kasir,
// with the marketplace's amounts and airway bill, its stock reserved.
// Refused rows are not placed; a row whose placing fails (stock sold
// meanwhile) reports that error and is counted refused.
//
// Errors: those of PreviewImport.
func (s *Service) CommitImport(ctx context.Context, req ImportRequest) (*ImportReport, error) {
	for _, i := range req.Select {
		if i < 0 || i >= len(req.Orders) {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: select names row %d of %d", i, len(req.Orders)).WithField("select")
		}
	}
	rep, err := s.PreviewImport(ctx, req)
	if err != nil {
		return nil, err
	}
	rep.Imported = 0
	for i := range rep.Rows {
		r := &rep.Rows[i]
		if !r.Accepted || len(req.Select) > 0 && !slices.Contains(req.Select, i) {
			continue
		}
		var res BatchResult
		switch {
		case ctx.Err() != nil:
			res.Err = ctx.Err()
		case r.External != nil:
			res.Order, res.Replayed, res.Err = s.placeExternal(ctx, *r.Request, r.External)
		default:
			res.Order, res.Replayed, res.Err = s.placeOrder(ctx, *r.Request)
		}
		switch {
		case res.Err != nil:
			r.Errors, r.Accepted = append(r.Errors, res.Err), false
			rep.Accepted--
			rep.Refused++
		case res.Replayed:
			r.Order, r.Imported = res.Order, true
		default:
			r.Order, r.Imported = res.Order, false
			rep.Placed++
		}
	}
	for _, r := range rep.Rows {
		if r.Imported {
			rep.Imported++
		}
	}
	return rep, nil
}

// previewRow builds and checks the order request of one detected row.
func (s *Service) previewRow(ctx context.Context, d importing.Detection, method payment.Method) ImportRow {
	row := ImportRow{Detected: d, Errors: slices.Clone(d.Errors)}
	o := d.Order
	if m := paymentOf(o.Payment); m != "" {
		method = m
	}
	if method == "" {
		row.Errors = append(row.Errors, errs.Invalidf(importing.CodeMissingField, "kasir: the row names no payment and the import gives no payment_method").WithField("payment_method"))
	}
	if len(row.Errors) > 0 {
		return row
	}
	req := OrderRequest{
		QuoteRequest: QuoteRequest{LocationID: d.Location.ID, PaymentMethod: method, Customer: CustomerInput{Name: o.Name, Phone: d.Phone}},
		Address:      AddressInput{Line: o.Address.Line, PostalCode: o.Address.PostalCode},
		Notes:        importNotes(o),
	}
	addLines(&req, d)
	if err := s.chooseShipping(ctx, &req.QuoteRequest, &row.Detected); err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	req.IdempotencyKey = importKey(o, req)
	row.Request = &req
	if err := s.checkRequest(req.QuoteRequest, orderTexts(req)); err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	q, err := s.Quote(ctx, req.QuoteRequest)
	if err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	row.Quoted = q.Breakdown.GrandTotal
	prev, err := s.replay(ctx, req.IdempotencyKey, requestHash(req))
	if err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	row.Order, row.Imported, row.Accepted = prev, prev != nil, true
	return row
}

// addLines adds the detected items to the request: variants as lines,
// bundles as bundle lines.
func addLines(req *OrderRequest, d importing.Detection) {
	for i, it := range d.Items {
		q := d.Order.Items[i].Quantity
		if it.Kind == importing.KindBundle {
			req.Bundles = append(req.Bundles, catalog.LineRequest{PriceOptionID: it.PriceOptionID, Quantity: q})
		} else {
			req.Lines = append(req.Lines, catalog.LineRequest{SKU: it.SKU, Quantity: q})
		}
	}
}

// previewExternal builds and checks the external order of one detected
// marketplace row: the buyer, the items against the catalog and its live
// stock, the location and the reported amounts; the courier is the one
// the row names, not one of the store's services, and kasir prices
// nothing.
func (s *Service) previewExternal(ctx context.Context, d importing.Detection) ImportRow {
	row := ImportRow{Detected: d, Errors: slices.Clone(d.Errors)}
	if len(row.Errors) > 0 {
		return row
	}
	o := d.Order
	ext, err := externalOf(o)
	if err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	row.External = ext
	req := OrderRequest{
		QuoteRequest: QuoteRequest{LocationID: d.Location.ID, PaymentMethod: payment.Marketplace, Courier: d.Courier.Courier, Service: d.Courier.Service,
			Customer: CustomerInput{Name: o.Name, Phone: d.Phone}},
		Address: AddressInput{Line: o.Address.Line, PostalCode: o.Address.PostalCode},
		Notes:   importNotes(o),
	}
	addLines(&req, d)
	req.IdempotencyKey = importKey(o, req)
	row.Request = &req
	if err := s.checkRequest(req.QuoteRequest, orderTexts(req)); err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	if _, _, err := s.externalSale(ctx, req, ext); err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	prev, err := s.replay(ctx, req.IdempotencyKey, externalHash(req, ext))
	if err != nil {
		row.Errors = append(row.Errors, err)
		return row
	}
	row.Order, row.Imported, row.Accepted = prev, prev != nil, true
	return row
}

// chooseShipping sets the request's courier and service: the detected
// ones when the destination is served by them; the detected courier's
// only service, or its first, when the row names no service the courier
// offers; the cheapest service when the row names no courier. The
// detection's courier and confidence are updated to what was chosen.
//
// Errors: shipping_option_not_found when the detected courier does not
// serve the destination; the errors of ShippingOptions.
func (s *Service) chooseShipping(ctx context.Context, qr *QuoteRequest, d *importing.Detection) error {
	opts, err := s.ShippingOptions(ctx, *qr)
	if err != nil || len(opts) == 0 {
		return err // nothing ships: no courier needed
	}
	var mine []ShippingOption
	for _, o := range opts {
		if o.ErrorCode == "" && (d.Courier.Courier == "" || strings.EqualFold(o.Courier, d.Courier.Courier)) {
			mine = append(mine, o)
		}
	}
	if len(mine) == 0 {
		return errs.E(errs.Invalid, CodeShippingOptionNotFound, "kasir: the store has no service of "+d.Courier.Courier+" for this order").WithField("courier")
	}
	pick := -1
	for i, o := range mine {
		if d.Courier.Service != "" && strings.EqualFold(o.Service, d.Courier.Service) {
			pick = i
		}
	}
	switch {
	case pick >= 0:
	case d.Courier.Courier == "":
		pick = 0
		for i, o := range mine {
			if o.Price < mine[pick].Price {
				pick = i
			}
		}
		d.Courier.Confidence = 0.5
	default:
		pick = 0
		d.Courier.Confidence = min(d.Courier.Confidence, 0.7)
	}
	d.Courier.Courier, d.Courier.Service = mine[pick].Courier, mine[pick].Service
	d.Confidence = min(d.Confidence, d.Courier.Confidence)
	qr.Courier, qr.Service = mine[pick].Courier, mine[pick].Service
	return nil
}

// paymentOf reads a payment text: COD, transfer, or "" for anything else
// (a marketplace's wallet).
func paymentOf(s string) payment.Method {
	t := " " + strings.ToLower(s) + " "
	switch {
	case strings.Contains(t, "cod") || strings.Contains(t, "bayar di tempat") || strings.Contains(t, "cash on delivery"):
		return payment.COD
	case strings.Contains(t, "transfer") || strings.Contains(t, " tf "):
		return payment.BankTransfer
	}
	return ""
}

// importNotes marks an order's origin in its notes: the marketplace and
// its invoice and airway bill, then the buyer's note.
func importNotes(o importing.Order) string {
	var parts []string
	if o.Source != importing.SourceChat {
		mark := "Impor " + o.Source
		if o.Invoice != "" {
			mark += " " + o.Invoice
		}
		if o.AWB != "" {
			mark += ", resi " + o.AWB
		}
		parts = append(parts, mark)
	}
	if n := strings.TrimSpace(o.Notes); n != "" {
		parts = append(parts, n)
	}
	out := strings.Join(parts, ". ")
	if r := []rune(out); len(r) > checkout.NoteText.Max {
		out = string(r[:checkout.NoteText.Max])
	}
	return out
}

// importKey is a row's idempotency key: its source and invoice, or a
// digest of what it orders for whom when it has no invoice.
func importKey(o importing.Order, req OrderRequest) string {
	id := strings.TrimSpace(o.Invoice)
	if id == "" {
		h := sha256.New()
		for _, s := range []string{req.Customer.Name, req.Customer.Phone, req.Address.Line, req.LocationID} {
			h.Write([]byte(s + "\x00"))
		}
		for _, l := range req.Lines {
			h.Write([]byte(l.SKU + "\x00" + itoa(int(l.Quantity)) + "\x00"))
		}
		for _, l := range req.Bundles {
			h.Write([]byte("bundle\x00" + l.PriceOptionID + "\x00" + itoa(int(l.Quantity)) + "\x00"))
		}
		id = hex.EncodeToString(h.Sum(nil))[:32]
	}
	return "import:" + o.Source + ":" + id
}
