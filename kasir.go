package kasir

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Deps are the ports a Service runs on. Catalog, Store, Locations, Clock and
// IDs are required; Couriers is required to ship anything; Warehouses,
// Gateway, WhatsApp and Events are optional. The Service writes each order
// event to the store's outbox in the unit of work of its change, and a
// [Relay] delivers it to Events after the commit.
type Deps struct {
	Catalog    ports.CatalogSource
	Store      ports.Store
	Locations  ports.Locations
	Warehouses ports.Warehouses     // nil: the order ships from the origin in Settings
	Couriers   ports.Couriers       // nil: only digital goods can be sold
	Gateway    ports.PaymentGateway // nil: the gateway method is not offered
	WhatsApp   ports.WhatsApp       // nil: phones are not checked for WhatsApp
	Events     ports.Events         // nil: events wait in the store's outbox (see Relay)
	// Shipments books parcels, asks for pickups and tracks airway bills;
	// nil: the seller books elsewhere and types airway bills by hand.
	Shipments ports.Shipments
	// CourierPushes read the tracking webhooks of couriers, by the name
	// their route carries ("simcourier", "biteship"); nil: none.
	CourierPushes map[string]ports.TrackingPushes
	Clock         ports.Clock
	IDs           ports.IDs
}

// Settings are a seller's checkout settings (the data file's `store`).
type Settings struct {
	StoreName            string `json:"name"`
	CustomerServicePhone string `json:"customer_service_phone,omitempty"`

	Tax pricing.TaxProfile `json:"tax"`
	COD pricing.CODFee     `json:"cod"`

	// PaymentMethods are the methods the store offers. Empty offers COD and
	// bank transfer, and the gateway when a gateway is plugged in.
	PaymentMethods []payment.Method      `json:"payment_methods,omitempty"`
	BankAccounts   []payment.BankAccount `json:"bank_accounts,omitempty"`
	UniqueCodes    payment.CodeRange     `json:"unique_code_range,omitzero"`     // zero: 1–999
	ExpiryHours    int                   `json:"payment_expiry_hours,omitempty"` // 0: 24
	InvoiceTerms   payment.Terms         `json:"invoice_terms,omitzero"`
	Limits         checkout.CartLimits   `json:"limits,omitzero"`
	AdditionalCost money.Money           `json:"additional_cost,omitempty"` // added to every shipped order ("biaya lain")
	// GatewayPayments are the gateway channels to enable ("bca_va",
	// "qris" …); empty leaves the gateway's defaults.
	GatewayPayments []string `json:"gateway_payments,omitempty"`
	// RequireWhatsApp refuses orders whose phone is not on WhatsApp, or
	// cannot be checked. Without it a failed check never blocks checkout.
	RequireWhatsApp bool `json:"require_whatsapp,omitempty"`
	// OriginLocationID is where parcels ship from when no warehouses are
	// configured.
	OriginLocationID string `json:"origin_location_id,omitempty"`
	// WarehouseRule is how an order's warehouse is picked when the store's
	// warehouses hold stock (docs/stock.md): "nearest" (also "") takes the
	// default warehouse, then the nearest to the buyer; "most_stock" the
	// one holding most of the order's variants. Either way only a
	// warehouse holding every line is chosen.
	WarehouseRule shipping.WarehouseRule `json:"warehouse_rule,omitempty"`
	// OrderPrefix starts order numbers; "" is "INV".
	OrderPrefix string `json:"order_prefix,omitempty"`
	// MaxOpenUnpaidPerPhone caps the orders one phone may have waiting for
	// payment at once, so that no one buyer can hold the store's stock and
	// kode unik with unpaid orders; an order over it is refused with
	// too_many_unpaid_orders. Nil is DefaultMaxOpenUnpaidPerPhone; 0 is no
	// cap.
	MaxOpenUnpaidPerPhone *int `json:"max_open_unpaid_per_phone,omitempty"`
	// Fulfilment is who sends the parcels and what happens when one comes
	// back.
	Fulfilment Fulfilment `json:"fulfilment,omitzero"`
	// NPWP is the seller's tax number, as its tax documents name it.
	NPWP string `json:"npwp,omitempty"`
	// PaymentTerms are the payment terms in days the store accepts on a
	// procurement purchase (docs/procurement.md); nil accepts whatever
	// the platform allows.
	PaymentTerms []int `json:"payment_terms,omitempty"`
}

