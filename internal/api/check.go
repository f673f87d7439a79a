package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/findingjson"
	"github.com/certscope/certscope/internal/registers/pagesite"
)

// CheckRequest is the body of POST /v1/check. Exactly one of Text and HTML
// must be non-empty.
type CheckRequest struct {
	Text  *string       `json:"text,omitempty"`
	HTML  *string       `json:"html,omitempty"`
	URL   string        `json:"url,omitempty"`
	Packs []string      `json:"packs,omitempty"`
	Date  string        `json:"date,omitempty"` // YYYY-MM-DD; empty means today
	Rules *RuleSwitches `json:"rules,omitempty"`
	// Compact asks for the compact form: each card (rule x scheme) once in
	// "cards", and findings that refer to it by index.
	Compact bool `json:"compact,omitempty"`
	// Site is the host of the page, for the register checks (for html,
	// the page's canonical link, og:url or og:site_name by default).
	Site string `json:"site,omitempty"`
}

// RuleSwitches turns single rules off, as LanguageTool's disabledRules.
type RuleSwitches struct {
	Disable []string `json:"disable,omitempty"`
}

// CheckResponse is the answer to POST /v1/check. Offsets in Findings are
// UTF-16 code units into the checked text: the submitted text, or for html
// the extracted Text returned alongside.
// At most the handler's MaxFindings findings are sent: Truncated then says
// so and Total (also Stats.Findings) counts them all.
type CheckResponse struct {
	Findings      []engine.Finding      `json:"findings"`
	Verifications []engine.Verification `json:"verifications"` // claims the registers support
	Stats         engine.Stats          `json:"stats"`
	Truncated     bool                  `json:"truncated"`
	Total         int                   `json:"total"`
	Text          *string               `json:"text,omitempty"`
}

// reqError is a client mistake with its status and code.
type reqError struct {
	status  int
	code    string
	message string
}

func badRequest(code, format string, a ...any) *reqError {
	return &reqError{http.StatusBadRequest, code, fmt.Sprintf(format, a...)}
}

func (h *Handler) check(w http.ResponseWriter, r *http.Request) {
	// Admission first: a bounded number of checks may be reading, waiting
	// or running; beyond it the server is busy (503), not slow for all.
	if h.pending != nil {
		select {
		case h.pending <- struct{}{}:
			defer func() { <-h.pending }()
		default:
			w.Header().Set("Retry-After", "1")
			writeError(w, r, http.StatusServiceUnavailable, "busy", "the server is busy with other checks; retry shortly")
			return
		}
	}
	// Where clients are rate-limited, one address may hold only a few of
	// the admitted places, so a client alone cannot fill them with slow
	// bodies.
	if h.limiter != nil && (h.cfg.RateLimitLoopback || !isLoopback(r.RemoteAddr)) {
		key := clientKey(r.RemoteAddr)
		if !h.limiter.enter(key) {
			w.Header().Set("Retry-After", "1")
			writeError(w, r, http.StatusServiceUnavailable, "busy", "too many checks in progress from this address; retry shortly")
			return
		}
		defer h.limiter.leave(key)
	}
	// The body is read before a check slot is taken, so a client that
	// sends its body slowly holds no slot.
	req, rerr := h.decodeCheck(w, r)
	if rerr != nil {
		writeError(w, r, rerr.status, rerr.code, rerr.message)
		return
	}
	opt := engine.Options{Packs: req.Packs, URL: req.URL, Site: req.Site, MaxFindings: max(h.cfg.MaxFindings, 0)}
	if req.Date != "" {
		d, err := time.Parse(time.DateOnly, req.Date)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, "bad_date", "date must be YYYY-MM-DD, got "+strconv.Quote(truncate(req.Date, 40)))
			return
		}
		opt.Date = d
	}
	if opt.DisableRules, rerr = h.disabledRules(req.Rules); rerr != nil {
		writeError(w, r, rerr.status, rerr.code, rerr.message)
		return
	}
	if h.slots != nil {
		select {
		case h.slots <- struct{}{}:
			defer func() { <-h.slots }()
		case <-r.Context().Done():
			writeError(w, r, http.StatusRequestTimeout, "cancelled", "request cancelled while waiting for a free slot")
			return
		}
	}
	var text string
	var extracted *string
	if req.HTML != nil {
		t := extractText(*req.HTML) // never fails: any bytes are some HTML
		text, extracted = t, &t
		if opt.Site == "" {
			opt.Site = pagesite.FromHTML([]byte(*req.HTML))
		}
	} else {
		text = *req.Text
	}
	req.HTML, req.Text = nil, nil // let the source go once extracted
	if h.release != nil {
		h.release.begin()
		defer h.release.end(len(text))
	}

	t0 := time.Now()
	eng := h.engine() // the first call builds the engine: timed apart from the check
	t1 := time.Now()
	res, err := eng.Check(text, opt)
	t2 := time.Now()
	if err != nil {
		var up *engine.UnknownPackError
		switch {
		case errors.As(err, &up):
			writeError(w, r, http.StatusBadRequest, "unknown_pack", fmt.Sprintf("unknown pack %q; valid packs: %s", truncate(up.Name, 60), strings.Join(up.Valid, ", ")))
		case errors.Is(err, engine.ErrUnknownPack):
			writeError(w, r, http.StatusBadRequest, "unknown_pack", err.Error())
		default:
			// The engine fails otherwise only if its embedded packs are
			// broken: a server bug, not the client's.
			id := w.Header().Get("X-Request-Id")
			h.cfg.Logger.Printf("engine error (request %s): %v", id, err)
			writeError(w, r, http.StatusInternalServerError, "internal", "internal error; quote request id "+id+" when reporting it")
		}
		return
	}
	fs := res.Findings
	out := CheckResponse{Verifications: res.Verifications, Stats: res.Stats, Total: res.Stats.Findings, Text: extracted}
	if out.Verifications == nil {
		out.Verifications = []engine.Verification{}
	}
	out.Truncated = out.Total > len(fs)
	w.Header().Set("Server-Timing", fmt.Sprintf("engine;dur=%.3f, check;dur=%.3f", ms(t1.Sub(t0)), ms(t2.Sub(t1))))
	if req.Compact {
		writeCompact(w, r, fs, &out)
		return
	}
	writeCheck(w, fs, &out)
}

