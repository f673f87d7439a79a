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
	// MaxConcurrentChecks bounds checks in progress (each may hold a 4 MiB
	// body); more wait. Checks are CPU-bound, so a few per core suffice.
	MaxConcurrentChecks int
}

var defaultServeConfig = serveConfig{
	ReadHeaderTimeout:   5 * time.Second,
	ReadTimeout:         30 * time.Second,
	WriteTimeout:        60 * time.Second,
	IdleTimeout:         120 * time.Second,
	MaxHeaderBytes:      32 << 10,
	ShutdownTimeout:     10 * time.Second,
	MaxConcurrentChecks: 4 * runtime.GOMAXPROCS(0),
}

// serveCmd runs the HTTP API natively until SIGINT or SIGTERM.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9900", "`host:port` to listen on (loopback by default)")
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
	if err := serveOn(ctx, ln, defaultServeConfig, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "certscope serve: %v\n", err)
		return exitUsage
	}
	return exitClean
}

// serveOn serves the API on ln until ctx is done, then shuts down
// gracefully. The listener is injected so tests can use 127.0.0.1:0.
func serveOn(ctx context.Context, ln net.Listener, cfg serveConfig, stdout, stderr io.Writer) error {
	logger := log.New(stderr, "certscope serve: ", log.LstdFlags)
	srv := &http.Server{
		Handler:           api.NewHandler(api.Config{Logger: logger, MaxConcurrentChecks: cfg.MaxConcurrentChecks}),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          logger,
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		logger.Printf("warning: listening on %s, which is not loopback: the API has no authentication", tcp)
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
