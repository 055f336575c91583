package checkout_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

func validExternal() checkout.External {
	return checkout.External{
		Source: "shopee", Invoice: "241201QWERTY12",
		Items: []checkout.ExternalItem{
			{SKU: "GAYO-250-BIJI", Name: "Kopi Gayo 250gr", Quantity: 2, UnitPrice: 62000, Subtotal: 124000},
			{Name: "Topi Kopi", Quantity: 1, UnitPrice: 50000, Subtotal: 50000},
		},
		Subtotal: 174000, ShippingCost: 18000, Discount: 5000, Total: 187000,
		AirwayBill: "JP4417520938", Courier: "Reguler (Cashless)-J&T Express", Payment: "COD",
	}
}

func TestExternalValidate(t *testing.T) {
	t.Parallel()
	ok := validExternal()
	require.NoError(t, ok.Validate())
	for field, edit := range map[string]func(*checkout.External){
		"external.source":              func(e *checkout.External) { e.Source = " " },
		"external.invoice":             func(e *checkout.External) { e.Invoice = "INV\n1" },
		"external.courier":             func(e *checkout.External) { e.Courier = strings.Repeat("x", checkout.MaxExternalText+1) },
		"external.items":               func(e *checkout.External) { e.Items = nil },
		"external.items[1].quantity":   func(e *checkout.External) { e.Items[1].Quantity = 0 },
		"external.items[0].unit_price": func(e *checkout.External) { e.Items[0].UnitPrice = -1 },
		"external.subtotal":            func(e *checkout.External) { e.Subtotal = 174001 },
		"external.total":               func(e *checkout.External) { e.Total = money.MaxAmount + 1 },
		"external.shipping_cost":       func(e *checkout.External) { e.ShippingCost = -18000 },
	} {
		e := validExternal()
		e.Items = append([]checkout.ExternalItem(nil), e.Items...)
		edit(&e)
		err := e.Validate()
		require.Error(t, err, field)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), field)
		assert.Equal(t, field, errs.Field(err))
	}
}

// An external order keeps its record through a JSON round trip (how the
// stores keep orders) and a clone, is not editable and reads its grand
// total from the reported total.
func TestExternalOrder(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 12, 1, 9, 15, 0, 0, time.UTC)
	o, err := checkout.NewOrder("o1", "slug", at, checkout.Sale{Customer: checkout.Customer{Name: "Andi", Phone: "+6281311122233"}, Method: payment.Marketplace}, checkout.PaymentTerms{}, "import:shopee:241201QWERTY12")
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, o.Status(), "paid on the marketplace: nothing to wait for")
	assert.Equal(t, money.Money(0), o.GrandTotal())
	e := validExternal()
	o.External = &e
	assert.True(t, o.IsExternal())
	assert.Equal(t, money.Money(187000), o.GrandTotal())
	assert.False(t, o.Editable())
	assert.Equal(t, checkout.CodeOrderNotEditable, errs.Code(o.CheckEditable()))
	assert.Equal(t, checkout.CodeNotBookable, errs.Code(o.Bookable()))

	c := o.Clone()
	c.External.Items[0].Name = "changed"
	assert.Equal(t, "Kopi Gayo 250gr", o.External.Items[0].Name, "a clone shares nothing")

	b, err := json.Marshal(o)
	require.NoError(t, err)
	var back checkout.Order
	require.NoError(t, json.Unmarshal(b, &back))
	require.NotNil(t, back.External)
	assert.Equal(t, *o.External, *back.External)
	assert.Equal(t, payment.Marketplace, back.Payment.Method)
}
