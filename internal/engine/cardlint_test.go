package engine

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/certscope/certscope/internal/kb"
)

// Card lint (issue 12): every rule's card for every scheme it names is
// checked for the mistakes an audit found on cards: an unfilled
// placeholder, a first source about another scheme, a source or register
// the knowledge base marks unverified, a title or suggestion naming a
// different scheme, and suggested wording that the engine itself flags.

// lintSuccessors: a card may point from a scheme to its successor.
var lintSuccessors = map[[2]string]bool{
	{"fips-140-2", "fips-140-3"}: true, // 140-2 validations are historical
}

var (
	placeholderRe = regexp.MustCompile(`\{[a-z_]+\}`)
	quotedRe      = regexp.MustCompile(`"([^"]+)"|“([^”]+)”`)
	angleRe       = regexp.MustCompile(`<[^<>]*>`)
)

type lintCard struct {
	rule   *rule
	scheme int // -1: no scheme
	card   *card
}

func lintCards(e *Engine) []lintCard {
	var out []lintCard
	for _, r := range e.rules {
		for i, c := range r.cards {
			if c != nil {
				out = append(out, lintCard{r, i - 1, c})
			}
		}
	}
	return out
}

func (lc lintCard) name(e *Engine) string {
	if lc.scheme < 0 {
		return lc.rule.ID
	}
	return lc.rule.ID + " × " + e.schemes[lc.scheme].ID
}

func TestCardLint(t *testing.T) {
	e := Default()
	if e.err != nil {
		t.Fatal(e.err)
	}
	cards := lintCards(e)
	if len(cards) < 40 {
		t.Fatalf("only %d cards", len(cards))
	}
	for _, lc := range cards {
		name, c := lc.name(e), lc.card
		for field, s := range map[string]string{"title": c.title, "message": c.message, "explanation": c.explanation, "suggestion": c.suggestion} {
			if m := placeholderRe.FindString(s); m != "" {
				t.Errorf("%s: %s has an unfilled placeholder %s", name, field, m)
			}
			if strings.Contains(strings.ToLower(s), "unverified") {
				t.Errorf("%s: %s mentions an unverified fact", name, field)
			}
		}
		if len(c.sources) == 0 {
			t.Errorf("%s: no sources", name)
		}
		for _, src := range c.sources {
			if kbUnverifiedURL(src.URL) {
				t.Errorf("%s: source %s is marked unverified in the knowledge base", name, src.URL)
			}
		}
		if c.verify != nil && kbUnverifiedURL(c.verify.URL) {
			t.Errorf("%s: register %s is marked unverified", name, c.verify.URL)
		}
		if lc.scheme < 0 {
			continue
		}
		sch := e.schemes[lc.scheme]
		if len(c.sources) > 0 && !aboutScheme(c.sources[0], sch) {
			t.Errorf("%s: first source %q is not about %s", name, c.sources[0].Title, sch.Name)
		}
		if sch.Scope == "term" || sch.Scope == "none" {
			continue // cards about a kind of claim may name the schemes that do exist
		}
		for field, s := range map[string]string{"title": c.title, "suggestion": c.suggestion} {
			if other := otherScheme(e, s, lc.scheme); other != "" {
				t.Errorf("%s: %s names another scheme (%s): %q", name, field, other, s)
			}
		}
	}
}

