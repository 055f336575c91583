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
// The orders are kept in chunks of at most maxChunk entries, each sorted,
// the chunks in order. What a snapshot holds is never written again: an
// order placed after every other is appended past the end readers see,
// any other insertion copies the one chunk it lands in, and the list of
// chunks is copied on every change (a few hundred headers at 100k
// orders). So publishing costs about the same however many orders are
// stored, even when orders arrive out of order (two placed in the same
// instant, order numbers past 9999 in a day). Each entry's current version
// is an atomic pointer, so a reader sees either the version before a
// commit or the one after it, never a version a rolled-back unit wrote.
type orderIndex struct {
	mu     sync.RWMutex
	chunks [][]*entry        // ascending by placement order
	byID   map[string]*entry // id → entry
	counts map[checkout.Status]int
}

// maxChunk bounds a chunk; a fuller one is split in two.
const maxChunk = 1024

// entry is one order in the index.
type entry struct {
	cur atomic.Pointer[checkout.Order] // the committed version; never changed in place
}

// snapshot is a listing's view of the index, valid without the lock.
type snapshot struct {
	chunks [][]*entry
	starts []int // starts[k] is the position of chunks[k][0]; then the length
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
		// The sort key changed (rare): rebuild the chunks without the
		// entry, then insert it again.
		var all []*entry
		for _, c := range x.chunks {
			for _, f := range c {
				if f != e {
					all = append(all, f)
				}
			}
		}
		x.chunks = nil
		for len(all) > 0 {
			n := min(len(all), maxChunk/2)
			x.chunks = append(x.chunks, all[:n:n])
			all = all[n:]
		}
		e.cur.Store(o)
		x.insert(e, o)
	}
}

// insert puts e (holding o) at its place; the caller holds the lock.
func (x *orderIndex) insert(e *entry, o *checkout.Order) {
	n := len(x.chunks)
	if n == 0 {
		x.chunks = [][]*entry{{e}}
		return
	}
	// The first chunk whose last order comes after o, or the last chunk.
	k := sort.Search(n, func(k int) bool { c := x.chunks[k]; return before(o, c[len(c)-1].cur.Load()) })
	k = min(k, n-1)
	c := x.chunks[k]
	i := sort.Search(len(c), func(i int) bool { return before(o, c[i].cur.Load()) })
	var nc []*entry
	if i == len(c) {
		nc = append(c, e) // past what any snapshot sees of this chunk
	} else {
		nc = make([]*entry, 0, len(c)+1)
		nc = append(append(append(nc, c[:i]...), e), c[i:]...)
	}
	chunks := make([][]*entry, 0, n+1)
	chunks = append(chunks, x.chunks[:k]...)
	if len(nc) > maxChunk {
		h := len(nc) / 2
		chunks = append(chunks, slices.Clone(nc[:h]), slices.Clone(nc[h:]))
	} else {
		chunks = append(chunks, nc)
	}
	x.chunks = append(chunks, x.chunks[k+1:]...)
}

// statusCounts returns a copy of the per-status counters.
func (x *orderIndex) statusCounts() map[checkout.Status]int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return maps.Clone(x.counts)
}

func (x *orderIndex) snapshot() snapshot {
	x.mu.RLock()
	defer x.mu.RUnlock()
	s := snapshot{chunks: x.chunks, starts: make([]int, len(x.chunks)+1), counts: maps.Clone(x.counts)}
	for k, c := range x.chunks {
		s.starts[k+1] = s.starts[k] + len(c)
	}
	return s
}

// len is the number of orders in the snapshot.
func (s snapshot) len() int { return s.starts[len(s.starts)-1] }

// at returns the order at position i (0 is the oldest).
func (s snapshot) at(i int) *checkout.Order {
	k := sort.Search(len(s.chunks), func(k int) bool { return s.starts[k+1] > i })
	return s.chunks[k][i-s.starts[k]].cur.Load()
}

// window returns the positions [lo, hi) of the orders the filter's time
// range [From, To) selects, by binary search on the placement time.
func (s snapshot) window(f ports.OrderFilter) (lo, hi int) {
	lo, hi = 0, s.len()
	if !f.From.IsZero() {
		lo = sort.Search(hi, func(i int) bool { return !s.at(i).PlacedAt.Before(f.From) })
	}
	if !f.To.IsZero() {
		hi = lo + sort.Search(hi-lo, func(i int) bool { return !s.at(lo + i).PlacedAt.Before(f.To) })
	}
	return lo, hi
}

// onlyStatuses reports whether f filters by status alone (or not at all),
// so that the counters answer its totals.
func onlyStatuses(f ports.OrderFilter) bool {
	return f.From.IsZero() && f.To.IsZero() && f.Method == "" && f.Query == "" && f.PaymentExpiresBefore.IsZero() && f.Label == ports.LabelAny && !f.TermsDue()
}

// list returns copies of the page f selects, newest first, and the number
// of orders f matches. A page costs the orders it walks past (offset and
// limit, and the non-matching ones between them); the total comes from the
// counters when f filters by status alone, and from a scan of the time
// window otherwise.
func (s snapshot) list(f ports.OrderFilter) ([]*checkout.Order, int) {
	m := newMatcher(f)
	lo, hi := s.window(f)
	counted := onlyStatuses(f)
	total := 0
	if counted {
		total = s.total(f.Statuses)
	}
	var page []*checkout.Order
	skip := f.Offset
	for i := hi - 1; i >= lo; i-- {
		full := f.Limit > 0 && len(page) == f.Limit
		if full && counted {
			break
		}
		o := s.at(i)
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
func (x *orderIndex) countByStatus(f ports.OrderFilter) map[checkout.Status]int {
	out := map[checkout.Status]int{}
	if onlyStatuses(f) {
		for st, c := range x.statusCounts() {
			if c > 0 && (len(f.Statuses) == 0 || slices.Contains(f.Statuses, st)) {
				out[st] = c
			}
		}
		return out
	}
	s := x.snapshot()
	m := newMatcher(f)
	lo, hi := s.window(f)
	for i := lo; i < hi; i++ {
		if o := s.at(i); m.match(o) {
			out[o.Status()]++
		}
	}
	return out
}
