package ports

import (
	"context"
	"strings"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// CatalogSource gives the seller's current catalog.
type CatalogSource interface {
	// Catalog returns the catalog to resolve lines against. The value is
	// immutable; a source may return a new one after the seller edits.
	Catalog(ctx context.Context) (*catalog.Catalog, error)
}

// UnitOfWork runs the writes of one use case as one atomic unit: placing an
// order reserves stock, redeems vouchers, holds a transfer amount, records
// the idempotency key and creates the order, all or nothing.
type UnitOfWork interface {
	// Atomic runs fn with a Tx. When fn returns nil, every write through the
	// Tx is committed together; when it returns an error (or panics), none
	// is, and Atomic returns that error unchanged. Concurrent units behave as
	// if run one after another. An adapter may call fn again when it detects
	// a conflicting concurrent unit, so fn must do its side effects only
	// through the Tx. A Tx must not be used after fn returns.
	Atomic(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// Tx is the store as seen inside a unit of work. Reads see the unit's own
// writes. Errors: ErrNotFound-kind errors for a missing record, the domain
// errors documented per method, or an adapter error (kind Unavailable).
//
// An adapter may hold back a write whose only possible refusal is a
// taken key (ErrDuplicate from PutIdempotency, CreateOrder, AppendEvent,
// RedeemVoucher) and send it with the unit's next statement or its
// commit, to save round trips: the refusal then comes from that later
// call, or from Atomic, and the unit commits nothing either way.
type Tx interface {
	// StockLevels returns the units left for each variant id asked for;
	// an unknown variant has 0.
	StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error)
	// ReserveStock takes needs from stock, all or nothing: a
	// *catalog.OutOfStockError (code out_of_stock) when a variant has too
	// few units left.
	ReserveStock(ctx context.Context, needs []catalog.Need) error
	// ReleaseStock gives needs back to stock.
	ReleaseStock(ctx context.Context, needs []catalog.Need) error
	// WarehouseStockTx reserves and releases stock per warehouse.
	WarehouseStockTx

	// Voucher returns a stored voucher by code (codes compare without
	// regard to case); pricing voucher_not_found when there is none.
	Voucher(ctx context.Context, code string) (pricing.Voucher, error)
	// VoucherUsage counts the voucher's live redemptions, in total and by
	// customer (a normalised phone; "" counts none).
	VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error)
	// RedeemVoucher records one use of the voucher by the order. It
	// enforces the stored quota and per-customer limit itself:
	// voucher_quota_exhausted or voucher_customer_limit when a use would go
	// over, and nothing is recorded.
	RedeemVoucher(ctx context.Context, r Redemption) error
	// ReleaseVoucher gives back the use the order made of the voucher; it is
	// a no-op when the order holds none.
	ReleaseVoucher(ctx context.Context, code, orderID string) error

	// HeldAmounts lists the transfer amounts in [min, max] that pending
	// bank-transfer orders hold (kode unik, see docs/payment.md).
	HeldAmounts(ctx context.Context, min, max money.Money) ([]money.Money, error)
	// HoldAmount reserves a transfer amount for the order: ErrAmountHeld
	// (kind Conflict) when another order holds it.
	HoldAmount(ctx context.Context, amount money.Money, orderID string) error
	// ReleaseAmount frees the amount the order holds; a no-op when it holds
	// none.
	ReleaseAmount(ctx context.Context, amount money.Money, orderID string) error

	// Idempotency returns the record of a key; ErrNotFound when there is
	// none.
	Idempotency(ctx context.Context, key string) (IdempotencyRecord, error)
	// PutIdempotency stores a record: ErrDuplicate when the key exists.
	PutIdempotency(ctx context.Context, rec IdempotencyRecord) error

	// NextSequence returns the next number of a named sequence, starting at
	// 1 (order numbers use one sequence per day).
	NextSequence(ctx context.Context, name string) (int64, error)

	// CreateOrder stores a new order: ErrDuplicate when its id, number or
	// slug is taken.
	CreateOrder(ctx context.Context, o *checkout.Order) error
	// Order returns a copy of a stored order for update: ErrOrderNotFound
	// when there is none.
	Order(ctx context.Context, id string) (*checkout.Order, error)
	// SaveOrder replaces a stored order: ErrOrderNotFound when there is
	// none.
	SaveOrder(ctx context.Context, o *checkout.Order) error

	// CreatePickup stores a new pickup: ErrDuplicate when its id is
	// taken; invalid_input from Pickup.Validate.
	CreatePickup(ctx context.Context, p Pickup) error

	// AppendEvent adds e to the store's outbox, committed with the unit's
	// other writes or not at all; an [Outbox] reader delivers it after the
	// commit. Errors: invalid_input for an empty id or type, ErrDuplicate
	// when the id is taken.
	AppendEvent(ctx context.Context, e Event) error

	// UnpaidOrders counts the stored orders of a customer (the E.164
	// phone of checkout.Customer) whose status is pending_payment,
	// including those this unit created or saved. It answers from an
	// index or a counter, never by reading every order. It also orders
	// the units that count one phone: another unit counting the same
	// phone waits until this one ends, so a cap checked on the count
	// holds under concurrency.
	UnpaidOrders(ctx context.Context, phone string) (int, error)

	// CreatePrintBatch stores a new print batch (see [PrintBatch.Validate]):
	// ErrDuplicate when its id is taken; invalid_input for a batch
	// Validate refuses.
	CreatePrintBatch(ctx context.Context, b PrintBatch) error
	// ReprintBatch records one more printing of a batch and returns the
	// batch as stored: ErrPrintBatchNotFound. Concurrent reprints are
	// each counted.
	ReprintBatch(ctx context.Context, id string, r Reprint) (PrintBatch, error)
	LedgerTx
	RefundsTx
}

// Redemption is one use of a voucher by an order.
type Redemption struct {
	Code     string
	Customer string // normalised phone
	OrderID  string
}

// IdempotencyRecord remembers what a key was used for, so a repeated
// request gets the same order.
type IdempotencyRecord struct {
	Key         string
	RequestHash string // a digest of the request the key came with
	OrderID     string
	CreatedAt   time.Time
}

// OrderFilter selects orders for listing (see docs/orders.md). Zero fields select
// everything.
type OrderFilter struct {
	Statuses []checkout.Status
	From, To time.Time      // placed at From ≤ t < To
	Method   payment.Method // payment method
	// Query matches, without regard to case, the customer's name, phone
	// (any of its forms' digits), the order number or the airway bill.
	Query string
	// PaymentExpiresBefore selects orders whose payment deadline is set
	// and before it.
	PaymentExpiresBefore time.Time
	// Label selects orders by whether their shipping label was printed in
	// a print batch; "" selects both.
	Label LabelFilter
	// TermsDueBefore and TermsDueFrom select the procurement orders not
	// yet paid in full whose due date is before TermsDueBefore (when set)
	// and not before TermsDueFrom (when set): overdue at t is
	// TermsDueBefore t; due within a week of t is TermsDueFrom t and
	// TermsDueBefore t + 7 days.
	TermsDueBefore, TermsDueFrom time.Time
	Offset, Limit                int // Limit 0 means no limit
}

// LabelFilter selects orders by their label's printing.
type LabelFilter string

// Label filters.
const (
	LabelAny        LabelFilter = ""
	LabelPrinted    LabelFilter = "printed"     // printed in a batch at least once
	LabelNotPrinted LabelFilter = "not_printed" // never printed in a batch
)

// Valid reports whether f is one of the label filters.
func (f LabelFilter) Valid() bool {
	return f == LabelAny || f == LabelPrinted || f == LabelNotPrinted
}

// Matches reports whether an order whose label was printed (or not)
// passes the filter.
func (f LabelFilter) Matches(printed bool) bool {
	return f == LabelAny || (f == LabelPrinted) == printed
}

// TermsDue reports whether f selects by due date of payment terms.
func (f OrderFilter) TermsDue() bool { return !f.TermsDueBefore.IsZero() || !f.TermsDueFrom.IsZero() }

// SearchText returns the query as adapters match it: trimmed and lower
// case ("" selects every order).
func (f OrderFilter) SearchText() string { return strings.ToLower(strings.TrimSpace(f.Query)) }

// SearchDigits returns the query's digits when it reads as a phone number
// (only digits, "+", spaces, "-", "." and parentheses), to be matched
// against the digits of a phone's forms; "" otherwise.
func (f OrderFilter) SearchDigits() string {
	q := f.SearchText()
	if q == "" || strings.Trim(q, "0123456789+ -.()") != "" {
		return ""
	}
	return Digits(q)
}

// Digits returns the ASCII digits of s, in order.
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Orders reads stored orders. Listing is newest first.
type Orders interface {
	// Order returns an order by id: ErrOrderNotFound.
	Order(ctx context.Context, id string) (*checkout.Order, error)
	// OrderBySlug returns an order by its secret slug: ErrOrderNotFound.
	OrderBySlug(ctx context.Context, slug string) (*checkout.Order, error)
	// ListOrders returns the page the filter selects and the number of
	// orders matching it before paging.
	ListOrders(ctx context.Context, f OrderFilter) ([]*checkout.Order, int, error)
	// CountByStatus counts the orders matching f per status (paging
	// ignored).
	CountByStatus(ctx context.Context, f OrderFilter) (map[checkout.Status]int, error)
}

// Stock reads live stock outside a unit of work, for quotes.
type Stock interface {
	// StockLevels returns the units left for each variant id asked for.
	StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error)
	// WarehouseStock reads the levels per warehouse.
	WarehouseStock
	// StockAdjustments changes stock by hand, with an audit trail.
	StockAdjustments
}

