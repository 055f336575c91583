package postgres

import "github.com/kasir-id/kasir/ports"

// OrderPageSQL returns the query ListOrders runs for f's page, with its
// arguments, so that tests can EXPLAIN it.
func OrderPageSQL(s *Store, f ports.OrderFilter) (string, []any) {
	sql, args := orderPageSQL(s.store, f)
	return s.q(sql), args
}

// OrderTotalSQL returns the query ListOrders runs for f's total, with its
// arguments, so that tests can EXPLAIN it.
func OrderTotalSQL(s *Store, f ports.OrderFilter) (string, []any) {
	sql, args := orderTotalSQL(s.store, f)
	return s.q(sql), args
}

// SchemaSQL returns the store's quoted schema name.
func SchemaSQL(s *Store) string { return s.schemaSQL }

// UnpaidOrdersSQL returns the query Tx.UnpaidOrders runs, so that tests can
// EXPLAIN it: $1 is the phone's digits, $2 the store.
func UnpaidOrdersSQL(s *Store) string { return s.q(unpaidOrdersSQL) }

// ReportSQL returns the query Report runs, so that tests can EXPLAIN it.
func ReportSQL(s *Store) string { return s.q(reportSQL) }
