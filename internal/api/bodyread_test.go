package api

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A body that stops arriving is the server's read deadline, not a client
// mistake: 408, never 400. (Decoding while reading once made a slow but
// over-limit body hit the deadline first and answered 400 instead of 413.)
func TestCheckBodyReadDeadline(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxBody: 1 << 20})
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Announce 1000 bytes, send 10, then stall past the deadline.
	fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\":\"a")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response to a stalled body: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), `"body_timeout"`) {
		t.Errorf("stalled body: %d %s, want 408 body_timeout", resp.StatusCode, b)
	}
}

// An over-limit body is refused with 413 whether its length is announced
// or it is streamed chunked, and whatever it holds (it is not decoded).
func TestCheckBodyOverLimitStreamed(t *testing.T) {
	h, _ := newTestHandler(t, Config{MaxBody: 64 << 10})
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, body := range []string{`{"text":"` + strings.Repeat("x", 100<<10), strings.Repeat("[", 100<<10), strings.Repeat("\x00", 100<<10)} {
		// io.MultiReader hides the length: the client streams it chunked.
		resp, err := http.Post(srv.URL+"/v1/check", "application/json", io.MultiReader(strings.NewReader(body)))
		if err != nil {
			continue // the server may hang up before the client is done writing
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%.10q…: %d %s, want 413", body, resp.StatusCode, b)
		}
	}
}
