package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/certscope/certscope/internal/api"
)

// serveConfig holds the server's limits; tests shorten the timeouts.
type serveConfig struct {
	ReadHeaderTimeout time.Duration // slowloris guard: headers must arrive within this
	ReadTimeout       time.Duration // whole request, body included
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
	ShutdownTimeout   time.Duration // grace period for in-flight requests
	// MaxConcurrentChecks bounds checks running at once; more wait (up to
	// MaxPending in all, then 503). Checks are CPU-bound, so one per core
	// gives full throughput and keeps memory to a few checks' worth.
	MaxConcurrentChecks int
	MaxPending          int
	// MaxFindings caps the findings per response (negative: no cap).
	MaxFindings int
	// AllowOrigins are the web origins given CORS headers.
	AllowOrigins []string
	// AllowHosts are extra Host header values accepted beyond the
	// listener's own loopback names.
	AllowHosts []string
	// RateLimit is requests per minute per client address; -1 means the
	// default: off on a loopback address, defaultRateLimit otherwise.
	RateLimit int
}

const defaultRateLimit = 120

var defaultServeConfig = serveConfig{
	ReadHeaderTimeout:   5 * time.Second,
	ReadTimeout:         30 * time.Second,
	WriteTimeout:        60 * time.Second,
	IdleTimeout:         120 * time.Second,
	MaxHeaderBytes:      32 << 10,
	ShutdownTimeout:     10 * time.Second,
	MaxConcurrentChecks: runtime.GOMAXPROCS(0),
	MaxPending:          16 * runtime.GOMAXPROCS(0),
	MaxFindings:         api.DefaultMaxFindings,
	RateLimit:           -1,
}

// listFlag collects a repeatable, comma-separated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// serveCmd runs the HTTP API natively until SIGINT or SIGTERM.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9900", "`host:port` to listen on (loopback by default)")
	cfg := defaultServeConfig
	fs.IntVar(&cfg.MaxFindings, "max-findings", cfg.MaxFindings, "cap on findings per response (\"truncated\": true beyond it); -1 for no cap")
	fs.IntVar(&cfg.RateLimit, "rate-limit", -1, "requests per minute per client address (default: off on loopback, 120 otherwise; 0 turns it off)")
	memLimit := fs.Int("memory-limit", 128, "soft memory limit in MiB for the Go runtime (0: none; the GOMEMLIMIT environment variable wins)")
	var origins, hosts listFlag
	fs.Var(&origins, "allow-origin", "web `origin` allowed to call the API from a browser (CORS), e.g. https://docs.example.com; repeatable; * for any (default: none)")
	fs.Var(&hosts, "allow-host", "extra `host[:port]` accepted in the Host header (default: the loopback names of --addr); repeatable")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: certscope serve [--addr 127.0.0.1:9900] [--max-findings N] [--rate-limit N] [--allow-origin ORIGIN]... [--allow-host HOST]...")
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "\nexit status: 0 stopped by SIGINT/SIGTERM, 2 usage error or cannot listen")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "certscope serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "certscope serve: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg.AllowOrigins, cfg.AllowHosts = origins, hosts
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The garbage collector works harder near the limit instead of
		// letting a burst of large checks double the heap.
		debug.SetMemoryLimit(int64(*memLimit) << 20)
	}
	if err := serveOn(ctx, ln, cfg, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "certscope serve: %v\n", err)
		return exitUsage
	}
	return exitClean
}

// serveOn serves the API on ln until ctx is done, then shuts down
// gracefully. The listener is injected so tests can use 127.0.0.1:0.
func serveOn(ctx context.Context, ln net.Listener, cfg serveConfig, stdout, stderr io.Writer) error {
	logger := log.New(stderr, "certscope serve: ", log.LstdFlags)
	loopback := false
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		loopback = tcp.IP.IsLoopback()
	}
	rate := cfg.RateLimit
	if rate < 0 {
		rate = 0
		if !loopback {
			rate = defaultRateLimit
		}
	}
	acfg := api.Config{
		Logger:              logger,
		MaxConcurrentChecks: cfg.MaxConcurrentChecks,
		MaxPending:          cfg.MaxPending,
		MaxFindings:         cfg.MaxFindings,
		AllowOrigins:        cfg.AllowOrigins,
		AllowHosts:          allowHosts(ln.Addr(), loopback, cfg.AllowHosts),
		RateLimit:           rate,
		RateLimitLoopback:   !loopback && rate > 0,
		ReleaseMemory:       true,
	}
	srv := &http.Server{
		Handler:           api.NewHandler(acfg),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          logger,
	}
	if !loopback {
		logger.Printf("warning: listening on %s, which is not loopback: the API has no authentication (rate limit %d/min per address)", ln.Addr(), rate)
	}
	fmt.Fprintf(stdout, "certscope serve: listening on http://%s (version %s)\n", ln.Addr(), api.Version)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	fmt.Fprintln(stdout, "certscope serve: stopped")
	return err
}

// allowHosts is the Host check's list (DNS rebinding): on a loopback
// address its loopback names with the port, plus any --allow-host. On
// another address only --allow-host is checked (nil: any Host), since the
// server cannot know the names it is reached by.
func allowHosts(addr net.Addr, loopback bool, extra []string) []string {
	if !loopback {
		return extra
	}
	_, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return extra
	}
	hosts := []string{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port}
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.To4() != nil && !tcp.IP.Equal(net.IPv4(127, 0, 0, 1)) {
		hosts = append(hosts, net.JoinHostPort(tcp.IP.String(), port))
	}
	return append(hosts, extra...)
}
