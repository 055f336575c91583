package importing

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
)

// MaxChatInput is the longest chat text [ParseChat] reads, in bytes.
const MaxChatInput = 1 << 20

// chatField is what a label of an order message fills.
type chatField uint8

const (
	chatNone chatField = iota
	chatName
	chatPhone
	chatAddress
	chatDistrict
	chatCity
	chatProvince
	chatPostal
	chatItems
	chatCourier
	chatPayment
	chatNotes
)

// chatLabels maps a label, lower case with dots and extra spaces removed,
// to its field.
var chatLabels = map[string]chatField{}

func init() {
	for f, labels := range map[chatField][]string{
		chatName:     {"nama", "nama penerima", "penerima", "nama lengkap", "name", "atas nama", "an", "nama pembeli", "nama customer"},
		chatPhone:    {"no hp", "nohp", "hp", "no telp", "notelp", "telp", "telpon", "telepon", "no wa", "nowa", "wa", "whatsapp", "no whatsapp", "nomor hp", "nomer hp", "no handphone", "handphone", "phone", "no tlp", "tlp", "kontak", "nomor wa", "nomer wa", "no hp/wa", "hp/wa", "no telepon", "nomor telepon"},
		chatAddress:  {"alamat", "alamat lengkap", "alamat pengiriman", "alamat kirim", "address", "alamat rumah"},
		chatDistrict: {"kecamatan", "kec"},
		chatCity:     {"kota", "kabupaten", "kab", "kota/kab", "kota/kabupaten", "kab/kota", "city"},
		chatProvince: {"provinsi", "prov", "propinsi"},
		chatPostal:   {"kode pos", "kodepos", "kd pos", "kdpos", "zip"},
		chatItems:    {"pesan", "pesanan", "order", "orderan", "produk", "barang", "item", "items", "beli", "mau pesan", "pesan barang", "nama barang", "nama produk", "detail pesanan", "list order"},
		chatCourier:  {"kurir", "ekspedisi", "jasa kirim", "pengiriman", "expedisi", "jasa pengiriman", "ongkir via"},
		chatPayment:  {"pembayaran", "bayar", "metode bayar", "metode pembayaran", "payment"},
		chatNotes:    {"catatan", "note", "notes", "keterangan", "ket", "catatan pesanan"},
	} {
		for _, l := range labels {
			chatLabels[l] = f
		}
	}
}

var (
	labelSpaceRE = regexp.MustCompile(`\s+`)
	numberedRE   = regexp.MustCompile(`^\d{1,2}[.)]\s+`)
	phoneLikeRE  = regexp.MustCompile(`(?:\+?62|0)[\s.-]?8[0-9][0-9\s.-]{6,14}[0-9]`)
)

// label splits "Nama : Budi" into its field and value; ok is false when
// the line starts with no known label.
func label(line string) (chatField, string, bool) {
	i := strings.IndexAny(line, ":=")
	if i <= 0 || i > 30 {
		return chatNone, "", false
	}
	l := strings.ToLower(strings.Trim(line[:i], " \t*_~-•."))
	l = strings.ReplaceAll(l, ".", " ")
	l = labelSpaceRE.ReplaceAllString(strings.TrimSpace(l), " ")
	l = strings.ReplaceAll(l, " / ", "/")
	f, ok := chatLabels[l]
	if !ok {
		return chatNone, "", false
	}
	return f, strings.TrimSpace(strings.Trim(line[i+1:], " \t*_~")), true
}

