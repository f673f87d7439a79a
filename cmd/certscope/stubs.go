package main

import (
	"fmt"
	"io"
)

// Placeholders, replaced by check.go, catalog.go and serve.go.
func checkCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "certscope check: not built yet")
	return exitUsage
}
func packsCmd(args []string, stdout, stderr io.Writer) int   { return exitUsage }
func schemesCmd(args []string, stdout, stderr io.Writer) int { return exitUsage }
func serveCmd(args []string, stdout, stderr io.Writer) int   { return exitUsage }
