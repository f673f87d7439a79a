package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read what the server goroutine writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs serveOn on a free loopback port with short timeouts.
func startServer(t *testing.T) (base string, out *syncBuffer, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaultServeConfig
	cfg.ReadHeaderTimeout = 300 * time.Millisecond
	// Generous: a loaded CI machine can take seconds to stream 5 MiB, and a
	// read timeout mid-body would turn the 413 under test into a 400.
	cfg.ReadTimeout = 30 * time.Second
	cfg.MaxHeaderBytes = 4 << 10
	cfg.ShutdownTimeout = 2 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, ln, cfg, out, out) }()
	var once sync.Once
	var serr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case serr = <-done:
			case <-time.After(5 * time.Second):
				serr = errors.New("server did not stop")
			}
		})
		return serr
	}
	t.Cleanup(func() { stop() })
	return "http://" + ln.Addr().String(), out, stop
}

func get(t *testing.T, url string) int {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// rawRequest writes raw bytes on a fresh connection and returns the status
// line of the answer.
func rawRequest(t *testing.T, base, raw string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	raw = strings.Replace(raw, "\r\nHost: x\r\n", "\r\nHost: "+strings.TrimPrefix(base, "http://")+"\r\n", 1)
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("reading answer to %.40q: %v", raw, err)
	}
	return strings.TrimSpace(line)
}

// A client that never finishes its headers is cut off after
// ReadHeaderTimeout, and others are served meanwhile.
func TestServeSlowloris(t *testing.T) {
	base, _, _ := startServer(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	io.WriteString(conn, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
	// Keep trickling header bytes, like slowloris, until the server hangs up.
	closed := make(chan time.Duration, 1)
	go func() {
		buf := make([]byte, 512)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			if _, err := conn.Read(buf); err != nil {
				closed <- time.Since(start)
				return
			}
		}
	}()
	for i := 0; i < 3; i++ {
		if code := get(t, base+"/healthz"); code != 200 {
			t.Fatalf("healthz during slowloris: %d", code)
		}
		io.WriteString(conn, "X-Slow: 1\r\n")
		time.Sleep(50 * time.Millisecond)
	}
	select {
	case d := <-closed:
		if d < 250*time.Millisecond || d > 3*time.Second {
			t.Errorf("slow connection closed after %v, want about the 300ms header timeout", d)
		}
	case <-time.After(6 * time.Second):
		t.Fatal("slow connection still open")
	}
	if code := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("healthz after slowloris: %d", code)
	}
}

// Oversized and malformed requests get 4xx and the server keeps serving.
func TestServeBadRequests(t *testing.T) {
	base, _, _ := startServer(t)
	for _, c := range []struct{ name, raw, want string }{
		{"garbage", "GARBAGE\r\n\r\n", "HTTP/1.1 400"},
		{"bad header", "GET /healthz HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", "HTTP/1.1 400"},
		{"huge header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", "HTTP/1.1 431"},
		{"huge body", "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{", "HTTP/1.1 413"},
		{"bad json", "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n{", "HTTP/1.1 400"},
		{"wrong type", "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\n{", "HTTP/1.1 415"},
	} {
		if got := rawRequest(t, base, c.raw); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %q, want %s", c.name, got, c.want)
		}
		if code := get(t, base+"/healthz"); code != 200 {
			t.Fatalf("healthz after %s: %d", c.name, code)
		}
	}
	// A real oversized body streamed by a client.
	resp, err := http.Post(base+"/v1/check", "application/json", io.MultiReader(strings.NewReader(`{"text":"`), strings.NewReader(strings.Repeat("x", 5<<20))))
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("streamed 5 MiB: %d %s", resp.StatusCode, b)
		}
	} // an error is also fine: the server may close before the client is done writing
	if code := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("healthz after 5 MiB: %d", code)
	}
}

