package htmltext

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFromHTML(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"inline stays in sentence", "<p>Our <b>cameras</b> are <a href='#'>Cyber Essentials</a> certified.</p>",
			"Our cameras are Cyber Essentials certified.\n"},
		{"blocks end lines", "<div>One</div><div>Two</div><ul><li>a<li>b</ul><h2>H</h2>tail",
			"One\nTwo\na\nb\nH\ntail\n"},
		{"br and hr", "a<br>b<hr/>c", "a\nb\nc\n"},
		{"whitespace collapses", "<p>  lots \n\t of   space  </p>", "lots of space\n"},
		{"entities", "<p>A &amp; B &lt;3 &#169; &#x263A; &nbsp;x&nbsp;&nbsp;y &bogus; &</p>",
			"A & B <3 © ☺ x y &bogus; &\n"},
		{"head script style", "<html><head><title>T</title><meta charset=utf-8><style>p{}</style></head><body><script>if(a<b){}</script><p>Body</p></body></html>",
			"Body\n"},
		{"head without end tag", "<head><title>T</title><body><p>Body</p>", "Body\n"},
		{"head without end or body", "<head><meta charset=utf-8><title>T</title><p>Body</p>", "Body\n"},
		{"noscript template svg", "<noscript>enable JS</noscript><template><p>tpl</p></template><svg><text>svg</text></svg><p>ok</p>",
			"ok\n"},
		{"hidden nesting", "<div hidden><div>in</div><p>in too</p></div><p>out</p>", "out\n"},
		{"aria-hidden", "<span aria-hidden=\"true\">icon</span>text <span aria-hidden=false>shown</span>", "text shown\n"},
		{"display none", "<p style=\"display: none\">gone</p><p style='color:red'>kept</p>", "kept\n"},
		{"hidden optional end", "<li hidden>gone<li>kept</ul>", "kept\n"},
		{"self-closing hidden", "<div hidden/>shown", "shown\n"},
		{"pre keeps lines", "<pre>a\n  b &amp; c</pre>after", "a\n  b & c\nafter\n"},
		{"table cells", "<table><tr><td>x</td><td>y</td></tr></table>", "x\ny\n"},
		{"comments vanish", "un<!-- c -->hackable", "unhackable\n"},
		{"invalid utf8", "a\xffb", "a\uFFFDb\n"},
		{"empty", "", ""},
		{"only tags", "<div><p></p></div>", ""},
		{"unclosed tag at EOF", "text <b", "text\n"},
	}
	for _, c := range cases {
		got := FromHTML([]byte(c.in)).String()
		if got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestFromMarkdown(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"heading", "# Our cameras #\ntext", "Our cameras\ntext\n"},
		{"emphasis", "We are *HIPAA* __certified__ and ~~old~~ 5 * 3", "We are HIPAA certified and old 5 * 3\n"},
		{"snake case kept", "see my_var_name", "see my_var_name\n"},
		{"links and images", "Read [our report](https://x.example/a_(b)) and ![logo](l.png) [ref][1]\n\n[1]: https://x",
			"Read our report and logo ref\n"},
		{"inline code", "run `certscope *check*` now", "run \"certscope *check*\" now\n"},
		{"lists", "- one\n* two\n+ three\n1. four\n2) five\n- [x] done", "one\ntwo\nthree\nfour\nfive\ndone\n"},
		{"paragraph lines join", "line one\nline two\n\nnext para", "line one line two\nnext para\n"},
		{"quote", "intro\n> quoted\n> more\nafter", "intro\nquoted more\nafter\n"},
		{"fence kept", "```go\nx := *p\n```\nafter", "x := *p\nafter\n"},
		{"thematic break", "a\n\n---\n\nb", "a\nb\n"},
		{"setext", "Title\n=====\nbody", "Title\nbody\n"},
		{"table", "| a | b |\n|---|:-:|\n| c | d |", "| a | b |\n| c | d |\n"},
		{"html and autolink", "<b>bold</b> see <https://a.example>", "bold see https://a.example\n"},
		{"escapes", `\*not emphasis\* \[not a link](x)`, "*not emphasis* [not a link](x)\n"},
		{"nested link text", "[a [b](c) d](e) [x] (y)", "a b d [x] (y)\n"},
		{"code span inside link", "[run `x]`](u) end", "run \"x]\" end\n"},
		{"entities", "A &amp; B", "A & B\n"},
		{"crlf", "a\r\nb\r\n", "a b\n"},
		{"empty list item", "-\n- \n", "-\n"},
		{"comment in fence", "```\n<!--\n```\nafter", "<!--\nafter\n"},
		{"comments", "a <!-- hidden --> b\n<!--\nsecret\n-->\nc", "a  b\nc\n"},
	}
	for _, c := range cases {
		got := FromMarkdown([]byte(c.in)).String()
		if got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestByteOrderMark(t *testing.T) {
	for _, f := range []func([]byte) Text{FromHTML, FromMarkdown, FromPlain} {
		x := f([]byte("\xef\xbb\xbfHello"))
		if got := strings.TrimSpace(x.String()); got != "Hello" || x.SourceOffset(0) != 3 {
			t.Errorf("got %q mapped to %d", got, x.SourceOffset(0))
		}
	}
}

func TestFromPlain(t *testing.T) {
	in := "Line one.\n  Line two\xff."
	x := FromPlain([]byte(in))
	if want := "Line one.\n  Line two\uFFFD."; x.String() != want {
		t.Fatalf("got %q want %q", x.String(), want)
	}
	if got := x.SourceOffset(strings.Index(x.String(), ".")); got != strings.Index(in, ".") {
		t.Errorf("mapping after invalid byte: %d", got)
	}
	if got := x.SourceOffset(len(x.String())); got != len(in) {
		t.Errorf("end maps to %d, want %d", got, len(in))
	}
	// FromPlainOwned (no copy when valid) extracts and maps the same.
	for _, in := range []string{in, "ï»¿valid café text", ""} {
		a, b := FromPlain([]byte(in)), FromPlainOwned([]byte(in))
		if a.String() != b.String() || a.SourceOffset(3) != b.SourceOffset(3) || a.ByteOffset(5) != b.ByteOffset(5) {
			t.Errorf("%q: FromPlainOwned differs from FromPlain", in)
		}
	}
}

// Every word of the output maps back to the same word in the source.
func TestMappingPointsAtSource(t *testing.T) {
	src := "<html><head><title>x</title></head><body>\n<h1>Hik &amp; Co</h1>\n<p>Our <em>cameras</em>\n   are unhackable.</p><li>Cyber&nbsp;Essentials Plus</body>"
	x := FromHTML([]byte(src))
	for _, w := range []string{"Hik", "Co", "Our", "cameras", "are", "unhackable", "Cyber", "Essentials", "Plus"} {
		i := strings.Index(x.String(), w)
		if i < 0 {
			t.Fatalf("%q missing from %q", w, x.String())
		}
		s, e := x.SourceSpan(i, i+len(w))
		if got := src[s:e]; got != w {
			t.Errorf("%q maps to %q", w, got)
		}
	}
	// A decoded entity maps to the whole entity.
	i := strings.Index(x.String(), "&")
	if s, e := x.SourceSpan(i, i+1); src[s:e] != "&amp;" {
		t.Errorf("entity maps to %q", src[s:e])
	}
	md := "# Title\n\nSome **bold** [link text](http://x) here."
	y := FromMarkdown([]byte(md))
	for _, w := range []string{"Title", "bold", "link text", "here."} {
		i := strings.Index(y.String(), w)
		s, e := y.SourceSpan(i, i+len(w))
		if md[s:e] != w {
			t.Errorf("markdown %q maps to %q", w, md[s:e])
		}
	}
}

func TestUTF16(t *testing.T) {
	s := strings.Repeat("é😀a", 50) // 2, 4 and 1 bytes; 1, 2 and 1 UTF-16 units
	x := FromPlain([]byte(s))
	for b := 0; b <= len(s); b++ {
		if !utf8.RuneStart(s[min(b, len(s)-1)]) && b < len(s) {
			continue
		}
		u := x.UTF16Offset(b)
		if back := x.ByteOffset(u); back != b {
			t.Fatalf("byte %d -> utf16 %d -> byte %d", b, u, back)
		}
	}
	if got := x.UTF16Offset(len(s)); got != 200 {
		t.Errorf("total UTF-16 length %d, want 200", got)
	}
	// Inside a surrogate pair rounds down.
	if got := x.ByteOffset(2); got != 2 {
		t.Errorf("ByteOffset(2) = %d, want 2 (start of the emoji)", got)
	}
	if got := x.ByteOffset(1 << 30); got != len(s) {
		t.Errorf("past end clamps to %d", got)
	}
}

func TestLineIndex(t *testing.T) {
	src := []byte("ab\nçd😀e\n\nx")
	li := NewLineIndex(src)
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {10, 2, 4}, {12, 3, 1}, {13, 4, 1}, {99, 4, 2}, {-5, 1, 1},
	}
	for _, c := range cases {
		if l, col := li.Position(c.off); l != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

// Deeply nested or huge inputs stay linear.
func TestLinearTime(t *testing.T) {
	var b bytes.Buffer
	for b.Len() < 2<<20 {
		b.WriteString("<div><p>Our <b>cameras</b> are &amp; unhackable</p>\n<span hidden>x</span><li>item * _a_ [b](c)\n")
	}
	start := time.Now()
	for _, f := range []func([]byte) Text{FromHTML, FromMarkdown, FromPlain} {
		x := f(b.Bytes())
		x.SourceOffset(x.Len() / 2)
		x.ByteOffset(x.Len())
	}
	const n = 200000
	for _, bad := range []string{
		strings.Repeat("<div hidden>", n), strings.Repeat("[", n), strings.Repeat("` ``", n),
		strings.Repeat("[", n) + strings.Repeat("](x)", n), strings.Repeat("[a](", n), strings.Repeat("<a", n),
		strings.Repeat("<!--", n), strings.Repeat("&amp", n), strings.Repeat("*_", n), strings.Repeat("\\[", n),
	} {
		FromHTML([]byte(bad))
		FromMarkdown([]byte(bad))
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"<p>a &amp; b</p>", "# h\n- *x* [y](z)", "a\xffb", "<pre>&#0;</pre>", "<div hidden><p>x",
		"&#x110000; &#xD800; `a` **b", "<svg>", "> q\n```\nc"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, x := range []Text{FromHTML(src), FromMarkdown(src), FromPlain(src)} {
			s := x.String()
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 output %q", s)
			}
			prev := 0
			for i := 0; i <= len(s); i++ {
				o := x.SourceOffset(i)
				if o < prev || o > len(src) {
					t.Fatalf("SourceOffset(%d) = %d (prev %d, src len %d)", i, o, prev, len(src))
				}
				prev = o
				st, e := x.SourceSpan(i, min(i+3, len(s)))
				if st > e || e > len(src) {
					t.Fatalf("SourceSpan(%d) = %d,%d", i, st, e)
				}
			}
			n := x.UTF16Offset(len(s))
			if x.ByteOffset(n) != len(s) {
				t.Fatalf("UTF-16 round trip of the end failed")
			}
		}
	})
}

