// Command score measures precision and recall of `certscope check` on
// labelled JSON Lines corpora, the way the unseen sets are scored from
// outside: each row's sentence goes in as one `--jsonl` line and any
// finding on it counts as a flag. It prints only totals, never which rows
// were wrong, so that it can score the sealed set without exposing its
// errors to tuning.
//
//	go run ./scripts/score -bin dist/certscope -date 2026-12-04 testdata/corpus/sealed/*.jsonl
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

type row struct {
	ID       string `json:"id"`
	Sentence string `json:"sentence"`
	Label    string `json:"label"`
}

func main() {
	bin := flag.String("bin", "dist/certscope", "the certscope binary")
	date := flag.String("date", "2026-12-04", "--date for the check")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: score [-bin BIN] [-date D] FILE.jsonl...")
		os.Exit(2)
	}
	var rows []row
	for _, f := range flag.Args() {
		b, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		for i, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var r row
			if err := json.Unmarshal(line, &r); err != nil {
				fail(fmt.Errorf("%s:%d: %v", f, i+1, err))
			}
			if r.Label == "uncertain" {
				continue // not scored
			}
			rows = append(rows, r)
		}
	}
	var in bytes.Buffer
	for i, r := range rows {
		b, _ := json.Marshal(map[string]string{"id": fmt.Sprint(i), "text": r.Sentence})
		in.Write(append(b, '\n'))
	}
	cmd := exec.Command(*bin, "check", "--jsonl", "--format", "jsonl", "--date", *date)
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
		fail(fmt.Errorf("%s check: %v", *bin, err))
	}
	flagged := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var o struct {
			ID       string            `json:"id"`
			Findings []json.RawMessage `json:"findings"`
		}
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			fail(fmt.Errorf("output line %d: %v", n+1, err))
		}
		n++
		flagged[o.ID] = len(o.Findings) > 0
	}
	if n != len(rows) {
		fail(fmt.Errorf("%d output lines for %d rows", n, len(rows)))
	}
	var tp, fp, fn, tn int
	for i, r := range rows {
		pos := r.Label == "misleading"
		switch got := flagged[fmt.Sprint(i)]; {
		case got && pos:
			tp++
		case got:
			fp++
		case pos:
			fn++
		default:
			tn++
		}
	}
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	fmt.Printf("%s: %d rows (%d misleading), TP %d FP %d FN %d TN %d, precision %.3f recall %.3f F1 %.3f\n",
		strings.Join(flag.Args(), " "), len(rows), tp+fn, tp, fp, fn, tn, p, r, 2*p*r/max(1e-9, p+r))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "score:", err)
	os.Exit(2)
}
