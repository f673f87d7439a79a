package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/certscope/certscope/internal/htmltext"
)

// maxInputBytes caps one input file, or one --jsonl line. Inputs are read
// through io.LimitReader so nothing unbounded is loaded; tests lower it.
var maxInputBytes int64 = 64 << 20

// binarySniffBytes is how much of a file is searched for NUL bytes.
const binarySniffBytes = 8 << 10

const stdinName = "<stdin>"

// readLimited reads all of r, refusing more than maxInputBytes.
func readLimited(r io.Reader, name string) ([]byte, error) {
	// One allocation of the file's size (+1 to see EOF) instead of
	// io.ReadAll's doubling, which copied and cleared ~3x a 16 MB file.
	size := 512
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < maxInputBytes {
			size = int(st.Size()) + 1
		}
	}
	src := make([]byte, 0, size)
	lr := io.LimitReader(r, maxInputBytes+1)
	for {
		if len(src) == cap(src) {
			src = append(src, 0)[:len(src)] // grow
		}
		n, err := lr.Read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if int64(len(src)) > maxInputBytes {
		return nil, fmt.Errorf("%s: larger than the %s limit, refused", name, sizeString(maxInputBytes))
	}
	return src, nil
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// decodeInput drops a UTF-8 byte-order mark (it is not text, and would
// shift line 1's columns), decodes UTF-16 that starts with its BOM into
// UTF-8, and refuses other input with NUL bytes as binary.
func decodeInput(src []byte, name string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(src, []byte("\xef\xbb\xbf")):
		src = src[3:]
	case bytes.HasPrefix(src, []byte("\xff\xfe")):
		return fromUTF16(src[2:], binary.LittleEndian), nil
	case bytes.HasPrefix(src, []byte("\xfe\xff")):
		return fromUTF16(src[2:], binary.BigEndian), nil
	}
	if bytes.IndexByte(src[:min(len(src), binarySniffBytes)], 0) >= 0 {
		return nil, fmt.Errorf("%s: binary file (NUL bytes), refused", name)
	}
	return src, nil
}

// fromUTF16 decodes UTF-16 (an odd last byte and lone surrogates become
// U+FFFD).
func fromUTF16(p []byte, order binary.ByteOrder) []byte {
	units := make([]uint16, 0, len(p)/2)
	for i := 0; i+1 < len(p); i += 2 {
		units = append(units, order.Uint16(p[i:]))
	}
	out := make([]byte, 0, len(p)+len(p)/2)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	if len(p)%2 == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// Input kinds.
const (
	kindAuto     = ""
	kindHTML     = "html"
	kindMarkdown = "markdown"
	kindText     = "text"
)

// kindOf picks the input kind by extension; stdin uses --stdin-type, or is
// sniffed as HTML when it starts with "<".
func kindOf(name string, src []byte, stdinType string) string {
	if name == "-" {
		if stdinType != kindAuto {
			return stdinType
		}
		if looksLikeHTML(src) {
			return kindHTML
		}
		return kindText
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".md", ".markdown", ".mdown", ".mkd":
		return kindMarkdown
	}
	return kindText
}

// extract returns the text of src of the given kind.
func extract(kind string, src []byte, opt htmltext.Options) htmltext.Text {
	switch kind {
	case kindHTML:
		return htmltext.FromHTMLWith(src, opt)
	case kindMarkdown:
		return htmltext.FromMarkdownWith(src, opt)
	}
	return htmltext.FromPlainOwned(src) // src is never modified after reading
}

func looksLikeHTML(src []byte) bool {
	t := bytes.TrimLeft(src, " \t\r\n\f\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	return len(t) > 0 && t[0] == '<'
}
