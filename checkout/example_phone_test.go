package checkout_test

import (
	"fmt"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
)

func ExampleParseMobile() {
	for _, in := range []string{
		"0812-3456-7890",
		"0062 812 3456 7890",
		"+62 812-3456-7890",
		"(021) 5551234",
		"0812-ABCD-7890",
	} {
		p, err := checkout.ParseMobile(in)
		if err != nil {
			fmt.Printf("%-20s %s\n", in, errs.Code(err))
			continue
		}
		fmt.Printf("%-20s %s  wa.me/%s  %s\n", in, p, p.MSISDN(), p.National())
	}
	// Output:
	// 0812-3456-7890       +6281234567890  wa.me/6281234567890  0812-3456-7890
	// 0062 812 3456 7890   +6281234567890  wa.me/6281234567890  0812-3456-7890
	// +62 812-3456-7890    +6281234567890  wa.me/6281234567890  0812-3456-7890
	// (021) 5551234        phone_not_mobile
	// 0812-ABCD-7890       invalid_phone
}

func ExampleParsePhone() {
	for _, in := range []string{"(021) 5551234", "0800 1234567", "+44 7400 123456"} {
		p, err := checkout.ParsePhone(in)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(p.E164(), p.Region(), p.Type())
	}
	// Output:
	// +62215551234 ID fixed_line
	// +628001234567 ID toll_free
	// +447400123456 GB mobile
}
