package httpapi

import (
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// The JSON views of the API. They choose what leaves the server: storage
// details (stock needs, item keys) never do, and the admin-only fields
// (idempotency key, payment reference, gateway order id, warehouse) only
// on admin routes.

type orderView struct {
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
	Shipment        *shipmentView           `json:"shipment,omitempty"`
	AirwayBill      string                  `json:"airway_bill,omitempty"`
	ProductVoucher  string                  `json:"product_voucher,omitempty"`
	ShippingVoucher string                  `json:"shipping_voucher,omitempty"`
	Breakdown       breakdownView           `json:"breakdown"`
	Payment         paymentView             `json:"payment"`
	// Admin routes only.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
}

// breakdownView is an order's quote. The seller's own figures, net profit
// and shipping cashback, are shown on admin routes only: the buyer's order
// page does not tell what the seller keeps.
type breakdownView struct {
	pricing.Quote
	NetProfit        *pricing.Money `json:"net_profit,omitempty"`        // shadows Quote's; nil for buyers
	ShippingCashback *pricing.Money `json:"shipping_cashback,omitempty"` // shadows Quote's; nil for buyers
}

func viewBreakdown(q pricing.Quote, admin bool) breakdownView {
	v := breakdownView{Quote: q}
	if admin {
		v.NetProfit, v.ShippingCashback = &q.NetProfit, &q.ShippingCashback
	}
	return v
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
	UnitPrice     pricing.Money       `json:"unit_price"`
	Quantity      int64               `json:"quantity"`
	Subtotal      pricing.Money       `json:"subtotal"`
	UnitWeight    int64               `json:"unit_weight_grams"`
	Digital       bool                `json:"digital"`
	Components    []catalog.Component `json:"components,omitempty"`
}

type shipmentView struct {
	Courier         string        `json:"courier"`
	Service         string        `json:"service"`
	Name            string        `json:"name,omitempty"`
	Price           pricing.Money `json:"price"`
	EtdMinDays      int           `json:"etd_min_days"`
	EtdMaxDays      int           `json:"etd_max_days"`
	Insured         bool          `json:"insured"`
	ChargeableGrams int64         `json:"chargeable_grams"`
	// Admin routes only.
	WarehouseID string `json:"warehouse_id,omitempty"`
	OriginID    string `json:"origin_id,omitempty"`
}

type paymentView struct {
	Method       payment.Method    `json:"method"`
	Amount       pricing.Money     `json:"amount"` // to pay: the quote's payable, kode unik included
	UniqueCode   int               `json:"unique_code"`
	BankAccounts []bankAccountView `json:"bank_accounts,omitempty"`
	PaymentURL   string            `json:"payment_url,omitempty"`
	GatewayToken string            `json:"gateway_token,omitempty"` // for the gateway's pop-up (e.g. Snap)
	ExpiresAt    time.Time         `json:"expires_at,omitzero"`
	DueDate      time.Time         `json:"due_date,omitzero"`
	PaidAt       time.Time         `json:"paid_at,omitzero"`
	// Admin routes only.
	Reference      string `json:"reference,omitempty"`
	GatewayOrderID string `json:"gateway_order_id,omitempty"`
}

type bankAccountView struct {
	BankCode      string `json:"bank_code"`
	BankName      string `json:"bank_name,omitempty"`
	AccountNumber string `json:"account_number"`
	AccountName   string `json:"account_name"`
}

// viewOrder is the order as its buyer sees it, or with admin the fields
// only the seller sees.
func viewOrder(o *checkout.Order, admin bool) orderView {
	v := orderView{
		ID: o.ID, Number: o.Number, Slug: o.Slug, Status: o.Status(), History: o.Lifecycle.History(),
		PlacedAt: o.PlacedAt, UpdatedAt: o.UpdatedAt, Customer: o.Customer, Notes: o.Notes,
		Items: viewItems(o.Items), Shipment: viewShipment(o.Shipment, admin), AirwayBill: o.AirwayBill,
		ProductVoucher: o.ProductVoucher, ShippingVoucher: o.ShipVoucher, Breakdown: viewBreakdown(o.Breakdown, admin),
		Payment: paymentView{
			Method: o.Payment.Method, Amount: o.Payment.Amount, UniqueCode: o.Payment.UniqueCode,
			BankAccounts: viewBankAccounts(o.Payment.BankAccounts), PaymentURL: o.Payment.PaymentURL,
			GatewayToken: o.Payment.GatewayToken, ExpiresAt: o.Payment.ExpiresAt, DueDate: o.Payment.DueDate,
			PaidAt: o.Payment.PaidAt,
		},
	}
	if v.History == nil {
		v.History = []checkout.StatusChange{}
	}
	if o.Address != (checkout.Address{}) {
		a := o.Address
		v.Address = &a
	}
	if admin {
		v.IdempotencyKey = o.IdempotencyKey
		v.Payment.Reference, v.Payment.GatewayOrderID = o.Payment.Reference, o.Payment.GatewayOrderID
	}
	return v
}

func viewOrders(os []*checkout.Order, admin bool) []orderView {
	out := make([]orderView, len(os))
	for i, o := range os {
		out[i] = viewOrder(o, admin)
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

func viewShipment(s *checkout.Shipment, admin bool) *shipmentView {
	if s == nil {
		return nil
	}
	v := &shipmentView{
		Courier: s.Courier, Service: s.Service, Name: s.Name, Price: s.Price, EtdMinDays: s.EtdMinDays,
		EtdMaxDays: s.EtdMaxDays, Insured: s.Insured, ChargeableGrams: s.ChargeableGrams,
	}
	if admin {
		v.WarehouseID, v.OriginID = s.WarehouseID, s.OriginID
	}
	return v
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

// quoteView is a kasir.Quotation as a client sees it.
type quoteView struct {
	Items           []itemView          `json:"items"`
	Shipment        *shipmentView       `json:"shipment,omitempty"`
	Insurance       kasir.InsuranceInfo `json:"insurance"`
	PaymentMethod   payment.Method      `json:"payment_method"`
	ProductVoucher  string              `json:"product_voucher,omitempty"`
	ShippingVoucher string              `json:"shipping_voucher,omitempty"`
	Breakdown       pricing.Quote       `json:"breakdown"`
}

func viewQuote(q *kasir.Quotation) quoteView {
	return quoteView{
		Items: viewItems(q.Items), Shipment: viewShipment(q.Shipment, false), Insurance: q.Insurance,
		PaymentMethod: q.PaymentMethod, ProductVoucher: q.ProductVoucher, ShippingVoucher: q.ShippingVoucher,
		Breakdown: q.Breakdown,
	}
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
	Dimensions  catalog.Dimensions   `json:"dimensions,omitzero"`
	Options     []string             `json:"options"`   // the option axes, in order ("Warna", "Ukuran")
	MinPrice    pricing.Money        `json:"min_price"` // the lowest variant price ("mulai dari")
	MaxPrice    pricing.Money        `json:"max_price"`
	Stock       int64                `json:"stock"` // live units of every variant together
	Variants    []variantView        `json:"variants"`
	OptionTree  []catalog.OptionNode `json:"option_tree"`
}

type variantView struct {
	ID          string        `json:"id"`
	SKU         string        `json:"sku"`
	Options     []string      `json:"options"`
	OptionPath  string        `json:"option_path"` // "Merah, XL", the form a line's options take
	Price       pricing.Money `json:"price"`
	Stock       int64         `json:"stock"` // live units left
	WeightGrams int64         `json:"weight_grams"`
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
	Price       pricing.Money       `json:"price"`
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
