package documents

import (
	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"
)

// drawCode128 draws text as a Code 128 barcode filling w×h at (x, y), bars
// as filled rectangles (vector, sharp at any printer resolution). It
// returns the encoder's error for text Code 128 cannot hold.
func drawCode128(pdf *fpdf.Fpdf, text string, x, y, w, h float64) error {
	bc, err := code128.Encode(text)
	if err != nil {
		return err
	}
	drawModules(pdf, bc, x, y, w/float64(bc.Bounds().Dx()), h, true)
	return nil
}

// drawQR draws text as a QR code (error correction M) size×size at (x, y).
func drawQR(pdf *fpdf.Fpdf, text string, x, y, size float64) error {
	bc, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return err
	}
	drawModules(pdf, bc, x, y, size/float64(bc.Bounds().Dx()), size/float64(bc.Bounds().Dy()), false)
	return nil
}

// drawModules fills the dark modules of bc, joining runs of dark modules
// in a row into one rectangle. A linear code (oneRow) is one row stretched
// to the height mh; a matrix code has rows mh high.
func drawModules(pdf *fpdf.Fpdf, bc barcode.Barcode, x, y, mw, mh float64, oneRow bool) {
	b := bc.Bounds()
	rows := b.Dy()
	if oneRow {
		rows = 1
	}
	pdf.SetFillColor(0, 0, 0)
	for row := 0; row < rows; row++ {
		start := -1
		for col := 0; col <= b.Dx(); col++ {
			dark := false
			if col < b.Dx() {
				r, _, _, _ := bc.At(b.Min.X+col, b.Min.Y+row).RGBA()
				dark = r < 0x8000
			}
			switch {
			case dark && start < 0:
				start = col
			case !dark && start >= 0:
				pdf.Rect(x+float64(start)*mw, y+float64(row)*mh, float64(col-start)*mw, mh, "F")
				start = -1
			}
		}
	}
}
