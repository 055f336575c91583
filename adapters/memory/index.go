package memory

import (
	"maps"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// orderIndex is what listings read: the committed orders in placement
// order, with a count per status. It has its own lock, taken only briefly
// by a commit (to publish what the unit changed) and by a listing (to take
// a snapshot), so that a listing never holds the lock units of work need
// and a unit never waits for a listing to finish scanning.
//
// seq is append-mostly: a new order placed after every other is appended,
// which shares the backing array with the snapshots readers hold (they
// never look past their own length). Any other change to seq's shape
// copies it first. Each entry's current version is an atomic pointer, so a
// reader sees either the version before a commit or the one after it,
// never a version a rolled-back unit wrote.
type orderIndex struct {
	mu     sync.RWMutex
	seq    []*entry          // ascending by orderKey
	byID   map[string]*entry // id → entry
	counts map[checkout.Status]int
}

// entry is one order in the index.
type entry struct {
	cur atomic.Pointer[checkout.Order] // the committed version; never changed in place
}

// snapshot is a listing's view of the index, valid without the lock.
type snapshot struct {
	seq    []*entry
	counts map[checkout.Status]int
}

func newOrderIndex() *orderIndex {
	return &orderIndex{byID: map[string]*entry{}, counts: map[checkout.Status]int{}}
}

// before reports whether a sorts before b in placement order: placement
// time, then number, then id, ascending (the reverse of the listing).
func before(a, b *checkout.Order) bool { return newestOrderFirst(a, b) > 0 }

// publish makes committed versions visible to listings, in the order the
// unit wrote them. Orders are never deleted.
func (x *orderIndex) publish(versions []*checkout.Order) {
	if len(versions) == 0 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, o := range versions {
		e, ok := x.byID[o.ID]
		if !ok {
			e = &entry{}
			e.cur.Store(o)
			x.byID[o.ID] = e
			x.insert(e, o)
			x.counts[o.Status()]++
			continue
		}
		old := e.cur.Load()
		if old.Status() != o.Status() {
			x.counts[old.Status()]--
			if x.counts[old.Status()] == 0 {
				delete(x.counts, old.Status())
			}
			x.counts[o.Status()]++
		}
		if old.PlacedAt.Equal(o.PlacedAt) && old.Number == o.Number {
			e.cur.Store(o)
			continue
		}
		// The sort key changed: rebuild seq without the entry, then insert.
		seq := make([]*entry, 0, len(x.seq)+1)
		for _, f := range x.seq {
			if f != e {
				seq = append(seq, f)
			}
		}
		x.seq = seq
		e.cur.Store(o)
		x.insert(e, o)
	}
}

// insert puts e (holding o) at its place in seq; the caller holds the lock.
func (x *orderIndex) insert(e *entry, o *checkout.Order) {
	n := len(x.seq)
	if n == 0 || before(x.seq[n-1].cur.Load(), o) {
		x.seq = append(x.seq, e) // the common case: placed after every other
		return
	}
	i := sort.Search(n, func(i int) bool { return before(o, x.seq[i].cur.Load()) })
	seq := make([]*entry, 0, n+1+n/4)
	seq = append(seq, x.seq[:i]...)
	seq = append(seq, e)
	x.seq = append(seq, x.seq[i:]...)
}

func (x *orderIndex) snapshot() snapshot {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return snapshot{seq: x.seq[:len(x.seq):len(x.seq)], counts: maps.Clone(x.counts)}
}

// window returns the part of seq the filter's time range [From, To)
// selects, by binary search on the placement time.
func (s snapshot) window(f ports.OrderFilter) []*entry {
	lo, hi := 0, len(s.seq)
	if !f.From.IsZero() {
		lo = sort.Search(hi, func(i int) bool { return !s.seq[i].cur.Load().PlacedAt.Before(f.From) })
	}
	if !f.To.IsZero() {
		hi = lo + sort.Search(hi-lo, func(i int) bool { return !s.seq[lo+i].cur.Load().PlacedAt.Before(f.To) })
	}
	return s.seq[lo:hi]
}

// onlyStatuses reports whether f filters by status alone (or not at all),
// so that the counters answer its totals.
func onlyStatuses(f ports.OrderFilter) bool {
	return f.From.IsZero() && f.To.IsZero() && f.Method == "" && f.Query == "" && f.PaymentExpiresBefore.IsZero()
}

// list returns copies of the page f selects, newest first, and the number
// of orders f matches. A page costs the orders it walks past (offset and
// limit, and the non-matching ones between them); the total comes from the
// counters when f filters by status alone, and from a scan of the time
// window otherwise.
func (s snapshot) list(f ports.OrderFilter) ([]*checkout.Order, int) {
	m := newMatcher(f)
	win := s.window(f)
	counted := onlyStatuses(f)
	total := 0
	if counted {
		total = s.total(f.Statuses)
	}
	var page []*checkout.Order
	skip := f.Offset
	for i := len(win) - 1; i >= 0; i-- {
		full := f.Limit > 0 && len(page) == f.Limit
		if full && counted {
			break
		}
		o := win[i].cur.Load()
		if !m.match(o) {
			continue
		}
		if !counted {
			total++
		}
		switch {
		case skip > 0:
			skip--
		case !full:
			page = append(page, o.Clone())
		}
	}
	return page, total
}

// total sums the counters of the statuses (every status when none).
func (s snapshot) total(statuses []checkout.Status) int {
	n := 0
	for st, c := range s.counts {
		if len(statuses) == 0 || slices.Contains(statuses, st) {
			n += c
		}
	}
	return n
}

// countByStatus counts the orders f matches per status: the counters when
// f filters by status alone, a scan of the time window otherwise.
func (s snapshot) countByStatus(f ports.OrderFilter) map[checkout.Status]int {
	out := map[checkout.Status]int{}
	if onlyStatuses(f) {
		for st, c := range s.counts {
			if c > 0 && (len(f.Statuses) == 0 || slices.Contains(f.Statuses, st)) {
				out[st] = c
			}
		}
		return out
	}
	m := newMatcher(f)
	for _, e := range s.window(f) {
		if o := e.cur.Load(); m.match(o) {
			out[o.Status()]++
		}
	}
	return out
}
