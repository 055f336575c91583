package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/procurement"
)

// The procurement routes. The platform's, with the platform key
// ([StoresConfig.Procurement]; without it they answer 404):
//
//	GET    /v1/platform/buyer-accounts?offset=&limit=   {"data":[account…],"total","offset","limit"}, by id
//	POST   /v1/platform/buyer-accounts                  BuyerAccount → 201 the account
//	GET    /v1/platform/buyer-accounts/{id}             the account
//	PUT    /v1/platform/buyer-accounts/{id}             BuyerAccount → the account
//	DELETE /v1/platform/buyer-accounts/{id}             204
//	POST   /v1/platform/procurement/quotes              ProcurementRequest → the purchase priced
//	POST   /v1/platform/procurement/purchases           ProcurementRequest, header Idempotency-Key → 201 the purchase (200 replayed)
//	GET    /v1/platform/procurement/purchases?buyer_account_id=&offset=&limit=
//	GET    /v1/platform/procurement/purchases/{id}      the purchase, its orders as they are now
//
// Each seller's, under /s/{store} with the store's keys:
//
//	GET  /v1/procurement/orders?due=overdue|soon&within_days=   the store's orders on terms not paid in full
//	POST /v1/orders/{id}/term-payments                          {"amount","reference","paid_at"} → the order
var procurementPlatformRoutes = []route{
	{Route{Method: http.MethodGet, Path: "/v1/platform/buyer-accounts", Platform: true}, (*Handler).listBuyerAccounts},
	{Route{Method: http.MethodPost, Path: "/v1/platform/buyer-accounts", Platform: true}, (*Handler).createBuyerAccount},
	{Route{Method: http.MethodGet, Path: "/v1/platform/buyer-accounts/{id}", Platform: true}, (*Handler).getBuyerAccount},
	{Route{Method: http.MethodPut, Path: "/v1/platform/buyer-accounts/{id}", Platform: true}, (*Handler).putBuyerAccount},
	{Route{Method: http.MethodDelete, Path: "/v1/platform/buyer-accounts/{id}", Platform: true}, (*Handler).deleteBuyerAccount},
	{Route{Method: http.MethodPost, Path: "/v1/platform/procurement/quotes", Platform: true}, (*Handler).quotePurchase},
	{Route{Method: http.MethodPost, Path: "/v1/platform/procurement/purchases", Platform: true}, (*Handler).placePurchase},
	{Route{Method: http.MethodGet, Path: "/v1/platform/procurement/purchases", Platform: true}, (*Handler).listPurchases},
	{Route{Method: http.MethodGet, Path: "/v1/platform/procurement/purchases/{id}", Platform: true}, (*Handler).getPurchase},
}

// procurement returns the platform's procurement: not_found when the
// deployment serves none.
func (h *Handler) procurement() (*kasir.Procurement, error) {
	if h.stores == nil || h.stores.cfg.Procurement == nil {
		return nil, errs.E(errs.NotFound, errs.CodeNotFound, "httpapi: this deployment serves no procurement")
	}
	return h.stores.cfg.Procurement, nil
}

// buyerAccountRequest is a buyer account as the routes take it.
type buyerAccountRequest struct {
	ID          string               `json:"id,omitempty"`
	CompanyName string               `json:"company_name"`
	NPWP        string               `json:"npwp"`
	Kind        string               `json:"kind"`
	Addresses   []ports.BuyerAddress `json:"addresses"`
}

func (h *Handler) listBuyerAccounts(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	offset, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	list, total, err := p.BuyerAccounts(r.Context(), offset, limit)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, listPage[ports.BuyerAccount]{Data: list, Total: total, Offset: offset, Limit: limit}, nil
}

