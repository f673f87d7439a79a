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
	"github.com/certscope/certscope/internal/registers/pagesite"
)

// CheckRequest is the body of POST /v1/check. Exactly one of Text and HTML
// must be non-empty.
type CheckRequest struct {
	Text  *string  `json:"text,omitempty"`
	HTML  *string  `json:"html,omitempty"`
	URL   string   `json:"url,omitempty"`
	Packs []string `json:"packs,omitempty"`
	Date  string   `json:"date,omitempty"` // YYYY-MM-DD; empty means today
	// Site is the host of the page, for the register checks (for html,
	// the page's canonical link or og:url by default).
	Site string `json:"site,omitempty"`
}

// CheckResponse is the answer to POST /v1/check. Offsets in Findings are
// UTF-16 code units into the checked text: the submitted text, or for html
// the extracted Text returned alongside.
type CheckResponse struct {
	Findings      []engine.Finding      `json:"findings"`
	Verifications []engine.Verification `json:"verifications"`
	Stats         engine.Stats          `json:"stats"`
	Text          *string               `json:"text,omitempty"`
}

// reqError is a client mistake with its status and code.
type reqError struct {
	status  int
	code    string
	message string
}

func (e *reqError) Error() string { return e.message }

func badRequest(code, format string, a ...any) *reqError {
	return &reqError{http.StatusBadRequest, code, fmt.Sprintf(format, a...)}
}

func (h *Handler) check(w http.ResponseWriter, r *http.Request) {
	if h.slots != nil {
		// Wait for a slot before reading the body, so memory stays bounded.
		select {
		case h.slots <- struct{}{}:
			defer func() { <-h.slots }()
		case <-r.Context().Done():
			writeError(w, r, http.StatusRequestTimeout, "cancelled", "request cancelled while waiting for a free slot")
			return
		}
	}
	req, rerr := h.decodeCheck(w, r)
	if rerr != nil {
		writeError(w, r, rerr.status, rerr.code, rerr.message)
		return
	}
	opt := engine.Options{Packs: req.Packs, URL: req.URL, Site: req.Site}
	if req.Date != "" {
		d, err := time.Parse(time.DateOnly, req.Date)
		if err != nil {
			writeError(w, r, http.StatusBadRequest, "bad_date", "date must be YYYY-MM-DD, got "+strconv.Quote(truncate(req.Date, 40)))
			return
		}
		opt.Date = d
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
	if res.Findings == nil {
		res.Findings = []engine.Finding{}
	}
	for i := range res.Findings {
		if res.Findings[i].Sources == nil {
			res.Findings[i].Sources = []engine.Source{}
		}
	}
	w.Header().Set("Server-Timing", fmt.Sprintf("engine;dur=%.3f, check;dur=%.3f", ms(t1.Sub(t0)), ms(t2.Sub(t1))))
	writeJSON(w, r, http.StatusOK, CheckResponse{Findings: res.Findings, Verifications: res.Verifications, Stats: res.Stats, Text: extracted})
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
		return badRequest("unknown_field", "%s; known fields: text, html, url, packs, date", strings.TrimPrefix(err.Error(), "json: "))
	}
	// Anything else is a read error on the body (the client hung up or
	// sent a broken chunked encoding): still the client's side.
	return badRequest("bad_body", "request body could not be read: %s", err.Error())
}
