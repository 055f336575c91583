package checkout

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// Error codes of the cart. A cart also returns catalog's invalid_quantity
// and out_of_stock (a *catalog.OutOfStockError) and errs.CodeInvalidInput.
const (
	CodeQuantityLimitExceeded = "quantity_limit_exceeded" // above CartLimits (Invalid)
	// CodePriceChanged (kind Conflict): a price the caller relied on is no
	// longer the price. The cart returns it for an item added again at
	// another unit price; kasir.Service returns it when the grand total a
	// buyer confirmed is not the total any more. Reading again and
	// confirming the new price succeeds.
	CodePriceChanged = "price_changed"
	// CodeTooManyLines (Invalid): more lines than CartLimits allow.
	CodeTooManyLines = "too_many_lines"
)

// DefaultMaxLines is the number of lines a cart holds when the seller sets
// no other limit.
const DefaultMaxLines = 100

// CartLimits are a seller's limits on what one order may hold. Zero
// quantities mean unlimited; kasir's own bound, catalog.MaxQuantity per line
// and per order, always applies. Zero MaxLines means [DefaultMaxLines]: a
// cart's size is always bounded.
type CartLimits struct {
	MaxLines         int   `json:"max_lines,omitempty"`          // lines a request may name, bundle lines included
	MaxLineQuantity  int64 `json:"max_line_quantity,omitempty"`  // units of one variant (or bundles of one price option)
	MaxOrderQuantity int64 `json:"max_order_quantity,omitempty"` // Σ line quantities; a bundle counts once
}

// Validate returns invalid_input when a limit is negative.
func (l CartLimits) Validate() error {
	if l.MaxLines < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: max_lines must not be negative, got %d", l.MaxLines).WithField("max_lines")
	}
	if l.MaxLineQuantity < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: max_line_quantity must not be negative, got %d", l.MaxLineQuantity).WithField("max_line_quantity")
	}
	if l.MaxOrderQuantity < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: max_order_quantity must not be negative, got %d", l.MaxOrderQuantity).WithField("max_order_quantity")
	}
	return nil
}

// Lines returns the number of lines a cart may hold: MaxLines, or
// [DefaultMaxLines] when it is 0.
func (l CartLimits) Lines() int {
	if l.MaxLines > 0 {
		return l.MaxLines
	}
	return DefaultMaxLines
}

// CheckLines returns too_many_lines, naming the field "lines", when a
// request of n lines (bundle lines included) is more than the limits allow.
// Check it before resolving the lines: it bounds the work a request costs.
func (l CartLimits) CheckLines(n int) error {
	if n > l.Lines() {
		return errs.Invalidf(CodeTooManyLines, "checkout: an order holds at most %d lines, got %d", l.Lines(), n).WithField("lines")
	}
	return nil
}

// Cart is the aggregate of the lines a buyer orders, resolved by the
// catalog. It changes only through [Cart.Add] and [Cart.AddChecked], which
// merge lines of the same variant (or the same bundle price option) and
// enforce the limits and stock, so that its [Cart.Items] are always what
// pricing, shipping, payment and the stock reservation may use.
//
// A bundle stays one priced line at its bundle price; it is expanded into
// its components for weight, goods value and stock.
//
// Errors of Add name the line by the order of the calls: the first call to
// Add (or AddChecked) is "lines[0]", the second "lines[1]", whether or not
// it merged into an earlier line or failed. A caller that adds a request's
// lines in order thus gets the request's line index.
//
// A cart holds at most [CartLimits.Lines] lines (counting the calls to
// Add): one more is too_many_lines. Adding a line costs the same however
// many lines the cart holds.
//
// A Cart is not safe for concurrent use.
type Cart struct {
	limits   CartLimits
	lines    []cartLine
	at       map[itemKey]int  // the line of each variant or bundle price option
	needs    map[string]int64 // units of each variant over all lines, bundles expanded
	adds     int
	quantity int64
	subtotal money.Money
}

