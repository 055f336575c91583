// Package checkout holds the buyer's side of an order before and as it is
// placed: the cart, and the rules for the customer's phone number. It is
// pure: no context, no I/O, no clock, no randomness.
//
// # Cart
//
// A [Cart] collects lines resolved by package catalog (by SKU, variant id,
// product id plus option path, or bundle price option id). Its [Items] (an
// order's too) give pricing, shipping and payment what they need:
//
//   - [Items.PricingLines] and [Items.Subtotal] for the quote (docs/quote.md):
//     one line per variant keyed by its SKU, one line per bundle price option
//     keyed by the price option id at the bundle price;
//   - [Items.WeightGrams] and [Items.GoodsValue] for shipping
//     (docs/shipping.md): bundles count their components, digital goods
//     count nothing;
//   - [Items.NeedsShipping] and [Items.CODAllowed]: a digital-only order
//     ships nothing and cannot be paid cash on delivery;
//   - [Items.StockNeeds] for the reservation (catalog.Stock.Reserve), bundles
//     expanded into their components.
//
// Lines of the same variant (or the same price option) merge; the merged
// quantity is checked again against the [CartLimits] and, with
// [Cart.AddChecked], against stock.
//
// A cart holds at most [CartLimits.Lines] lines, and adding a line costs
// the same however many it holds.
//
// # Text input
//
// [Text] kinds ([NameText], [LineText], [NoteText], [IDText], [SearchText],
// [EmailText]) bound every text a use case takes, in characters, and refuse
// control characters and bidi overrides: too_long, invalid_text.
//
// # Phone numbers
//
// [ParsePhone] and friends read Indonesian phone numbers as docs/phone.md describes.
//
// # Errors
//
// Errors carry stable codes and kinds from package errs (quantity_limit_exceeded,
// too_many_lines, too_long, invalid_text, price_changed, invalid_phone, phone_not_mobile, and catalog's
// invalid_quantity and out_of_stock) and name the offending field
// ("lines[2].quantity"). An error about a single value (a phone number)
// names none: the caller puts it at its own field with errs.At. Messages
// start with "checkout: ".
package checkout
