package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"

	"github.com/kasir-id/kasir/catalog"
)

// The schema's versions are the files of migrations/, applied in order by
// goose (github.com/pressly/goose/v3), each in a transaction with its
// version recorded in {s}.schema_migrations. To change the schema, add a
// file with the next number; never edit one that shipped. In the files,
// {s} stands for the store's quoted schema and {max_quantity} for
// catalog.MaxQuantity. Version 1 is the schema as Migrate made it before
// versioning: its statements are idempotent, so a database from then is
// taken under versioning without change.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// versionTable keeps the applied versions, in the store's schema.
const versionTable = "schema_migrations"

// migrations reads the embedded files as goose migrations for the store.
func (s *Store) migrations() ([]*goose.Migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []*goose.Migration
	for _, name := range names {
		version, err := goose.NumericComponent(path.Base(name))
		if err != nil {
			return nil, err
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		stmt := strings.ReplaceAll(s.q(string(body)), "{max_quantity}", strconv.FormatInt(catalog.MaxQuantity, 10))
		out = append(out, goose.NewGoMigration(version, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, stmt)
			return err
		}}, nil))
	}
	return out, nil
}

// LatestSchemaVersion is the version [Store.Migrate] brings a schema to.
func LatestSchemaVersion() int64 {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	v, _ := goose.NumericComponent(path.Base(names[len(names)-1]))
	return v
}

// Migrate brings the store's schema to [LatestSchemaVersion], creating the
// schema when it does not exist; on an up-to-date schema it changes
// nothing. Each version is applied in a transaction of its own, and
// concurrent runs (several processes starting at once) wait for one
// another. Errors: an adapter error (kind Unavailable) when the database
// refuses or cannot be reached; the versions applied before it stay.
func (s *Store) Migrate(ctx context.Context) error {
	return s.MigrateTo(ctx, LatestSchemaVersion())
}

// MigrateTo brings the store's schema up to version (not beyond), as
// Migrate does; a schema already past it is left as it is. There are no
// down migrations.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	return s.withProvider(ctx, "migrate", func(p *goose.Provider) error {
		_, err := p.UpTo(ctx, version)
		return err
	})
}

// SchemaVersion returns the version the store's schema is at: 0 when no
// version was applied (an empty database, or one from before versioning).
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.withProvider(ctx, "schema version", func(p *goose.Provider) error {
		var err error
		v, err = p.GetDBVersion(ctx)
		return err
	})
	return v, err
}

// withProvider runs fn with a goose provider on the store's pool, under a
// session advisory lock of the store's schema.
func (s *Store) withProvider(ctx context.Context, op string, fn func(*goose.Provider) error) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	// The version table lives in the schema, so the schema comes first.
	if _, err := s.pool.Exec(ctx, s.q(`CREATE SCHEMA IF NOT EXISTS {s}`)); err != nil {
		return s.dbErr(op, err)
	}
	migrations, err := s.migrations()
	if err != nil {
		return corrupt("migrations", "", err)
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(s.schemaLockKey("migrate")), lock.WithLockTimeout(1, 600))
	if err != nil {
		return corrupt("migrations", "", err)
	}
	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectCustom, db, nil,
		goose.WithStore(versionStore{Store: newVersionStore(s), schema: s.schema}),
		goose.WithGoMigrations(migrations...), goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(locker), goose.WithSlog(slog.New(slog.DiscardHandler)))
	if err != nil {
		return corrupt("migrations", "", err)
	}
	defer p.Close()
	if err := fn(p); err != nil {
		var pe *goose.PartialError
		if errors.As(err, &pe) && pe.Err != nil {
			err = pe.Err
		}
		return s.dbErr(op, err)
	}
	return nil
}

func newVersionStore(s *Store) database.Store {
	st, _ := database.NewStore(goose.DialectPostgres, s.schemaSQL+"."+versionTable) // a known dialect and a name: no error
	return st
}

// versionStore is goose's PostgreSQL version store on the quoted table
// name, with a table check that reads the schema's name unquoted.
type versionStore struct {
	database.Store
	schema string
}

var _ database.StoreExtender = versionStore{}

// TableExists implements database.StoreExtender.
func (v versionStore) TableExists(ctx context.Context, db database.DBTxConn) (bool, error) {
	var ok bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2)`,
		v.schema, versionTable).Scan(&ok)
	return ok, err
}

// q qualifies the tables of a statement with the store's schema.
func (s *Store) q(sql string) string { return strings.ReplaceAll(sql, "{s}", s.schemaSQL) }