// Vouchers reads stored vouchers.
type Vouchers interface {
	// Vouchers lists every stored voucher.
	Vouchers(ctx context.Context) ([]pricing.Voucher, error)
	// Voucher returns one by code: pricing voucher_not_found.
	Voucher(ctx context.Context, code string) (pricing.Voucher, error)
	// VoucherUsage counts live redemptions, in total and by customer.
	VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error)
}

// AbandonedFilter selects abandoned checkouts.
type AbandonedFilter struct {
	Status        checkout.AbandonedStatus // "" for any
	Phone         string                   // E.164; "" for any
	Offset, Limit int
}

// Abandoned stores abandoned checkouts.
type Abandoned interface {
	// CreateAbandoned stores a new one: ErrDuplicate when its id exists.
	CreateAbandoned(ctx context.Context, a *checkout.Abandoned) error
	// Abandoned returns one by id: ErrAbandonedNotFound.
	Abandoned(ctx context.Context, id string) (*checkout.Abandoned, error)
	// UpdateAbandoned changes one atomically through fn, which gets a copy;
	// when fn returns an error nothing is stored.
	UpdateAbandoned(ctx context.Context, id string, fn func(*checkout.Abandoned) error) error
	// ListAbandoned returns the page f selects, newest first, and the total.
	ListAbandoned(ctx context.Context, f AbandonedFilter) ([]*checkout.Abandoned, int, error)
	// ConvertAbandoned marks every open checkout of the phone converted to
	// the order and returns how many it marked.
	ConvertAbandoned(ctx context.Context, phone, orderID string, at time.Time) (int, error)
	// CaptureAbandoned keeps one open checkout per phone, atomically: when
	// a.Phone has an open checkout (the newest, if several), update changes
	// a copy of it and that is stored; otherwise a is created. Concurrent
	// captures for one phone leave one open checkout. It returns a copy of
	// what it stored. Errors: update's error unchanged (nothing is then
	// stored); ErrDuplicate when a is created and its id exists;
	// invalid_input for a nil a, an empty id or phone, or an update that
	// changes the id.
	CaptureAbandoned(ctx context.Context, a *checkout.Abandoned, update func(*checkout.Abandoned) error) (*checkout.Abandoned, error)
}