// TestSuggestionsPass: every suggested wording, run through the engine,
// gives no finding.
func TestSuggestionsPass(t *testing.T) {
	e := Default()
	n := 0
	for _, lc := range lintCards(e) {
		date := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
		if lc.rule.Examples.Date != "" {
			date, _ = time.Parse("2006-01-02", lc.rule.Examples.Date)
		}
		for _, m := range quotedRe.FindAllStringSubmatch(lc.card.suggestion, -1) {
			w := fillPlaceholders(m[1] + m[2])
			n++
			res, err := e.Check(w, Options{Date: date})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) > 0 {
				t.Errorf("%s: suggested wording %q is flagged: %v", lc.name(e), w, rulesOf(res.Findings))
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d suggested wordings checked", n)
	}
}

// fillPlaceholders turns "<Company>" and friends into plausible words.
func fillPlaceholders(s string) string {
	return angleRe.ReplaceAllStringFunc(s, func(p string) string {
		l := strings.ToLower(p)
		switch {
		case strings.Contains(l, "date") || strings.Contains(l, "period"):
			return "1 March 2026"
		case l == "<n>" || strings.Contains(l, "number"):
			return "4718"
		case strings.Contains(l, "company"):
			return "Acme Ltd"
		default:
			return strings.Trim(p, "<>")
		}
	})
}

// aboutScheme: a source is about a scheme when the knowledge base cites it
// for the scheme (as a source, a dated fact or the register), or its
// title or quote names the scheme.
func aboutScheme(src Source, sch kb.Scheme) bool {
	if k, ok := kb.Get(sch.ID); ok {
		if k.Register != nil && k.Register.URL == src.URL {
			return true
		}
		for _, s := range k.Sources {
			if s.URL == src.URL {
				return true
			}
		}
		for _, d := range k.Dates {
			if d.Source == src.URL {
				return true
			}
		}
	}
	text := strings.ToLower(src.Title + " " + src.Quote)
	for _, n := range append([]string{sch.CardName()}, sch.Names...) {
		if strings.Contains(text, strings.ToLower(n)) {
			return true
		}
	}
	return false
}

// otherScheme returns the id of a scheme other than si named in s; a
// name inside one of si's own names ("Cyber Essentials" in "Cyber
// Essentials Plus") does not count.
func otherScheme(e *Engine, s string, si int) string {
	low := strings.ToLower(s)
	var own [][2]int
	for _, n := range append([]string{e.schemes[si].CardName()}, e.schemes[si].Names...) {
		for _, at := range wordsAt(low, strings.ToLower(n)) {
			own = append(own, [2]int{at, at + len(n)})
		}
	}
	for j, o := range e.schemes {
		if j == si || lintSuccessors[[2]string{e.schemes[si].ID, o.ID}] || o.Scope == "programme" {
			continue
		}
		for _, n := range o.Names {
		occurrences:
			for _, at := range wordsAt(low, strings.ToLower(n)) {
				for _, iv := range own {
					if iv[0] <= at && at+len(n) <= iv[1] {
						continue occurrences
					}
				}
				return o.ID
			}
		}
	}
	return ""
}

// wordsAt returns the offsets where w occurs in s as whole words.
func wordsAt(s, w string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return out
		}
		at, end := i+j, i+j+len(w)
		if (at == 0 || !isAlnum(s[at-1])) && (end >= len(s) || !isAlnum(s[end])) {
			out = append(out, at)
		}
		i = at + 1
	}
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// kbUnverifiedURL: the knowledge base marks a scheme's register or sources
// unverified (kb.Scheme.Unverified).
func kbUnverifiedURL(u string) bool {
	for _, s := range kb.All() {
		if len(s.Unverified) == 0 {
			continue
		}
		if s.Register != nil && s.Register.URL == u && s.IsUnverified("register") {
			return true
		}
		for _, src := range s.Sources {
			if src.URL == u && s.IsUnverified("sources") {
				return true
			}
		}
	}
	return false
}

// poorStanding: hosts a card must not cite (issue 12: a recipe site for
// PCI, a development host for Common Criteria, a vendor blog as the only
// source of an FBI quote).
var poorStanding = []string{"visualfoodie.com", "winenfood.com", "eatsip365.com", "eathealthy365.com", "sitdev.", "corsicatech.com"}

func TestCardSourcesOfStanding(t *testing.T) {
	e := Default()
	for _, lc := range lintCards(e) {
		for _, src := range lc.card.sources {
			for _, h := range poorStanding {
				if strings.Contains(src.URL, h) {
					t.Errorf("%s: source of poor standing %s", lc.name(e), src.URL)
				}
			}
		}
	}
}

// TestCardLintCatches: the lint's helpers find the mistakes the audit
// found, so a green lint means something.
func TestCardLintCatches(t *testing.T) {
	e := Default()
	if e.err != nil {
		t.Fatal(e.err)
	}
	idx := map[string]int{}
	for i, s := range e.schemes {
		idx[s.ID] = i
	}
	// The stale Cyber Essentials suggestion once named Plus for a basic claim.
	if got := otherScheme(e, `Cite the current certificate: "Cyber Essentials Plus certified (certificate <n>)"`, idx["cyber-essentials"]); got != "cyber-essentials-plus" {
		t.Errorf("CE+ wording on a CE card not caught: %q", got)
	}
	if got := otherScheme(e, `"Cyber Essentials Plus certified"`, idx["cyber-essentials-plus"]); got != "" {
		t.Errorf("own name counted as another scheme: %q", got)
	}
	// SOC 1 cards once carried a SOC 2 title.
	if got := otherScheme(e, "SOC 2 is an attestation report, not a certification", idx["soc-1"]); got != "soc-2" {
		t.Errorf("SOC 2 title on a SOC 1 card not caught: %q", got)
	}
	if aboutScheme(Source{Title: "ISO: Certification", URL: "https://www.iso.org/certification.html", Quote: "we are not involved in their certification"}, e.schemes[idx["soc-2"]]) {
		t.Error("an ISO source counted as about SOC 2")
	}
	if !placeholderRe.MatchString("{scheme} covers {covers}") {
		t.Error("placeholder not caught")
	}
	if fillPlaceholders("<Company> holds X (certificate <n>, issued <date>)") != "Acme Ltd holds X (certificate 4718, issued 1 March 2026)" {
		t.Error("fillPlaceholders")
	}
}
