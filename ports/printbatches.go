package ports

import (
	"context"
	"slices"
	"time"

	"github.com/kasir-id/kasir/errs"
)

// CodePrintBatchNotFound is the code of ErrPrintBatchNotFound.
const CodePrintBatchNotFound = "print_batch_not_found"

// ErrPrintBatchNotFound: the store has no print batch with the id.
var ErrPrintBatchNotFound = errs.E(errs.NotFound, CodePrintBatchNotFound, "ports: print batch not found")

// MaxReprintTimes is how many of a batch's latest reprints a store keeps
// the time and author of; PrintBatch.Reprints counts every one.
const MaxReprintTimes = 50

// PrintStatus says whether a batch's labels were printed once or again.
type PrintStatus string

// Print statuses.
const (
	PrintPrinted   PrintStatus = "printed"   // printed once
	PrintReprinted PrintStatus = "reprinted" // printed again at least once
)

// Reprint is one printing of a batch after the first.
type Reprint struct {
	At time.Time `json:"at"`
	By string    `json:"by,omitempty"`
}

// PrintBatch is one printing of a set of shipping labels: which orders, in
// what order, on what paper, when and by whom, and how often it was
// printed again.
type PrintBatch struct {
	ID        string    `json:"id"`
	OrderIDs  []string  `json:"order_ids"` // in the order they were printed
	Size      string    `json:"size"`      // the label paper: "thermal" or "a4"
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
	// Reprints counts the printings after the first.
	Reprints int `json:"reprints"`
	// LastReprints are the latest reprints, oldest first, at most
	// MaxReprintTimes of them.
	LastReprints []Reprint `json:"last_reprints,omitempty"`
}

// Count is the number of labels the batch prints.
func (b PrintBatch) Count() int { return len(b.OrderIDs) }

// Status is printed, or reprinted once the batch was printed again.
func (b PrintBatch) Status() PrintStatus {
	if b.Reprints > 0 {
		return PrintReprinted
	}
	return PrintPrinted
}

// WithReprint returns b with one more reprint, keeping the latest
// MaxReprintTimes times.
func (b PrintBatch) WithReprint(r Reprint) PrintBatch {
	b.Reprints++
	b.LastReprints = append(slices.Clone(b.LastReprints), r)
	if n := len(b.LastReprints); n > MaxReprintTimes {
		b.LastReprints = b.LastReprints[n-MaxReprintTimes:]
	}
	return b
}

// Clone returns a copy sharing nothing with b.
func (b PrintBatch) Clone() PrintBatch {
	b.OrderIDs = slices.Clone(b.OrderIDs)
	b.LastReprints = slices.Clone(b.LastReprints)
	return b
}

// Validate checks what every store needs of a new batch: invalid_input
// for an empty id, no orders or an empty order id, or a reprint count
// that is not 0.
func (b PrintBatch) Validate() error {
	switch {
	case b.ID == "":
		return errs.Invalidf(errs.CodeInvalidInput, "a print batch needs an id").WithField("id")
	case len(b.OrderIDs) == 0 || slices.Contains(b.OrderIDs, ""):
		return errs.Invalidf(errs.CodeInvalidInput, "a print batch needs one or more order ids").WithField("order_ids")
	case b.Reprints != 0 || len(b.LastReprints) != 0:
		return errs.Invalidf(errs.CodeInvalidInput, "a new print batch has no reprints").WithField("reprints")
	}
	return nil
}

// NewestBatchFirst orders batches by creation time, then id, both
// descending: the order of a listing.
func NewestBatchFirst(a, b PrintBatch) int {
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	switch {
	case a.ID > b.ID:
		return -1
	case a.ID < b.ID:
		return 1
	}
	return 0
}

// PrintBatches reads the store's print batches. A unit of work writes
// them (Tx.CreatePrintBatch, Tx.ReprintBatch), with the orders it marks
// printed.
type PrintBatches interface {
	// PrintBatch returns one by id: ErrPrintBatchNotFound.
	PrintBatch(ctx context.Context, id string) (PrintBatch, error)
	// ListPrintBatches returns the batches from offset, at most limit (≤
	// 0: all), newest first (NewestBatchFirst), and how many there are.
	// A page reads through an index, never every batch.
	ListPrintBatches(ctx context.Context, offset, limit int) ([]PrintBatch, int, error)
}
