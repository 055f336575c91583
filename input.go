package kasir

import (
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
)

// Every text a use case takes is checked against its kind of
// checkout.Text before anything is read or stored: too_long or
// invalid_text naming the field. A request's lines are counted against the
// store's limits before any is resolved: too_many_lines.

// idempotencyKey is the kind of an idempotency key: longer than an id, so
// that a host may scope a buyer's key (key plus phone).
var idempotencyKey = checkout.Text{Max: 200}

// texts are the texts of a request that break their kind's rules, in the
// order they are added: a text that follows them is not kept, and its
// field's name is not even built (check would pass it).
type texts []checkout.TextField

func (t texts) add(kind checkout.Text, field, value string) texts {
	return t.addAt(kind, "", field, value)
}

// addAt adds the text of the field prefix+name.
func (t texts) addAt(kind checkout.Text, prefix, name, value string) texts {
	if fine(kind, value) {
		return t
	}
	return append(t, checkout.TextField{Field: prefix + name, Value: value, Kind: kind})
}

func (t texts) check() error { return checkout.CheckTexts(t...) }

func (t texts) lines(list string, reqs []catalog.LineRequest) texts {
	for i, r := range reqs {
		if fine(checkout.IDText, r.SKU) && fine(checkout.IDText, r.VariantID) && fine(checkout.IDText, r.ProductID) &&
			fine(checkout.LineText, r.Options) && fine(checkout.IDText, r.PriceOptionID) {
			continue
		}
		at := list + "[" + itoa(i) + "]."
		t = t.addAt(checkout.IDText, at, "sku", r.SKU).
			addAt(checkout.IDText, at, "variant_id", r.VariantID).
			addAt(checkout.IDText, at, "product_id", r.ProductID).
			addAt(checkout.LineText, at, "options", r.Options).
			addAt(checkout.IDText, at, "price_option_id", r.PriceOptionID)
	}
	return t
}

// fine reports whether s follows the rules of its kind of text.
func fine(kind checkout.Text, s string) bool { return s == "" || kind.Check("", s) == nil }

func (t texts) customer(prefix string, c CustomerInput) texts {
	return t.addAt(checkout.NameText, prefix, "name", c.Name).
		addAt(checkout.IDText, prefix, "phone", c.Phone).
		addAt(checkout.EmailText, prefix, "email", c.Email)
}

func (t texts) address(a AddressInput) texts {
	return t.add(checkout.LineText, "address.line", a.Line).
		add(checkout.IDText, "address.location_id", a.LocationID).
		add(checkout.IDText, "address.postal_code", a.PostalCode)
}

// checkRequest bounds a quote or order request: its number of lines, then
// its texts and the order's own (more).
func (s *Service) checkRequest(r QuoteRequest, more texts) error {
	if err := s.settings.Limits.CheckLines(len(r.Lines) + len(r.Bundles)); err != nil {
		return err
	}
	return append(quoteTexts(r), more...).check()
}

func quoteTexts(r QuoteRequest) texts {
	return texts(nil).lines("lines", r.Lines).lines("bundles", r.Bundles).
		add(checkout.IDText, "location_id", r.LocationID).
		add(checkout.IDText, "courier", r.Courier).
		add(checkout.IDText, "service", r.Service).
		add(checkout.IDText, "payment_method", string(r.PaymentMethod)).
		add(checkout.IDText, "product_voucher", r.ProductVoucher).
		add(checkout.IDText, "shipping_voucher", r.ShippingVoucher).
		customer("customer.", r.Customer)
}

// orderTexts are an order request's texts beyond its quote request's.
func orderTexts(r OrderRequest) texts {
	return texts(nil).address(r.Address).
		add(checkout.NoteText, "notes", r.Notes).
		add(idempotencyKey, "idempotency_key", r.IdempotencyKey)
}

// checkChange bounds an order change's texts.
func checkChange(id string, ch OrderChange) error {
	t := texts(nil).add(checkout.IDText, "id", id).add(checkout.NoteText, "reason", ch.Reason)
	for _, f := range []struct {
		field string
		value *string
	}{{"courier", ch.Courier}, {"service", ch.Service}, {"product_voucher", ch.ProductVoucher}, {"shipping_voucher", ch.ShippingVoucher}} {
		if f.value != nil {
			t = t.add(checkout.IDText, f.field, *f.value)
		}
	}
	if ch.PaymentMethod != nil {
		t = t.add(checkout.IDText, "payment_method", string(*ch.PaymentMethod))
	}
	if ch.Customer != nil {
		t = t.customer("customer.", *ch.Customer)
	}
	if ch.Address != nil {
		t = t.address(*ch.Address)
	}
	return t.check()
}
