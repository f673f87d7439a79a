// Package main is the extension's engine host: a long-lived Go instance
// that the background service worker calls through syscall/js (main.go).
// The logic here needs no syscall/js so it is tested natively.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/certscope/certscope/internal/engine"
)

// maxUnits caps the text one call may check; the content script caps the
// page text well below this, so hitting it means a bug or a hostile page.
const maxUnits = 4 << 20

// checkOptions is the JSON the service worker sends with each check.
type checkOptions struct {
	Packs []string `json:"packs"`
	Date  string   `json:"date"` // YYYY-MM-DD; empty means today
	URL   string   `json:"url"`
}

type errBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Input identifies the text an engine panic happened on without
	// carrying it: pages are private, so reports hold only its size and hash.
	Input *inputID `json:"input,omitempty"`
}

// inputID is the privacy-safe identity of a checked text.
type inputID struct {
	Bytes int    `json:"bytes"`
	Units int    `json:"units"` // UTF-16 code units, as the content script counts
	FNV   string `json:"fnv1a64"`
}

func identify(text string) *inputID {
	h := fnv.New64a()
	h.Write([]byte(text))
	units := 0
	for _, r := range text {
		units += utf16.RuneLen(r)
	}
	return &inputID{Bytes: len(text), Units: units, FNV: fmt.Sprintf("%016x", h.Sum64())}
}

// testPanic is set only by builds with -tags certscope_testhooks
// (testhooks.go): the e2e tests use it to make the engine panic on demand.
var testPanic func(text string)

type errResponse struct {
	Error errBody `json:"error"`
}

// host answers the binding's calls with JSON strings. No method panics or
// returns a Go error: failures become {"error": {...}} so the JavaScript
// side never has to catch.
type host struct {
	eng *engine.Engine
}

func errJSON(code, format string, args ...any) string {
	b, _ := json.Marshal(errResponse{errBody{Code: code, Message: fmt.Sprintf(format, args...)}})
	return string(b)
}

// guard turns a panic in f into an "engine_panic" JSON answer that names
// where it happened and identifies input by size and hash only: a panic
// value may quote the page (only Go runtime errors, which never do, are
// kept). The caller should restart the instance, whose state may be broken.
func guard(input string, f func() string) (out string) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		what := fmt.Sprintf("a %T", r)
		if re, ok := r.(runtime.Error); ok {
			what = re.Error()
		}
		b, _ := json.Marshal(errResponse{errBody{
			Code:    "engine_panic",
			Message: fmt.Sprintf("engine panic (%s) in %s", what, panicSite()),
			Input:   identify(input),
		}})
		out = string(b)
	}()
	return f()
}

// panicSite names the function that panicked: the first frame below the
// runtime's panic machinery (function names only, no data).
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if f.Function != "" && !strings.HasPrefix(f.Function, "runtime.") {
			return f.Function
		}
		if !more {
			return "unknown"
		}
	}
}

// Check runs the engine over text with options given as JSON (may be empty).
func (h host) Check(text, optsJSON string) string {
	return guard(text, func() string {
		if testPanic != nil {
			testPanic(text)
		}
		var o checkOptions
		if optsJSON != "" {
			if err := json.Unmarshal([]byte(optsJSON), &o); err != nil {
				return errJSON("bad_options", "options are not valid JSON: %v", err)
			}
		}
		if len(text) > 3*maxUnits {
			return errJSON("too_large", "text is %d bytes; the limit is %d", len(text), 3*maxUnits)
		}
		opt := engine.Options{Packs: o.Packs, URL: o.URL}
		if o.Date != "" {
			d, err := time.Parse("2006-01-02", o.Date)
			if err != nil {
				return errJSON("bad_options", "date %q is not YYYY-MM-DD", o.Date)
			}
			opt.Date = d
		}
		res, err := h.eng.Check(text, opt)
		if err != nil {
			if errors.Is(err, engine.ErrUnknownPack) {
				return errJSON("unknown_pack", "%v", err)
			}
			return errJSON("check_failed", "%v", err)
		}
		if res.Findings == nil {
			res.Findings = []engine.Finding{}
		}
		b, err := json.Marshal(res)
		if err != nil {
			return errJSON("internal", "encoding result: %v", err)
		}
		return string(b)
	})
}

// Packs lists the packs as a JSON array.
func (h host) Packs() string {
	return guard("", func() string {
		b, err := json.Marshal(h.eng.Packs())
		if err != nil {
			return errJSON("internal", "%v", err)
		}
		return string(b)
	})
}

// Rules lists the rules as a JSON array.
func (h host) Rules() string {
	return guard("", func() string {
		b, err := json.Marshal(h.eng.Rules())
		if err != nil {
			return errJSON("internal", "%v", err)
		}
		return string(b)
	})
}
