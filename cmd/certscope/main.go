// Command certscope checks text for misleading certification claims.
//
//	certscope check [--format text|json|jsonl] [--packs a,b] [--date YYYY-MM-DD] [--jsonl] [FILE|-]...
//	certscope packs [--format text|json]
//	certscope schemes [--format text|json] [ID]
//	certscope serve [--addr 127.0.0.1:9900]
//	certscope registers [--dir DIR] [--format text|json]
//	certscope registers update [--dir DIR] [--cmvp-base URL] [--fedramp-url URL]
//
// check reads HTML (.html, .htm; its visible text), Markdown (.md,
// .markdown) or plain text, or stdin ("-", sniffed as HTML when it starts
// with "<"). The text format prints file:line:col of each claim in the
// original file; json and jsonl print engine findings whose offsets refer
// to the extracted text, in UTF-16 code units. Exit status: 0 no findings,
// 1 findings, 2 usage or input error.
package main

import (
	"fmt"
	"io"
	"os"
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
	default:
		fmt.Fprintf(stderr, "certscope: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  certscope check [--format text|json|jsonl] [--packs a,b] [--date YYYY-MM-DD] [--jsonl] [FILE|-]...
  certscope packs [--format text|json]
  certscope schemes [--format text|json] [ID]
  certscope serve [--addr 127.0.0.1:9900]
  certscope registers [--dir DIR] | certscope registers update [--dir DIR]
`)
}
