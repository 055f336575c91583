// Package storefile reads a seller's store from one JSON file: the checkout
// settings, bank accounts, locations and warehouses, products and
// variants, bundles, vouchers and an offline courier rate card. [Parse]
// and [Load] check everything and return a [Store] ready to wire into a
// kasir.Service, so a host that serves its own store does not copy the
// example server's code:
//
//	st, err := storefile.Load("store.json")
//	if err != nil { … } // errs.Field(err) names the field, e.g. "vouchers[2].kind"
//	orders, err := memory.NewStore(memory.WithStock(st.Catalog.InitialStock().Levels()), memory.WithVouchers(st.Vouchers...))
//	svc, err := kasir.New(kasir.Deps{Catalog: memory.NewCatalog(st.Catalog), Store: orders,
//		Locations: st.Card, Warehouses: st.Card, Couriers: st.Card, …}, kasir.WithSettings(st.Settings))
//
// [Format] is the same format as a kasir.ConfigFormat, for kasir.Stores:
// a store keeps the file without its "vouchers" as its configuration
// document (vouchers are records of their own), and an import splits a
// file into the two.
//
// The file's format, field by field, is in examples/server/README.md, and
// examples/server/demo.json is a complete example. Amounts are whole rupiah
// as JSON integers; percentages and factors are decimal strings ("2.8",
// "11/12"); times are RFC 3339.
//
// # Errors
//
// The JSON is read with the module's strict decoder: names match exactly,
// and every error is kind errs.Invalid naming the field as a path, read
// with errs.Field. invalid_json is a malformed, empty or cut-short document
// or data after it; unknown_field a field the format does not have;
// duplicate_field a key given twice; invalid_type a value of the wrong
// JSON type. A value the settings, catalogue, vouchers or rate card refuse
// is invalid_input, or the domain's own code for the rule broken
// (unknown_sku for a bundle component not in the catalogue, invalid_phone
// for the customer service phone).
package storefile
