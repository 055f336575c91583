package shipping

import (
	"strconv"

	"github.com/kasir-id/kasir/errs"
)

// CodeCODNotAvailable is the error code (kind Invalid) of cash on delivery
// asked for where it cannot be had: the service does not collect, or the
// destination is excluded from COD.
const CodeCODNotAvailable = "cod_not_available"

// Location is a destination as couriers price it: down to the district
// (kecamatan), with its postal codes. COD reports whether couriers collect
// cash on delivery there; a location excluded from COD has it false.
type Location struct {
	ID          string   // the rate source's id for the district
	Province    string   // e.g. "DKI Jakarta"
	City        string   // kota or kabupaten, e.g. "Jakarta Selatan"
	District    string   // kecamatan, e.g. "Kebayoran Baru"
	PostalCodes []string // the five-digit postal codes of the district
	COD         bool     // cash on delivery is available here
}

// Validate reports whether l is usable. It returns an invalid_input error
// naming the field when the ID is empty or a postal code is not five
// digits.
func (l Location) Validate() error {
	if l.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: location id is empty").WithField("id")
	}
	for i, pc := range l.PostalCodes {
		if !isPostalCode(pc) {
			return errs.Invalidf(errs.CodeInvalidInput, "shipping: postal code %q is not five digits", pc).WithField("postal_codes[" + strconv.Itoa(i) + "]")
		}
	}
	return nil
}

// HasPostalCode reports whether code is one of l's postal codes.
func (l Location) HasPostalCode(code string) bool {
	for _, pc := range l.PostalCodes {
		if pc == code {
			return true
		}
	}
	return false
}

// Name returns the location for people: "District, City, Province",
// leaving out the empty parts, or the ID when all are empty.
func (l Location) Name() string {
	s := ""
	for _, p := range [...]string{l.District, l.City, l.Province} {
		if p == "" {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += p
	}
	if s == "" {
		return l.ID
	}
	return s
}

func isPostalCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CheckCOD reports whether opt can deliver cash on delivery to dest. It
// returns a [CodeCODNotAvailable] error (kind Invalid, naming no field: the
// caller places it at its payment method) saying which side refuses: the service does not collect
// COD, or dest is excluded from COD. It returns nil when both allow it.
func CheckCOD(opt Option, dest Location) error {
	if !opt.COD {
		return errs.Invalidf(CodeCODNotAvailable, "shipping: %s does not offer cash on delivery", opt.label())
	}
	if !dest.COD {
		return errs.Invalidf(CodeCODNotAvailable, "shipping: cash on delivery is not available in %s", dest.Name())
	}
	return nil
}

// label names an option in messages: its name and key, or its key.
func (o Option) label() string {
	if o.Name == "" {
		return o.Key()
	}
	return o.Name + " (" + o.Key() + ")"
}
