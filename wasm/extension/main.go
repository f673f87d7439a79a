//go:build js && wasm

package main

import (
	"strings"
	"sync"
	"syscall/js"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/registers"
)

// version is set by the build tool with -ldflags "-X main.version=...".
var version = "dev"

var (
	quit     = make(chan struct{})
	quitOnce sync.Once
)

// register exposes globalThis.certscope = {check, packs, rules, version, exit}.
// Every function returns a JSON string and never throws: bad arguments
// become an error JSON answer.
func register(h host) {
	str := func(args []js.Value, i int) (string, bool) {
		if i >= len(args) || args[i].IsUndefined() || args[i].IsNull() {
			return "", true
		}
		if args[i].Type() != js.TypeString {
			return "", false
		}
		return args[i].String(), true
	}
	obj := js.Global().Get("Object").New()
	obj.Set("check", js.FuncOf(func(_ js.Value, args []js.Value) any {
		text, ok := str(args, 0)
		if !ok {
			return errJSON("bad_text", "text must be a string")
		}
		opts, ok := str(args, 1)
		if !ok {
			return errJSON("bad_options", "options must be a JSON string")
		}
		return h.Check(text, opts)
	}))
	// setRegisters hands over the register snapshots (the packaged
	// registers/*.tsv): engine.wasm is built without them. Call it before
	// the first check; the data is parsed on the first register claim.
	obj.Set("setRegisters", js.FuncOf(func(_ js.Value, args []js.Value) any {
		cmvp, ok1 := str(args, 0)
		fedramp, ok2 := str(args, 1)
		if !ok1 || !ok2 {
			return errJSON("bad_registers", "register snapshots must be strings")
		}
		registers.SetData(cmvp, fedramp)
		return "{}"
	}))
	obj.Set("packs", js.FuncOf(func(js.Value, []js.Value) any { return h.Packs() }))
	obj.Set("rules", js.FuncOf(func(js.Value, []js.Value) any { return h.Rules() }))
	obj.Set("version", strings.TrimSpace(version))
	// exit ends this instance (main returns), e.g. after an engine panic
	// left its state in doubt; the service worker then starts a fresh one.
	obj.Set("exit", js.FuncOf(func(js.Value, []js.Value) any {
		quitOnce.Do(func() { close(quit) })
		return nil
	}))
	js.Global().Set("certscope", obj)
}

func main() {
	register(host{eng: engine.Default()})
	// Stay alive: the functions above run on this instance until exit is
	// called or the service worker is torn down.
	<-quit
}
