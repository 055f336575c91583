package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var (
	_ ports.Platform    = (*Platform)(nil)
	_ ports.StoreStates = (*Platform)(nil)
)

// Platform is the [ports.Platform] of a [Store]'s schema: the stores
// table, and a handle per store on the store's pool. [Store.ForStore]
// gives the same handles typed as *Store (with the seeding methods);
// Platform.ForStore gives them as ports.Store. Every method is safe for
// concurrent use.
type Platform struct {
	s *Store
}

// Platform returns the platform of the store's schema. Which store the
// handle is scoped to does not matter.
func (s *Store) Platform() *Platform { return &Platform{s: s} }

// ForStore implements [ports.Platform]: the handle of one store's records,
// a *Store as [Store.ForStore] returns it. It does no I/O. Errors:
// invalid_input at "store" for an id ports.ValidateStoreID refuses.
func (p *Platform) ForStore(id string) (ports.Store, error) {
	s, err := p.s.ForStore(id)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// CreateStore implements [ports.Platform]. Errors: ports.ErrDuplicate
// when the id or the host is another store's; invalid_input as
// ports.StoreInfo.Validate returns it; an adapter error (kind
// Unavailable).
func (p *Platform) CreateStore(ctx context.Context, info ports.StoreInfo) error {
	s := p.s
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := info.Validate(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, s.q(`INSERT INTO {s}.stores (id, name, host, disabled, created_ns) VALUES ($1, $2, $3, $4, $5)`),
		info.ID, info.Name, nullString(info.Host), info.Disabled, nullNanos(info.CreatedAt))
	if isUnique(err) {
		return withMessage(ports.ErrDuplicate, "postgres: store %q or host %q is taken", info.ID, info.Host)
	}
	return s.dbErr("create store", err)
}

// UpdateStore implements [ports.Platform]: the name, host and disabled
// flag become info's. Errors: ports.ErrStoreNotFound; ports.ErrDuplicate
// when the host is another store's; invalid_input as
// ports.StoreInfo.Validate returns it; an adapter error.
func (p *Platform) UpdateStore(ctx context.Context, info ports.StoreInfo) error {
	s := p.s
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := info.Validate(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, s.q(`UPDATE {s}.stores SET name = $2, host = $3, disabled = $4 WHERE id = $1`),
		info.ID, info.Name, nullString(info.Host), info.Disabled)
	if isUnique(err) {
		return withMessage(ports.ErrDuplicate, "postgres: host %q is another store's", info.Host)
	}
	if err != nil {
		return s.dbErr("update store", err)
	}
	if tag.RowsAffected() == 0 {
		return storeNotFound(info.ID)
	}
	return nil
}

// StoreInfo implements [ports.Platform]. Errors: ports.ErrStoreNotFound;
// an adapter error.
func (p *Platform) StoreInfo(ctx context.Context, id string) (ports.StoreInfo, error) {
	return p.storeBy(ctx, "id", id)
}

// StoreByHost implements [ports.Platform]; hosts compare without regard
// to case. Errors: ports.ErrStoreNotFound; an adapter error.
func (p *Platform) StoreByHost(ctx context.Context, host string) (ports.StoreInfo, error) {
	if host == "" {
		return ports.StoreInfo{}, withMessage(ports.ErrStoreNotFound, "postgres: no store has an empty host")
	}
	return p.storeBy(ctx, "host", strings.ToLower(host))
}

// StoreState implements [ports.StoreStates]: the store's record and its
// latest configuration version in one statement (two primary-key reads),
// what each request of the JSON API and the pages asks first. Errors: an
// adapter error.
func (p *Platform) StoreState(ctx context.Context, id string) (ports.StoreState, error) {
	s := p.s
	if s.inUnit(ctx) {
		return ports.StoreState{}, errInsideUnit
	}
	var st ports.StoreState
	var sid, name, host *string
	var disabled *bool
	var created *int64
	err := s.pool.QueryRow(ctx, s.q(`SELECT st.id, st.name, coalesce(st.host, ''), st.disabled, st.created_ns,
			(SELECT coalesce(max(version), 0) FROM {s}.store_configs WHERE store_id = $1)
		FROM (SELECT 1) one LEFT JOIN {s}.stores st ON st.id = $1`), id).
		Scan(&sid, &name, &host, &disabled, &created, &st.ConfigVersion)
	if err != nil {
		return ports.StoreState{}, s.dbErr("store state", err)
	}
	if sid != nil {
		st.Found = true
		st.Info = ports.StoreInfo{ID: *sid, Name: *name, Host: *host, Disabled: *disabled, CreatedAt: fromNanos(created)}
	}
	return st, nil
}

const storeColumns = `id, name, coalesce(host, ''), disabled, created_ns`

func (p *Platform) storeBy(ctx context.Context, column, value string) (ports.StoreInfo, error) {
	s := p.s
	if s.inUnit(ctx) {
		return ports.StoreInfo{}, errInsideUnit
	}
	var info ports.StoreInfo
	var created *int64
	err := s.pool.QueryRow(ctx, s.q(`SELECT `+storeColumns+` FROM {s}.stores WHERE `+column+` = $1`), value).
		Scan(&info.ID, &info.Name, &info.Host, &info.Disabled, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.StoreInfo{}, storeNotFound(value)
	}
	if err != nil {
		return ports.StoreInfo{}, s.dbErr("store", err)
	}
	info.CreatedAt = fromNanos(created)
	return info, nil
}

// ListStores implements [ports.Platform]: the page by id and the number of
// stores, read from one snapshot. Errors: invalid_input at "offset" for a
// negative offset; an adapter error.
func (p *Platform) ListStores(ctx context.Context, offset, limit int) ([]ports.StoreInfo, int, error) {
	s := p.s
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if offset < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: the offset must not be negative").WithField("offset")
	}
	w := &sqlWhere{}
	lp, op := w.page(offset, limit)
	rows, err := s.pool.Query(ctx, s.q(`SELECT t.total, `+storeColumns+` FROM (SELECT count(*) AS total FROM {s}.stores) t
		LEFT JOIN LATERAL (SELECT * FROM {s}.stores ORDER BY id LIMIT `+lp+` OFFSET `+op+`) p ON true ORDER BY id`), w.args...)
	if err != nil {
		return nil, 0, s.dbErr("list stores", err)
	}
	out := []ports.StoreInfo{}
	var total int
	var id, name, host *string
	var disabled *bool
	var created *int64
	if _, err := pgx.ForEachRow(rows, []any{&total, &id, &name, &host, &disabled, &created}, func() error {
		if id == nil {
			return nil // no stores on the page
		}
		out = append(out, ports.StoreInfo{ID: *id, Name: *name, Host: *host, Disabled: *disabled, CreatedAt: fromNanos(created)})
		return nil
	}); err != nil {
		return nil, 0, s.dbErr("list stores", err)
	}
	return out, total, nil
}

func storeNotFound(id string) error {
	return withMessage(ports.ErrStoreNotFound, "postgres: store %q not found", id)
}
