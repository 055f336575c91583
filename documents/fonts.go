package documents

import (
	"bytes"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Font families registered in every document.
const (
	sans = "go"     // Go Regular and Go Bold
	mono = "gomono" // Go Mono Bold, for numbers a courier reads out
)

// wib is Western Indonesia Time, the zone dates are printed in.
var wib = time.FixedZone("WIB", 7*60*60)

// newPDF returns an empty document in millimetres with the Go fonts
// registered, no automatic page breaks and a fixed creation date (at), so
// the same input renders the same bytes.
func newPDF(size fpdf.SizeType, at time.Time) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: size})
	// fpdf writes into the font bytes it is given while it subsets them,
	// so each document gets its own copy: documents may be rendered at
	// the same time.
	pdf.AddUTF8FontFromBytes(sans, "", bytes.Clone(goregular.TTF))
	pdf.AddUTF8FontFromBytes(sans, "B", bytes.Clone(gobold.TTF))
	pdf.AddUTF8FontFromBytes(mono, "B", bytes.Clone(gomonobold.TTF))
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetCreator("kasir", true)
	return pdf
}
