package webui

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/messages"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// langCookie remembers the language a visitor chose with ?lang=.
const langCookie = "kasir_lang"

// lang is the page language: ?lang=en|id (remembered in a cookie), else
// the cookie, else Indonesian.
func lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "id" {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "id") {
		return c.Value
	}
	return "id"
}

// rememberLang sets the language cookie when the request chose one.
func (h *handler) rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "id" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: h.base + "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.secure(r)})
	}
}

func tag(l string) language.Tag {
	if l == "en" {
		return language.English
	}
	return language.Indonesian
}

// t is a sentence of the interface in the request's language.
func (h *handler) t(r *http.Request, key string) string { return text(lang(r), key) }

func text(l, key string) string {
	if s, ok := dict[l][key]; ok {
		return s
	}
	if s, ok := dict["id"][key]; ok {
		return s
	}
	return key
}

// say is the sentence for an error: the messages catalog's for its code,
// else a generic one.
func (h *handler) say(r *http.Request, err error) string { return sayCode(lang(r), errs.Code(err)) }

func sayCode(l, code string) string {
	if s, ok := messages.Text(code, tag(l)); ok {
		return s
	}
	if s, ok := messages.Text("invalid_input", tag(l)); ok {
		return s
	}
	return code
}

// view is what every page template gets.
type view struct {
	Base     string
	Lang     string
	LangLink string // the same page in the other language
	LangName string // the other language's name
	L        map[string]string
	Store    string
	Signed   bool   // a dashboard session
	CSRF     string // the session's CSRF token, for every dashboard form
	Path     string
	Data     any
}

func (h *handler) pageData(r *http.Request, data any) *view {
	l := lang(r)
	other, name := "en", "English"
	if l == "en" {
		other, name = "id", "Bahasa Indonesia"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	link := url.URL{Path: h.base + r.URL.Path, RawQuery: q.Encode()}
	v := &view{Base: h.base, Lang: l, LangLink: link.String(), LangName: name, L: dict[l], Path: r.URL.Path, Data: data}
	if h.svc != nil {
		v.Store = h.svc.Settings().StoreName
	}
	if s := h.sessions.get(r, h.store); s != nil {
		v.Signed, v.CSRF = true, s.csrf
	}
	return v
}

// render executes a page and writes it with status.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	h.rememberLang(w, r)
	t, ok := h.pages[page]
	if !ok {
		h.log.ErrorContext(r.Context(), "webui: no such page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.log.ErrorContext(r.Context(), "webui: rendering page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fragment executes one named template of a page into a string, for the
// parts the form's script replaces.
func (h *handler) fragment(page, name string, v *view) (string, error) {
	var buf bytes.Buffer
	err := h.pages[page].ExecuteTemplate(&buf, name, v)
	return buf.String(), err
}

// pageNames are the templates/<name>.html files that are whole pages;
// layout.html and parts.html are parsed with each.
var pageNames = []string{"products", "form", "order", "error", "signin", "orders", "admin_order", "abandoned", "report", "batches", "import", "balance"}

func parsePages() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, p := range pageNames {
		t, err := template.New(p).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/"+p+".html")
		if err != nil {
			return nil, err
		}
		out[p] = t
	}
	return out, nil
}

var funcs = template.FuncMap{
	"rp":  func(m money.Money) string { return m.String() },
	"rpi": func(n int) string { return money.Format(int64(n)) },
	"t":   text,
	"status": func(l string, s checkout.Status) string {
		return text(l, "status_"+string(s))
	},
	"method": func(l string, m payment.Method) string { return text(l, "method_"+string(m)) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(kasir.WIB).Format("02-01-2006 15:04") + " WIB"
	},
	"day":  func(t time.Time) string { return t.In(kasir.WIB).Format("02-01-2006") },
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	"digits": func(s string) string {
		var b strings.Builder
		for _, c := range s {
			if c >= '0' && c <= '9' {
				b.WriteRune(c)
			}
		}
		return b.String()
	},
}
