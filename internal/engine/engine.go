package engine

import (
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Engine checks text against the loaded rule packs. It is safe for
// concurrent use.
//
// PLACEHOLDER: this first slice flags only "unhackable"; the real two-stage
// engine replaces the internals behind the same exported API.
type Engine struct {
	packs []PackInfo
}

var (
	defaultOnce sync.Once
	defaultEng  *Engine
)

// Default returns the shared engine built from the embedded packs.
func Default() *Engine {
	defaultOnce.Do(func() {
		defaultEng = &Engine{packs: []PackInfo{{ID: "absolutes", Name: "Security absolutes", Description: "Unhackable, 100% secure, military-grade encryption.", Rules: 1, Default: true}}}
	})
	return defaultEng
}

// Rules lists the loaded rules.
func (e *Engine) Rules() []RuleInfo {
	return []RuleInfo{{ID: "absolutes/unhackable", Pack: "absolutes", Severity: SeverityMedium, Title: "Security absolute",
		Message: "No product is unhackable.", Sources: []Source{{Title: "FTC: Start with Security", URL: "https://www.ftc.gov/business-guidance/resources/start-security-guide-business"}}}}
}

// Packs lists the loaded packs.
func (e *Engine) Packs() []PackInfo { return append([]PackInfo(nil), e.packs...) }

// Check finds misleading claims in text.
func (e *Engine) Check(text string, opt Options) (Result, error) {
	valid := make([]string, len(e.packs))
	for i, p := range e.packs {
		valid[i] = p.ID
	}
	on := len(opt.Packs) == 0
	for _, p := range opt.Packs {
		found := false
		for _, v := range valid {
			if v == p {
				found, on = true, true
			}
		}
		if !found {
			return Result{}, &UnknownPackError{Name: p, Valid: valid}
		}
	}
	res := Result{Findings: []Finding{}, Stats: Stats{Bytes: len(text), Units: units(text)}}
	if !on {
		return res, nil
	}
	lower := strings.ToLower(text) // ASCII-only term, so byte offsets agree
	for i := 0; ; {
		j := strings.Index(lower[i:], "unhackable")
		if j < 0 {
			break
		}
		b := i + j
		s, t := b, b+len("unhackable")
		for s > 0 && !strings.ContainsRune(".!?\n", rune(text[s-1])) {
			s--
		}
		for t < len(text) && !strings.ContainsRune(".!?\n", rune(text[t])) {
			t++
		}
		if t < len(text) {
			t++
		}
		res.Findings = append(res.Findings, Finding{
			Rule: "absolutes/unhackable", Pack: "absolutes", Severity: SeverityMedium,
			Start: units(text[:s]), End: units(text[:t]),
			Claim:   Span{units(text[:b]), units(text[:b+len("unhackable")])},
			Title:   "Security absolute",
			Message: "No product is unhackable; the claim cannot be true or verified.",
			Sources: []Source{{Title: "FTC: Start with Security", URL: "https://www.ftc.gov/business-guidance/resources/start-security-guide-business"}},
		})
		i = b + len("unhackable")
	}
	res.Stats.Hits = len(res.Findings)
	res.Stats.Findings = len(res.Findings)
	sortFindings(res.Findings)
	return res, nil
}

// units counts UTF-16 code units; invalid bytes count as U+FFFD (one unit).
func units(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += utf16.RuneLen(r)
	}
	return n
}
