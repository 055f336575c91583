package httpapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// TestBuyerBreakdownShowsOnlyTheBuyersFigures: the COD fee shows only when
// the buyer pays it, and the withheld taxes only when the buyer keeps them
// back; net profit and cashback have no field at all.
func TestBuyerBreakdownShowsOnlyTheBuyersFigures(t *testing.T) {
	t.Parallel()
	q := pricing.Quote{Subtotal: 160000, ShippingCost: 69000, ServiceFee: 6412, GrandTotal: 235412, ShippingCashback: 17250,
		Payable: 235412, NetProfit: 177250, ServiceFeePayer: pricing.Buyer}
	b := viewBuyerBreakdown(q)
	assert.Equal(t, money.Money(6412), b.ServiceFee, "the buyer pays the COD fee: it is on their bill")

	q.ServiceFeePayer, q.GrandTotal, q.Payable = pricing.Seller, 229000, 229000
	b = viewBuyerBreakdown(q)
	assert.Zero(t, b.ServiceFee, "the seller pays the COD fee: the buyer is not told it")
	assert.Equal(t, money.Money(229000), b.Payable)

	wapu := pricing.Quote{Subtotal: 2220000, GrandTotal: 2220000, PPN: 220000, PPh22: 30000, Withheld: 250000, Payable: 1970000}
	b = viewBuyerBreakdown(wapu)
	assert.Equal(t, money.Money(250000), b.Withheld, "a buyer who withholds tax sees it")
	assert.Equal(t, money.Money(30000), b.PPh22)
}

// viewJSONNames lists the JSON names encoding/json writes for a struct
// type, with the fields of embedded structs (exported or not) promoted.
func viewJSONNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, viewJSONNames(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// views maps each schema of the OpenAPI document that describes an answer
// to the view type the Handler writes it with.
var views = map[string]any{
	"Purchase":               purchaseView{},
	"PurchaseOrder":          purchaseOrderView{},
	"PurchaseTotals":         purchaseTotals{},
	"ProcurementFigures":     procurementView{},
	"BuyerBreakdown":         buyerBreakdown{},
	"SellerBreakdown":        sellerBreakdown{},
	"BuyerOrder":             buyerOrder{},
	"SellerOrder":            sellerOrder{},
	"BuyerShipment":          buyerShipment{},
	"SellerShipment":         sellerShipment{},
	"BuyerPayment":           buyerPayment{},
	"SellerPayment":          sellerPayment{},
	"BuyerQuotation":         buyerQuote{},
	"SellerQuotation":        sellerQuote{},
	"BuyerShippingOption":    buyerShippingOption{},
	"SellerShippingOption":   sellerShippingOption{},
	"VoucherEligibility":     voucherView{},
	"PhoneCheck":             phoneView{},
	"AbandonedCheckout":      abandonedView{},
	"AbandonedCheckoutAdmin": sellerAbandonedView{},
	"Item":                   itemView{},
	"BankAccount":            bankAccountView{},
	"Location":               locationView{},
	"Product":                productView{},
	"Variant":                variantView{},
	"Bundle":                 bundleView{},
	"PriceOption":            priceOptionView{},
	"ProductList":            productList{},
	"BatchResult":            batchResult{},
	"BatchResponse":          batchAnswer{},
	"OrderSummary":           summaryView{},
	"Error":                  ErrorBody{},
	"WebhookEndpoint":        webhookView{},
	"WebhookDelivery":        webhookDeliveryView{},
	"WebhookRequest":         webhookRequest{},
	"ConfigVersion":          configVersionView{},
	"ConfigSection":          configSectionView{},
	"ConfigImport":           importView{},
	"StoredVoucher":          storedVoucherView{},
	"ProductStatusRequest":   statusRequest{},
	"VoucherActiveRequest":   activeRequest{},
	"PrintBatch":             printBatchView{},
	"PrintBatchDetail":       printBatchDetail{},
	"PrintedOrder":           printedOrderView{},
	"Reprint":                ports.Reprint{},
	"ReprintRequest":         reprintRequest{},
	"DocumentsRequest":       documentsRequest{},
	"Balance":                balanceView{},
	"LedgerEntry":            entryView{},
	"Withdrawal":             withdrawalView{},
	"Report":                 reportView{},
	"ReportFigure":           figureView{},
	"ReportDay":              dayView{},
	"RemittanceResult":       remittanceView{},
	"RemittanceRow":          remittanceRowView{},
	"AdjustmentRequest":      adjustmentRequest{},
	"WithdrawalTransition":   withdrawalTransition{},
	"BookResult":             bookResult{},
	"BookResponse":           bookAnswer{},
	"BookManyRequest":        bookManyRequest{},
	"BookingCancelRequest":   bookingCancel{},
	"AirwayBillRequest":      airwayBillRequest{},
	"EmptyRequest":           emptyBody{},
	"Tracking":               trackingView{},
	"TrackingEvent":          checkout.TrackingRecord{},
	"BuyerTrackingEvent":     buyerTrackingEvent{},
	"Booking":                checkout.Booking{},
	"AirwayBillChange":       checkout.AirwayBillChange{},
	"PollReport":             kasir.PollReport{},
	"PushReport":             kasir.PushReport{},
	"Pickup":                 pickupView{},
	"PickupPage":             listPage[pickupView]{},
	"PickupDetail":           pickupDetailView{},
	"PickupOrder":            pickupOrderView{},
	"PackingLine":            kasir.PackingLine{},
}

// TestOpenAPISchemasAreTheViews: every answer schema names exactly the
// fields of the view the Handler writes, so the document cannot drift
// from the answers.
func TestOpenAPISchemasAreTheViews(t *testing.T) {
	t.Parallel()
	var d struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(openAPIDoc, &d))
	for name, v := range views {
		s, ok := d.Components.Schemas[name]
		if !assert.True(t, ok, "schema %s is missing", name) {
			continue
		}
		assert.Equal(t, viewJSONNames(reflect.TypeOf(v)), slices.Sorted(maps.Keys(s.Properties)), name)
	}
}

