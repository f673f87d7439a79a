package api

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

// openAPIStatuses reads docs/openapi.yaml's paths section by its fixed
// indentation: path -> method -> documented statuses. (No YAML library in
// the module; the file's layout is ours.)
func openAPIStatuses(t *testing.T) map[string]map[string]map[string]bool {
	t.Helper()
	f, err := os.Open("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pathRe := regexp.MustCompile(`^  (/\S*):\s*$`)
	methodRe := regexp.MustCompile(`^    (get|post|put|delete|patch|options|head):\s*$`)
	statusRe := regexp.MustCompile(`^        '(\d{3})':`)
	doc := map[string]map[string]map[string]bool{}
	inPaths := false
	var path, method string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, " ") && line != "" {
			inPaths = line == "paths:"
			continue
		}
		if !inPaths {
			continue
		}
		if m := pathRe.FindStringSubmatch(line); m != nil {
			path, method = m[1], ""
			doc[path] = map[string]map[string]bool{}
		} else if m := methodRe.FindStringSubmatch(line); m != nil && path != "" {
			method = strings.ToUpper(m[1])
			doc[path][method] = map[string]bool{}
		} else if m := statusRe.FindStringSubmatch(line); m != nil && method != "" {
			doc[path][method][m[1]] = true
		}
	}
	if len(doc) == 0 {
		t.Fatal("no paths read from docs/openapi.yaml")
	}
	return doc
}

// Every status the handler gives on a documented route is documented, and
// every documented operation exists.
func TestOpenAPIMatchesHandler(t *testing.T) {
	doc := openAPIStatuses(t)
	h, _ := newTestHandler(t, Config{MaxBody: 1 << 10})
	type call struct{ method, path, tmpl, ctype, body string }
	calls := []call{
		{"GET", "/healthz", "/healthz", "", ""},
		{"GET", "/v1/packs", "/v1/packs", "", ""},
		{"GET", "/v1/schemes", "/v1/schemes", "", ""},
		{"GET", "/v1/schemes/cyber-essentials-plus", "/v1/schemes/{id}", "", ""},
		{"GET", "/v1/schemes/nope", "/v1/schemes/{id}", "", ""},
		{"POST", "/healthz", "/healthz", "", ""},
		{"POST", "/v1/packs", "/v1/packs", "", ""},
		{"POST", "/v1/schemes", "/v1/schemes", "", ""},
		{"DELETE", "/v1/schemes/x", "/v1/schemes/{id}", "", ""},
		{"GET", "/v1/check", "/v1/check", "", ""},
		{"OPTIONS", "/v1/check", "/v1/check", "", ""},
		{"POST", "/v1/check", "/v1/check", "application/json", `{"text":"Our cameras are unhackable."}`},
		{"POST", "/v1/check", "/v1/check", "application/json", `{"text":`},
		{"POST", "/v1/check", "/v1/check", "application/json", `{"text":"a","packs":["nope"]}`},
		{"POST", "/v1/check", "/v1/check", "text/plain", `{"text":"a"}`},
		{"POST", "/v1/check", "/v1/check", "application/json", `{"text":"` + strings.Repeat("a", 2<<10) + `"}`},
	}
	seen := map[string]bool{}
	for _, c := range calls {
		var body *strings.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		} else {
			body = strings.NewReader("")
		}
		rec := do(t, h, c.method, c.path, c.ctype, body)
		code := rec.Result().Status[:3]
		ops, ok := doc[c.tmpl]
		if !ok {
			t.Errorf("%s not in openapi.yaml", c.tmpl)
			continue
		}
		seen[c.tmpl] = true
		if c.method == "GET" || c.method == "POST" || c.method == "OPTIONS" {
			if op, ok := ops[c.method]; ok && !op[code] {
				t.Errorf("%s %s gave %s, not documented (documented: %v)", c.method, c.path, code, op)
			} else if !ok && code != "405" {
				t.Errorf("%s %s gave %s but the operation is not documented", c.method, c.path, code)
			}
		} else {
			// Other methods: 405, documented on the path's operations.
			for m, op := range ops {
				if m != "OPTIONS" && !op[code] {
					t.Errorf("%s %s gave %s; not documented under %s", c.method, c.path, code, m)
				}
			}
		}
	}
	for p := range doc {
		if !seen[p] {
			t.Errorf("documented path %s not exercised by this test", p)
		}
	}
}
