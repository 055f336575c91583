// Package importing reads orders that sellers bring from elsewhere —
// marketplace exports, the seller's own spreadsheet template, JSON rows
// and order messages pasted from WhatsApp — and detects what each one
// asks for: the products in the catalog, the delivery location, the
// courier and service, with a confidence and the closest alternatives.
//
// It is pure: it reads bytes and values and returns values; placing the
// detected orders is the Service's job (kasir.Service.PreviewImport and
// CommitImport).
//
// # Indonesian data
//
// [ParseAmount] reads rupiah as Indonesians write them: "50.000",
// "Rp 61.000", "Rp61.000,-", "1.250.000,00", and also the plain "61000"
// or "61000.00" of exports. An amount with a fraction of a rupiah other
// than zero ("1.250.000,50") is refused with fractional_rupiah: kasir's
// amounts are whole rupiah and an amount someone else reported is not
// rounded silently. [ParseWeight] reads "100 gr", "1,2 kg", "250g" into
// grams (a fraction of a gram rounds up, as a parcel is never lighter).
// Phones go through checkout.ParseMobile.
//
// # Marketplace mappings
//
// The columns of each marketplace's export are data: one JSON file per
// marketplace under mappings/, embedded in the package and read with the
// module's strict JSON decoder ([Mappings]). A new marketplace is a new
// file. [ReadTable] reads CSV (comma, semicolon or tab separated), XLSX and
// JSON rows; [DetectMapping] picks the mapping whose headers match best;
// [Extract] turns a table into [Order]s, one per invoice.
//
// # Detection
//
// [Detect] turns an [Order] into a [Detection]: the phone read as a
// mobile number, each item's variant ([ProductIndex.Match]: the SKU when
// the catalog has it, otherwise the words of the name and variation —
// lower case, "250 gr" read as "250g", typos of a letter — against each
// published variant's product name and option values), the location
// ([Gazetteer.Match]: postal code, then district and city names, with
// "KAB."/"KOTA"/"KEC." left aside and common short names such as
// "Jaksel" known) and the courier and service ([DetectCourier], from an
// embedded table of names). Each part has a confidence from 0 to 1 and up
// to [MaxAlternatives] alternatives; a best score below [Accept] is no
// match, and a runner-up within [Margin] of it makes the part ambiguous.
//
// # Errors
//
// Every problem is a coded *errs.Error of kind Invalid naming the field:
// invalid_amount, fractional_rupiah, invalid_weight, invalid_quantity,
// unreadable_file, unknown_marketplace, missing_field, product_not_matched,
// ambiguous_product, location_not_matched, ambiguous_location,
// unknown_courier, and the phone codes of checkout.
package importing
