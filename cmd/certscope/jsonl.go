package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/certscope/certscope/internal/engine"
)

// parseJSONLLine reads {"id": ..., "text": "...", "site": "..."} (site
// optional: the host making the claims, for the register checks); the id comes back as
// written (or null), also when the line is otherwise wrong, if it can be
// read.
func parseJSONLLine(line []byte) (id []byte, text, site string, err error) {
	var in struct {
		ID   json.RawMessage `json:"id"`
		Text *string         `json:"text"`
		Site string          `json:"site"`
	}
	if jerr := json.Unmarshal(line, &in); jerr != nil {
		// Salvage the id for the error answer when only "text" is wrong.
		var idOnly struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(line, &idOnly) == nil {
			in.ID = idOnly.ID
		}
		return in.ID, "", "", fmt.Errorf("malformed JSON line: %v", jerr)
	}
	if in.Text == nil {
		return in.ID, "", "", errors.New(`missing string field "text"`)
	}
	return in.ID, *in.Text, in.Site, nil
}

// writeLineResult writes {"id": ID, "findings": [...]} on one line, with
// the id exactly as it was written in the input (json.Marshal would
// compact it).
func writeLineResult(w io.Writer, fe *findingEncoder, id []byte, fs []engine.Finding, vs []engine.Verification, compact bool) error {
	if fs == nil {
		fs = []engine.Finding{}
	}
	out := make([]byte, 0, len(id)+24+len(fs)*1400)
	out = appendID(append(out, `{"id":`...), id)
	if compact {
		out = fe.AppendCompact(append(out, ','), fs, nil)
	} else {
		out = append(out, `,"findings":`...)
		out = fe.AppendFindings(out, fs, nil)
	}
	out = appendVerifications(append(out, `,"verifications":`...), vs)
	out = append(out, "}\n"...)
	_, err := w.Write(out)
	return err
}

// writeLineError writes {"id": ID, "error": "..."} for a line that could
// not be checked.
func writeLineError(w io.Writer, id []byte, msg string) error {
	out := appendID(append([]byte(nil), `{"id":`...), id)
	out = append(out, `,"error":`...)
	out = appendJSONString(out, msg)
	out = append(out, "}\n"...)
	_, err := w.Write(out)
	return err
}

func appendID(b, id []byte) []byte {
	if id = bytes.TrimSpace(id); len(id) == 0 {
		return append(b, "null"...)
	}
	return append(b, id...)
}

// readLine reads one line of any length up to limit bytes, without its
// line ending. It returns io.EOF with the last, unterminated line. A
// longer line is skipped to its end and reported as errLineTooLong.
func readLine(br *bufio.Reader, limit int64) ([]byte, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong && int64(len(line)+len(chunk)) > limit+1 {
			tooLong, line = true, nil
		}
		if !tooLong {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%w: over the %s limit, skipped", errLineTooLong, sizeString(limit))
		}
		if err != nil {
			return line, err
		}
		return bytes.TrimRight(line, "\r\n"), nil
	}
}

// checkJSONL streams --jsonl input: one {"id", "text"} object per line in,
// one {"id", "findings"} line out, in order. A bad line is reported on
// stderr with its number and answered {"id": ..., "error": "..."}; the run
// goes on, and exits 2 at the end.
func checkJSONL(eng *engine.Engine, opt engine.Options, files []string, compact bool, stdin io.Reader, stdout *bufio.Writer, stderr io.Writer) int {
	status := exitClean
	bad := false
	var fe findingEncoder
	for _, name := range files {
		display := name
		var r io.Reader
		if name == "-" {
			display, r = stdinName, stdin
		} else {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintf(stderr, "certscope check: %v\n", err)
				bad = true
				continue
			}
			defer f.Close()
			r = f
		}
		br := bufio.NewReaderSize(r, 64<<10)
		for n := 1; ; n++ {
			line, err := readLine(br, maxInputBytes)
			if err == io.EOF && len(line) == 0 {
				break
			}
			if err != nil && err != io.EOF {
				// Too long: its id is not known, and the rest of the line
				// has been skipped.
				fmt.Fprintf(stderr, "certscope check: %s:%d: %v\n", display, n, err)
				bad = true
				if werr := writeLineError(stdout, nil, err.Error()); werr != nil {
					fmt.Fprintf(stderr, "certscope check: writing output: %v\n", werr)
					return exitUsage
				}
				if err == errLineTooLong {
					continue
				}
				break
			}
			if len(strings.TrimSpace(string(line))) == 0 {
				if err == io.EOF {
					break
				}
				continue
			}
			id, text, site, perr := parseJSONLLine(line)
			var werr error
			if perr != nil {
				fmt.Fprintf(stderr, "certscope check: %s:%d: %v\n", display, n, perr)
				bad = true
				werr = writeLineError(stdout, id, perr.Error())
			} else {
				lopt := opt
				if site != "" {
					lopt.Site = site
				}
				res, cerr := eng.Check(text, lopt)
				if cerr != nil {
					fmt.Fprintf(stderr, "certscope check: %s:%d: %v\n", display, n, cerr)
					return exitUsage
				}
				if len(res.Findings) > 0 && status == exitClean {
					status = exitFindings
				}
				werr = writeLineResult(stdout, &fe, id, res.Findings, res.Verifications, compact)
			}
			// Stream: flush whenever the next read could block.
			if werr == nil && br.Buffered() == 0 {
				werr = stdout.Flush()
			}
			if werr != nil {
				fmt.Fprintf(stderr, "certscope check: writing output: %v\n", werr)
				return exitUsage
			}
			if err == io.EOF {
				break
			}
		}
	}
	if bad {
		return exitUsage
	}
	return status
}

var errLineTooLong = errors.New("line too long")
