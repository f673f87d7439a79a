// Package main is the extension's engine host: a long-lived Go instance
// that the background service worker calls through syscall/js (main.go).
// The logic here needs no syscall/js so it is tested natively.
package main

import (
	"errors"
	"hash/fnv"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unsafe"

	"github.com/certscope/certscope/internal/engine"
)

// maxUnits caps the text one call may check; the content script caps the
// page text well below this, so hitting it means a bug or a hostile page.
const maxUnits = 4 << 20

// checkOptions is the JSON the service worker sends with each check,
// decoded by parseOptions (options.go). The host writes its JSON answers
// with jsonout.go: encoding/json and fmt would add a third of a megabyte
// to engine.wasm. The json tags document the format and let the tests
// compare with encoding/json.
type checkOptions struct {
	Packs []string `json:"packs"`
	Date  string   `json:"date"` // YYYY-MM-DD; empty means today
	URL   string   `json:"url"`
	// Compact asks for each card once: findings refer to it by index
	// (appendCompactResult). The extension uses it; the default stays
	// schema-v1 findings, each with its whole card.
	Compact bool   `json:"compact"`
	Site    string `json:"site"` // the page's host, for the register checks
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
	hex := strconv.FormatUint(h.Sum64(), 16)
	return &inputID{Bytes: len(text), Units: units, FNV: strings.Repeat("0", 16-len(hex)) + hex}
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

func errJSON(code, message string) string {
	return string(appendError(nil, errResponse{errBody{Code: code, Message: message}}))
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
		// What kind of value it was (fmt's %T would link reflect).
		var what string
		switch r := r.(type) {
		case runtime.Error:
			what = r.Error()
		case error:
			what = "an error"
		case string:
			what = "a string"
		default:
			what = "a value"
		}
		out = string(appendError(nil, errResponse{errBody{
			Code:    "engine_panic",
			Message: "engine panic (" + what + ") in " + panicSite(),
			Input:   identify(input),
		}}))
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
			var err error
			if o, err = parseOptions(optsJSON); err != nil {
				return errJSON("bad_options", "options are not valid JSON: "+err.Error())
			}
		}
		if len(text) > 3*maxUnits {
			return errJSON("too_large", "text is "+strconv.Itoa(len(text))+" bytes; the limit is "+strconv.Itoa(3*maxUnits))
		}
		opt := engine.Options{Packs: o.Packs, URL: o.URL, Site: o.Site}
		if o.Date != "" {
			d, err := time.Parse("2006-01-02", o.Date)
			if err != nil {
				return errJSON("bad_options", "date "+strconv.Quote(o.Date)+" is not YYYY-MM-DD")
			}
			opt.Date = d
		}
		res, err := h.eng.Check(text, opt)
		if err != nil {
			if errors.Is(err, engine.ErrUnknownPack) {
				return errJSON("unknown_pack", err.Error())
			}
			return errJSON("check_failed", err.Error())
		}
		if res.Findings == nil {
			res.Findings = []engine.Finding{}
		}
		// Sized up front (a full finding is ~1.4 KB of JSON, a compact one
		// ~175 B) and handed over without a copy: growing and copying a few
		// MB per call raised the peak of wasm memory, which never shrinks
		// (too small a guess cost 5 MB of peak on a 2 MB page).
		var b []byte
		if o.Compact {
			b = appendCompactResult(make([]byte, 0, 4096+len(res.Findings)*192), res)
		} else {
			b = appendResult(make([]byte, 0, 128+len(res.Findings)*1536), res)
		}
		return unsafe.String(unsafe.SliceData(b), len(b))
	})
}

// Packs lists the packs as a JSON array.
func (h host) Packs() string {
	return guard("", func() string {
		return string(appendList(nil, h.eng.Packs(), appendPackInfo))
	})
}

// Rules lists the rules as a JSON array.
func (h host) Rules() string {
	return guard("", func() string {
		return string(appendList(nil, h.eng.Rules(), appendRuleInfo))
	})
}
