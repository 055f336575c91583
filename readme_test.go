package kasir_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeShowsTheTestedExample keeps the README's Go code compiling and
// true: its Go block is the body of Example_quickStart, which go test runs
// and checks against its output.
func TestReadmeShowsTheTestedExample(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "example_test.go", src, parser.ParseComments)
	require.NoError(t, err)
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "Example_quickStart" {
			body = fn.Body
		}
	}
	require.NotNil(t, body, "example_test.go must hold Example_quickStart")
	inner := string(src[fset.Position(body.Lbrace).Offset+1 : fset.Position(body.Rbrace).Offset])
	var lines []string
	for _, l := range strings.Split(strings.Trim(inner, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	want := "```go\n" + strings.Join(lines, "\n") + "\n```\n"

	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), want, "README.md's Go block must be Example_quickStart's body, one tab less")
}
