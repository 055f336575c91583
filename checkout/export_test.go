package checkout

import "github.com/nyaruka/phonenumbers"

// ParsePhoneLibrary is ParsePhone without its fast path: the library reads
// every number, and the national form is formatted from the number the
// library parsed. Tests compare the two paths with it.
func ParsePhoneLibrary(s string) (p Phone, national string, err error) {
	p, n, err := parsePhone(s, false)
	if err != nil {
		return Phone{}, "", err
	}
	return p, phonenumbers.Format(n, phonenumbers.NATIONAL), nil
}