// Store is every store port together, as an adapter such as the in-memory
// one or a database provides them.
type Store interface {
	UnitOfWork
	Orders
	Stock
	Vouchers
	Abandoned
	Outbox
	WebhookEndpoints
	Configs
	Seeding
	APIKeys
	Pickups
	PrintBatches
	Ledger
	Reports
	Refunds
}

// RateRequest asks couriers to price a parcel.
type RateRequest struct {
	Origin      shipping.Location // the warehouse's location
	Destination shipping.Location
	Items       []RateItem
	GoodsValue  money.Money // declared value, for insurance
	COD         bool        // only services that collect cash on delivery
	Couriers    []string    // courier codes to ask; empty means all
}

// RateItem is one line of a parcel as couriers want it.
type RateItem struct {
	Name        string
	SKU         string
	Value       money.Money // per unit
	WeightGrams int64       // per unit
	Quantity    int64
	Dimensions  shipping.Dimensions // per unit; zero when unknown
}

// ShippingItems returns items as shipping weighs them (weight, quantity
// and size of one unit), in order, for shipping.PackedWeight: a courier
// adapter that prices by weight bills what the order records.
func ShippingItems(items []RateItem) []shipping.Item {
	out := make([]shipping.Item, len(items))
	for i, it := range items {
		out[i] = shipping.Item{WeightGrams: it.WeightGrams, Quantity: it.Quantity, Dimensions: it.Dimensions}
	}
	return out
}