type cartLine struct {
	line   catalog.Line
	origin int // the Add call that created it
}

// itemKey names what lines merge on: a variant, or a bundle price option.
type itemKey struct {
	bundle bool
	id     string
}

func keyOf(l catalog.Line) itemKey {
	if l.Kind() == catalog.BundleLine {
		return itemKey{bundle: true, id: l.PriceOptionID()}
	}
	return itemKey{id: l.VariantID()}
}

// NewCart returns an empty cart with the limits. Errors: invalid_input for a
// negative limit.
func NewCart(limits CartLimits) (*Cart, error) {
	if err := limits.Validate(); err != nil {
		return nil, err
	}
	return &Cart{limits: limits, at: map[itemKey]int{}, needs: map[string]int64{}}, nil
}

// Grow makes room for n more lines, so that adding them does not grow the
// cart again and again (a request of many lines knows how many it has). It
// changes nothing else.
func (c *Cart) Grow(n int) {
	if c == nil || n <= 0 {
		return
	}
	n = min(n, c.limits.Lines()) // no more can be added
	c.lines = slices.Grow(c.lines, n)
	if len(c.at) == 0 {
		c.at = make(map[itemKey]int, n)
	}
	if len(c.needs) == 0 {
		c.needs = make(map[string]int64, n)
	}
}

// Add puts a resolved line in the cart, merged with the line of the same
// variant or bundle price option if there is one. It does not check stock;
// see [Cart.AddChecked]. On error the cart is unchanged.
//
// Errors, with the field "lines[n]" (n counts the calls to Add):
// too_many_lines (field "lines") when the cart already had as many calls as
// its limits allow; invalid_input for a line not resolved from a catalog;
// quantity_limit_exceeded when the line's quantity (merged) is above
// MaxLineQuantity or the cart's total above MaxOrderQuantity;
// invalid_quantity when they are above catalog.MaxQuantity or the subtotal
// would exceed money.MaxAmount; price_changed when the line's variant or
// price option is already in the cart at another unit price.
func (c *Cart) Add(line catalog.Line) error {
	return c.AddChecked(line, nil)
}

// AddChecked is [Cart.Add] that also checks stock when stock is not nil:
// every variant the line takes (a bundle's components) is checked on its
// total over the whole cart after the addition, so two lines that share a
// variant cannot together take more than is left. Errors: those of Add, and
// *catalog.OutOfStockError (out_of_stock) naming the first short variant of
// the line, with the field "lines[n]". On error the cart is unchanged.
func (c *Cart) AddChecked(line catalog.Line, stock catalog.StockLevels) error {
	if c == nil {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: nil cart")
	}
	if err := c.limits.CheckLines(c.adds + 1); err != nil {
		return err
	}
	n := c.adds
	c.adds++
	at, merged, quantity, subtotal, err := c.plan(line, n)
	if err != nil {
		return err
	}
	needs := line.StockNeeds()
	if stock != nil {
		var added map[string]int64 // for a large bundle; a few needs are summed in place
		if len(needs) > 8 {
			added = make(map[string]int64, len(needs))
			for _, need := range needs {
				added[need.VariantID] += need.Quantity
			}
		}
		for i, need := range needs {
			more := added[need.VariantID]
			if added == nil {
				more = addedBy(needs, i)
			}
			want := c.needs[need.VariantID] + more
			if left := stock.Available(need.VariantID); left < want {
				return &catalog.OutOfStockError{VariantID: need.VariantID, SKU: need.SKU, Requested: want, Available: max(left, 0), Field: lineField(n)}
			}
		}
	}
	if c.at == nil {
		c.at, c.needs = map[itemKey]int{}, map[string]int64{}
	}
	if at >= 0 {
		c.lines[at].line = merged
	} else {
		c.at[keyOf(line)] = len(c.lines)
		c.lines = append(c.lines, cartLine{line: merged, origin: n})
	}
	for _, need := range needs {
		c.needs[need.VariantID] += need.Quantity
	}
	c.quantity, c.subtotal = quantity, subtotal
	return nil
}

