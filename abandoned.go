package kasir

import (
	"context"
	"strings"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// AbandonedRequest is what a checkout form had when the buyer left: a name
// and phone at least.
type AbandonedRequest struct {
	Name  string                `json:"name"`
	Phone string                `json:"phone"`
	Email string                `json:"email,omitempty"`
	Lines []catalog.LineRequest `json:"lines,omitempty"`
	Notes string                `json:"notes,omitempty"`
}

// MaxFollowUps bounds the follow-ups recorded on one abandoned checkout.
const MaxFollowUps = 100

// CaptureAbandoned keeps a checkout the buyer left (see docs/orders.md). The phone is
// normalised; an open checkout of the same phone is updated rather than
// duplicated. Errors: invalid_input for a missing name, invalid_phone,
// phone_not_mobile, too_many_lines, too_long and invalid_text.
func (s *Service) CaptureAbandoned(ctx context.Context, req AbandonedRequest) (*checkout.Abandoned, error) {
	if err := s.settings.Limits.CheckLines(len(req.Lines)); err != nil {
		return nil, err
	}
	in := CustomerInput{Name: req.Name, Phone: req.Phone, Email: req.Email}
	if err := texts(nil).customer("", in).lines("lines", req.Lines).add(checkout.NoteText, "notes", req.Notes).check(); err != nil {
		return nil, err
	}
	c, err := checkCustomer(in)
	if err != nil {
		return nil, relabelCustomer(err)
	}
	now := s.now(ctx)
	id, err := s.deps.IDs.NewID(ctx)
	if err != nil {
		return nil, err
	}
	a := &checkout.Abandoned{ID: id, Name: c.Name, Phone: c.Phone, Email: c.Email, Lines: append([]catalog.LineRequest(nil), req.Lines...),
		Notes: strings.TrimSpace(req.Notes), Status: checkout.AbandonedOpen, CreatedAt: now, UpdatedAt: now}
	// One open checkout per phone, even under concurrent captures: the
	// store updates the open one or creates a, atomically.
	return s.deps.Store.CaptureAbandoned(ctx, a, func(open *checkout.Abandoned) error {
		open.Name, open.Email, open.Notes, open.UpdatedAt = a.Name, a.Email, a.Notes, now
		if len(a.Lines) > 0 {
			open.Lines = a.Lines
		}
		return nil
	})
}

func relabelCustomer(err error) error {
	var e *errs.Error
	if f := errs.Field(err); strings.HasPrefix(f, "customer.") {
		if ce, ok := err.(*errs.Error); ok {
			e = ce.WithField(strings.TrimPrefix(f, "customer."))
			return e
		}
	}
	return err
}

// FollowUpRequest records one attempt to bring a buyer back.
type FollowUpRequest struct {
	Channel string `json:"channel"` // "whatsapp", "sms", "call", "email"
	Note    string `json:"note,omitempty"`
	By      string `json:"by,omitempty"`
}

// AddFollowUp records a follow-up on an abandoned checkout. Errors:
// checkout_not_found, invalid_input for a missing channel or too many
// follow-ups, too_long and invalid_text.
func (s *Service) AddFollowUp(ctx context.Context, id string, req FollowUpRequest) (*checkout.Abandoned, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.IDText, "channel", req.Channel).
		add(checkout.NoteText, "note", req.Note).add(checkout.NameText, "by", req.By).check(); err != nil {
		return nil, err
	}
	ch := strings.ToLower(strings.TrimSpace(req.Channel))
	if ch == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: a follow-up needs a channel such as whatsapp").WithField("channel")
	}
	now := s.now(ctx)
	var out *checkout.Abandoned
	err := s.deps.Store.UpdateAbandoned(ctx, strings.TrimSpace(id), func(a *checkout.Abandoned) error {
		if len(a.FollowUps) >= MaxFollowUps {
			return errs.Invalidf(errs.CodeInvalidInput, "kasir: at most %d follow-ups are kept", MaxFollowUps)
		}
		a.FollowUps = append(a.FollowUps, checkout.FollowUp{At: now, Channel: ch, Note: strings.TrimSpace(req.Note), By: strings.TrimSpace(req.By)})
		a.UpdatedAt = now
		out = a.Clone()
		return nil
	})
	return out, err
}

// AbandonedPage is one page of abandoned checkouts and their total.
type AbandonedPage struct {
	Checkouts []*checkout.Abandoned `json:"data"`
	Total     int                   `json:"total"`
}

// ListAbandoned lists abandoned checkouts, newest first, at most
// MaxPageBytes a page.
func (s *Service) ListAbandoned(ctx context.Context, f ports.AbandonedFilter) (AbandonedPage, error) {
	if f.Status != "" && f.Status != checkout.AbandonedOpen && f.Status != checkout.AbandonedConverted {
		return AbandonedPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown abandoned checkout status %q", f.Status).WithField("status")
	}
	if f.Offset < 0 || f.Limit < 0 {
		return AbandonedPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: offset and limit must not be negative").WithField("offset")
	}
	if f.Limit == 0 || f.Limit > MaxPageSize {
		f.Limit = MaxPageSize
	}
	if err := checkout.IDText.Check("phone", f.Phone); err != nil {
		return AbandonedPage{}, err
	}
	if f.Phone != "" {
		ph, err := checkout.ParsePhone(f.Phone)
		if err != nil {
			return AbandonedPage{}, errs.At("phone", err)
		}
		f.Phone = ph.E164()
	}
	as, total, err := s.deps.Store.ListAbandoned(ctx, f)
	if as == nil {
		as = []*checkout.Abandoned{}
	}
	return AbandonedPage{Checkouts: fitPage(as), Total: total}, err
}

// PhoneCheck is a phone number normalised, with whether it is on WhatsApp.
type PhoneCheck struct {
	Input    string `json:"input"`
	E164     string `json:"e164"`
	MSISDN   string `json:"msisdn"`
	National string `json:"national"`
	Type     string `json:"type"`
	Mobile   bool   `json:"mobile"`
	// WhatsApp is nil when no checker is plugged in or it could not answer
	// (WhatsAppError says why).
	WhatsApp      *bool  `json:"whatsapp"`
	WhatsAppError string `json:"whatsapp_error,omitempty"`
}

// CheckPhone normalises a phone number (see docs/phone.md) and asks the WhatsApp
// port whether it is on WhatsApp. Errors: invalid_phone. A checker that
// fails is reported in the result, not as an error.
func (s *Service) CheckPhone(ctx context.Context, raw string) (PhoneCheck, error) {
	if err := checkout.IDText.Check("number", raw); err != nil {
		return PhoneCheck{}, err
	}
	ph, err := checkout.ParsePhone(raw)
	if err != nil {
		return PhoneCheck{}, errs.At("number", err)
	}
	pc := PhoneCheck{Input: raw, E164: ph.E164(), MSISDN: ph.MSISDN(), National: ph.National(), Type: ph.Type().String(), Mobile: ph.Type() == checkout.PhoneMobile}
	if s.deps.WhatsApp != nil && pc.Mobile {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		ok, err := s.deps.WhatsApp.Registered(cctx, ph.MSISDN())
		if err != nil {
			pc.WhatsAppError = errs.Code(err)
			if pc.WhatsAppError == "" {
				pc.WhatsAppError = "provider_unavailable"
			}
		} else {
			pc.WhatsApp = &ok
		}
	}
	return pc, nil
}