// Couriers prices shipping (a rate card, a courier, an aggregator).
type Couriers interface {
	// Rates returns every service that can carry the parcel, each with its
	// price and terms. No service for the route is an empty list, not an
	// error, when the adapter can tell; a provider that refuses an
	// uncovered route without saying so (Biteship answers 400) gives
	// ErrProviderRejected. Errors: ErrProviderUnavailable (kind
	// Unavailable) when the provider cannot be reached or fails,
	// ErrProviderAuth when it refuses the credentials, ErrProviderRejected
	// when it refuses the request.
	Rates(ctx context.Context, req RateRequest) ([]shipping.Option, error)
}

// Locations finds delivery destinations and origins.
type Locations interface {
	// Location returns one by id: ErrLocationNotFound.
	Location(ctx context.Context, id string) (shipping.Location, error)
	// SearchLocations lists locations whose province, city, district or
	// postal code contains query (without regard to case), at most limit;
	// a limit ≤ 0 means no limit. An adapter may also match a query of
	// several words across the fields (ratecard does).
	SearchLocations(ctx context.Context, query string, limit int) ([]shipping.Location, error)
}

// Warehouses lists the seller's warehouses (gudang).
type Warehouses interface {
	// Warehouses returns every warehouse.
	Warehouses(ctx context.Context) ([]shipping.Warehouse, error)
	// WarehouseStock returns the units of each SKU a warehouse holds, or
	// tracked false when stock is not kept per warehouse.
	WarehouseStock(ctx context.Context, warehouseID string, skus []string) (levels map[string]int64, tracked bool, err error)
}

// GatewayNotification is a payment gateway's verified report on a payment.
type GatewayNotification struct {
	OrderID       string // the id the payment was created with
	Status        payment.GatewayStatus
	Amount        money.Money
	TransactionID string
	PaymentType   string // e.g. "bank_transfer", "qris"
}

// PaymentGateway creates payment links and reads their notifications.
type PaymentGateway interface {
	// CreatePayment asks for a payment link. Errors: ErrProviderUnavailable,
	// ErrProviderAuth, ErrProviderRejected for a request the gateway refuses,
	// or invalid_input for a request that is invalid before it is sent. The
	// gateway may accept an order id once: a new link for the same order
	// needs a new id.
	CreatePayment(ctx context.Context, req payment.GatewayRequest) (payment.GatewayLink, error)
	// VerifyNotification authenticates a notification body and reads it:
	// ErrInvalidSignature (kind Unauthorized) when it is not the gateway's.
	VerifyNotification(ctx context.Context, body []byte) (GatewayNotification, error)
}

