package kasir_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moduleNames returns, per package name of the module, every exported
// name it declares: top-level names ("Calculate"), methods and struct
// fields ("Voucher.CheckUsable", "Settings.COD").
func moduleNames(t *testing.T) map[string]map[string]bool {
	t.Helper()
	names := map[string]map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg := f.Name.Name
		if names[pkg] == nil {
			names[pkg] = map[string]bool{}
		}
		add := func(n string) { names[pkg][n] = true }
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					add(d.Name.Name)
					continue
				}
				typ := d.Recv.List[0].Type
				if s, ok := typ.(*ast.StarExpr); ok {
					typ = s.X
				}
				if id, ok := typ.(*ast.Ident); ok {
					add(id.Name + "." + d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(n.Name)
						}
					case *ast.TypeSpec:
						add(s.Name.Name)
						st, ok := s.Type.(*ast.StructType)
						if !ok {
							continue
						}
						for _, field := range st.Fields.List {
							for _, n := range field.Names {
								add(s.Name.Name + "." + n.Name)
							}
							if len(field.Names) == 0 { // embedded
								ft := field.Type
								if s, ok := ft.(*ast.StarExpr); ok {
									ft = s.X
								}
								switch e := ft.(type) {
								case *ast.Ident:
									add(s.Name.Name + "." + e.Name)
								case *ast.SelectorExpr:
									add(s.Name.Name + "." + e.Sel.Name)
								}
							}
						}
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	delete(names, "main")
	return names
}

var goName = regexp.MustCompile("`([A-Za-z][A-Za-z0-9]*(?:\\.[A-Z][A-Za-z0-9]*)+)`")

// TestDocsNameRealIdentifiers: every Go name the documentation cites in
// backquotes — `pricing.Calculate`, `Service.PlaceOrder`,
// `Settings.ExpiryHours` — exists in the module, so a rename cannot leave
// the docs pointing at nothing.
func TestDocsNameRealIdentifiers(t *testing.T) {
	t.Parallel()
	names := moduleNames(t)
	require.True(t, names["pricing"]["Calculate"], "the scan must see the module")
	pages, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	pages = append(pages, "README.md")
	checked := 0
	for _, page := range pages {
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		for _, m := range goName.FindAllStringSubmatch(string(data), -1) {
			parts := strings.Split(m[1], ".")
			if pkg, ok := names[parts[0]]; ok { // pkg.Name or pkg.Type.Member
				checked++
				assert.True(t, pkg[parts[1]], "%s names %s: no %s in package %s", page, m[1], parts[1], parts[0])
				if len(parts) == 3 {
					assert.True(t, pkg[parts[1]+"."+parts[2]], "%s names %s: %s has no %s", page, m[1], parts[1], parts[2])
				}
				continue
			}
			if len(parts) != 2 || parts[0][0] < 'A' || parts[0][0] > 'Z' {
				continue // a file name or a JSON path
			}
			found := false
			for _, pkg := range names {
				found = found || pkg[m[1]]
			}
			checked++
			assert.True(t, found, "%s names %s, which no package of the module declares", page, m[1])
		}
	}
	require.Positive(t, checked)
}
