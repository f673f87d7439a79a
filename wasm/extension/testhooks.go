//go:build certscope_testhooks

package main

import (
	"strings"
	"time"
)

// Test hooks, compiled only with -tags certscope_testhooks (the e2e tests
// build a separate dist with it; the shipped extension never has them):
// a text holding CERTSCOPE-TEST-PANIC makes the engine panic, with the
// text in the panic value so tests can check it is not reported; one
// holding CERTSCOPE-TEST-SLOW keeps the engine busy for 2.5 s, so a test
// can stop the service worker in the middle of a check.
func init() {
	testPanic = func(text string) {
		if strings.Contains(text, "CERTSCOPE-TEST-SLOW") {
			// Busy-wait: a blocked js.FuncOf callback cannot sleep.
			for t0 := time.Now(); time.Since(t0) < 2500*time.Millisecond; {
			}
		}
		if strings.Contains(text, "CERTSCOPE-TEST-PANIC") {
			panic("test hook: " + text)
		}
	}
}