// UTF-16 offsets across long ASCII runs (skipped eight bytes at a time
// when the checkpoints are built) and the invalid-UTF-8 slow path agree
// with counting rune by rune.
func TestUTF16LongRuns(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("plain ascii text, ", 20) + "é" + strings.Repeat("x", 131) + "😀" + strings.Repeat("yz", 70),
		strings.Repeat("a\xffé😀bcdefghijklmnopq", 30),
	} {
		x := FromPlain([]byte(in))
		s := x.String()
		u := 0
		for b := 0; b <= len(s); {
			if got := x.UTF16Offset(b); got != u {
				t.Fatalf("UTF16Offset(%d) = %d, want %d", b, got, u)
			}
			if got := x.ByteOffset(u); got != b {
				t.Fatalf("ByteOffset(%d) = %d, want %d", u, got, b)
			}
			if b == len(s) {
				break
			}
			r, size := utf8.DecodeRuneInString(s[b:])
			b += size
			u++ // one unit...
			if r >= 0x10000 {
				u++ // ...or two
			}
		}
	}
	var zero Text
	if zero.ByteOffset(3) != 0 || zero.UTF16Offset(3) != 0 || zero.SourceOffset(3) != 0 {
		t.Error("zero Text must map everything to 0")
	}
}

// A cursor answers what LineIndex.Position answers, for ascending offsets
// and for offsets that go back.
func TestCursorMatchesPosition(t *testing.T) {
	src := []byte("héllo wörld\nsecond line\r\n\n€uro \xff bad\nlast")
	li := NewLineIndex(src)
	c := li.Cursor()
	offs := []int{-3, 0, 1, 2, 3, 7, 11, 12, 13, 20, 24, 25, 26, 30, 33, 36, 37, 40, len(src), len(src) + 5}
	for _, o := range offs {
		l1, c1 := li.Position(o)
		l2, c2 := c.Position(o)
		if l1 != l2 || c1 != c2 {
			t.Errorf("ascending %d: cursor %d:%d, index %d:%d", o, l2, c2, l1, c1)
		}
	}
	for _, o := range []int{30, 3, 26, 25, 40, 0} {
		l1, c1 := li.Position(o)
		l2, c2 := c.Position(o)
		if l1 != l2 || c1 != c2 {
			t.Errorf("back to %d: cursor %d:%d, index %d:%d", o, l2, c2, l1, c1)
		}
	}
}

