package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/certscope/certscope/internal/registers"
	"github.com/certscope/certscope/internal/registers/regsrc"
)

// registersCmd lists the register snapshots, or updates them:
//
//	certscope registers [--dir DIR] [--format text|json]
//	certscope registers update [--dir DIR] [--cmvp-source nist|scraper] [--nist-url URL] [--cmvp-pages N] [--cmvp-base URL] [--fedramp-url URL]
func registersCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "update" {
		return registersUpdate(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("registers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "list the snapshots in DIR (default: the ones the engine uses)")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: certscope registers [--dir DIR] [--format text|json] | certscope registers update [--dir DIR]")
		return exitUsage
	}
	var db *registers.DB
	var err error
	if *dir != "" {
		db, err = regsrc.Load(*dir)
	} else {
		db, err = registers.Default() // the refreshed snapshot if there is one, else the built-in one
	}
	if err != nil {
		fmt.Fprintf(stderr, "certscope registers: %v\n", err)
		return exitUsage
	}
	n := regsrc.Count(db)
	type entry struct {
		Register string         `json:"register"`
		Snapshot string         `json:"snapshot"`
		Source   string         `json:"source"`
		Counts   map[string]int `json:"counts"`
	}
	list := []entry{
		{db.CMVP.Register, db.CMVP.Date, db.CMVP.Source, map[string]int{"certificates": n.Certs, "active": n.Active, "in_process": n.Queue}},
		{db.FedRAMP.Register, db.FedRAMP.Date, db.FedRAMP.Source, map[string]int{"offerings": n.Offerings, "authorized": n.Authorized}},
	}
	switch *format {
	case "json":
		e := json.NewEncoder(stdout)
		e.SetIndent("", "  ")
		e.Encode(map[string]any{"registers": list})
	case "text":
		fmt.Fprintf(stdout, "%-20s %s  %d certificates (%d active), %d modules in process\n  %s\n", list[0].Register, list[0].Snapshot, n.Certs, n.Active, n.Queue, list[0].Source)
		fmt.Fprintf(stdout, "%-20s %s  %d offerings (%d FedRAMP Authorized)\n  %s\n", list[1].Register, list[1].Snapshot, n.Offerings, n.Authorized, list[1].Source)
	default:
		fmt.Fprintf(stderr, "certscope registers: unknown format %q (valid: text, json)\n", *format)
		return exitUsage
	}
	return exitClean
}

// The engine uses the snapshot `registers update` wrote to the default
// directory (or $CERTSCOPE_REGISTERS) when it is at least as new as the
// built-in one; it is read on the first FIPS or FedRAMP claim only.
func init() { registers.SetLoader(func() *registers.DB { return newerSnapshot(registersDir()) }) }

// registersDir is $CERTSCOPE_REGISTERS, else the default directory.
func registersDir() string {
	if d := os.Getenv("CERTSCOPE_REGISTERS"); d != "" {
		return d
	}
	return defaultRegistersDir()
}

// newerSnapshot loads the snapshot in dir if it is valid and no older than
// the built-in one, else returns nil.
func newerSnapshot(dir string) *registers.DB {
	db, err := regsrc.Load(dir)
	if err != nil {
		return nil
	}
	c, f := registers.Embedded()
	if db.CMVP.Date < c.Date || db.FedRAMP.Date < f.Date {
		return nil
	}
	return db
}

// defaultRegistersDir is where update writes when no --dir is given.
func defaultRegistersDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return "certscope-registers"
	}
	return filepath.Join(d, "certscope", "registers")
}

func registersUpdate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("registers update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", registersDir(), "directory of the snapshots to replace (default $CERTSCOPE_REGISTERS, else the user cache directory)")
	cmvpSource := fs.String("cmvp-source", regsrc.DefaultSources.CMVP, "CMVP source: nist (NIST's search, certificate and Modules In Process pages) or scraper (the NIST-CMVP-API JSON lists under --cmvp-base)")
	nist := fs.String("nist-url", regsrc.DefaultSources.NIST, "the CMVP project on csrc.nist.gov (with --cmvp-source nist)")
	pages := fs.Int("cmvp-pages", regsrc.DefaultCertPages, "read at most N certificate pages (certificates new to the snapshot)")
	cmvp := fs.String("cmvp-base", regsrc.DefaultSources.CMVPBase, "base URL of the scraper's CMVP list files (with --cmvp-source scraper)")
	fed := fs.String("fedramp-url", regsrc.DefaultSources.FedRAMP, "URL of the FedRAMP Marketplace feed (fedramp-products.json)")
	timeout := fs.Duration("timeout", 15*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: certscope registers update [--dir DIR] [--cmvp-source nist|scraper] [--nist-url URL] [--cmvp-pages N] [--cmvp-base URL] [--fedramp-url URL]")
		return exitUsage
	}
	// The snapshot in use: the one in DIR, else the built-in one.
	prev, err := regsrc.Load(*dir)
	if err != nil {
		if prev, err = registers.Default(); err != nil {
			fmt.Fprintf(stderr, "certscope registers update: %v\n", err)
			return exitUsage
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	progress := func(l string) { fmt.Fprintln(stderr, "certscope registers update: "+l) }
	n, err := regsrc.Update(ctx, &http.Client{}, regsrc.Sources{CMVP: *cmvpSource, NIST: *nist, CertPages: *pages, CMVPBase: *cmvp, FedRAMP: *fed}, *dir, prev, progress)
	if err != nil {
		fmt.Fprintf(stderr, "certscope registers update: %v; the snapshot in %s is unchanged\n", err, *dir)
		return exitFindings
	}
	fmt.Fprintf(stdout, "updated %s: %d certificates (%d active), %d modules in process, %d offerings (%d authorized)\n",
		*dir, n.Certs, n.Active, n.Queue, n.Offerings, n.Authorized)
	return exitClean
}