// ParseChat reads order messages pasted from WhatsApp: lines such as
// "Nama: …", "No HP: …", "Alamat: …" (which may go on over the next lines),
// "Pesan: 2x Kopi Gayo 250g biji" (one item a line or comma-separated),
// with the label in any case, with or without bold marks, numbering or
// spaces around the colon, and its common variants ("No. WA", "Penerima",
// "Alamat lengkap", "Orderan" …). Lines before the first label (a
// greeting) are skipped. A label met again starts the next order, so a
// paste of several messages gives several orders. A message without a
// phone label takes the first phone-like number it holds.
//
// Each order's Source is "chat", its Row the line it starts on and its
// Errors the items whose quantity could not be read. Errors:
// unreadable_file when the text is longer than [MaxChatInput], is not
// UTF-8 text, or holds no labelled line.
func ParseChat(text string) ([]Order, error) {
	if len(text) > MaxChatInput {
		return nil, errs.Invalidf(CodeUnreadableFile, "importing: the message is longer than %d bytes", MaxChatInput)
	}
	if err := checkUTF8(text); err != nil {
		return nil, err
	}
	var (
		out   []Order
		cur   *Order
		seen  map[chatField]bool
		last  = chatNone
		loose []string // unlabelled lines of the current order
	)
	flush := func() {
		if cur == nil {
			return
		}
		if cur.Phone == "" {
			for _, l := range loose {
				if m := phoneLikeRE.FindString(l); m != "" {
					cur.Phone = m
					break
				}
			}
		}
		cur.finish()
		out = append(out, *cur)
		cur, loose = nil, nil
	}
	for n, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), "*_~"))
		line = numberedRE.ReplaceAllString(line, "")
		if line == "" || strings.Trim(line, "-=_*~ ") == "" {
			if last != chatAddress && last != chatItems && last != chatNotes {
				last = chatNone
			}
			continue
		}
		f, val, ok := label(line)
		if !ok {
			switch {
			case cur == nil:
				continue
			case last == chatAddress:
				cur.Address.Line = joinLine(cur.Address.Line, line)
			case last == chatItems:
				cur.addItems(line, n+1)
			case last == chatNotes:
				cur.Notes = joinLine(cur.Notes, line)
			default:
				loose = append(loose, line)
			}
			continue
		}
		if cur != nil && seen[f] && f != chatItems {
			flush()
		}
		if cur == nil {
			cur, seen = &Order{Row: n + 1, Source: SourceChat}, map[chatField]bool{}
		}
		seen[f], last = true, f
		switch f {
		case chatName:
			cur.Name = val
		case chatPhone:
			cur.Phone = val
		case chatAddress:
			cur.Address.Line = joinLine(cur.Address.Line, val)
		case chatDistrict:
			cur.Address.District = val
		case chatCity:
			cur.Address.City = val
		case chatProvince:
			cur.Address.Province = val
		case chatPostal:
			cur.Address.PostalCode = strings.ReplaceAll(val, " ", "")
		case chatItems:
			if val != "" {
				cur.addItems(val, n+1)
			}
		case chatCourier:
			cur.Courier = val
		case chatPayment:
			cur.Payment = val
		case chatNotes:
			cur.Notes = joinLine(cur.Notes, val)
		}
	}
	flush()
	if len(out) == 0 {
		return nil, errs.Invalidf(CodeUnreadableFile, "importing: the message holds no labelled line such as \"Nama: …\"")
	}
	return out, nil
}

func joinLine(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

var (
	bulletRE    = regexp.MustCompile(`^[-•*+>]+\s*`)
	priceTailRE = regexp.MustCompile(`(?i)\s*(?:@|=|:)?\s*(?:rp\.?|idr)\s*[0-9][0-9.,]*(?:,-)?\s*(?:/\s*\w+)?\s*$`)
	qtyHeadRE   = regexp.MustCompile(`(?i)^(\d{1,5})\s*(?:x|×|pcs|pc|buah|bh|pack|pak|bks|botol|btl|bungkus)?\s*[x×]?\s+(.+)$`)
	qtyTailRE   = regexp.MustCompile(`(?i)^(.+?)\s*(?:[x×]\s*(\d{1,5})|\(?\s*(\d{1,5})\s*(?:pcs|pc|buah|bh|pack|pak|bks|botol|btl|bungkus)\s*\)?|\(\s*(\d{1,5})\s*\)|\s[=:]\s*(\d{1,5}))$`)
	unitHeadRE  = regexp.MustCompile(`(?i)^(?:g|gr|gram|kg|ml|l|liter|cm|mm)\b`)
)

// addItems reads one line of a Pesan field: one item, or several
// separated by commas or semicolons when each starts with a quantity.
func (o *Order) addItems(line string, row int) {
	parts := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' })
	if len(parts) > 1 {
		for _, p := range parts {
			if !qtyHeadRE.MatchString(strings.TrimSpace(bulletRE.ReplaceAllString(strings.TrimSpace(p), ""))) {
				parts = []string{line}
				break
			}
		}
	}
	for _, p := range parts {
		it, ok := parseItem(p)
		if !ok {
			o.Errors = append(o.Errors, invalid(catalog.CodeInvalidQuantity, "items["+strconv.Itoa(len(o.Items))+"].quantity", "line %d: %.60q has no quantity from 1 to 10000", row, p))
			continue
		}
		if it.Name != "" {
			o.Items = append(o.Items, it)
		}
	}
}

// parseItem reads "2x Kopi Gayo 250g biji", "Kopi Gayo x2", "Kopi (2
// pcs)", "Kopi Gayo = 2", "- Kopi Gayo @Rp65.000"; an item without a
// quantity is one. ok is false for a quantity out of range.
func parseItem(s string) (Item, bool) {
	s = strings.TrimSpace(bulletRE.ReplaceAllString(strings.TrimSpace(s), ""))
	s = strings.TrimSpace(priceTailRE.ReplaceAllString(s, ""))
	q := "1"
	if m := qtyHeadRE.FindStringSubmatch(s); m != nil && !unitHeadRE.MatchString(m[2]) {
		q, s = m[1], m[2]
	} else if m := qtyTailRE.FindStringSubmatch(s); m != nil {
		s = m[1]
		for _, g := range m[2:] {
			if g != "" {
				q = g
			}
		}
	}
	n, err := strconv.ParseInt(q, 10, 64)
	if err != nil || n < 1 || n > 10_000 {
		return Item{}, false
	}
	return Item{Name: strings.TrimSpace(strings.Trim(s, " -–,.")), Quantity: n}, true
}
