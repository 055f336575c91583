package checkout

import (
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Order error codes.
const (
	// CodeAirwayBillRequired: an order is marked shipped without the
	// courier's airway bill (resi).
	CodeAirwayBillRequired = "airway_bill_required"
	// CodeOrderNotEditable: an order that has shipped, or is final, cannot be
	// changed any more.
	CodeOrderNotEditable = "order_not_editable"
	// CodeOrderPaid (kind Conflict): a change would re-price an order that
	// is already paid.
	CodeOrderPaid = "order_paid"
)

// PaymentStatus is what became of a payment after it was made; the zero
// value is a payment that stands (or is not made yet).
type PaymentStatus string

// Payment statuses after payment.
const (
	PaymentRefunded          PaymentStatus = "refunded"           // all of it went back (refund or chargeback)
	PaymentPartiallyRefunded PaymentStatus = "partially_refunded" // part of it went back
	PaymentSettled           PaymentStatus = "settled"            // the courier remitted a COD order's cash to the seller
)

// CodeAlreadySettled (kind Conflict): a COD order's remitted cash is
// recorded a second time.
const CodeAlreadySettled = "already_settled"

// CodeNotCOD (kind Invalid): a COD remittance names an order that is not
// paid by COD.
const CodeNotCOD = "not_cod"

// CodeNotDelivered (kind Conflict): a COD remittance names an order whose
// parcel is not delivered.
const CodeNotDelivered = "not_delivered"

// Customer is who an order is for. Phone is E.164 (+628…), as [ParseMobile]
// gives it; it also identifies the customer for voucher limits.
type Customer struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email,omitempty"`
}

// Address is where an order is delivered. LocationID names the district
// (kecamatan) a courier prices by.
type Address struct {
	Line       string `json:"line"`
	LocationID string `json:"location_id"`
	PostalCode string `json:"postal_code,omitempty"`
	Area       string `json:"area,omitempty"` // the location's name as people read it, for labels
}

// Item is one line of an order as it was sold: a snapshot of the catalog line
// at placement, so later catalog changes do not change the order.
type Item struct {
	Kind          string              `json:"kind"` // "variant" or "bundle"
	ProductID     string              `json:"product_id,omitempty"`
	VariantID     string              `json:"variant_id,omitempty"`
	BundleID      string              `json:"bundle_id,omitempty"`
	PriceOptionID string              `json:"price_option_id,omitempty"`
	SKU           string              `json:"sku,omitempty"`
	Name          string              `json:"name"`
	Options       []string            `json:"options,omitempty"`
	UnitPrice     money.Money         `json:"unit_price"`
	Quantity      int64               `json:"quantity"`
	Subtotal      money.Money         `json:"subtotal"`
	UnitWeight    int64               `json:"unit_weight_grams"`
	GoodsValue    money.Money         `json:"goods_value"`
	Digital       bool                `json:"digital,omitempty"`
	CODAllowed    bool                `json:"cod_allowed"`
	Components    []catalog.Component `json:"components,omitempty"`
	Dimensions    shipping.Dimensions `json:"dimensions,omitzero"`
	StockNeeds    []catalog.Need      `json:"stock_needs,omitempty"`
	Key           string              `json:"key,omitempty"`
}

// ItemFromLine snapshots a resolved catalog line.
func ItemFromLine(l catalog.Line) Item {
	kind := "variant"
	if l.Kind() == catalog.BundleLine {
		kind = "bundle"
	}
	return Item{
		Kind: kind, ProductID: l.ProductID(), VariantID: l.VariantID(), BundleID: l.BundleID(),
		PriceOptionID: l.PriceOptionID(), SKU: l.SKU(), Name: l.Name(), Options: l.Options(),
		UnitPrice: l.UnitPrice(), Quantity: l.Quantity(), Subtotal: l.Subtotal(),
		UnitWeight: l.UnitWeightGrams(), GoodsValue: l.GoodsValue(), Digital: l.Digital(),
		CODAllowed: l.CODAllowed(), Components: l.Components(), Dimensions: l.Dimensions(),
		StockNeeds: l.StockNeeds(), Key: l.Key(),
	}
}