// Fulfilment are the settings of shipping orders out: the sender couriers
// print on labels and collect from.
type Fulfilment struct {
	SenderName    string `json:"sender_name,omitempty"`    // "" is the store's name
	SenderPhone   string `json:"sender_phone,omitempty"`   // "" is the customer service phone
	SenderAddress string `json:"sender_address,omitempty"` // the street address couriers collect from
	// RestockOnReturn is what happens to the units of a returned order:
	// manual (also "", the default) puts them back when the seller has
	// checked the parcel (Service.RestockReturned); automatic puts them
	// back, to the warehouse they left from, when the order is returned.
	RestockOnReturn RestockRule `json:"restock_on_return,omitempty"`
}

// MaxPaymentTermDays bounds a payment term of a procurement purchase.
const MaxPaymentTermDays = 365

// DefaultMaxOpenUnpaidPerPhone is the cap on one phone's orders waiting for
// payment when the settings set none.
const DefaultMaxOpenUnpaidPerPhone = 5

// Validate checks the settings.
func (s Settings) Validate() error {
	if err := s.Tax.Validate(); err != nil {
		return errs.At("tax", err)
	}
	if s.COD.Percent.Cmp(money.RateInt(100)) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: COD fee percent must be 0–100").WithField("cod.fee_percent")
	}
	if s.COD.Min < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: COD minimum fee must not be negative").WithField("cod.fee_min")
	}
	for i, m := range s.PaymentMethods {
		if !m.Valid() {
			return errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown payment method %q", m).WithField("payment_methods[" + itoa(i) + "]")
		}
		if !m.Offerable() {
			return errs.Invalidf(errs.CodeInvalidInput, "kasir: %q is the method of orders imported from a marketplace; a store cannot offer it", m).WithField("payment_methods[" + itoa(i) + "]")
		}
	}
	for i, a := range s.BankAccounts {
		if err := a.Validate(); err != nil {
			return errs.At("bank_accounts["+itoa(i)+"]", err)
		}
	}
	if s.UniqueCodes != (payment.CodeRange{}) {
		if err := s.UniqueCodes.Validate(); err != nil {
			return errs.At("unique_code_range", err)
		}
	}
	if s.ExpiryHours < 0 || s.ExpiryHours > payment.MaxExpiryHours {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: payment expiry must be 0–%d hours", payment.MaxExpiryHours).WithField("payment_expiry_hours")
	}
	if err := s.InvoiceTerms.Validate(); err != nil {
		return errs.At("invoice_terms", err)
	}
	if err := s.WarehouseRule.Validate(); err != nil {
		return errs.At("warehouse_rule", err)
	}
	if err := s.Fulfilment.RestockOnReturn.Validate(); err != nil {
		return errs.At("fulfilment.restock_on_return", err)
	}
	if err := s.Limits.Validate(); err != nil {
		return errs.At("limits", err)
	}
	for i, d := range s.PaymentTerms {
		if d < 0 || d > MaxPaymentTermDays {
			return errs.Invalidf(errs.CodeInvalidInput, "kasir: a payment term is 0–%d days, got %d", MaxPaymentTermDays, d).WithField("payment_terms[" + itoa(i) + "]")
		}
	}
	if s.MaxOpenUnpaidPerPhone != nil && *s.MaxOpenUnpaidPerPhone < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: the cap on unpaid orders per phone must not be negative").WithField("max_open_unpaid_per_phone")
	}
	if err := money.CheckAmount("additional_cost", s.AdditionalCost); err != nil || s.AdditionalCost < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: additional cost must be a rupiah amount ≥ 0").WithField("additional_cost")
	}
	return nil
}

// Option configures a Service.
type Option func(*Service)

// WithSettings sets the seller's settings.
func WithSettings(s Settings) Option { return func(svc *Service) { svc.settings = s } }

// WithLogger sets the logger for what the Service cannot return, such as an
// event that could not be published. The default discards nothing: it is
// slog.Default().
func WithLogger(l *slog.Logger) Option { return func(svc *Service) { svc.log = l } }

// WithBackgroundEvents makes the Service leave the delivery of events to
// its relay ([Service.Relay]), which the host runs with [Relay.Run]: after
// each change the Service only wakes it. Without it the Service delivers a
// change's events itself before it returns, and a relay is needed only for
// what a failing sink or a crash left behind.
func WithBackgroundEvents() Option { return func(svc *Service) { svc.background = true } }

// WithRelayOptions configures the relay the Service delivers events with.
func WithRelayOptions(opts ...RelayOption) Option {
	return func(svc *Service) { svc.relayOpts = append(svc.relayOpts, opts...) }
}

// WithLocation sets the time zone order numbers are dated in; the default is
// WIB (UTC+7).
func WithLocation(loc *time.Location) Option { return func(svc *Service) { svc.loc = loc } }

