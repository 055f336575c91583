package memory

import (
	"context"
	"crypto/rand"
	"encoding/base64"

	"github.com/google/uuid"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.IDs = IDs{}

// IDs is a [ports.IDs] drawing on crypto/rand: ids are random (version 4)
// UUIDs, slugs 16 random bytes in unpadded base64url (22 characters).
type IDs struct{}

// NewID returns a new random UUID such as
// "1b4e28ba-2fa1-41d2-883f-0016d3cca427". Errors: unavailable when the
// system's random source fails.
func (IDs) NewID(context.Context) (string, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return "", errs.Wrap(errs.Unavailable, errs.CodeUnavailable, err, "memory: no random id")
	}
	return id.String(), nil
}

// NewSlug returns 128 random bits as 22 URL-safe characters. Errors:
// unavailable when the system's random source fails.
func (IDs) NewSlug(context.Context) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", errs.Wrap(errs.Unavailable, errs.CodeUnavailable, err, "memory: no random slug")
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
