//go:build js && wasm

// Command worker serves CertScope's HTTP API on Cloudflare Workers.
//
// syumai/workers' glue starts a fresh Go instance for every request (its
// Serve returns after the first response), which costs ~20 ms of CPU per
// request before any work, over the Workers Free plan's 10 ms. So this
// worker keeps one Go instance per isolate: main registers a handler on
// the run context and blocks, and worker.mjs (our glue, copied over the
// generated one by scripts/worker/build.sh) hands it every request. The
// engine is built on the first check of an instance, then reused.
//
// Settings come from the Worker's environment (see docs/api.md):
//
//	CERTSCOPE_TOKEN          if set, "Authorization: Bearer <token>" is
//	                         required on every route but /healthz
//	                         (wrangler secret put CERTSCOPE_TOKEN)
//	CERTSCOPE_ALLOW_ORIGINS  comma-separated web origins given CORS
//	                         headers ("*" for any); default none
package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/certscope/certscope/internal/api"
)

func main() {
	var h http.Handler
	handle := js.FuncOf(func(_ js.Value, args []js.Value) (out any) {
		// args: method, url, headers ([[name, value], ...]), body
		// (Uint8Array), env. The answer: {status, headers, body}.
		defer func() {
			if v := recover(); v != nil {
				out = answer(http.StatusInternalServerError, http.Header{"Content-Type": {"application/json; charset=utf-8"}},
					[]byte(`{"error":{"code":"internal","message":"internal error"}}`))
			}
		}()
		if h == nil {
			env := args[4]
			h = api.NewHandler(api.Config{Token: envString(env, "CERTSCOPE_TOKEN"), AllowOrigins: envList(env, "CERTSCOPE_ALLOW_ORIGINS")})
		}
		return serve(h, args[0].String(), args[1].String(), args[2], args[3])
	})
	js.Global().Get("context").Set("handle", handle)
	select {} // stay alive: worker.mjs calls handle for every request
}

// serve runs one request through the handler synchronously (the API never
// waits on JavaScript).
func serve(h http.Handler, method, url string, headers, body js.Value) js.Value {
	b := make([]byte, body.Get("length").Int())
	js.CopyBytesToGo(b, body)
	req, err := http.NewRequest(method, url, bytes.NewReader(b))
	if err != nil {
		return answer(http.StatusBadRequest, http.Header{"Content-Type": {"application/json; charset=utf-8"}},
			[]byte(`{"error":{"code":"bad_request","message":"unreadable request"}}`))
	}
	for i, n := 0, headers.Length(); i < n; i++ {
		kv := headers.Index(i)
		req.Header.Add(kv.Index(0).String(), kv.Index(1).String())
	}
	req.ContentLength = int64(len(b))
	// A body the glue stopped reading (over the limit) is announced by its
	// length, so the handler answers 413 as natively.
	if v := req.Header.Get(bodyLengthHeader); v != "" {
		req.Header.Del(bodyLengthHeader)
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			req.ContentLength = n
		}
	}
	req.Host = req.URL.Host
	req.RemoteAddr = req.Header.Get("Cf-Connecting-Ip") + ":0"
	w := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(w, req)
	return answer(w.status, w.header, w.body.Bytes())
}

// bodyLengthHeader is set by worker.mjs (and removed here) when it read
// only part of a body.
const bodyLengthHeader = "X-Certscope-Body-Length"

func answer(status int, header http.Header, body []byte) js.Value {
	hs := js.Global().Get("Array").New()
	for k, vs := range header {
		for _, v := range vs {
			hs.Call("push", js.ValueOf([]any{k, v}))
		}
	}
	arr := js.Global().Get("Uint8Array").New(len(body))
	js.CopyBytesToJS(arr, body)
	return js.ValueOf(map[string]any{"status": status, "headers": hs, "body": arr})
}

// recorder is a minimal http.ResponseWriter that keeps the response.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.body.Write(p)
}

func envString(env js.Value, name string) string {
	if env.Type() != js.TypeObject {
		return ""
	}
	if v := env.Get(name); v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func envList(env js.Value, name string) []string {
	var out []string
	for _, p := range strings.Split(envString(env, name), ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