// addedBy returns the units of needs[i]'s variant that needs take in all
// (a bundle may hold one variant twice).
func addedBy(needs []catalog.Need, i int) int64 {
	var q int64
	for _, n := range needs {
		if n.VariantID == needs[i].VariantID {
			q += n.Quantity
		}
	}
	return q
}

// lineField names the n-th call to Add: "lines[n]".
func lineField(n int) string { return "lines[" + strconv.Itoa(n) + "]" }

// plan returns where line goes (the index of the line it merges into, or
// -1), the line as it will be stored and the cart's totals with it added,
// without changing the cart; its errors name the n-th call to Add.
func (c *Cart) plan(line catalog.Line, n int) (int, catalog.Line, int64, money.Money, error) {
	fail := func(err error) (int, catalog.Line, int64, money.Money, error) { return 0, catalog.Line{}, 0, 0, err }
	field := func() string { return lineField(n) }
	qfield := func() string { return lineField(n) + ".quantity" }
	if !line.Kind().Valid() {
		return fail(errs.Invalidf(errs.CodeInvalidInput, "checkout: line was not resolved from the catalog").WithField(field()))
	}
	q := line.Quantity()
	at, ok := c.at[keyOf(line)]
	if !ok {
		at = -1
	}
	merged := line
	if at >= 0 {
		old := c.lines[at].line
		if old.UnitPrice() != line.UnitPrice() {
			return fail(errs.E(errs.Conflict, CodePriceChanged, fmt.Sprintf(
				"checkout: %s is already in the cart at %s, now at %s", line.Name(), old.UnitPrice(), line.UnitPrice())).WithField(field()))
		}
		q += old.Quantity() // both ≤ catalog.MaxQuantity: no overflow
	}
	if limit := c.limits.MaxLineQuantity; limit > 0 && q > limit {
		msg := fmt.Sprintf("checkout: at most %d of %s per order, got %d", limit, line.Name(), q)
		if at >= 0 {
			msg = fmt.Sprintf("checkout: at most %d of %s per order: %d in the cart and %d more make %d",
				limit, line.Name(), c.lines[at].line.Quantity(), line.Quantity(), q)
		}
		return fail(errs.Invalidf(CodeQuantityLimitExceeded, "%s", msg).WithField(qfield()))
	}
	total := c.quantity + line.Quantity()
	if limit := c.limits.MaxOrderQuantity; limit > 0 && total > limit {
		return fail(errs.Invalidf(CodeQuantityLimitExceeded,
			"checkout: at most %d items per order: %d in the cart and %d more make %d", limit, c.quantity, line.Quantity(), total).WithField(qfield()))
	}
	if total > catalog.MaxQuantity {
		return fail(errs.Invalidf(catalog.CodeInvalidQuantity,
			"checkout: an order holds at most %d items, got %d", catalog.MaxQuantity, total).WithField(qfield()))
	}
	subtotal := c.subtotal
	if at >= 0 {
		var err error
		if merged, err = c.lines[at].line.WithQuantity(q); err != nil {
			return fail(errs.At(field(), err))
		}
		subtotal -= c.lines[at].line.Subtotal()
	}
	subtotal += merged.Subtotal()
	if subtotal > money.MaxAmount {
		return fail(errs.Invalidf(catalog.CodeInvalidQuantity,
			"checkout: the order's subtotal would exceed %d", int64(money.MaxAmount)).WithField(qfield()))
	}
	return at, merged, total, subtotal, nil
}

// Items returns the cart's lines as items, in the order they were first
// added, with merged quantities: what the quote, shipping, payment and the
// stock reservation read (see [Items]).
func (c *Cart) Items() Items {
	if c == nil {
		return nil
	}
	out := make(Items, len(c.lines))
	for i, l := range c.lines {
		out[i] = ItemFromLine(l.line)
	}
	return out
}
