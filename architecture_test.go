package kasir_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPureDomainImports keeps the import direction of STYLE.md: the domain
// packages import no ports, adapters, HTTP, context or storage packages.
func TestPureDomainImports(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}",
		"./catalog", "./pricing", "./shipping", "./payment", "./checkout", "./ledger", "./errs", "./money", "./documents", "./procurement", "./importing").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/kasir-id/kasir/pricing", "go list must have listed the domain")
	for _, d := range deps {
		switch {
		case strings.HasPrefix(d, "github.com/kasir-id/kasir/ports"),
			strings.HasPrefix(d, "github.com/kasir-id/kasir/adapters"),
			strings.HasPrefix(d, "github.com/kasir-id/kasir/examples"),
			d == "net/http", d == "database/sql":
			t.Errorf("a pure domain package depends on %s", d)
		}
	}
	// context is pulled in by the standard library itself, so check the
	// domain's direct imports for it.
	out, err = exec.Command("go", "list", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}",
		"./catalog", "./pricing", "./shipping", "./payment", "./checkout", "./ledger", "./errs", "./money", "./documents", "./procurement", "./importing").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		for _, imp := range strings.Fields(line)[1:] {
			if imp == "context" || imp == "net/http" || imp == "database/sql" || strings.Contains(imp, "/ports") || strings.Contains(imp, "/adapters") {
				t.Errorf("%s imports %s", strings.TrimSuffix(strings.Fields(line)[0], ":"), imp)
			}
		}
	}
}

// TestPortsAndServiceImports keeps the rest of the direction: ports and the
// Service import no adapters or examples, and no adapter imports another's
// package except the memory defaults in tests.
func TestPortsAndServiceImports(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", ".", "./ports").CombinedOutput()
	require.NoError(t, err, string(out))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, 2)
	for _, line := range lines {
		for _, imp := range strings.Fields(line)[1:] {
			if strings.Contains(imp, "kasir/adapters") || strings.Contains(imp, "kasir/examples") || imp == "net/http" || imp == "database/sql" {
				t.Errorf("%s imports %s", strings.TrimSuffix(strings.Fields(line)[0], ":"), imp)
			}
		}
	}
}
