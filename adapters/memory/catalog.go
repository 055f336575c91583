package memory

import (
	"context"
	"sync/atomic"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.CatalogSource = (*Catalog)(nil)

// Catalog is a [ports.CatalogSource] holding one *catalog.Catalog, which
// [Catalog.Set] replaces (after the seller edits). It is safe for
// concurrent use; a catalog.Catalog is immutable, so readers share it.
type Catalog struct {
	c atomic.Pointer[catalog.Catalog]
}

// NewCatalog returns a source serving c; c may be nil until [Catalog.Set].
func NewCatalog(c *catalog.Catalog) *Catalog {
	s := &Catalog{}
	s.c.Store(c)
	return s
}

// Set replaces the catalog served from now on.
func (s *Catalog) Set(c *catalog.Catalog) { s.c.Store(c) }

// Catalog implements [ports.CatalogSource]. Errors: unavailable (kind
// Unavailable) while no catalog is set.
func (s *Catalog) Catalog(context.Context) (*catalog.Catalog, error) {
	c := s.c.Load()
	if c == nil {
		return nil, errs.E(errs.Unavailable, errs.CodeUnavailable, "memory: no catalog is set")
	}
	return c, nil
}
