// Package webui serves a store's pages in the browser: the buyer's
// checkout (a product list, a mobile-first order form and the order page)
// and the seller's dashboard (orders by status, an order's actions,
// abandoned checkouts and a report). [New] is an http.Handler over one
// store's *kasir.Service; [NewStores] serves many stores (the default one
// at /, the others under /s/{store}/), each request on its store's latest
// Service, each dashboard signed into with its store's API keys. Pages are
// built with html/template and a little plain JavaScript embedded in the
// binary; the package owns no listener.
//
// # Pages
//
// Public, under Config.BasePath:
//
//	GET  /                   the published products and bundles
//	GET  /beli/{product_id}  the order form of a product (GET /paket/{bundle_id} for a bundle)
//	POST /beli/{product_id}  place the order; 303 to the order page, or the form again with the refusal
//	POST /beli/{id}/harga    the form priced again: shipping options, voucher, breakdown (JSON with HTML parts)
//	GET  /cek-nomor?number=  the WhatsApp number checked as it is typed (JSON)
//	GET  /lokasi?q=          destinations for the address (JSON)
//	POST /tinggal            the form left with a name and phone: an abandoned checkout
//	GET  /o/{secret_slug}    the buyer's order page
//	GET  /o/{secret_slug}/faktur  the order's invoice (PDF)
//
// The dashboard, under /admin, needs Config.Authenticate (see [AdminToken])
// or, with [NewStores], the store's API keys: sign-in, orders, an order's
// page and actions, abandoned checkouts, label printing and its batches,
// export, import, the balance and withdrawals, and the report.
//
// # Rules
//
// No amount is computed in the browser: the form posts what the buyer chose
// and the server answers with the Service's quote, rendered. The order is
// placed with the form's own idempotency key, so a double tap or a resent
// form makes one order. Error sentences come from package messages, in
// Indonesian by default, English with ?lang=en (remembered in a cookie).
//
// Dashboard sessions live in memory (a restart signs everyone out), in an
// HttpOnly, SameSite=Strict cookie that is Secure over TLS (or with
// Config.SecureCookies); every dashboard form carries the session's CSRF
// token and a post without it is refused with 403. The buyer's posts
// that write and the sign-in attempts are rate limited per client
// (Config.RateLimit, Config.SignInsPerMinute): 429 with Retry-After.
package webui