// PricingLine is the item as the quote prices it.
func (it Item) PricingLine() pricing.Line {
	key := it.SKU
	if it.Kind == "bundle" {
		key = it.PriceOptionID
	}
	return pricing.Line{SKU: key, UnitPrice: it.UnitPrice, Quantity: it.Quantity}
}

// Request returns the line request that resolves to this item again.
func (it Item) Request() catalog.LineRequest {
	if it.Kind == "bundle" {
		return catalog.LineRequest{PriceOptionID: it.PriceOptionID, Quantity: it.Quantity}
	}
	return catalog.LineRequest{VariantID: it.VariantID, Quantity: it.Quantity}
}

// Shipment is the courier service an order ships with and what it was
// priced at.
type Shipment struct {
	Courier         string      `json:"courier"`
	Service         string      `json:"service"`
	Name            string      `json:"name,omitempty"`
	Price           money.Money `json:"price"`
	EtdMinDays      int         `json:"etd_min_days,omitempty"`
	EtdMaxDays      int         `json:"etd_max_days,omitempty"`
	Insured         bool        `json:"insured"`
	ChargeableGrams int64       `json:"chargeable_grams"`
	WarehouseID     string      `json:"warehouse_id,omitempty"`
	OriginID        string      `json:"origin_id,omitempty"`
	// Return is what the service charges when the parcel comes back
	// (return percent, COD fee on return); the zero value is the usual
	// terms.
	Return pricing.ReturnTerms `json:"return,omitzero"`
}

// Payment is how an order is paid and, once known, that it was.
type Payment struct {
	Method       payment.Method        `json:"method"`
	Amount       money.Money           `json:"amount"`                // what the buyer pays (the quote's payable)
	UniqueCode   int                   `json:"unique_code,omitempty"` // bank transfer
	BankAccounts []payment.BankAccount `json:"bank_accounts,omitempty"`
	PaymentURL   string                `json:"payment_url,omitempty"` // gateway
	GatewayToken string                `json:"gateway_token,omitempty"`
	// GatewayOrderID is the id the current payment link was created with:
	// the order id, or the order id + "~" + a suffix for a link made again
	// after a change (gateways accept an id once).
	GatewayOrderID string    `json:"gateway_order_id,omitempty"`
	ExpiresAt      time.Time `json:"expires_at,omitzero"`
	DueDate        time.Time `json:"due_date,omitzero"` // invoice
	PaidAt         time.Time `json:"paid_at,omitzero"`
	Reference      string    `json:"reference,omitempty"` // the payer's or gateway's reference
	// Status is "" while the payment stands, or what a refund or
	// chargeback made of it.
	Status PaymentStatus `json:"status,omitempty"`
	// Refunded is the sum of the refunds that went back to the buyer.
	Refunded money.Money `json:"refunded,omitempty"`
}

// HoldsAmount reports whether the order keeps its transfer amount from other
// pending orders: a bank transfer waiting for payment.
func (p Payment) HoldsAmount() bool {
	return p.Method == payment.BankTransfer && p.UniqueCode > 0
}

