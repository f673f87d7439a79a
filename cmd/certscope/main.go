// Command certscope checks text for misleading certification claims.
//
//	certscope check [--format text|json|jsonl|sarif|github] [--fail-on high|medium|info|none] [--packs a,b] [--disable rule,...] [--date YYYY-MM-DD] [--stdin-type markdown|html|text] [--code] [--config FILE|--no-config] [--jsonl] [FILE|DIR|GLOB|-]...
//	certscope packs [--format text|json]
//	certscope schemes [--format text|json] [ID]
//	certscope serve [--addr 127.0.0.1:9900]
//	certscope registers [--dir DIR] [--format text|json]
//	certscope registers update [--dir DIR] [--cmvp-source nist|scraper] [--nist-url URL] [--fedramp-url URL]
//
// check reads HTML (.html, .htm; its visible text), Markdown (.md,
// .markdown) or plain text, or stdin ("-", sniffed as HTML when it starts
// with "<"). The text format prints file:line:col of each claim in the
// original file; json and jsonl print engine findings whose offsets refer
// to the extracted text, in UTF-16 code units, plus the claim's source
// line and column. Exit status: 0 no findings (at or above --fail-on), 1
// findings, 2 usage, input or output error.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/certscope/certscope/internal/api"
)

// Exit statuses.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	// Help asked for is output, not an error: stdout, exit 0.
	if len(args) > 1 && wantsHelp(args[1:]) {
		stderr = stdout
	}
	switch args[0] {
	case "check":
		return checkCmd(args[1:], stdin, stdout, stderr)
	case "packs":
		return packsCmd(args[1:], stdout, stderr)
	case "schemes":
		return schemesCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "registers":
		return registersCmd(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		usage(stdout)
		return exitClean
	case "-v", "--version", "version":
		fmt.Fprintf(stdout, "certscope %s\n", api.Version)
		return exitClean
	default:
		fmt.Fprintf(stderr, "certscope: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  certscope check [--format text|json|jsonl|sarif|github] [--fail-on SEVERITY] [flags] [FILE|DIR|GLOB|-]...
  certscope packs [--format text|json]
  certscope schemes [--format text|json] [ID]
  certscope serve [--addr 127.0.0.1:9900] [flags]
  certscope registers [--dir DIR] | certscope registers update [--dir DIR]
  certscope --version

"certscope COMMAND --help" describes a command's flags.

exit status:
  0  no findings (check: none at or above --fail-on)
  1  findings
  2  usage error, unreadable or refused input, or an output write error
`)
}

// wantsHelp reports whether a subcommand's arguments ask for help (before
// any "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
