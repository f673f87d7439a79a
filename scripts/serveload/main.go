// Command serveload is the load test of `certscope serve` on loopback
// (issue 16's acceptance): it starts the server as a child process, sends
// bounded bursts and reports the server's memory from /proc (Linux).
//
//	go build -o /tmp/certscope ./cmd/certscope
//	go run ./scripts/serveload -bin /tmp/certscope [-n 8] [-idle 30s]
//
// Rounds: (1) n concurrent amplification checks (a body under 4 MiB in
// which every sentence is a finding): each must answer 200 within the
// findings cap, or 503 (documented busy); peak RSS is read from VmHWM.
// (2) n connections that send headers and part of a body, then stall,
// while a normal check is timed. (3) RSS after -idle of rest, against the
// baseline taken before round 1. Traffic goes to 127.0.0.1 only.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	bin := flag.String("bin", "./certscope", "certscope binary")
	n := flag.Int("n", 8, "concurrent requests per round")
	idle := flag.Duration("idle", 30*time.Second, "rest before the last RSS reading")
	flag.Parse()
	if err := run(*bin, *n, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

func run(bin string, n int, idle time.Duration) error {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("no listening line: %v", err)
	}
	i := strings.Index(line, "http://127.0.0.1:")
	if i < 0 {
		return fmt.Errorf("unexpected output %q", line)
	}
	base := strings.Fields(line[i:])[0]
	pid := cmd.Process.Pid
	c := &http.Client{Timeout: 120 * time.Second}
	time.Sleep(300 * time.Millisecond)
	get(c, base+"/healthz")
	post(c, base, `{"text":"Our cameras are unhackable."}`) // engine built
	baseline := rss(pid, "VmRSS")
	baseAnon := rss(pid, "RssAnon")
	fmt.Printf("baseline RSS %.1f MB (anonymous %.1f MB, file-backed %.1f MB)\n", baseline, baseAnon, rss(pid, "RssFile"))

	// Round 1: amplification.
	body := amplification()
	fmt.Printf("amplification body %.2f MiB\n", float64(len(body))/(1<<20))
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	var maxFindings, maxTotal int
	var maxBytes int
	t0 := time.Now()
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, b := post(c, base, body)
			var res struct {
				Findings  []json.RawMessage `json:"findings"`
				Truncated bool              `json:"truncated"`
				Total     int               `json:"total"`
			}
			json.Unmarshal(b, &res)
			mu.Lock()
			codes[code]++
			maxFindings = max(maxFindings, len(res.Findings))
			maxTotal = max(maxTotal, res.Total)
			maxBytes = max(maxBytes, len(b))
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Printf("round 1: %d amplification checks in %.1f s: statuses %v, findings per response <= %d (total %d, truncated), response <= %.2f MB\n",
		n, time.Since(t0).Seconds(), codes, maxFindings, maxTotal, float64(maxBytes)/1e6)
	fmt.Printf("peak RSS (VmHWM) %.1f MB\n", rss(pid, "VmHWM"))

	// Round 2: slow bodies.
	host := strings.TrimPrefix(base, "http://")
	var conns []net.Conn
	for k := 0; k < n; k++ {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			return err
		}
		fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"text\":\"Our cam", host)
		conns = append(conns, conn)
	}
	time.Sleep(200 * time.Millisecond)
	t1 := time.Now()
	code, _ := post(c, base, `{"text":"Our cameras are unhackable."}`)
	fmt.Printf("round 2: normal check with %d slow-body connections: %d in %.3f s\n", n, code, time.Since(t1).Seconds())
	for _, conn := range conns {
		conn.Close()
	}

	fmt.Printf("waiting %v idle...\n", idle)
	time.Sleep(idle)
	after := rss(pid, "VmRSS")
	anon := rss(pid, "RssAnon")
	fmt.Printf("round 3: RSS after %v idle %.1f MB (baseline %.1f MB, %+.0f%%); anonymous %.1f MB (baseline %.1f MB, %+.0f%%), file-backed %.1f MB\n",
		idle, after, baseline, 100*(after-baseline)/baseline, anon, baseAnon, 100*(anon-baseAnon)/baseAnon, rss(pid, "RssFile"))
	return nil
}

func amplification() string {
	var b bytes.Buffer
	b.WriteString(`{"text":"`)
	s := "Our cameras are unhackable. "
	for b.Len()+len(s)+2 < 4<<20-64 {
		b.WriteString(s)
	}
	b.WriteString(`"}`)
	return b.String()
}

func get(c *http.Client, url string) int {
	resp, err := c.Get(url)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func post(c *http.Client, base, body string) (int, []byte) {
	resp, err := c.Post(base+"/v1/check", "application/json", strings.NewReader(body))
	if err != nil {
		return 0, nil
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, b
}

// rss reads a VmRSS, VmHWM, RssAnon or RssFile line of /proc/PID/status, in MB.
func rss(pid int, field string) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, field+":") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}