// WhatsApp tells whether a number uses WhatsApp, so an order form can
// refuse a number that cannot be reached there.
type WhatsApp interface {
	// Registered reports whether the number (international digits without
	// "+", e.g. 6281234567890) is on WhatsApp. ErrProviderUnavailable when
	// the checker cannot answer.
	Registered(ctx context.Context, msisdn string) (bool, error)
}

// EventType names what happened to an order.
type EventType string

// Order events.
const (
	EventOrderPlaced       EventType = "order.placed"
	EventOrderPaid         EventType = "order.paid"
	EventOrderTransitioned EventType = "order.transitioned"
	EventOrderCancelled    EventType = "order.cancelled"
	EventOrderExpired      EventType = "order.expired"
	EventOrderChanged      EventType = "order.changed"
	EventOrderRefunded     EventType = "order.refunded" // a paid order's payment went back, in full or in part
	// The parcel's life: booked with a courier, picked up (shipped), then
	// delivered, or on its way back and returned.
	EventOrderBooked        EventType = "order.booked"
	EventOrderPickedUp      EventType = "order.picked_up"
	EventOrderDelivered     EventType = "order.delivered"
	EventOrderReturnStarted EventType = "order.return_started"
	EventOrderReturned      EventType = "order.returned"
)

// Event is a change to an order, or to a withdrawal of the seller's
// balance (Withdrawal set, OrderID empty). It is written to the store's outbox in
// the unit of work that makes the change and delivered after the commit,
// at least once: a receiver drops a repeat by its ID.
type Event struct {
	ID          string          `json:"id"` // unique; the same on every delivery
	Type        EventType       `json:"type"`
	OrderID     string          `json:"order_id"`
	OrderNumber string          `json:"order_number,omitempty"`
	From        checkout.Status `json:"from,omitempty"` // the status before
	To          checkout.Status `json:"to,omitempty"`   // the status after
	At          time.Time       `json:"at"`
	Reason      string          `json:"reason,omitempty"`
	// Store is the id of the store whose outbox holds the event, filled in
	// by the store adapter when the event is claimed, so that one sink
	// serving many stores knows whose order it is.
	Store string `json:"store,omitempty"`
	// Withdrawal is, for a withdrawal's event, the withdrawal after the
	// change (OrderID is then empty).
	Withdrawal *ledger.Payout `json:"withdrawal,omitempty"`
}

// Events receives order events (a queue, a webhook, a log) from whatever
// delivers the outbox.
type Events interface {
	// Publish delivers one event. An error leaves the event in the outbox,
	// to be delivered again later; so may a crash after Publish returns.
	Publish(ctx context.Context, e Event) error
}

// OutboxEvent is an event waiting in a store's outbox.
type OutboxEvent struct {
	Event
	// Seq orders the events of the store as they were appended; events of
	// one order are appended, and so delivered, in the order of their
	// changes.
	Seq int64
	// Attempts counts the claims of the event so far, this one included.
	Attempts int
}

// Claim asks an [Outbox] for events to deliver.
type Claim struct {
	Now   time.Time     // the time of the claim, on the relay's clock
	Lease time.Duration // how long the claimed events are the claimer's (> 0)
	Limit int           // at most this many events (> 0)
	// OrderID, when not "", claims only that order's events.
	OrderID string
}

// Outbox hands the events units of work appended to whatever delivers
// them (a relay). Several relays, in one process or many sharing the
// store, may claim at once: no event is claimed by two of them while its
// lease runs.
type Outbox interface {
	// ClaimEvents leases up to c.Limit undelivered events until c.Now +
	// c.Lease and returns them by Seq. It claims an event only when it is
	// the oldest undelivered event of its order, it is not leased (or
	// deferred) past c.Now, so that each order's events are delivered one
	// after another in their order. An expired lease (a relay that
	// crashed) makes its event claimable again. Errors: invalid_input for
	// a lease or limit ≤ 0.
	ClaimEvents(ctx context.Context, c Claim) ([]OutboxEvent, error)
	// MarkDelivered records that the event of seq was delivered at `at`;
	// it is never claimed again. Marking it again is a no-op. Errors:
	// ErrNotFound when the outbox never held it.
	MarkDelivered(ctx context.Context, seq int64, at time.Time) error
	// DeferEvent makes an undelivered event claimable again only from
	// `at` (a retry after a failed delivery); a delivered event is left
	// as it is. Errors: ErrNotFound when the outbox never held it.
	DeferEvent(ctx context.Context, seq int64, at time.Time) error
}