// Order is a placed order: what was sold to whom, how it ships and is paid,
// its quote, and its life cycle. It is plain data for storage adapters (a
// JSON round trip restores it, checking its history); its status changes
// only through [Order.Transition].
type Order struct {
	ID        string    `json:"id"`
	Number    string    `json:"number"`
	Slug      string    `json:"slug"`
	PlacedAt  time.Time `json:"placed_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Customer  Customer  `json:"customer"`
	Address   Address   `json:"address,omitzero"`
	Notes     string    `json:"notes,omitempty"`
	Items     Items     `json:"items"`
	Shipment  *Shipment `json:"shipment,omitempty"`
	// StockWarehouseID is the warehouse the order's stock was taken from
	// when the store keeps stock per warehouse ("" when it keeps one level
	// per variant); cancelling gives the stock back to it.
	StockWarehouseID string        `json:"stock_warehouse_id,omitempty"`
	ProductVoucher   string        `json:"product_voucher,omitempty"`
	ShipVoucher      string        `json:"shipping_voucher,omitempty"`
	AdditionalCost   money.Money   `json:"additional_cost"`
	Breakdown        pricing.Quote `json:"breakdown"`
	Payment          Payment       `json:"payment"`
	// Tax is the seller's tax profile the order was priced with, kept with
	// the order so its documents show the PPN as it was charged whatever
	// the store's profile becomes. Nil for an order stored before orders
	// kept it.
	Tax        *pricing.TaxProfile `json:"tax,omitempty"`
	AirwayBill string              `json:"airway_bill,omitempty"`
	// AirwayBills are the corrections of the airway bill, oldest first.
	AirwayBills []AirwayBillChange `json:"airway_bill_changes,omitempty"`
	// Booking is the courier's booking of the parcel; nil when the seller
	// books elsewhere and types the airway bill.
	Booking *Booking `json:"booking,omitempty"`
	// Tracking is every tracking event of the parcel kasir received, in
	// the order received, each with what it did to the order.
	Tracking       []TrackingRecord `json:"tracking,omitempty"`
	IdempotencyKey string           `json:"idempotency_key,omitempty"`
	// External is what the marketplace reported of an order imported from
	// it, which kasir did not price (payment method marketplace, zero
	// Breakdown); nil for an order kasir priced.
	External  *External `json:"external,omitempty"`
	Lifecycle Lifecycle `json:"lifecycle"`
	// LabelPrintedAt is when the order's shipping label was first printed
	// in a print batch; zero while it has not been. LabelBatchID is the
	// latest batch that printed it.
	LabelPrintedAt time.Time `json:"label_printed_at,omitzero"`
	LabelBatchID   string    `json:"label_batch_id,omitempty"`
	// Settlement is what the order left the seller once its parcel was
	// delivered or returned (return fee, cashback, net profit; docs/settlement.md),
	// set when it reached either and kept up to date with its refunds;
	// nil before.
	Settlement *pricing.Settlement `json:"settlement,omitempty"`
	// RestockedAt is when a returned order's units were put back in stock
	// (by the store's rule, or by hand); zero while they are not.
	RestockedAt time.Time `json:"restocked_at,omitzero"`
	// Procurement is, for one seller's order of a procurement purchase,
	// the purchase, the buyer, the procurement figures and the payments
	// on terms; nil for any other order.
	Procurement *Procurement `json:"procurement,omitempty"`
	// Version counts the changes stored since placement (0 when placed);
	// a change computed from one version is refused on another.
	Version int64 `json:"version"`
}

// Status is the order's current status.
func (o *Order) Status() Status { return o.Lifecycle.Status() }

// StockNeeds is what the order takes from stock (see [Items.StockNeeds]).
func (o *Order) StockNeeds() []catalog.Need { return o.Items.StockNeeds() }

// HoldsStock reports whether the order keeps its units reserved, and its
// voucher uses: every status but cancelled and expired (a returned parcel
// comes back to the seller, whose units go back to stock by the store's
// rule or by hand; see [Order.CheckRestock]).
func (o *Order) HoldsStock() bool {
	s := o.Status()
	return s != StatusCancelled && s != StatusExpired
}

// Editable reports whether the order may still be changed (courier,
// payment method, customer, additional cost): before it ships, and never
// for an external order, whose amounts are the marketplace's.
func (o *Order) Editable() bool {
	if o.External != nil {
		return false
	}
	s := o.Status()
	return s == StatusDraft || s == StatusPendingPayment || s == StatusProcessing
}

// CheckEditable returns order_not_editable (kind Precondition) when the order
// can no longer be changed.
func (o *Order) CheckEditable() error {
	if o.Editable() {
		return nil
	}
	if o.External != nil {
		return errs.E(errs.Precondition, CodeOrderNotEditable, "checkout: order "+o.Number+" was imported from "+o.External.Source+" with its amounts; change it there")
	}
	return errs.E(errs.Precondition, CodeOrderNotEditable, "checkout: an order that is "+string(o.Status())+" can no longer be changed")
}

// Transition moves the order to a new status at `at`. Shipping needs the
// courier's airway bill; paying records the time in the payment; reaching
// delivered or returned records the order's settlement (docs/settlement.md: return
// fee, no cashback for a return, net profit). On error the order is
// unchanged.
func (o *Order) Transition(to Status, at time.Time, reason, airwayBill string) error {
	airwayBill = strings.TrimSpace(airwayBill)
	if (to == StatusShipped || to == StatusBooked) && airwayBill == "" && o.AirwayBill == "" {
		if o.Status().CanBecome(to) {
			return errs.E(errs.Invalid, CodeAirwayBillRequired, "checkout: a shipped order needs the courier's airway bill").WithField("airway_bill")
		}
	}
	var settled *pricing.Settlement
	if (to == StatusDelivered || to == StatusReturned) && o.Status().CanBecome(to) {
		outcome, refunds := pricing.Delivered, money.Money(0)
		if to == StatusReturned {
			outcome = pricing.Returned
			if o.Payment.Method != payment.COD {
				refunds = min(o.Payment.Refunded, o.Breakdown.Payable)
			}
		}
		// A quote the settlement cannot read (only a hand-made one) leaves
		// the order without a settlement; the ledger refuses it.
		if st, err := o.Sale().Settle(outcome, refunds); err == nil {
			settled = &st
		}
	}
	if err := o.Lifecycle.Transition(to, at, reason); err != nil {
		return err
	}
	if settled != nil {
		o.Settlement = settled
	}
	if airwayBill != "" {
		o.AirwayBill = airwayBill
	}
	if to == StatusProcessing && o.Payment.Method != payment.COD && o.Payment.PaidAt.IsZero() && o.Payment.Method != payment.Invoice {
		o.Payment.PaidAt = at
	}
	o.UpdatedAt = at
	return nil
}

// Paid reports whether the buyer has paid (a transfer confirmed, a gateway
// payment received). A COD order is paid on delivery and is not paid
// before; an invoice is paid when its payment is confirmed.
func (o *Order) Paid() bool { return !o.Payment.PaidAt.IsZero() }

// CheckRepricing returns order_paid (kind Conflict) when the order is paid
// and payable is not the amount paid: a paid order's amount cannot change.
func (o *Order) CheckRepricing(payable money.Money) error {
	if !o.Paid() || payable == o.Payment.Amount {
		return nil
	}
	return errs.E(errs.Conflict, CodeOrderPaid, "checkout: order "+o.Number+" is paid ("+o.Payment.Amount.String()+"); a change to "+payable.String()+" is refused")
}

// RecordEdit records an edit of the order in its history, with the
// seller's reason, at `at`.
func (o *Order) RecordEdit(at time.Time, reason string) {
	if reason == "" {
		reason = "edited"
	}
	o.Lifecycle.record(at, reason)
	o.UpdatedAt = at
}

// TellBuyer sets the note the buyer reads about the latest change in the
// history (e.g. why the order was cancelled, in words for the buyer); the
// seller's reason stays internal.
func (o *Order) TellBuyer(note string) { o.Lifecycle.tell(note) }

// RecordRefund records that the payment went back, all of it (full) or
// part, at `at`, with the reason in the history. It reports whether it
// changed the order: a refund already recorded (or a partial refund of a
// payment already refunded in full) changes nothing. Errors: invalid_input
// for an order with no payment to refund.
func (o *Order) RecordRefund(full bool, at time.Time, reason string) (bool, error) {
	if !o.Paid() {
		return false, errs.Invalidf(errs.CodeInvalidInput, "checkout: order %s has no payment to refund", o.Number)
	}
	to := PaymentPartiallyRefunded
	if full {
		to = PaymentRefunded
	}
	if o.Payment.Status == to || o.Payment.Status == PaymentRefunded {
		return false, nil
	}
	o.Payment.Status = to
	o.Lifecycle.record(at, reason)
	o.UpdatedAt = at
	return true, nil
}

// CodeLabelUnavailable (kind Precondition): an order cannot have a
// shipping label yet.
const CodeLabelUnavailable = "label_unavailable"

// CheckLabel returns nil when the order can have a shipping label, else a
// label_unavailable error (kind Precondition) naming the order: it has no
// shipment (digital goods only), no airway bill yet, or is cancelled or
// expired.
func (o *Order) CheckLabel() error {
	why := ""
	switch {
	case o == nil:
		return errs.E(errs.Precondition, CodeLabelUnavailable, "checkout: no order to label")
	case o.Status() == StatusCancelled || o.Status() == StatusExpired:
		why = "is " + string(o.Status())
	case o.Shipment == nil || o.allDigital():
		why = "ships no parcel (digital goods only)"
	case o.AirwayBill == "":
		why = "has no airway bill yet"
	default:
		return nil
	}
	return errs.E(errs.Precondition, CodeLabelUnavailable, "checkout: order "+o.Number+" "+why+", so it has no shipping label")
}

func (o *Order) allDigital() bool {
	for _, it := range o.Items {
		if !it.Digital {
			return false
		}
	}
	return true
}

// MarkLabelPrinted records that the order's label was printed in batch
// at `at`: the first time is kept, the batch is the latest.
func (o *Order) MarkLabelPrinted(batchID string, at time.Time) {
	if o.LabelPrintedAt.IsZero() {
		o.LabelPrintedAt = at
	}
	o.LabelBatchID = batchID
}

// Sale returns the order as its settlement reads it: its quote, whether
// the courier collects the money, and the return terms of its courier
// service (the usual terms when it has no shipment).
func (o *Order) Sale() pricing.Sale {
	sale := pricing.Sale{Quote: o.Breakdown, COD: o.Payment.Method == payment.COD}
	if o.Shipment != nil {
		sale.Return = o.Shipment.Return
	}
	return sale
}

// Courier returns the code of the courier the order ships with; "" when
// it ships with none.
func (o *Order) Courier() string {
	if o.Shipment == nil {
		return ""
	}
	return o.Shipment.Courier
}

// RecordSettlement records that the courier remitted the cash of a
// delivered COD order to the seller (payment status settled), at `at`,
// with the remittance's reference in the history. Errors: not_cod (kind
// Invalid) for an order not paid by COD; not_delivered (kind Conflict)
// for an order whose parcel is not delivered; already_settled (kind
// Conflict) when it is settled already. The order is then unchanged.
func (o *Order) RecordSettlement(at time.Time, reference string) error {
	switch {
	case o.Payment.Method != payment.COD:
		return errs.E(errs.Invalid, CodeNotCOD, "checkout: order "+o.Number+" is not paid by COD")
	case o.Payment.Status == PaymentSettled:
		return errs.E(errs.Conflict, CodeAlreadySettled, "checkout: the COD cash of order "+o.Number+" is settled already")
	case o.Status() != StatusDelivered:
		return errs.E(errs.Conflict, CodeNotDelivered, "checkout: order "+o.Number+" is "+string(o.Status())+", not delivered")
	}
	o.Payment.Status = PaymentSettled
	reason := "COD cash remitted"
	if reference != "" {
		reason += " (" + reference + ")"
	}
	o.Lifecycle.record(at, reason)
	o.UpdatedAt = at
	return nil
}

// Clone returns a deep copy: changing it changes nothing in o.
func (o *Order) Clone() *Order {
	c := *o
	c.Items = o.Items.Clone()
	if o.Shipment != nil {
		s := *o.Shipment
		c.Shipment = &s
	}
	if o.Tax != nil {
		t := *o.Tax
		c.Tax = &t
	}
	if o.Settlement != nil {
		st := *o.Settlement
		c.Settlement = &st
	}
	c.Payment.BankAccounts = slices.Clone(o.Payment.BankAccounts)
	if o.Booking != nil {
		b := *o.Booking
		c.Booking = &b
	}
	c.Tracking = slices.Clone(o.Tracking)
	c.External = o.External.Clone()
	c.AirwayBills = slices.Clone(o.AirwayBills)
	c.Lifecycle = Lifecycle{status: o.Lifecycle.status, history: slices.Clone(o.Lifecycle.history)}
	if o.Procurement != nil {
		c.Procurement = o.Procurement.clone()
	}
	return &c
}
