// Block context: the heading a list item sits under. "Certifications:"
// over "- HIPAA" makes the item a claim of certification; "Do not claim:"
// or "We cannot guarantee:" over "- unhackable" makes it a mention. Only
// plain-text and Markdown lists are seen (a line that starts with a
// bullet); without such a heading nothing changes, so bare text works.

package engine

import (
	"strings"

	txt "github.com/certscope/certscope/internal/text"
)

// listHeading returns the heading line of the list whose item holds byte
// start: the nearest earlier line ending in ':' reached over list items
// and blank lines only (at most 40 lines back), or "" when the line is
// not a list item or no heading is found.
func listHeading(text string, start int) string {
	var c headCache
	c.reset()
	return c.find(text, start)
}

// headCache remembers the last list item line resolved, so that the items
// of one list find their heading in one walk back (linear in the text).
type headCache struct {
	item    int // start of the last item line resolved, or -1
	heading string
}

func (c *headCache) reset() { c.item, c.heading = -1, "" }

func (c *headCache) find(text string, start int) string {
	// Only the first sentence of an item: a bullet, its number and
	// spaces at most before it on its line (and no long walk back).
	ls := start
	for ls > 0 && start-ls < 8 && strings.IndexByte(" \t-*+.)0123456789", text[ls-1]) >= 0 {
		ls--
	}
	if ls > 0 && !txt.IsHardBreak(text[ls-1]) && !strings.HasPrefix(text[ls:], "\u2022") {
		if ls < 3 || text[ls-3:ls] != "\u2022" {
			return ""
		}
		ls -= 3
		if ls > 0 && !txt.IsHardBreak(text[ls-1]) {
			return ""
		}
	}
	if !isListItem(text[ls:min(start+8, len(text))]) {
		return ""
	}
	item, h := ls, ""
	for n := 0; ls > 0 && n < 40; n++ {
		if ls == c.item {
			h = c.heading
			break
		}
		pe := ls - 1 // the newline ending the previous line
		ps := lineStart(text, pe)
		if ps < 0 {
			break
		}
		line := strings.TrimSpace(text[ps:pe])
		if line == "" || isListItem(line) {
			ls = ps
			continue
		}
		if strings.HasSuffix(strings.TrimRight(line, "*_#>"), ":") {
			h = line
		}
		break
	}
	c.item, c.heading = item, h
	return h
}

// lineStart returns the start of the line holding byte i, or -1 when it
// is more than maxLine bytes back (a long line is no list item, and the
// bound keeps a text of one huge line linear).
func lineStart(text string, i int) int {
	for j := i; j > 0; j-- {
		if i-j > maxLine {
			return -1
		}
		if txt.IsHardBreak(text[j-1]) {
			return j
		}
	}
	return 0
}

const maxLine = 512

// isListItem: a line starting (after indentation) with "-", "*", "+" or
// "•" and a space, "1." / "1)" and a space, or "<li".
func isListItem(line string) bool {
	l := strings.TrimLeft(line, " \t")
	if strings.HasPrefix(l, "• ") || strings.HasPrefix(l, "\u2022") || strings.HasPrefix(l, "<li") {
		return true // also an HTML item in source: "<li>...</li>"
	}
	if len(l) >= 2 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && l[1] == ' ' {
		return true
	}
	k := 0
	for k < len(l) && k < 3 && l[k] >= '0' && l[k] <= '9' {
		k++
	}
	return k > 0 && k+1 < len(l) && (l[k] == '.' || l[k] == ')') && l[k+1] == ' '
}

// headingSignals classes a list heading: talk about claims or a negation
// ("Do not claim:", "Forbidden phrases:", "We cannot guarantee:") makes
// every item a mention; a claim noun or verb as its last word
// ("Certifications:", "Certified:", "Compliance:") is the items' claim verb.
func (e *Engine) headingSignals(h string) (mention bool, verbs uint64) {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r == '\'' || r == '\u2019' || r >= '0' && r <= '9')
	})
	for i, w := range words {
		f := e.lex[w]
		if f&(fMeta|fNeg) != 0 && !metaAfterOnly[w] {
			mention = true
		}
		if i == len(words)-1 {
			verbs = f & verbMask
		}
	}
	return mention, verbs
}