// Card is the shared part of findings in the compact form.
type Card struct {
	Rule        string          `json:"rule"`
	Pack        string          `json:"pack"`
	Severity    string          `json:"severity"`
	Scheme      string          `json:"scheme,omitempty"`
	Title       string          `json:"title"`
	Message     string          `json:"message"`
	Explanation string          `json:"explanation"`
	Suggestion  string          `json:"suggestion,omitempty"`
	Sources     []engine.Source `json:"sources"`
	Verify      *engine.Verify  `json:"verify,omitempty"`
}

// CompactFinding is a finding of the compact form: offsets and the index
// of its card in "cards".
type CompactFinding struct {
	Card     int              `json:"card"`
	Rule     string           `json:"rule"`
	Start    int              `json:"start"`
	End      int              `json:"end"`
	Claim    engine.Span      `json:"claim"`
	Register *engine.Register `json:"register,omitempty"` // per finding: it differs from claim to claim
}

// CompactResponse is the answer to a check with "compact": true.
type CompactResponse struct {
	Cards         []Card                `json:"cards"`
	Findings      []CompactFinding      `json:"findings"`
	Verifications []engine.Verification `json:"verifications"`
	Stats         engine.Stats          `json:"stats"`
	Truncated     bool                  `json:"truncated"`
	Total         int                   `json:"total"`
	Text          *string               `json:"text,omitempty"`
}

// writeCompact sends each card once, findings referring to it.
func writeCompact(w http.ResponseWriter, r *http.Request, fs []engine.Finding, out *CheckResponse) {
	res := CompactResponse{Cards: []Card{}, Findings: make([]CompactFinding, 0, len(fs)),
		Verifications: out.Verifications, Stats: out.Stats, Truncated: out.Truncated, Total: out.Total, Text: out.Text}
	// Keyed by the card's text too: a card may depend on more than its
	// rule and scheme (a date, a register result).
	index := map[[6]string]int{}
	for _, f := range fs {
		k := [6]string{f.Rule, f.Scheme, f.Title, f.Message, f.Explanation, f.Suggestion}
		i, ok := index[k]
		if !ok {
			i = len(res.Cards)
			index[k] = i
			src := f.Sources
			if src == nil {
				src = []engine.Source{}
			}
			res.Cards = append(res.Cards, Card{Rule: f.Rule, Pack: f.Pack, Severity: f.Severity, Scheme: f.Scheme,
				Title: f.Title, Message: f.Message, Explanation: f.Explanation, Suggestion: f.Suggestion,
				Sources: src, Verify: f.Verify})
		}
		res.Findings = append(res.Findings, CompactFinding{Card: i, Rule: f.Rule, Start: f.Start, End: f.End, Claim: f.Claim, Register: f.Register})
	}
	writeJSON(w, r, http.StatusOK, res)
}

// disabledRules validates the rule switches against the engine's rules.
func (h *Handler) disabledRules(rs *RuleSwitches) ([]string, *reqError) {
	if rs == nil || len(rs.Disable) == 0 {
		return nil, nil
	}
	known := map[string]bool{}
	for _, ri := range h.engine().Rules() {
		known[ri.ID] = true
	}
	for _, id := range rs.Disable {
		if !known[id] {
			return nil, badRequest("unknown_rule", "unknown rule %q in rules.disable; see GET /v1/packs", truncate(id, 60))
		}
	}
	return rs.Disable, nil
}

