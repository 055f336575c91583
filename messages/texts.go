package messages

// texts is the catalog: one sentence per error code, in English and in
// Indonesian. Sentences hold no format verbs (they are printed with
// message.Printer.Sprintf) and no input values; the field at fault is
// reported apart.
var texts = []struct{ code, en, id string }{
	// Any request.
	{"invalid_input", "Some of the details given are not valid.", "Ada data yang tidak valid."},
	{"internal", "Something went wrong on our side. Please try again later.", "Terjadi kesalahan pada sistem kami. Silakan coba lagi nanti."},
	{"not_found", "This was not found.", "Data ini tidak ditemukan."},
	{"unavailable", "A service this request needs is not available right now. Please try again later.", "Layanan yang dibutuhkan sedang tidak tersedia. Silakan coba lagi nanti."},
	{"unauthorized", "You are not signed in, or your access key is wrong.", "Anda belum masuk, atau kunci akses Anda salah."},
	{"forbidden", "Your access key may not do this here.", "Kunci akses Anda tidak boleh melakukan ini di sini."},
	{"api_key_not_found", "This API key was not found.", "Kunci API ini tidak ditemukan."},
	{"already_exists", "This already exists.", "Data ini sudah ada."},
	{"too_long", "This text is too long.", "Teks ini terlalu panjang."},
	{"invalid_text", "This text holds characters that are not allowed.", "Teks ini berisi karakter yang tidak diperbolehkan."},

	// Reading the HTTP request.
	{"invalid_json", "The request body is not valid JSON.", "Isi permintaan bukan JSON yang valid."},
	{"unknown_field", "The request has a field that is not accepted here. Prices and totals are always computed by the server.", "Permintaan berisi kolom yang tidak diterima di sini. Harga dan total selalu dihitung oleh server."},
	{"duplicate_field", "The request gives the same field twice.", "Permintaan berisi kolom yang sama dua kali."},
	{"invalid_type", "A field in the request has the wrong type.", "Ada kolom dalam permintaan dengan tipe yang salah."},
	{"invalid_query", "A query parameter of the URL cannot be read.", "Ada parameter pada URL yang tidak dapat dibaca."},
	{"body_too_large", "The request is too large.", "Permintaan terlalu besar."},
	{"unsupported_media_type", "The request must be sent as JSON.", "Permintaan harus dikirim sebagai JSON."},
	{"rate_limited", "Too many requests. Please wait a moment and try again.", "Terlalu banyak permintaan. Silakan tunggu sebentar lalu coba lagi."},
	{"method_not_allowed", "This HTTP method is not allowed for this URL.", "Metode HTTP ini tidak diizinkan untuk URL ini."},

	// Products and the cart.
	{"unknown_sku", "There is no product with this SKU.", "Tidak ada produk dengan SKU ini."},
	{"unknown_variant", "This product variant does not exist.", "Varian produk ini tidak ada."},
	{"unknown_product", "This product does not exist.", "Produk ini tidak ada."},
	{"unknown_bundle", "This bundle does not exist.", "Paket ini tidak ada."},
	{"unknown_price_option", "This bundle option does not exist.", "Pilihan paket ini tidak ada."},
	{"ambiguous_options", "Choose one value for each option of the product.", "Pilih satu nilai untuk setiap pilihan produk."},
	{"product_unavailable", "This product is not for sale at the moment.", "Produk ini sedang tidak dijual."},
	{"out_of_stock", "There is not enough stock of this item.", "Stok barang ini tidak mencukupi."},
	{"kept_per_warehouse", "The stock of this item is kept per warehouse: change the stock of one of its warehouses.", "Stok barang ini dicatat per gudang: ubah stok di salah satu gudangnya."},
	{"invalid_quantity", "The quantity must be a whole number of at least 1.", "Jumlah harus bilangan bulat minimal 1."},
	{"quantity_limit_exceeded", "You cannot order this many units.", "Jumlah yang dipesan melebihi batas."},
	{"too_many_lines", "The order has too many items.", "Pesanan berisi terlalu banyak barang."},
	{"empty_cart", "The cart is empty.", "Keranjang belanja kosong."},
	{"price_changed", "The price has changed. Please check the new total.", "Harga telah berubah. Silakan periksa total yang baru."},

	// Vouchers.
	{"voucher_not_found", "This voucher code does not exist.", "Kode voucher ini tidak ada."},
	{"voucher_inactive", "This voucher is not active.", "Voucher ini tidak aktif."},
	{"voucher_not_started", "This voucher cannot be used yet.", "Voucher ini belum dapat digunakan."},
	{"voucher_expired", "This voucher has expired.", "Voucher ini sudah kedaluwarsa."},
	{"voucher_min_subtotal", "The order does not reach this voucher's minimum purchase.", "Belanja belum mencapai minimum pembelian voucher ini."},
	{"voucher_not_applicable", "This voucher does not apply to the items in the cart.", "Voucher ini tidak berlaku untuk barang di keranjang."},
	{"voucher_payment_method", "This voucher cannot be used with the chosen payment method.", "Voucher ini tidak dapat digunakan dengan metode pembayaran yang dipilih."},
	{"voucher_quota_exhausted", "This voucher has been used up.", "Kuota voucher ini sudah habis."},
	{"voucher_customer_limit", "You have already used this voucher as often as allowed.", "Anda sudah memakai voucher ini sebanyak batas yang diizinkan."},
	{"voucher_wrong_kind", "This voucher cannot be used in this slot: product and shipping vouchers are separate.", "Voucher ini tidak dapat dipakai di sini: voucher produk dan voucher ongkir dipisahkan."},

	// The buyer.
	{"invalid_phone", "This is not a valid phone number.", "Nomor telepon ini tidak valid."},
	{"phone_not_mobile", "Please give a mobile phone number.", "Mohon masukkan nomor ponsel."},
	{"phone_not_whatsapp", "This phone number is not on WhatsApp.", "Nomor telepon ini tidak terdaftar di WhatsApp."},

	// Shipping.
	{"unknown_location", "This delivery area is not known.", "Wilayah pengiriman ini tidak dikenal."},
	{"no_courier", "No courier delivers this order to this address.", "Tidak ada kurir yang mengirim pesanan ini ke alamat tersebut."},
	{"shipping_option_not_found", "The chosen courier service is not available for this order.", "Layanan kurir yang dipilih tidak tersedia untuk pesanan ini."},
	{"no_warehouse", "No warehouse has stock for every item of this order.", "Tidak ada gudang yang memiliki stok untuk semua barang pesanan ini."},
	{"insurance_not_available", "Shipping insurance is not available for this order.", "Asuransi pengiriman tidak tersedia untuk pesanan ini."},
	{"cod_not_available", "Cash on delivery is not available to this address with the chosen courier.", "COD tidak tersedia ke alamat ini dengan kurir yang dipilih."},
	{"cod_not_allowed", "Cash on delivery needs something to ship; it is not possible for this order.", "COD memerlukan barang yang dikirim; tidak bisa untuk pesanan ini."},
	{"cod_limit_exceeded", "The total is above the courier's limit for cash on delivery.", "Total melebihi batas COD kurir."},

	// Payment.
	{"payment_method_not_offered", "This payment method is not offered by the store.", "Metode pembayaran ini tidak tersedia di toko ini."},
	{"unique_code_exhausted", "Too many transfers of this amount are waiting for payment. Please try again later.", "Terlalu banyak transfer dengan nominal ini yang menunggu pembayaran. Silakan coba lagi nanti."},
	{"amount_held", "This transfer amount is already held by another order.", "Nominal transfer ini sudah dipakai pesanan lain."},
	{"payment_amount_mismatch", "The amount paid is not the amount due.", "Jumlah yang dibayar tidak sama dengan tagihan."},
	{"not_awaiting_payment", "This order is not waiting for payment.", "Pesanan ini tidak sedang menunggu pembayaran."},
	{"too_many_unpaid_orders", "This phone number already has too many orders waiting for payment. Please pay or cancel one first.", "Nomor telepon ini sudah memiliki terlalu banyak pesanan yang menunggu pembayaran. Silakan bayar atau batalkan salah satunya dulu."},
	{"order_not_bookable", "Only an order being processed, with a courier service, can be booked.", "Hanya pesanan yang sedang diproses dan memakai layanan kurir yang bisa di-booking."},
	{"no_airway_bill", "This order has no airway bill yet.", "Pesanan ini belum memiliki nomor resi."},
	{"shipments_not_configured", "No courier is connected to book or track parcels.", "Belum ada kurir yang terhubung untuk booking atau melacak paket."},
	{"order_not_ready_for_pickup", "This order is not booked, or is already in a pickup.", "Pesanan ini belum di-booking, atau sudah masuk pickup lain."},
	{"unknown_courier_webhook", "No courier webhook is set up under this name.", "Tidak ada webhook kurir dengan nama ini."},
	{"pickup_not_found", "The pickup was not found.", "Pickup tidak ditemukan."},
	{"booking_changed", "The order's booking changed meanwhile. Please try again.", "Booking pesanan ini berubah sementara itu. Silakan coba lagi."},
	{"booking_not_found", "The courier has no such booking.", "Kurir tidak mengenal booking ini."},
	{"booking_not_cancellable", "The courier has the parcel already, so the booking can no longer be cancelled.", "Paket sudah di tangan kurir, jadi booking tidak bisa dibatalkan lagi."},
	{"invalid_signature", "The notification's signature is not valid.", "Tanda tangan notifikasi tidak valid."},
	{"invalid_notification", "The payment notification cannot be read.", "Notifikasi pembayaran tidak dapat dibaca."},

	// Orders.
	{"order_not_found", "This order was not found.", "Pesanan tidak ditemukan."},
	{"checkout_not_found", "This checkout was not found.", "Checkout tidak ditemukan."},
	{"webhook_not_found", "This webhook endpoint was not found.", "Endpoint webhook tidak ditemukan."},
	{"print_batch_not_found", "This print batch was not found.", "Batch cetak ini tidak ditemukan."},
	{"idempotency_conflict", "This request key was already used for a different order.", "Kunci permintaan ini sudah dipakai untuk pesanan lain."},
	{"order_changed", "The order was changed at the same time. Please reload it and try again.", "Pesanan diubah pada saat yang sama. Silakan muat ulang lalu coba lagi."},
	{"order_not_editable", "This order can no longer be changed.", "Pesanan ini tidak dapat diubah lagi."},
	{"order_paid", "This order is already paid, so its amount cannot change.", "Pesanan ini sudah dibayar, jadi jumlahnya tidak dapat diubah."},
	{"invalid_transition", "The order cannot move to this status from its current one.", "Status pesanan tidak dapat diubah ke status ini dari status sekarang."},
	{"airway_bill_required", "An airway bill number (resi) is needed to mark the order as shipped.", "Nomor resi diperlukan untuk menandai pesanan sebagai dikirim."},
	{"label_unavailable", "This order cannot have a shipping label yet: it needs an airway bill (resi) and a parcel to ship.", "Pesanan ini belum dapat dibuatkan label pengiriman: perlu nomor resi dan paket yang dikirim."},

	// The seller's balance.
	{"insufficient_balance", "The amount is above the balance available to withdraw.", "Jumlah melebihi saldo yang dapat ditarik."},
	{"invalid_withdrawal_transition", "The withdrawal cannot move to this status from its current one.", "Status penarikan tidak dapat diubah ke status ini dari status sekarang."},
	{"withdrawal_not_found", "There is no such withdrawal.", "Penarikan saldo ini tidak ditemukan."},
	{"unknown_bank_account", "Withdrawals can only go to one of the store's bank accounts.", "Penarikan saldo hanya dapat dikirim ke salah satu rekening bank toko."},
	{"already_settled", "The COD cash of this order has already been remitted.", "Dana COD pesanan ini sudah dicairkan."},
	{"not_cod", "This order is not paid by cash on delivery (COD).", "Pesanan ini tidak dibayar dengan COD."},
	{"not_delivered", "This order has not been delivered yet.", "Pesanan ini belum diterima pembeli."},

	// Refunds and returned parcels.
	{"refund_exceeds_paid", "The refund is above what the buyer paid less the refunds made before.", "Pengembalian dana melebihi jumlah yang dibayar pembeli dikurangi pengembalian sebelumnya."},
	{"order_not_refundable", "Only a paid order that was cancelled or returned can be refunded.", "Hanya pesanan yang sudah dibayar lalu dibatalkan atau diretur yang dapat dikembalikan dananya."},
	{"refund_method_unavailable", "This order cannot be refunded through the payment gateway. Refund it by bank transfer.", "Pesanan ini tidak dapat dikembalikan dananya melalui payment gateway. Kembalikan dana lewat transfer bank."},
	{"refund_not_found", "There is no such refund.", "Pengembalian dana ini tidak ditemukan."},
	{"order_not_returned", "This order has not come back to the seller.", "Pesanan ini belum kembali ke penjual."},
	{"already_restocked", "The items of this returned order are already back in stock.", "Barang dari pesanan retur ini sudah dikembalikan ke stok."},

	// Importing orders from files and messages.
	{"invalid_amount", "This is not an amount of rupiah.", "Ini bukan nominal rupiah yang valid."},
	{"fractional_rupiah", "Amounts must be whole rupiah, without sen.", "Nominal harus rupiah bulat, tanpa sen."},
	{"missing_column", "The file has no column for this: name it in the column settings.", "Berkas tidak memiliki kolom untuk data ini: sebutkan nama kolomnya di pengaturan kolom."},
	{"invalid_weight", "This is not a weight in grams or kilograms.", "Ini bukan berat dalam gram atau kilogram yang valid."},
	{"unreadable_file", "The file or message cannot be read. Send CSV (UTF-8), XLSX, JSON rows or order text.", "File atau pesan tidak dapat dibaca. Kirim CSV (UTF-8), XLSX, baris JSON, atau teks pesanan."},
	{"unknown_marketplace", "The file's columns do not match any known marketplace or template.", "Kolom file tidak cocok dengan marketplace atau template yang dikenal."},
	{"missing_field", "The row lacks details an order needs.", "Baris ini tidak memuat data yang diperlukan pesanan."},
	{"product_not_matched", "No product in the catalog matches this item.", "Tidak ada produk di katalog yang cocok dengan barang ini."},
	{"ambiguous_product", "Several products match this item. Choose one.", "Beberapa produk cocok dengan barang ini. Pilih salah satu."},
	{"location_not_matched", "No delivery area matches this address.", "Tidak ada wilayah pengiriman yang cocok dengan alamat ini."},
	{"ambiguous_location", "Several delivery areas match this address. Choose one.", "Beberapa wilayah pengiriman cocok dengan alamat ini. Pilih salah satu."},
	{"unknown_courier", "The courier is not recognised.", "Kurir tidak dikenali."},

	// Outside providers (couriers, payment gateways, WhatsApp).
	{"provider_unavailable", "A partner service (courier or payment) is not responding. Please try again later.", "Layanan mitra (kurir atau pembayaran) tidak merespons. Silakan coba lagi nanti."},
	{"provider_unauthorized", "The store's access to a partner service was refused. Please contact the store.", "Akses toko ke layanan mitra ditolak. Silakan hubungi toko."},
	{"provider_rejected", "A partner service (courier or payment) refused the request.", "Layanan mitra (kurir atau pembayaran) menolak permintaan ini."},
	{"provider_bad_response", "A partner service gave an answer that cannot be read. Please try again later.", "Layanan mitra memberi jawaban yang tidak dapat dibaca. Silakan coba lagi nanti."},

	// Procurement: purchases from several sellers.
	{"unknown_seller", "An item belongs to a seller that is not known.", "Ada barang dari penjual yang tidak dikenal."},
	{"courier_required", "Choose a courier for every seller in the purchase.", "Pilih kurir untuk setiap penjual dalam pembelian."},
	{"payment_term_not_allowed", "This payment term is not offered.", "Jangka waktu pembayaran (tempo) ini tidak tersedia."},
	{"unknown_buyer_kind", "This kind of buyer is not known.", "Jenis pembeli ini tidak dikenal."},
	{"payment_exceeds_payable", "This payment is more than what is still owed.", "Pembayaran ini melebihi sisa tagihan."},
	{"buyer_account_not_found", "This buyer account does not exist.", "Akun pembeli ini tidak ada."},
	{"purchase_not_found", "This purchase does not exist.", "Pembelian ini tidak ada."},
	{"not_on_terms", "This order is not paid on terms.", "Pesanan ini tidak dibayar secara tempo."},

	// Store management: stores and their stored configuration.
	{"store_not_found", "This store does not exist.", "Toko ini tidak ada."},
	{"version_conflict", "Someone else saved the store's settings first. Reload them and make the change again.", "Pengaturan toko sudah disimpan orang lain lebih dulu. Muat ulang lalu ulangi perubahan."},
	{"config_not_found", "This store has no settings yet.", "Toko ini belum memiliki pengaturan."},
}