// TestBuyerViewsHaveNoSellerFields: the buyer's types cannot carry what
// the seller keeps.
func TestBuyerViewsHaveNoSellerFields(t *testing.T) {
	t.Parallel()
	for _, v := range []any{buyerBreakdown{}, buyerOrder{}, buyerQuote{}, buyerShippingOption{}, buyerShipment{}, buyerPayment{}} {
		names := viewJSONNames(reflect.TypeOf(v))
		for _, seller := range []string{"net_profit", "shipping_cashback", "service_fee_payer", "warehouse_id", "origin_id", "reference", "gateway_order_id", "idempotency_key"} {
			assert.NotContains(t, names, seller, "%T", v)
		}
	}
}

// TestPackageDocListsEveryRoute: the route lists of the package
// documentation are the route table and the platform's.
func TestPackageDocListsEveryRoute(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	line := regexp.MustCompile(`(?m)^//\t(GET|POST|PATCH|PUT|DELETE|OPTIONS)\s+(/\S*?)(\?\S*)?(\s|$)`)
	var documented []string
	for _, m := range line.FindAllStringSubmatch(string(src), -1) {
		documented = append(documented, m[1]+" "+m[2])
	}
	var served []string
	for _, rt := range append(Routes(), PlatformRoutes()...) {
		served = append(served, rt.Method+" "+rt.Path)
	}
	slices.Sort(documented)
	slices.Sort(served)
	assert.Equal(t, served, documented)
	assert.NotRegexp(t, `(?i)same body answers 201`, string(src), "a replay answers 200")
}

// TestSellerShipmentReturnIsReturnTermsJSON: the return terms of a seller's
// shipment are written as plain fields, in exactly the bytes
// pricing.ReturnTerms' own MarshalJSON writes (the answer shown before it
// was so): the default 100, a custom percent, 0, a fraction, the COD fee.
func TestSellerShipmentReturnIsReturnTermsJSON(t *testing.T) {
	t.Parallel()
	// oldSellerShipment is sellerShipment as it was, with the terms encoded
	// by their MarshalJSON.
	type oldSellerShipment struct {
		buyerShipment
		WarehouseID string              `json:"warehouse_id,omitempty"`
		OriginID    string              `json:"origin_id,omitempty"`
		Return      pricing.ReturnTerms `json:"return"`
	}
	terms := []pricing.ReturnTerms{{}}
	for _, p := range []string{"", "100", "50", "12.5", "0", "33.333", "100/3"} {
		for _, cod := range []bool{false, true} {
			rt, err := pricing.ParseReturnTerms(p, cod)
			require.NoError(t, err, p)
			terms = append(terms, rt)
		}
	}
	for _, rt := range terms {
		s := &checkout.Shipment{Courier: "jne", Service: "REG", Price: 18000, WarehouseID: "wh-1", OriginID: "31.71", Return: rt}
		v := viewSellerShipment(s)
		want, err := json.Marshal(oldSellerShipment{buyerShipment: v.buyerShipment, WarehouseID: v.WarehouseID, OriginID: v.OriginID, Return: rt})
		require.NoError(t, err)
		got, err := json.Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
		assert.Contains(t, string(got), `"return":{"return_percent":`)
	}
}

// BenchmarkSellerShipmentJSON encodes a seller's shipment with its return
// terms as plain fields (view) and, in the same run, as they were encoded
// before, through pricing.ReturnTerms' MarshalJSON (marshaler):
// go test -run x -bench SellerShipmentJSON -benchmem ./adapters/httpapi
func BenchmarkSellerShipmentJSON(b *testing.B) {
	type oldSellerShipment struct {
		buyerShipment
		WarehouseID string              `json:"warehouse_id,omitempty"`
		OriginID    string              `json:"origin_id,omitempty"`
		Return      pricing.ReturnTerms `json:"return"`
	}
	rt, err := pricing.ParseReturnTerms("50", true)
	require.NoError(b, err)
	s := &checkout.Shipment{Courier: "jne", Service: "REG", Price: 18000, WarehouseID: "wh-1", OriginID: "31.71", Return: rt}
	v := viewSellerShipment(s)
	old := oldSellerShipment{buyerShipment: v.buyerShipment, WarehouseID: v.WarehouseID, OriginID: v.OriginID, Return: rt}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for name, x := range map[string]any{"view": v, "marshaler": &old} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := enc.Encode(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