func TestServeShutdown(t *testing.T) {
	base, out, stop := startServer(t)
	if code := get(t, base+"/v1/packs"); code != 200 {
		t.Fatalf("packs: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if s := out.String(); !strings.Contains(s, "listening on "+base) || !strings.Contains(s, "stopped") {
		t.Errorf("output %q", s)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestServeCmdUsage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, args := range [][]string{{"--nope"}, {"extra"}, {"--addr", ln.Addr().String()}, {"--addr", "not an address"}} {
		var out, errb bytes.Buffer
		if code := serveCmd(args, &out, &errb); code != exitUsage {
			t.Errorf("serve %v: exit %d, want %d", args, code, exitUsage)
		}
	}
	var out, errb bytes.Buffer
	if code := serveCmd([]string{"-h"}, &out, &errb); code != exitClean || !strings.Contains(errb.String(), "-addr") {
		t.Errorf("serve -h: %d %q", code, errb.String())
	}
}

// serveCmd itself stops cleanly on SIGINT.
func TestServeCmdSignal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- serveCmd([]string{"--addr", addr}, out, out) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "listening") {
		if time.Now().After(deadline) {
			t.Fatalf("not listening: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code := get(t, "http://"+addr+"/healthz"); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	p, _ := os.FindProcess(os.Getpid())
	p.Signal(os.Interrupt)
	select {
	case code := <-done:
		if code != exitClean {
			t.Errorf("exit %d; output %q", code, out.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
}

// Issue 16's hostile-load cases on loopback, bounded: an all-claims body
// is answered within the findings cap, and eight connections stalled
// mid-body do not delay a normal check (slots are taken after the body).
func TestServeHostileLoad(t *testing.T) {
	base, _, _ := startServer(t)
	host := strings.TrimPrefix(base, "http://")
	for i := 0; i < 8; i++ {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		io.WriteString(conn, "POST /v1/check HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"text\":\"Our cam")
	}
	time.Sleep(100 * time.Millisecond)
	c := &http.Client{Timeout: 20 * time.Second}
	t0 := time.Now()
	resp, err := c.Post(base+"/v1/check", "application/json", strings.NewReader(`{"text":"Our cameras are unhackable."}`))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if d := time.Since(t0); resp.StatusCode != 200 || d > time.Second {
		t.Errorf("normal check beside 8 stalled bodies: %d in %v", resp.StatusCode, d)
	}
	body := `{"text":"` + strings.Repeat("Our cameras are unhackable. ", 40000) + `"}`
	resp, err = c.Post(base+"/v1/check", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Findings  []json.RawMessage `json:"findings"`
		Truncated bool              `json:"truncated"`
		Total     int               `json:"total"`
	}
	err = json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(res.Findings) != 1000 || !res.Truncated || res.Total != 40000 {
		t.Errorf("amplification: %d, %d findings, truncated %v, total %d, %v", resp.StatusCode, len(res.Findings), res.Truncated, res.Total, err)
	}
}

// DNS rebinding and cross-origin calls: a Host other than the listener's
// loopback names, or any web Origin, is refused; no CORS headers are sent.
func TestServeHostAndOrigin(t *testing.T) {
	base, _, _ := startServer(t)
	host := strings.TrimPrefix(base, "http://")
	if got := rawRequest(t, base, "GET /healthz HTTP/1.1\r\nHost: attacker.example:"+strings.Split(host, ":")[1]+"\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 403") {
		t.Errorf("rebinding Host: %q", got)
	}
	if got := rawRequest(t, base, "GET /healthz HTTP/1.1\r\nHost: localhost:"+strings.Split(host, ":")[1]+"\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 200") {
		t.Errorf("localhost Host: %q", got)
	}
	req, _ := http.NewRequest("POST", base+"/v1/check", strings.NewReader(`{"text":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://any-page.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("web origin: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestAllowHosts(t *testing.T) {
	lo := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9900}
	if got := strings.Join(allowHosts(lo, true, []string{"cs.local:9900"}), " "); got != "127.0.0.1:9900 localhost:9900 [::1]:9900 cs.local:9900" {
		t.Errorf("loopback: %s", got)
	}
	if got := strings.Join(allowHosts(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 2), Port: 80}, true, nil), " "); !strings.Contains(got, "127.0.0.2:80") {
		t.Errorf("127.0.0.2: %s", got)
	}
	// Not loopback: the server cannot know its names; only --allow-host.
	if got := allowHosts(&net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 9900}, false, nil); got != nil {
		t.Errorf("non-loopback: %v", got)
	}
}

// --allow-origin gives that origin CORS headers through the real server.
func TestServeAllowOrigin(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaultServeConfig
	cfg.AllowOrigins = []string{"https://docs.example.com"}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	out := &syncBuffer{}
	go func() { done <- serveOn(ctx, ln, cfg, out, out) }()
	defer func() { cancel(); <-done }()
	req, _ := http.NewRequest("OPTIONS", "http://"+ln.Addr().String()+"/v1/check", nil)
	req.Header.Set("Origin", "https://docs.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "https://docs.example.com" {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
}
