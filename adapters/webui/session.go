package webui

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// sessionCookie holds a dashboard session's id.
const sessionCookie = "kasir_session"

// maxSessions bounds the sessions kept at once; signing in past it drops
// the oldest.
const maxSessions = 10000

type session struct {
	id      string
	csrf    string
	store   string // the store signed into; the session opens no other
	role    string
	name    string // who signed in, as the records show it
	expires time.Time
	pending *pendingImport // an import previewed, waiting for its commit
}

// sessions are the dashboard's signed-in browsers, in memory: a restart
// signs everyone out. Safe for concurrent use.
type sessions struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	m   map[string]*session
}

func newSessions(ttl time.Duration, now func() time.Time) *sessions {
	return &sessions{ttl: ttl, now: now, m: map[string]*session{}}
}

func token() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// start opens a session of who in store.
func (s *sessions) start(store string, who identity) *session {
	ss := &session{id: token(), csrf: token(), store: store, role: who.role, name: who.name, expires: s.now().Add(s.ttl)}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for id, x := range s.m {
		if now.After(x.expires) {
			delete(s.m, id)
		}
	}
	if len(s.m) >= maxSessions {
		var oldest *session
		for _, x := range s.m {
			if oldest == nil || x.expires.Before(oldest.expires) {
				oldest = x
			}
		}
		delete(s.m, oldest.id)
	}
	s.m[ss.id] = ss
	return ss
}

// get is the request's live session in store, or nil: a session of
// another store is none.
func (s *sessions) get(r *http.Request, store string) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.m[c.Value]
	if ss == nil || ss.store != store {
		return nil
	}
	if s.now().After(ss.expires) {
		delete(s.m, ss.id)
		return nil
	}
	return ss
}

func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

// validCSRF reports whether the form carries the session's CSRF token.
func (ss *session) validCSRF(r *http.Request) bool {
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(ss.csrf)) == 1
}

// secure reports whether cookies set on r are Secure.
func (h *handler) secure(r *http.Request) bool { return r.TLS != nil || h.cfg.SecureCookies }

func (h *handler) setSession(w http.ResponseWriter, r *http.Request, ss *session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: ss.id, Path: h.base + "/admin", Expires: ss.expires,
		MaxAge: int(h.cfg.SessionTTL / time.Second), HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteStrictMode})
}

func (h *handler) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: h.base + "/admin", MaxAge: -1,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteStrictMode})
}

// keepImport keeps pi as the session's import waiting for its commit,
// replacing any other.
func (s *sessions) keepImport(ss *session, pi *pendingImport) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss.pending = pi
}

// pendingImport is the session's import waiting for its commit, when its
// id is id; nil otherwise.
func (s *sessions) pendingImport(ss *session, id string) *pendingImport {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss.pending == nil || id == "" || subtle.ConstantTimeCompare([]byte(id), []byte(ss.pending.id)) != 1 {
		return nil
	}
	return ss.pending
}