// writeCheck streams the response a finding at a time: with the cap the
// body is bounded anyway, but nothing holds it whole. Findings are
// written by findingjson (each card encoded once; encoding/json's
// reflection was a third of a 10 KB check's time).
func writeCheck(w http.ResponseWriter, fs []engine.Finding, out *CheckResponse) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	var enc findingjson.Encoder
	b := make([]byte, 0, 32<<10)
	b = append(b, `{"findings":[`...)
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		f := &fs[i]
		if f.Sources == nil {
			f.Sources = []engine.Source{}
		}
		b = enc.AppendFinding(b, f, nil)
		if len(b) >= 32<<10 {
			if _, err := w.Write(b); err != nil {
				return // the client is gone
			}
			b = b[:0]
		}
	}
	st := out.Stats
	b = findingjson.AppendVerifications(append(b, `],"verifications":`...), out.Verifications)
	b = append(b, `,"stats":{"units":`...)
	b = strconv.AppendInt(b, int64(st.Units), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(st.Bytes), 10)
	b = append(b, `,"sentences":`...)
	b = strconv.AppendInt(b, int64(st.Sentences), 10)
	b = append(b, `,"hits":`...)
	b = strconv.AppendInt(b, int64(st.Hits), 10)
	b = append(b, `,"findings":`...)
	b = strconv.AppendInt(b, int64(st.Findings), 10)
	b = append(b, `},"truncated":`...)
	b = strconv.AppendBool(b, out.Truncated)
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(out.Total), 10)
	if out.Text != nil {
		b = append(b, `,"text":`...)
		b = findingjson.AppendString(b, *out.Text)
	}
	b = append(b, "}\n"...)
	w.Write(b)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// decodeCheck validates the request's headers and body.
func (h *Handler) decodeCheck(w http.ResponseWriter, r *http.Request) (*CheckRequest, *reqError) {
	if err := jsonContentType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	if r.ContentLength > h.cfg.MaxBody {
		return nil, tooLarge(h.cfg.MaxBody)
	}
	// Read the whole body before decoding: reading is a plain copy, so an
	// over-limit body is refused as soon as it has arrived, even on a loaded
	// machine; decoding while reading slowed the read down enough to hit the
	// server's ReadTimeout first (a 400, later 408, instead of 413).
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		return nil, readError(err, h.cfg.MaxBody)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var req CheckRequest
	if err := dec.Decode(&req); err != nil {
		return nil, decodeError(err, h.cfg.MaxBody)
	}
	// Exactly one JSON value: trailing data is a malformed body.
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, badRequest("bad_json", "body must hold a single JSON object")
		}
		return nil, decodeError(err, h.cfg.MaxBody)
	}
	hasText := req.Text != nil && *req.Text != ""
	hasHTML := req.HTML != nil && *req.HTML != ""
	switch {
	case req.Text != nil && req.HTML != nil:
		return nil, badRequest("text_and_html", `give either "text" or "html", not both`)
	case !hasText && !hasHTML:
		return nil, badRequest("missing_text", `"text" or "html" is required and must not be empty`)
	}
	for _, p := range req.Packs {
		if p == "" {
			return nil, badRequest("unknown_pack", `pack ids must not be empty; see GET /v1/packs`)
		}
	}
	return &req, nil
}

// jsonContentType accepts application/json with an optional UTF-8 charset.
func jsonContentType(ct string) *reqError {
	if ct == "" {
		return &reqError{http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type must be application/json"}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return &reqError{http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type must be application/json, got " + strconv.Quote(truncate(ct, 80))}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return &reqError{http.StatusUnsupportedMediaType, "unsupported_media_type", "only the utf-8 charset is supported"}
	}
	return nil
}

func tooLarge(limit int64) *reqError {
	return &reqError{http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("request body over the limit of %d bytes", limit)}
}

// readError classifies an error reading the body: over the limit (413),
// the server's read deadline passed (408: the client was too slow, not
// wrong), or anything else the client broke (400).
func readError(err error, limit int64) *reqError {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe):
		return tooLarge(limit)
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &reqError{http.StatusRequestTimeout, "body_timeout", "the request body did not arrive in time"}
	}
	return badRequest("bad_body", "request body could not be read: %s", err.Error())
}

// decodeError classifies an encoding/json error as a client mistake.
func decodeError(err error, limit int64) *reqError {
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return tooLarge(limit)
	case errors.Is(err, io.EOF):
		return badRequest("bad_json", "request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("bad_json", "request body is truncated JSON")
	case errors.As(err, &se):
		return badRequest("bad_json", "malformed JSON at byte %d: %s", se.Offset, se.Error())
	case errors.As(err, &te):
		if te.Field == "" {
			return badRequest("bad_json", "body must be a JSON object")
		}
		return badRequest("bad_field", "field %q has the wrong type (got a JSON %s)", te.Field, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return badRequest("unknown_field", "%s; known fields: text, html, url, packs, date, rules, compact", strings.TrimPrefix(err.Error(), "json: "))
	}
	// Anything else is a read error on the body (the client hung up or
	// sent a broken chunked encoding): still the client's side.
	return badRequest("bad_body", "request body could not be read: %s", err.Error())
}
