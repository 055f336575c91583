package httpapi

import (
	"net/url"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// The JSON views of the API: every answer leaves the server through one
// of them, never as a domain value. Storage details (stock needs, item
// keys) never leave. What the seller keeps, and what only the seller
// needs, is in the seller's views only; the buyer's views are separate
// types without those fields, so a seller figure cannot reach a buyer by
// accident:
//
//   - buyerBreakdown has no net_profit, shipping_cashback or
//     service_fee_payer; its service_fee is 0 unless the buyer pays it,
//     and withheld, pph22 and pph23 appear only when the buyer keeps tax
//     back;
//   - buyerOrder, buyerQuote and buyerShippingOption carry a buyerBreakdown
//     and a shipment without the warehouse; buyerOrder's payment has no
//     reference or gateway order id, and no idempotency key.
//
// Public routes answer with the buyer's views, or with the seller's when
// the request carries the admin token; admin routes with the seller's.

// buyerBreakdown is a quote as the buyer sees it: what they pay and why.
type buyerBreakdown struct {
	Subtotal         money.Money `json:"subtotal"`
	ProductDiscount  money.Money `json:"product_discount"`
	ShippingCost     money.Money `json:"shipping_cost"`
	ShippingDiscount money.Money `json:"shipping_discount"`
	InsuranceFee     money.Money `json:"insurance_fee"`
	AdditionalCost   money.Money `json:"additional_cost"`
	TaxBase          money.Money `json:"tax_base"`
	PPN              money.Money `json:"ppn"`
	PPNAdded         money.Money `json:"ppn_added"`
	ServiceFee       money.Money `json:"service_fee"` // the COD fee when the buyer pays it, else 0
	UniqueCode       int         `json:"unique_code"`
	GrandTotal       money.Money `json:"grand_total"`
	PPh22            money.Money `json:"pph22,omitempty"`    // withheld by the buyer
	PPh23            money.Money `json:"pph23,omitempty"`    // withheld by the buyer
	Withheld         money.Money `json:"withheld,omitempty"` // what the buyer keeps back
	Payable          money.Money `json:"payable"`
}

func viewBuyerBreakdown(q pricing.Quote) buyerBreakdown {
	v := buyerBreakdown{
		Subtotal: q.Subtotal, ProductDiscount: q.ProductDiscount, ShippingCost: q.ShippingCost,
		ShippingDiscount: q.ShippingDiscount, InsuranceFee: q.InsuranceFee, AdditionalCost: q.AdditionalCost,
		TaxBase: q.TaxBase, PPN: q.PPN, PPNAdded: q.PPNAdded, UniqueCode: q.UniqueCode, GrandTotal: q.GrandTotal,
		PPh22: q.PPh22, PPh23: q.PPh23, Withheld: q.Withheld, Payable: q.Payable,
	}
	if q.ServiceFeePayer == pricing.Buyer {
		v.ServiceFee = q.ServiceFee
	}
	return v
}

// sellerBreakdown is the whole quote: the buyer's figures and what the
// seller pays and keeps (service fee, shipping cashback, net profit).
type sellerBreakdown pricing.Quote

// orderCore is what both views of an order show.
type orderCore struct {
	ID              string                  `json:"id"`
	Number          string                  `json:"number"`
	Slug            string                  `json:"slug"` // the secret slug of the public order page
	Status          checkout.Status         `json:"status"`
	History         []checkout.StatusChange `json:"history"`
	PlacedAt        time.Time               `json:"placed_at"`
	UpdatedAt       time.Time               `json:"updated_at"`
	Customer        checkout.Customer       `json:"customer"`
	Address         *checkout.Address       `json:"address,omitempty"`
	Notes           string                  `json:"notes,omitempty"`
	Items           []itemView              `json:"items"`
	AirwayBill      string                  `json:"airway_bill,omitempty"`
	ProductVoucher  string                  `json:"product_voucher,omitempty"`
	ShippingVoucher string                  `json:"shipping_voucher,omitempty"`
	InvoiceURL      string                  `json:"invoice_url"` // the public invoice PDF: /v1/public/orders/{slug}/invoice
}

// buyerOrder is the order as its buyer sees it.
type buyerOrder struct {
	orderCore
	Shipment  *buyerShipment `json:"shipment,omitempty"`
	Breakdown buyerBreakdown `json:"breakdown"`
	Payment   buyerPayment   `json:"payment"`
	// Tracking is the parcel's tracking in the courier's words, newest
	// first.
	Tracking []buyerTrackingEvent `json:"tracking,omitempty"`
}

// buyerTrackingEvent is a tracking event as the buyer reads it: what the
// courier said, when and where; not what kasir made of it.
type buyerTrackingEvent struct {
	Status checkout.ParcelStatus `json:"status,omitempty"`
	Text   string                `json:"text"`
	At     time.Time             `json:"at"`
	Place  string                `json:"place,omitempty"`
}

// sellerOrder is the order as the seller sees it.
type sellerOrder struct {
	orderCore
	Shipment       *sellerShipment `json:"shipment,omitempty"`
	Breakdown      sellerBreakdown `json:"breakdown"`
	Payment        sellerPayment   `json:"payment"`
	IdempotencyKey string          `json:"idempotency_key,omitempty"`
	// Tax is the tax profile the order was priced with.
	Tax *pricing.TaxProfile `json:"tax,omitempty"`
	// LabelPrintedAt is when the label was first printed in a print
	// batch, absent while it has not been; LabelBatchID the latest batch.
	LabelPrintedAt time.Time `json:"label_printed_at,omitzero"`
	LabelBatchID   string    `json:"label_batch_id,omitempty"`
	// Booking is the courier's booking of the parcel; AirwayBillChanges
	// the corrections of the airway bill and those of cancelled bookings;
	// LastTracking the latest tracking event (GET /v1/orders/{id}/tracking
	// has them all).
	Booking           *checkout.Booking           `json:"booking,omitempty"`
	AirwayBillChanges []checkout.AirwayBillChange `json:"airway_bill_changes,omitempty"`
	LastTracking      *checkout.TrackingRecord    `json:"last_tracking,omitempty"`
	// External is what the marketplace reported of an order imported from
	// it, which kasir did not price.
	External *checkout.External `json:"external,omitempty"`
	// Settlement is what the order left the seller once delivered or
	// returned (return fee, cashback, refunds, net profit).
	Settlement *pricing.Settlement `json:"settlement,omitempty"`
	// RestockedAt is when a returned order's units went back to stock.
	RestockedAt time.Time `json:"restocked_at,omitzero"`
	// Procurement is, for a seller's order of a procurement purchase, its
	// procurement figures and payments on terms.
	Procurement *procurementView `json:"procurement,omitempty"`
}

type itemView struct {
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
	Digital       bool                `json:"digital"`
	Components    []catalog.Component `json:"components,omitempty"`
}

// buyerShipment is the courier service as the buyer sees it.
type buyerShipment struct {
	Courier         string      `json:"courier"`
	Service         string      `json:"service"`
	Name            string      `json:"name,omitempty"`
	Price           money.Money `json:"price"`
	EtdMinDays      int         `json:"etd_min_days"`
	EtdMaxDays      int         `json:"etd_max_days"`
	Insured         bool        `json:"insured"`
	ChargeableGrams int64       `json:"chargeable_grams"`
}

// sellerShipment adds where the parcel ships from.
type sellerShipment struct {
	buyerShipment
	WarehouseID string `json:"warehouse_id,omitempty"`
	OriginID    string `json:"origin_id,omitempty"`
	// Return is what the service charges for a returned parcel.
	Return returnTermsView `json:"return"`
}

// returnTermsView is pricing.ReturnTerms in the bytes its MarshalJSON
// writes, as plain fields: encoding/json then encodes it in line, rather
// than calling MarshalJSON (a json.Marshal of its own) and validating and
// compacting what that returns, once per order of an answer.
type returnTermsView struct {
	ReturnPercent  money.Rate `json:"return_percent"`
	CODFeeOnReturn bool       `json:"cod_fee_on_return"`
}

func viewReturnTerms(t pricing.ReturnTerms) returnTermsView {
	return returnTermsView{ReturnPercent: t.Percent(), CODFeeOnReturn: t.CODFeeOnReturn()}
}

// buyerPayment is how the buyer pays.
type buyerPayment struct {
	Method       payment.Method    `json:"method"`
	Amount       money.Money       `json:"amount"` // to pay: the quote's payable, kode unik included
	UniqueCode   int               `json:"unique_code"`
	BankAccounts []bankAccountView `json:"bank_accounts,omitempty"`
	PaymentURL   string            `json:"payment_url,omitempty"`
	GatewayToken string            `json:"gateway_token,omitempty"` // for the gateway's pop-up (e.g. Snap)
	ExpiresAt    time.Time         `json:"expires_at,omitzero"`
	DueDate      time.Time         `json:"due_date,omitzero"`
	PaidAt       time.Time         `json:"paid_at,omitzero"`
	// Status is "refunded" or "partially_refunded" once money went back.
	Status checkout.PaymentStatus `json:"status,omitempty"`
}

// sellerPayment adds the references the seller reconciles with.
type sellerPayment struct {
	buyerPayment
	Reference      string `json:"reference,omitempty"`
	GatewayOrderID string `json:"gateway_order_id,omitempty"`
	// Refunded is the sum of the refunds that went back to the buyer.
	Refunded money.Money `json:"refunded,omitempty"`
}

type bankAccountView struct {
	BankCode      string `json:"bank_code"`
	BankName      string `json:"bank_name,omitempty"`
	AccountNumber string `json:"account_number"`
	AccountName   string `json:"account_name"`
}

func viewOrderCore(o *checkout.Order) orderCore {
	v := orderCore{
		ID: o.ID, Number: o.Number, Slug: o.Slug, Status: o.Status(), History: o.Lifecycle.History(),
		PlacedAt: o.PlacedAt, UpdatedAt: o.UpdatedAt, Customer: o.Customer, Notes: o.Notes,
		Items: viewItems(o.Items), AirwayBill: o.AirwayBill,
		ProductVoucher: o.ProductVoucher, ShippingVoucher: o.ShipVoucher,
		InvoiceURL: "/v1/public/orders/" + url.PathEscape(o.Slug) + "/invoice",
	}
	if v.History == nil {
		v.History = []checkout.StatusChange{}
	}
	if o.Address != (checkout.Address{}) {
		a := o.Address
		v.Address = &a
	}
	return v
}

func viewBuyerPayment(p checkout.Payment) buyerPayment {
	return buyerPayment{
		Method: p.Method, Amount: p.Amount, UniqueCode: p.UniqueCode,
		BankAccounts: viewBankAccounts(p.BankAccounts), PaymentURL: p.PaymentURL,
		GatewayToken: p.GatewayToken, ExpiresAt: p.ExpiresAt, DueDate: p.DueDate, PaidAt: p.PaidAt,
		Status: p.Status,
	}
}

// viewBuyerOrder is the order as its buyer sees it.
func viewBuyerOrder(o *checkout.Order) buyerOrder {
	v := buyerOrder{
		orderCore: viewOrderCore(o), Shipment: viewBuyerShipment(o.Shipment),
		Breakdown: viewBuyerBreakdown(o.Breakdown), Payment: viewBuyerPayment(o.Payment),
	}
	v.History = o.Lifecycle.BuyerHistory() // notes to the buyer, never the seller's reasons
	for _, e := range newestFirst(o.Tracking) {
		v.Tracking = append(v.Tracking, buyerTrackingEvent{Status: e.Status, Text: e.Text, At: e.At, Place: e.Place})
	}
	return v
}

// viewSellerOrder is the order as the seller sees it.
func viewSellerOrder(o *checkout.Order) sellerOrder {
	return sellerOrder{
		orderCore: viewOrderCore(o), Shipment: viewSellerShipment(o.Shipment),
		Breakdown: sellerBreakdown(o.Breakdown),
		Payment: sellerPayment{buyerPayment: viewBuyerPayment(o.Payment),
			Reference: o.Payment.Reference, GatewayOrderID: o.Payment.GatewayOrderID, Refunded: o.Payment.Refunded},
		IdempotencyKey: o.IdempotencyKey, Tax: o.Tax,
		LabelPrintedAt: o.LabelPrintedAt, LabelBatchID: o.LabelBatchID,
		Booking: o.Booking, AirwayBillChanges: o.AirwayBills, LastTracking: o.LastTracking(),
		External:   o.External.Clone(),
		Settlement: o.Settlement, RestockedAt: o.RestockedAt,
		Procurement: viewProcurement(o.Procurement, time.Time{}),
	}
}

func viewSellerOrders(os []*checkout.Order) []sellerOrder {
	out := make([]sellerOrder, len(os))
	for i, o := range os {
		out[i] = viewSellerOrder(o)
	}
	return out
}

func viewItems(items []checkout.Item) []itemView {
	out := make([]itemView, len(items))
	for i, it := range items {
		out[i] = itemView{
			Kind: it.Kind, ProductID: it.ProductID, VariantID: it.VariantID, BundleID: it.BundleID,
			PriceOptionID: it.PriceOptionID, SKU: it.SKU, Name: it.Name, Options: it.Options,
			UnitPrice: it.UnitPrice, Quantity: it.Quantity, Subtotal: it.Subtotal, UnitWeight: it.UnitWeight,
			Digital: it.Digital, Components: it.Components,
		}
	}
	return out
}

func viewBuyerShipment(s *checkout.Shipment) *buyerShipment {
	if s == nil {
		return nil
	}
	return &buyerShipment{
		Courier: s.Courier, Service: s.Service, Name: s.Name, Price: s.Price, EtdMinDays: s.EtdMinDays,
		EtdMaxDays: s.EtdMaxDays, Insured: s.Insured, ChargeableGrams: s.ChargeableGrams,
	}
}

func viewSellerShipment(s *checkout.Shipment) *sellerShipment {
	if s == nil {
		return nil
	}
	return &sellerShipment{buyerShipment: *viewBuyerShipment(s), WarehouseID: s.WarehouseID, OriginID: s.OriginID, Return: viewReturnTerms(s.Return)}
}

func viewBankAccounts(as []payment.BankAccount) []bankAccountView {
	if len(as) == 0 {
		return nil
	}
	out := make([]bankAccountView, len(as))
	for i, a := range as {
		out[i] = bankAccountView{BankCode: a.BankCode, BankName: a.BankName, AccountNumber: a.AccountNumber, AccountName: a.AccountName}
	}
	return out
}

// quoteCore is what both views of a quotation show.
type quoteCore struct {
	Items           []itemView          `json:"items"`
	Insurance       kasir.InsuranceInfo `json:"insurance"`
	PaymentMethod   payment.Method      `json:"payment_method"`
	ProductVoucher  string              `json:"product_voucher,omitempty"`
	ShippingVoucher string              `json:"shipping_voucher,omitempty"`
}

// buyerQuote is a kasir.Quotation as the buyer sees it.
type buyerQuote struct {
	quoteCore
	Shipment  *buyerShipment `json:"shipment,omitempty"`
	Breakdown buyerBreakdown `json:"breakdown"`
}

// sellerQuote is a kasir.Quotation as the seller sees it.
type sellerQuote struct {
	quoteCore
	Shipment  *sellerShipment `json:"shipment,omitempty"`
	Breakdown sellerBreakdown `json:"breakdown"`
}

func viewQuoteCore(q *kasir.Quotation) quoteCore {
	return quoteCore{Items: viewItems(q.Items), Insurance: q.Insurance, PaymentMethod: q.PaymentMethod,
		ProductVoucher: q.ProductVoucher, ShippingVoucher: q.ShippingVoucher}
}

func viewBuyerQuote(q *kasir.Quotation) buyerQuote {
	return buyerQuote{quoteCore: viewQuoteCore(q), Shipment: viewBuyerShipment(q.Shipment), Breakdown: viewBuyerBreakdown(q.Breakdown)}
}

func viewSellerQuote(q *kasir.Quotation) sellerQuote {
	return sellerQuote{quoteCore: viewQuoteCore(q), Shipment: viewSellerShipment(q.Shipment), Breakdown: sellerBreakdown(q.Breakdown)}
}

// shippingOptionCore is what both views of a shipping option show.
type shippingOptionCore struct {
	Courier         string              `json:"courier"`
	Service         string              `json:"service"`
	Name            string              `json:"name"`
	Price           money.Money         `json:"price"`
	EtdMinDays      int                 `json:"etd_min_days"`
	EtdMaxDays      int                 `json:"etd_max_days"`
	COD             bool                `json:"cod"`
	ChargeableGrams int64               `json:"chargeable_grams"`
	Insurance       kasir.InsuranceInfo `json:"insurance"`
	ErrorCode       string              `json:"error_code,omitempty"`
	ErrorMessage    string              `json:"error_message,omitempty"`
}

// buyerShippingOption is a courier service for the buyer's cart.
type buyerShippingOption struct {
	shippingOptionCore
	Breakdown *buyerBreakdown `json:"breakdown,omitempty"`
}

// sellerShippingOption adds what the seller pays and keeps with it.
type sellerShippingOption struct {
	shippingOptionCore
	Breakdown *sellerBreakdown `json:"breakdown,omitempty"`
}

func viewShippingOptionCore(o kasir.ShippingOption) shippingOptionCore {
	return shippingOptionCore{Courier: o.Courier, Service: o.Service, Name: o.Name, Price: o.Price,
		EtdMinDays: o.EtdMinDays, EtdMaxDays: o.EtdMaxDays, COD: o.COD, ChargeableGrams: o.ChargeableGrams,
		Insurance: o.Insurance, ErrorCode: o.ErrorCode, ErrorMessage: o.ErrorMessage}
}

func viewBuyerShippingOptions(opts []kasir.ShippingOption) []buyerShippingOption {
	out := make([]buyerShippingOption, len(opts))
	for i, o := range opts {
		out[i].shippingOptionCore = viewShippingOptionCore(o)
		if o.Breakdown != nil {
			b := viewBuyerBreakdown(*o.Breakdown)
			out[i].Breakdown = &b
		}
	}
	return out
}

func viewSellerShippingOptions(opts []kasir.ShippingOption) []sellerShippingOption {
	out := make([]sellerShippingOption, len(opts))
	for i, o := range opts {
		out[i].shippingOptionCore = viewShippingOptionCore(o)
		if o.Breakdown != nil {
			b := sellerBreakdown(*o.Breakdown)
			out[i].Breakdown = &b
		}
	}
	return out
}

// voucherView is one voucher of POST /v1/vouchers/eligible.
type voucherView struct {
	Code     string              `json:"code"`
	Kind     pricing.VoucherKind `json:"kind"`
	Eligible bool                `json:"eligible"`
	Discount money.Money         `json:"discount"`
	Reason   string              `json:"reason,omitempty"`
	Message  string              `json:"message,omitempty"`
}

func viewVouchers(vs []kasir.VoucherEligibility) []voucherView {
	out := make([]voucherView, len(vs))
	for i, v := range vs {
		out[i] = voucherView{Code: v.Code, Kind: v.Kind, Eligible: v.Eligible, Discount: v.Discount, Reason: v.Reason, Message: v.Message}
	}
	return out
}

// phoneView is GET /v1/phone's answer.
type phoneView struct {
	Input         string `json:"input"`
	E164          string `json:"e164"`
	MSISDN        string `json:"msisdn"`
	National      string `json:"national"`
	Type          string `json:"type"`
	Mobile        bool   `json:"mobile"`
	WhatsApp      *bool  `json:"whatsapp"`
	WhatsAppError string `json:"whatsapp_error,omitempty"`
}

func viewPhone(pc kasir.PhoneCheck) phoneView {
	return phoneView{Input: pc.Input, E164: pc.E164, MSISDN: pc.MSISDN, National: pc.National, Type: pc.Type,
		Mobile: pc.Mobile, WhatsApp: pc.WhatsApp, WhatsAppError: pc.WhatsAppError}
}

// abandonedView is what the buyer's own form gets back: no follow-ups
// (the seller's notes) and no order.
type abandonedView struct {
	ID        string                   `json:"id"`
	Name      string                   `json:"name"`
	Phone     string                   `json:"phone"`
	Email     string                   `json:"email,omitempty"`
	Lines     []catalog.LineRequest    `json:"lines,omitempty"`
	Notes     string                   `json:"notes,omitempty"`
	Status    checkout.AbandonedStatus `json:"status"`
	CreatedAt time.Time                `json:"created_at"`
	UpdatedAt time.Time                `json:"updated_at"`
}

func viewAbandoned(a *checkout.Abandoned) abandonedView {
	return abandonedView{ID: a.ID, Name: a.Name, Phone: a.Phone, Email: a.Email, Lines: a.Lines, Notes: a.Notes,
		Status: a.Status, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

// sellerAbandonedView adds the order it converted to and the seller's
// follow-ups.
type sellerAbandonedView struct {
	abandonedView
	OrderID     string              `json:"order_id,omitempty"`
	ConvertedAt time.Time           `json:"converted_at,omitzero"`
	FollowUps   []checkout.FollowUp `json:"follow_ups,omitempty"`
}

func viewSellerAbandoned(a *checkout.Abandoned) sellerAbandonedView {
	return sellerAbandonedView{abandonedView: viewAbandoned(a), OrderID: a.OrderID, ConvertedAt: a.ConvertedAt, FollowUps: a.FollowUps}
}

func viewSellerAbandonedList(as []*checkout.Abandoned) []sellerAbandonedView {
	out := make([]sellerAbandonedView, len(as))
	for i, a := range as {
		out[i] = viewSellerAbandoned(a)
	}
	return out
}

type locationView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"` // "District, City, Province"
	Province    string   `json:"province"`
	City        string   `json:"city"`
	District    string   `json:"district"`
	PostalCodes []string `json:"postal_codes"`
	COD         bool     `json:"cod"`
}

func viewLocation(l shipping.Location) locationView {
	pc := l.PostalCodes
	if pc == nil {
		pc = []string{}
	}
	return locationView{ID: l.ID, Name: l.Name(), Province: l.Province, City: l.City, District: l.District, PostalCodes: pc, COD: l.COD}
}

type productView struct {
	ID          string               `json:"id"`
	Name        string               `json:"name"`
	SKU         string               `json:"sku"`
	Digital     bool                 `json:"digital"`
	CODAllowed  bool                 `json:"cod_allowed"`
	WeightGrams int64                `json:"weight_grams"`
	Dimensions  shipping.Dimensions  `json:"dimensions,omitzero"`
	Options     []string             `json:"options"`   // the option axes, in order ("Warna", "Ukuran")
	MinPrice    money.Money          `json:"min_price"` // the lowest variant price ("mulai dari")
	MaxPrice    money.Money          `json:"max_price"`
	Stock       int64                `json:"stock"` // live units of every variant together
	Variants    []variantView        `json:"variants"`
	OptionTree  []catalog.OptionNode `json:"option_tree"`
}

type variantView struct {
	ID          string      `json:"id"`
	SKU         string      `json:"sku"`
	Options     []string    `json:"options"`
	OptionPath  string      `json:"option_path"` // "Merah, XL", the form a line's options take
	Price       money.Money `json:"price"`
	Stock       int64       `json:"stock"` // live units left
	WeightGrams int64       `json:"weight_grams"`
}

// stockLevels is live stock as catalog.StockLevels.
type stockLevels map[string]int64

func (l stockLevels) Available(id string) int64 { return l[id] }

func viewProduct(p catalog.Product, lv stockLevels) productView {
	v := productView{
		ID: p.ID(), Name: p.Name(), SKU: p.SKU(), Digital: p.Digital(), CODAllowed: p.CODAllowed(),
		WeightGrams: p.WeightGrams(), Dimensions: p.Dimensions(), Options: p.Options(),
		OptionTree: p.OptionTree(lv),
	}
	if v.Options == nil {
		v.Options = []string{}
	}
	if v.OptionTree == nil {
		v.OptionTree = []catalog.OptionNode{}
	}
	for i, vr := range p.Variants() {
		opts := vr.Options()
		if opts == nil {
			opts = []string{}
		}
		vv := variantView{ID: vr.ID(), SKU: vr.SKU(), Options: opts, OptionPath: vr.OptionPath(), Price: vr.Price(),
			Stock: lv.Available(vr.ID()), WeightGrams: vr.WeightGrams()}
		v.Variants = append(v.Variants, vv)
		v.Stock += vv.Stock
		if i == 0 || vv.Price < v.MinPrice {
			v.MinPrice = vv.Price
		}
		if vv.Price > v.MaxPrice {
			v.MaxPrice = vv.Price
		}
	}
	return v
}

type bundleView struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	PriceOptions []priceOptionView `json:"price_options"`
}

type priceOptionView struct {
	ID          string              `json:"id"` // a bundle line's price_option_id
	Name        string              `json:"name,omitempty"`
	Price       money.Money         `json:"price"`
	WeightGrams int64               `json:"weight_grams"`
	Digital     bool                `json:"digital"`
	CODAllowed  bool                `json:"cod_allowed"`
	Stock       int64               `json:"stock"` // whole bundles the live stock of the components makes
	Components  []catalog.Component `json:"components"`
}

// viewBundle is the bundle's price options whose components are all
// published; nil when none is.
func viewBundle(c *catalog.Catalog, b catalog.Bundle, lv stockLevels) *bundleView {
	v := &bundleView{ID: b.ID(), Name: b.Name()}
	for _, o := range b.PriceOptions() {
		ov := priceOptionView{ID: o.ID(), Name: o.Name(), Price: o.Price(), WeightGrams: o.WeightGrams(),
			Digital: o.Digital(), CODAllowed: o.CODAllowed(), Components: o.Components(), Stock: -1}
		sellable := true
		for _, comp := range ov.Components {
			p, err := c.Product(comp.ProductID)
			if err != nil || !p.Published() {
				sellable = false
				break
			}
			if n := lv.Available(comp.VariantID) / comp.Quantity; ov.Stock < 0 || n < ov.Stock {
				ov.Stock = n
			}
		}
		if sellable {
			v.PriceOptions = append(v.PriceOptions, ov)
		}
	}
	if len(v.PriceOptions) == 0 {
		return nil
	}
	return v
}