// createBuyerAccount: POST /v1/platform/buyer-accounts; an id taken is
// already_exists.
func (h *Handler) createBuyerAccount(w http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	var req buyerAccountRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	a, err := p.CreateBuyerAccount(r.Context(), ports.BuyerAccount{ID: req.ID, CompanyName: req.CompanyName, NPWP: req.NPWP, Kind: req.Kind, Addresses: req.Addresses})
	if errors.Is(err, ports.ErrDuplicate) {
		return 0, nil, errs.E(errs.Conflict, ports.CodeDuplicate, "httpapi: buyer account "+req.ID+" exists; PUT changes it").WithField("id")
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, a, nil
}

func (h *Handler) getBuyerAccount(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	a, err := p.BuyerAccount(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, a, nil
}

// putBuyerAccount: PUT /v1/platform/buyer-accounts/{id} creates or
// replaces the account; an id in the body must be the path's.
func (h *Handler) putBuyerAccount(w http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	var req buyerAccountRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	id := r.PathValue("id")
	if req.ID != "" && req.ID != id {
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "httpapi: the body names account %q, the path %q", req.ID, id).WithField("id")
	}
	a, err := p.PutBuyerAccount(r.Context(), ports.BuyerAccount{ID: id, CompanyName: req.CompanyName, NPWP: req.NPWP, Kind: req.Kind, Addresses: req.Addresses})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, a, nil
}

func (h *Handler) deleteBuyerAccount(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	if err := p.DeleteBuyerAccount(r.Context(), r.PathValue("id")); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

// purchaseView is a purchase quoted or placed.
type purchaseView struct {
	CheckoutID      string              `json:"checkout_id,omitempty"`
	PurchaseRequest string              `json:"purchase_request,omitempty"`
	ReceiveBy       string              `json:"receive_by,omitempty"`
	BuyerAccountID  string              `json:"buyer_account_id"`
	PlacedAt        time.Time           `json:"placed_at"`
	PaymentTermDays int                 `json:"payment_term_days"`
	DueAt           time.Time           `json:"due_at"`
	VoucherDiscount money.Money         `json:"voucher_discount"`
	Orders          []purchaseOrderView `json:"orders"`
	Totals          purchaseTotals      `json:"totals"`
}

// purchaseOrderView is one seller's order of a purchase.
type purchaseOrderView struct {
	Store string      `json:"store"`
	Order sellerOrder `json:"order"`
}

// purchaseTotals are the sums across the sellers' orders.
type purchaseTotals struct {
	Subtotal         money.Money `json:"subtotal"`
	ProductDiscount  money.Money `json:"product_discount"`
	ShippingCost     money.Money `json:"shipping_cost"`
	InsuranceFee     money.Money `json:"insurance_fee"`
	TaxBase          money.Money `json:"tax_base"`
	PPN              money.Money `json:"ppn"`
	PPh22            money.Money `json:"pph22"`
	PPh23            money.Money `json:"pph23"`
	GrandTotal       money.Money `json:"grand_total"`
	Withheld         money.Money `json:"withheld"`
	Payable          money.Money `json:"payable"`
	PlatformFee      money.Money `json:"platform_fee"`
	PlatformFeePPN   money.Money `json:"platform_fee_ppn"`
	PlatformFeePPh23 money.Money `json:"platform_fee_pph23"`
	SellerSettlement money.Money `json:"seller_settlement"`
}

func viewPurchase(res *kasir.ProcurementResult, now time.Time) purchaseView {
	t := res.Totals
	v := purchaseView{
		CheckoutID: res.CheckoutID, PurchaseRequest: res.PurchaseRequest, ReceiveBy: res.ReceiveBy, BuyerAccountID: res.BuyerAccountID,
		PlacedAt: res.PlacedAt, PaymentTermDays: res.PaymentTermDays, DueAt: res.DueAt, VoucherDiscount: res.VoucherDiscount,
		Orders: make([]purchaseOrderView, len(res.Orders)),
		Totals: purchaseTotals{t.Subtotal, t.ProductDiscount, t.ShippingCost, t.InsuranceFee, t.TaxBase, t.PPN, t.PPh22, t.PPh23,
			t.GrandTotal, t.Withheld, t.Payable, t.PlatformFee, t.PlatformFeePPN, t.PlatformFeePPh23, t.SellerSettlement},
	}
	for i, po := range res.Orders {
		v.Orders[i] = purchaseOrderView{Store: po.Store, Order: viewProcurementOrder(po.Order, now)}
	}
	return v
}

// procurementView is a procurement order's own figures, with whether it
// is overdue at the time of the answer.
type procurementView struct {
	CheckoutID       string      `json:"checkout_id,omitempty"`
	PurchaseRequest  string      `json:"purchase_request,omitempty"`
	ReceiveBy        string      `json:"receive_by,omitempty"`
	BuyerAccountID   string      `json:"buyer_account_id,omitempty"`
	BuyerName        string      `json:"buyer_name"`
	BuyerNPWP        string      `json:"buyer_npwp,omitempty"`
	BuyerKind        string      `json:"buyer_kind"`
	SellerName       string      `json:"seller_name"`
	SellerNPWP       string      `json:"seller_npwp,omitempty"`
	GoodsTaxBase     money.Money `json:"goods_tax_base"`
	ExemptAmount     money.Money `json:"exempt_amount"`
	Withholding      bool        `json:"withholding"`
	PlatformFee      money.Money `json:"platform_fee"`
	PlatformFeePPN   money.Money `json:"platform_fee_ppn"`
	PlatformFeePPh23 money.Money `json:"platform_fee_pph23"`
	SellerSettlement money.Money `json:"seller_settlement"`
	PaymentTermDays  int         `json:"payment_term_days"`
	DueAt            time.Time   `json:"due_at"`
	Payable          money.Money `json:"payable"`
	Paid             money.Money `json:"paid"`
	Outstanding      money.Money `json:"outstanding"`
	Overdue          *bool       `json:"overdue,omitempty"` // absent when the answer does not say

	Payments        []checkout.TermPayment       `json:"payments"`
	TaxInvoice      *procurement.TaxInvoice      `json:"tax_invoice,omitempty"`
	WithholdingSlip *procurement.WithholdingSlip `json:"withholding_slip,omitempty"`
	FeeSlip         *procurement.WithholdingSlip `json:"fee_slip,omitempty"`
}

// viewProcurement views p; overdue is told when now is not zero.
func viewProcurement(p *checkout.Procurement, now time.Time) *procurementView {
	if p == nil {
		return nil
	}
	pays := p.Payments
	if pays == nil {
		pays = []checkout.TermPayment{}
	}
	var overdue *bool
	if !now.IsZero() {
		o := p.Overdue(now)
		overdue = &o
	}
	return &procurementView{
		CheckoutID: p.CheckoutID, PurchaseRequest: p.PurchaseRequest, ReceiveBy: p.ReceiveBy, BuyerAccountID: p.BuyerAccountID,
		BuyerName: p.BuyerName, BuyerNPWP: p.BuyerNPWP, BuyerKind: p.BuyerKind, SellerName: p.SellerName, SellerNPWP: p.SellerNPWP,
		GoodsTaxBase: p.GoodsTaxBase, ExemptAmount: p.ExemptAmount, Withholding: p.Withholding,
		PlatformFee: p.PlatformFee, PlatformFeePPN: p.PlatformFeePPN, PlatformFeePPh23: p.PlatformFeePPh23, SellerSettlement: p.SellerSettlement,
		PaymentTermDays: p.PaymentTermDays, DueAt: p.DueAt, Payable: p.Payable, Paid: p.Paid, Outstanding: p.Outstanding(),
		Overdue: overdue, Payments: pays, TaxInvoice: p.TaxInvoice, WithholdingSlip: p.WithholdingSlip, FeeSlip: p.FeeSlip,
	}
}

// viewProcurementOrder is the seller's view of an order with its
// procurement figures as of now.
func viewProcurementOrder(o *checkout.Order, now time.Time) sellerOrder {
	v := viewSellerOrder(o)
	v.Procurement = viewProcurement(o.Procurement, now)
	return v
}

// quotePurchase: POST /v1/platform/procurement/quotes.
func (h *Handler) quotePurchase(w http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	var req kasir.ProcurementRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	res, err := p.Quote(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPurchase(res, h.stores.clock.Now(r.Context())), nil
}

// placePurchase: POST /v1/platform/procurement/purchases with the
// Idempotency-Key header. A replay answers 200 with the purchase as it is
// now and the header Idempotent-Replayed: true.
func (h *Handler) placePurchase(w http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	var req kasir.ProcurementRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	req.IdempotencyKey = strings.TrimSpace(r.Header.Get(IdempotencyKeyHeader))
	if len(req.IdempotencyKey) > 200 {
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "httpapi: an idempotency key is at most 200 bytes").WithField(IdempotencyKeyHeader)
	}
	res, replayed, err := p.Place(r.Context(), req)
	if err != nil {
		return 0, nil, headerField(err)
	}
	w.Header().Set("Location", "/v1/platform/procurement/purchases/"+res.CheckoutID)
	status := http.StatusCreated
	if replayed {
		w.Header().Set(ReplayedHeader, "true")
		status = http.StatusOK
	}
	return status, viewPurchase(res, h.stores.clock.Now(r.Context())), nil
}

func (h *Handler) listPurchases(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	offset, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	list, total, err := p.Purchases(r.Context(), r.URL.Query().Get("buyer_account_id"), offset, limit)
	if err != nil {
		return 0, nil, err
	}
	now := h.stores.clock.Now(r.Context())
	out := make([]purchaseView, len(list))
	for i, res := range list {
		out[i] = viewPurchase(res, now)
	}
	return http.StatusOK, listPage[purchaseView]{Data: out, Total: total, Offset: offset, Limit: limit}, nil
}

func (h *Handler) getPurchase(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	p, err := h.procurement()
	if err != nil {
		return 0, nil, err
	}
	res, err := p.Purchase(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPurchase(res, h.stores.clock.Now(r.Context())), nil
}

// termsDue: GET /v1/procurement/orders?due=overdue|soon&within_days=N
// (default 7) — the store's procurement orders not paid in full that are
// overdue, or due within N days.
func (h *Handler) termsDue(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	offset, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	var within time.Duration
	switch due := r.URL.Query().Get("due"); due {
	case "", "overdue":
	case "soon":
		days, err := queryInt(r, "within_days")
		if err != nil {
			return 0, nil, err
		}
		if days == 0 {
			days = 7
		}
		if days > kasir.MaxPaymentTermDays {
			return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "httpapi: within_days is at most %d", kasir.MaxPaymentTermDays).WithField("within_days")
		}
		within = time.Duration(days) * 24 * time.Hour
	default:
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "httpapi: due is overdue or soon, got %q", due).WithField("due")
	}
	pg, err := h.svc.TermsDue(r.Context(), within, offset, limit)
	if err != nil {
		return 0, nil, err
	}
	now := h.svc.Now(r.Context())
	out := make([]sellerOrder, len(pg.Orders))
	for i, o := range pg.Orders {
		out[i] = viewProcurementOrder(o, now)
	}
	return http.StatusOK, listPage[sellerOrder]{Data: out, Total: pg.Total, Offset: offset, Limit: limit}, nil
}

// recordTermPayment: POST /v1/orders/{id}/term-payments.
func (h *Handler) recordTermPayment(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var pay kasir.TermPayment
	if err := h.decode(w, r, &pay); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.RecordTermPayment(r.Context(), r.PathValue("id"), pay)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewProcurementOrder(o, h.svc.Now(r.Context())), nil
}
