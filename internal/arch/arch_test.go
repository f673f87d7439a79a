package arch

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/certscope/certscope/"

// deps lists pkg's transitive imports (pkg relative to the module root).
func deps(t *testing.T, pkg string, env ...string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "./"+pkg)
	cmd.Dir = "../.."
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./%s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// forbidden returns the imports of list that match a banned
// prefix (a module-relative one starts with mod).
func forbidden(list, banned []string) []string {
	var bad []string
	for _, p := range list {
		for _, b := range banned {
			if p == b || strings.HasPrefix(p, b+"/") {
				bad = append(bad, p)
			}
		}
	}
	return bad
}

func TestLayering(t *testing.T) {
	// Hosts and the things only hosts need: the core never reaches them.
	hosts := []string{mod + "cmd", mod + "wasm", mod + "scripts", mod + "internal/api",
		mod + "internal/htmltext", mod + "internal/golden"}
	sys := []string{"syscall/js", "net/http", "os/exec"}
	cases := []struct {
		pkg    string
		banned []string
	}{
		// The engine is plain Go: text in, findings out, in any host.
		{"internal/engine", append(append([]string{}, hosts...), sys...)},
		{"internal/kb", append(append([]string{mod + "internal/engine", mod + "internal/packs"}, hosts...), sys...)},
		{"internal/packs", append(append([]string{mod + "internal/engine"}, hosts...), sys...)},
		{"internal/text", append(append([]string{mod + "internal/engine", mod + "internal/kb", mod + "internal/packs"}, hosts...), sys...)},
		// The register snapshots are data for the engine; downloading fresh
		// ones (regsrc, net/http) is for the CLI only.
		{"internal/registers", append(append([]string{mod + "internal/engine", mod + "internal/registers/regsrc"}, hosts...), sys...)},
		// Extracting text from markup needs neither the engine nor a host.
		{"internal/htmltext", append([]string{mod + "internal/engine", mod + "internal/api", mod + "cmd", mod + "wasm"}, sys...)},
		// The API handler is shared by the CLI and the Worker: it must not
		// import either of them.
		{"internal/api", []string{mod + "cmd", mod + "wasm", "syscall/js"}},
	}
	for _, c := range cases {
		if bad := forbidden(deps(t, c.pkg), c.banned); len(bad) > 0 {
			t.Errorf("%s imports %v (see docs/architecture.md)", c.pkg, bad)
		}
	}
}

// Only the wasm entries touch syscall/js, and they are thin: no package of
// the module that the GOOS=js engine build needs imports it itself (the
// standard library's js port does, underneath os and time).
func TestEngineHasNoJSBinding(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", "./internal/engine")
	cmd.Dir = "../.."
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	own := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		if !strings.HasPrefix(pkg, mod) {
			continue
		}
		own++
		if bad := forbidden(strings.Fields(imports), []string{"syscall/js", mod + "wasm"}); len(bad) > 0 {
			t.Errorf("the GOOS=js build of %s imports %v", pkg, bad)
		}
	}
	if own < 3 {
		t.Fatalf("go list gave an implausible dependency list:\n%s", out)
	}
}
