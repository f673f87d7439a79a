// Command buildcost times, inside one process, what a fresh engine
// instance pays before its first check: loading the knowledge base (the
// engine looks registers up there for its cards), loading the embedded
// packs, and building the engine, then the build again several times.
// Run it natively or under GOOS=js GOARCH=wasm (scripts/bench.sh does
// both) to see how much of the wasm start-up is the engine's own work.
//
//	go run ./scripts/bench/buildcost [-n 10]
//	GOOS=js GOARCH=wasm go run -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./scripts/bench/buildcost
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/kb"
	"github.com/certscope/certscope/internal/packs"
)

func main() {
	n := flag.Int("n", 10, "builds after the first")
	flag.Parse()
	type sample struct {
		LoadMs  float64 `json:"loadMs"`  // packs.Embedded: the pack data, from generated code or JSON
		BuildMs float64 `json:"buildMs"` // engine.New: automaton, lexicon, cards
	}
	var out struct {
		// KBMs: the first kb.All(), which loads the knowledge base;
		// engine.New looks registers up there for its cards.
		KBMs  float64  `json:"kbMs"`
		First sample   `json:"first"`
		Next  []sample `json:"next"`
	}
	t := time.Now()
	kb.All()
	out.KBMs = ms(time.Since(t))
	for i := 0; i <= *n; i++ {
		t0 := time.Now()
		set, err := packs.Embedded()
		if err != nil {
			fmt.Fprintln(os.Stderr, "buildcost:", err)
			os.Exit(1)
		}
		t1 := time.Now()
		if _, err := engine.New(set); err != nil {
			fmt.Fprintln(os.Stderr, "buildcost:", err)
			os.Exit(1)
		}
		s := sample{ms(t1.Sub(t0)), ms(time.Since(t1))}
		if i == 0 {
			out.First = s
		} else {
			out.Next = append(out.Next, s)
		}
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