// WebhookEndpoint is a URL the seller registered to receive order events.
type WebhookEndpoint struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// Secret signs each delivery. It is shown when the endpoint is
	// registered and never again.
	Secret    string    `json:"secret,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks what every store needs of an endpoint: invalid_input at
// id when the id or the URL is empty.
func (e WebhookEndpoint) Validate() error {
	if e.ID == "" || e.URL == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "a webhook endpoint needs an id and a URL").WithField("id")
	}
	return nil
}

// Outcomes of a webhook delivery attempt.
const (
	WebhookDelivered = "delivered" // the endpoint answered 2xx
	WebhookRetrying  = "retrying"  // it failed; another attempt follows
	WebhookGaveUp    = "gave_up"   // it failed and the time for retries is over
	WebhookStopped   = "stopped"   // the delivery was interrupted; the event will be delivered again
)

// WebhookDelivery is one attempt to POST an event to an endpoint.
type WebhookDelivery struct {
	EventID    string    `json:"event_id"`
	EventType  EventType `json:"event_type"`
	OrderID    string    `json:"order_id"`
	EndpointID string    `json:"endpoint_id"`
	URL        string    `json:"url"`
	Attempt    int       `json:"attempt"` // 1 for the first
	At         time.Time `json:"at"`
	Status     int       `json:"status,omitempty"` // the HTTP status; 0 when none came
	Error      string    `json:"error,omitempty"`
	Outcome    string    `json:"outcome"`
}

// WebhookEndpoints keeps the seller's webhook endpoints, secrets
// included, so that every process sharing the store sends to the same
// endpoints and they outlive a restart.
type WebhookEndpoints interface {
	// PutWebhook stores e, replacing the endpoint with the same id.
	// Errors: invalid_input for an empty id or URL.
	PutWebhook(ctx context.Context, e WebhookEndpoint) error
	// WebhookEndpoints lists the endpoints with their secrets, oldest
	// first (by creation time, then id).
	WebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error)
	// DeleteWebhook removes an endpoint: ErrWebhookNotFound when there is
	// none.
	DeleteWebhook(ctx context.Context, id string) error
}

// Webhooks are the seller's outbound webhook endpoints and the log of
// deliveries to them.
type Webhooks interface {
	// AddWebhook registers an endpoint; an empty secret is generated.
	// Errors: invalid_input (field "url") for a URL that is not absolute
	// http or https, or field "secret" for a secret that is too short.
	AddWebhook(ctx context.Context, url, secret string) (WebhookEndpoint, error)
	// Webhooks lists the endpoints, oldest first, without their secrets.
	Webhooks(ctx context.Context) ([]WebhookEndpoint, error)
	// RemoveWebhook unregisters an endpoint: ErrWebhookNotFound when
	// there is none.
	RemoveWebhook(ctx context.Context, id string) error
	// WebhookDeliveries returns the latest delivery attempts, newest
	// first, at most limit (≤ 0: all that are kept).
	WebhookDeliveries(ctx context.Context, limit int) ([]WebhookDelivery, error)
}

// Clock tells the time.
type Clock interface {
	// Now returns the current time.
	Now(ctx context.Context) time.Time
}

// IDs makes identifiers.
type IDs interface {
	// NewID returns a new unique id for a record (order, checkout).
	NewID(ctx context.Context) (string, error)
	// NewSlug returns a new secret, unguessable token for a public page.
	NewSlug(ctx context.Context) (string, error)
}
