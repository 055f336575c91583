package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// Open a store from a DSN, create its tables and seed stock and a voucher.
// The store is then the Store of kasir.Deps. (Examples in this package
// have no checked output: they need a database.)
func Example() {
	ctx := context.Background()
	store, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Schema("toko_kopi"))
	if err != nil {
		log.Fatal(err) // kind Unavailable when the database cannot be reached; no password shown
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil { // safe on every start
		log.Fatal(err)
	}
	if err := store.SeedStock(ctx, map[string]int64{"kopi-250g": 40, "kopi-1kg": 12}); err != nil {
		log.Fatal(err)
	}
	err = store.PutVoucher(ctx, pricing.Voucher{
		VoucherRule: pricing.VoucherRule{Code: "NGOPI10", Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: money.MustRate("10")},
		Active:      true, Quota: 100, PerCustomer: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	levels, err := store.StockLevels(ctx, []string{"kopi-250g"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kopi-250g:", levels["kopi-250g"])
	// svc, err := kasir.New(kasir.Deps{Store: store, Catalog: …, Locations: …, Clock: …, IDs: …})
}

// A store on the host application's own pool, in a schema of its own
// beside the application's tables.
func ExampleNew() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	store, err := postgres.New(ctx, pool, postgres.Schema("checkout"))
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("tables in schema", store.SchemaName())
}

// A unit of work: everything in it commits together, or nothing does. Here
// the second reservation fails, so the first is rolled back too.
func ExampleStore_Atomic() {
	ctx := context.Background()
	store, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	err = store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		if err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: "kopi-250g", Quantity: 2}}); err != nil {
			return err
		}
		return tx.ReserveStock(ctx, []catalog.Need{{VariantID: "kopi-1kg", Quantity: 1000}})
	})
	var short *catalog.OutOfStockError
	if errors.As(err, &short) {
		fmt.Printf("only %d of %s left; nothing was reserved\n", short.Available, short.VariantID)
	}
}
