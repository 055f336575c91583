package ports

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
)

// PlatformScope is the store id under which a deployment keeps the records
// that belong to the platform rather than to one store: buyer accounts and
// procurement purchases. Their tables have the same store_id column first
// in every key as every store's records, holding PlatformScope, an id no
// store can have (ValidateStoreID refuses "_"), so no store handle ever
// reads or writes them.
const PlatformScope = "_platform"

// Error codes of the procurement records.
const (
	CodeBuyerAccountNotFound = "buyer_account_not_found"
	CodePurchaseNotFound     = "purchase_not_found"
)

// Errors of the procurement records.
var (
	ErrBuyerAccountNotFound = errs.E(errs.NotFound, CodeBuyerAccountNotFound, "ports: buyer account not found")
	ErrPurchaseNotFound     = errs.E(errs.NotFound, CodePurchaseNotFound, "ports: purchase not found")
)

// Bounds of a buyer account.
const (
	MaxBuyerAddresses  = 20
	MaxBuyerTextLength = 300 // bytes of a name, an address line, a label
)

// BuyerAccount is a company or office that buys through the platform's
// procurement checkout: the name and NPWP its tax documents carry, its
// buyer kind (which decides withholding, see package procurement) and its
// delivery addresses.
type BuyerAccount struct {
	ID          string         `json:"id"`
	CompanyName string         `json:"company_name"`
	NPWP        string         `json:"npwp"`
	Kind        string         `json:"kind"` // e.g. "regular", "bumn", "klpd"
	Addresses   []BuyerAddress `json:"addresses"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// BuyerAddress is one delivery address of a buyer account.
type BuyerAddress struct {
	Label      string `json:"label,omitempty"` // e.g. "Gudang pusat"
	Line       string `json:"line"`
	LocationID string `json:"location_id"`
	PostalCode string `json:"postal_code,omitempty"`
}

// Clone returns a deep copy.
func (a BuyerAccount) Clone() BuyerAccount {
	a.Addresses = slices.Clone(a.Addresses)
	return a
}

// Validate checks an account as stores take it: an id of 1 to 64 of a–z,
// A–Z, 0–9, "-" and "_"; a company name; an NPWP of 15 or 16 digits (dots
// and dashes allowed between them); a kind of 1 to 40 of a–z, 0–9, "_"
// and "-"; at most MaxBuyerAddresses addresses, each with a line and a
// location id; texts of at most MaxBuyerTextLength bytes of valid UTF-8
// without control characters. Whether the kind is one the platform
// defines is the caller's check. Errors: invalid_input naming the field.
func (a BuyerAccount) Validate() error {
	if !idLike(a.ID, 64, true) {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a buyer account id is 1 to 64 of a–z, A–Z, 0–9, \"-\" and \"_\"").WithField("id")
	}
	if strings.TrimSpace(a.CompanyName) == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a buyer account needs a company name").WithField("company_name")
	}
	if !plainText(a.CompanyName) {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: the company name is at most %d bytes of text", MaxBuyerTextLength).WithField("company_name")
	}
	if n := len(Digits(a.NPWP)); (n != 15 && n != 16) || strings.Trim(a.NPWP, "0123456789.-") != "" {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: an NPWP is 15 or 16 digits").WithField("npwp")
	}
	if !idLike(a.Kind, 40, false) {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a buyer kind is 1 to 40 of a–z, 0–9, \"_\" and \"-\"").WithField("kind")
	}
	if len(a.Addresses) > MaxBuyerAddresses {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a buyer account has at most %d addresses", MaxBuyerAddresses).WithField("addresses")
	}
	for i, ad := range a.Addresses {
		field := "addresses[" + itoa(i) + "]"
		switch {
		case strings.TrimSpace(ad.Line) == "" || !plainText(ad.Line):
			return errs.Invalidf(errs.CodeInvalidInput, "ports: an address needs a line of at most %d bytes of text", MaxBuyerTextLength).WithField(field + ".line")
		case strings.TrimSpace(ad.LocationID) == "" || !plainText(ad.LocationID):
			return errs.Invalidf(errs.CodeInvalidInput, "ports: an address needs a location id").WithField(field + ".location_id")
		case !plainText(ad.Label):
			return errs.Invalidf(errs.CodeInvalidInput, "ports: an address label is at most %d bytes of text", MaxBuyerTextLength).WithField(field + ".label")
		case strings.Trim(ad.PostalCode, "0123456789") != "" || len(ad.PostalCode) > 10:
			return errs.Invalidf(errs.CodeInvalidInput, "ports: a postal code is digits").WithField(field + ".postal_code")
		}
	}
	return nil
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}

func idLike(s string, max int, upper bool) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || upper && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func plainText(s string) bool {
	return len(s) <= MaxBuyerTextLength && utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0
}

// BuyerAccounts keeps the platform's buyer accounts (in PlatformScope).
type BuyerAccounts interface {
	// PutBuyerAccount stores a, replacing the account with its id (the
	// first CreatedAt is kept). Errors: invalid_input as
	// BuyerAccount.Validate returns it.
	PutBuyerAccount(ctx context.Context, a BuyerAccount) error
	// CreateBuyerAccount stores a new account: ErrDuplicate when its id is
	// taken, also by a concurrent create; invalid_input as
	// BuyerAccount.Validate returns it.
	CreateBuyerAccount(ctx context.Context, a BuyerAccount) error
	// BuyerAccount returns one: ErrBuyerAccountNotFound.
	BuyerAccount(ctx context.Context, id string) (BuyerAccount, error)
	// ListBuyerAccounts returns accounts by id from offset, at most limit
	// (≤ 0: all), and how many there are. Errors: invalid_input at
	// "offset" for a negative offset.
	ListBuyerAccounts(ctx context.Context, offset, limit int) ([]BuyerAccount, int, error)
	// DeleteBuyerAccount removes one: ErrBuyerAccountNotFound. Orders
	// placed for it keep the buyer as they named it.
	DeleteBuyerAccount(ctx context.Context, id string) error
}

// Purchase is a procurement purchase placed: the orders it became, one
// per seller, each in its seller's store.
type Purchase struct {
	ID string `json:"id"` // the checkout id every seller's order carries
	// IdempotencyKey, when not "", is the key the purchase was placed
	// with; RequestHash a digest of the request it came with.
	IdempotencyKey  string          `json:"idempotency_key,omitempty"`
	RequestHash     string          `json:"request_hash,omitempty"`
	BuyerAccountID  string          `json:"buyer_account_id"`
	PurchaseRequest string          `json:"purchase_request,omitempty"`
	PlacedAt        time.Time       `json:"placed_at"`
	Orders          []PurchaseOrder `json:"orders"`
}

// PurchaseOrder is one seller's order of a purchase.
type PurchaseOrder struct {
	Store   string `json:"store"`
	OrderID string `json:"order_id"`
	Number  string `json:"number"`
}

// Clone returns a deep copy.
func (p Purchase) Clone() Purchase {
	p.Orders = slices.Clone(p.Orders)
	return p
}

// PlatformTx is the platform's records as a unit of work across stores
// sees them.
type PlatformTx interface {
	// PurchaseByKey returns the purchase placed with an idempotency key:
	// ErrNotFound when there is none. It holds the key until the unit
	// ends, so two units placing with one key run one after another.
	PurchaseByKey(ctx context.Context, key string) (Purchase, error)
	// CreatePurchase stores a new purchase: ErrDuplicate when its id, or
	// its non-empty idempotency key, is taken; invalid_input for an empty
	// id or no orders.
	CreatePurchase(ctx context.Context, p Purchase) error
}

// Purchases reads the platform's purchases.
type Purchases interface {
	// Purchase returns one by id: ErrPurchaseNotFound.
	Purchase(ctx context.Context, id string) (Purchase, error)
	// ListPurchases returns the purchases of a buyer account ("" for
	// every account), newest first, from offset, at most limit (≤ 0:
	// all), and how many there are.
	ListPurchases(ctx context.Context, buyerAccountID string, offset, limit int) ([]Purchase, int, error)
}

// StoresUnitOfWork runs one unit of work across several stores: what a
// procurement purchase places in each seller's store, and the purchase
// itself, is committed together or not at all.
type StoresUnitOfWork interface {
	// AtomicStores runs fn with the platform's records and one Tx per
	// store of stores (txs[i] is stores[i]'s), with the guarantees of
	// UnitOfWork.Atomic: every write through any of them commits when fn
	// returns nil and none does when it returns an error (returned
	// unchanged) or panics; an adapter may run fn again. Errors: fn's;
	// invalid_input at "store" for an id ValidateStoreID refuses or one
	// given twice; internal for a nil fn.
	AtomicStores(ctx context.Context, stores []string, fn func(ctx context.Context, ptx PlatformTx, txs []Tx) error) error
}

// Procurement is the platform's side of procurement: buyer accounts,
// purchases and units of work across stores. The memory and PostgreSQL
// platforms provide it.
type Procurement interface {
	BuyerAccounts
	Purchases
	StoresUnitOfWork
}

// CheckUnitStores checks the store ids of a unit across stores: each valid
// and none twice.
func CheckUnitStores(stores []string) error {
	seen := make(map[string]bool, len(stores))
	for _, id := range stores {
		if err := ValidateStoreID(id); err != nil {
			return err
		}
		if seen[id] {
			return errs.Invalidf(errs.CodeInvalidInput, "ports: store %q is given twice", id).WithField("store")
		}
		seen[id] = true
	}
	return nil
}
