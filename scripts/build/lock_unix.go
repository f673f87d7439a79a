//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
)

// lockOut serialises builds into the same output directory: the e2e test
// files each rebuild a stale dist/ and may run in parallel.
func lockOut(out string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(out, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
