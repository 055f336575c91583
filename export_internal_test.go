package kasir

// What the external tests reach of the package's unexported helpers.
var (
	JSONBound = jsonBound
	FitPage   = fitPage[any]
	// FitPageExactly is fitPage measuring every record with json.Marshal.
	FitPageExactly = fitPageExactly[any]
)