// Service is kasir's checkout: every use case a host application calls. It
// is safe for concurrent use; all state lives behind the ports.
type Service struct {
	deps     Deps
	settings Settings
	log      *slog.Logger
	loc      *time.Location
	methods  []payment.Method

	relay      *Relay // nil without Deps.Events
	background bool
	relayOpts  []RelayOption
}

// WIB is Western Indonesian Time, UTC+7, the default zone of order numbers.
var WIB = time.FixedZone("WIB", 7*60*60)

// New wires a Service. It returns invalid_input when a required port is
// missing or the settings are invalid.
func New(deps Deps, opts ...Option) (*Service, error) {
	s := &Service{deps: deps, log: slog.Default(), loc: WIB}
	for _, o := range opts {
		o(s)
	}
	switch {
	case deps.Catalog == nil:
		return nil, missing("Catalog")
	case deps.Store == nil:
		return nil, missing("Store")
	case deps.Locations == nil:
		return nil, missing("Locations")
	case deps.Clock == nil:
		return nil, missing("Clock")
	case deps.IDs == nil:
		return nil, missing("IDs")
	}
	if err := s.settings.Validate(); err != nil {
		return nil, err
	}
	if deps.Events != nil {
		opts := append([]RelayOption{RelayClock(deps.Clock), RelayLogger(s.log)}, s.relayOpts...)
		var err error
		if s.relay, err = NewRelay(deps.Store, deps.Events, opts...); err != nil {
			return nil, err
		}
	}
	if s.settings.UniqueCodes == (payment.CodeRange{}) {
		s.settings.UniqueCodes = payment.DefaultCodeRange()
	}
	if s.settings.ExpiryHours == 0 {
		s.settings.ExpiryHours = 24
	}
	if s.settings.OrderPrefix == "" {
		s.settings.OrderPrefix = "INV"
	}
	unpaid := DefaultMaxOpenUnpaidPerPhone
	if s.settings.MaxOpenUnpaidPerPhone != nil {
		unpaid = *s.settings.MaxOpenUnpaidPerPhone
	}
	s.settings.MaxOpenUnpaidPerPhone = &unpaid
	s.methods = slices.Clone(s.settings.PaymentMethods)
	if len(s.methods) == 0 {
		s.methods = []payment.Method{payment.COD, payment.BankTransfer}
		if deps.Gateway != nil {
			s.methods = append(s.methods, payment.Gateway)
		}
	}
	if slices.Contains(s.methods, payment.Gateway) && deps.Gateway == nil {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: the gateway method is offered but no gateway is plugged in").WithField("payment_methods")
	}
	if slices.Contains(s.methods, payment.BankTransfer) && len(s.settings.BankAccounts) == 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: bank transfer is offered but no bank account is set").WithField("bank_accounts")
	}
	return s, nil
}

func missing(name string) error {
	return errs.Invalidf(errs.CodeInvalidInput, "kasir: Deps.%s is required", name).WithField(name)
}

// Settings returns the settings the Service runs with, defaults filled in.
func (s *Service) Settings() Settings {
	c := s.settings
	c.PaymentMethods = slices.Clone(s.methods)
	c.BankAccounts = slices.Clone(c.BankAccounts)
	c.GatewayPayments = slices.Clone(c.GatewayPayments)
	unpaid := *c.MaxOpenUnpaidPerPhone
	c.MaxOpenUnpaidPerPhone = &unpaid
	return c
}

// PaymentMethods returns the methods the store offers.
func (s *Service) PaymentMethods() []payment.Method { return slices.Clone(s.methods) }

func (s *Service) now(ctx context.Context) time.Time { return s.deps.Clock.Now(ctx) }

// Now is the time on the Service's clock, the one overdue terms and
// deadlines are judged by.
func (s *Service) Now(ctx context.Context) time.Time { return s.now(ctx) }

// Relay returns the relay that delivers the store's outbox to
// Deps.Events, nil when there is none.
func (s *Service) Relay() *Relay { return s.relay }

// record appends an event to the unit's outbox, with a new id.
func (s *Service) record(ctx context.Context, tx ports.Tx, e ports.Event) error {
	id, err := s.deps.IDs.NewID(ctx)
	if err != nil {
		return err
	}
	e.ID = id
	return tx.AppendEvent(ctx, e)
}

// publish delivers the order's recorded events after their unit committed,
// or wakes the relay to. An event not delivered stays in the outbox.
func (s *Service) publish(ctx context.Context, orderID string) {
	switch {
	case s.relay == nil:
	case s.background:
		s.relay.Notify()
	default:
		if _, err := s.relay.deliver(ctx, orderID); err != nil {
			s.log.ErrorContext(ctx, "kasir: events not delivered", "order", orderID, "err", err)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
