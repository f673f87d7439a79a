package api

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"runtime/debug"
)

// errorBody is the shape of every error response.
type errorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeJSON encodes v fully before writing, so an encoding failure can
// still become a clean error response.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // served as application/json with nosniff: no need, and "<Company>" stays readable
	if err := enc.Encode(v); err != nil {
		// Only possible for a value the server built wrongly: a server bug.
		panic("api: encoding response: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	writeJSON(w, r, status, errorBody{apiError{Code: code, Message: msg}})
}

// statusWriter remembers whether the response has started, so the panic
// handler knows if it can still send a 500.
type statusWriter struct {
	http.ResponseWriter
	wrote bool
}

func (s *statusWriter) WriteHeader(code int) {
	s.wrote = true
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.MaxBytesReader and http.ResponseController reach the
// underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// middleware sets the request id and common headers and turns a panic into
// a logged, opaque 500.
func (h *Handler) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := requestID(r.Header.Get("X-Request-Id"))
		hdr := w.Header()
		hdr.Set("X-Request-Id", id)
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Cache-Control", "no-store")
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the server's own signal to drop the connection
			}
			h.cfg.Logger.Printf("panic serving %s %s (request %s): %v\n%s", r.Method, truncate(r.URL.Path, 200), id, v, debug.Stack())
			if sw.wrote {
				return // too late for a status; the client sees a cut response
			}
			writeError(sw, r, http.StatusInternalServerError, "internal",
				"internal error; quote request id "+id+" when reporting it")
		}()
		if h.guard(sw, r) {
			next.ServeHTTP(sw, r)
		}
	})
}

// requestID keeps a client's id if it is short and plain (so it is safe to
// log and echo) and otherwise makes one.
func requestID(in string) string {
	if n := len(in); n > 0 && n <= 64 {
		ok := true
		for i := 0; i < n; i++ {
			c := in[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				ok = false
				break
			}
		}
		if ok {
			return in
		}
	}
	var b [8]byte
	rand.Read(b[:]) // never fails on supported platforms (Go 1.24+)
	return hex.EncodeToString(b[:])
}