func TestDisableRegions(t *testing.T) {
	src := []byte("a <!-- certscope-disable r1 r2 -->b<!-- certscope-enable r1 -->c\n<!-- certscope-disable-next-line -->\nline two\nline three <!-- certscope-disable -->x<!-- certscope-enable -->y")
	rs := DisableRegions(src)
	at := func(s string) int { return bytes.Index(src, []byte(s)) }
	for _, c := range []struct {
		rule string
		off  int
		want bool
	}{
		{"r1", at("b<"), true}, {"r2", at("b<"), true}, {"r3", at("b<"), false},
		{"r1", at("c\n"), false}, {"r2", at("c\n"), true}, // r2 is never enabled again
		{"any", at("line two"), true}, {"any", at("line three"), false},
		{"any", at("x<"), true}, {"any", at("y"), false},
		{"any", 0, false},
	} {
		if got := Silenced(rs, c.rule, c.off); got != c.want {
			t.Errorf("%s at %d: %v, want %v (regions %+v)", c.rule, c.off, got, c.want, rs)
		}
	}
}

func TestMarkdownCodeBlocksOption(t *testing.T) {
	src := []byte("Intro.\n\n```\ncode line\n```\n\nAfter `inline` text.\n")
	with := FromMarkdownWith(src, Options{CodeBlocks: true}).String()
	without := FromMarkdownWith(src, Options{}).String()
	if !strings.Contains(with, "code line") || strings.Contains(without, "code line") {
		t.Errorf("with %q without %q", with, without)
	}
	if !strings.Contains(without, `After "inline" text.`) || FromMarkdown(src).String() != with {
		t.Errorf("inline code or default changed: %q", without)
	}
}
