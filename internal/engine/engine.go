package engine

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/certscope/certscope/internal/kb"
	"github.com/certscope/certscope/internal/packs"
	txt "github.com/certscope/certscope/internal/text"
)

// Engine checks text against the loaded rule packs. It is safe for
// concurrent use.
type Engine struct {
	err      error
	packs    []PackInfo
	packIdx  map[string]int
	rules    []*rule
	infos    []RuleInfo
	schemes  []packs.Scheme
	byScheme [][]int32 // scheme index -> rules triggered by a scheme hit
	pats     []patMeaning
	ac       *automaton
	lex      map[string]uint64
	pool     sync.Pool
}

type patMeaning struct {
	scheme int     // scheme index, or -1
	rules  []int32 // term/endorsement rules triggered by this pattern
}

type rule struct {
	packs.Rule
	pack   int
	verbs  uint64
	cards  []*card // by scheme index + 1; [0] when no scheme
	scheme int     // scheme reported when the trigger is not a scheme
	check  checker // the code of its kind
	target int     // scope: the head class the certificate must be attributed to
}

type card struct {
	title, message, explanation, suggestion string
	sources                                 []Source
	verify                                  *Verify
}

// scratch holds per-check buffers, pooled.
type scratch struct {
	hits      []hit
	toks      []txt.Token
	low       []byte
	quoted    []bool
	questions [][2]int
	sent      sentence
	quotes    quoteState
	head      headCache
}

var (
	defaultOnce sync.Once
	defaultEng  *Engine
)

// Default returns the shared engine built from the embedded packs. It is
// built on first use, not at package init (a Worker starts a fresh
// instance per request).
func Default() *Engine {
	defaultOnce.Do(func() {
		set, err := packs.Embedded()
		if err != nil {
			defaultEng = &Engine{err: err}
			return
		}
		defaultEng, err = New(set)
		if err != nil {
			defaultEng = &Engine{err: err}
		}
	})
	return defaultEng
}

// New builds an engine from a validated pack set.
func New(set *packs.Set) (*Engine, error) {
	e := &Engine{packIdx: map[string]int{}, schemes: set.Schemes, lex: buildLexicon()}
	schemeIdx := map[string]int{}
	for i, s := range set.Schemes {
		schemeIdx[s.ID] = i
	}
	e.byScheme = make([][]int32, len(set.Schemes))
	patIdx := map[string]int{}
	var patterns [][]byte
	addPat := func(p string) int {
		n := normPattern(p)
		if i, ok := patIdx[string(n)]; ok {
			return i
		}
		patIdx[string(n)] = len(patterns)
		patterns = append(patterns, n)
		e.pats = append(e.pats, patMeaning{scheme: -1})
		return len(patterns) - 1
	}
	for si, s := range set.Schemes {
		for _, n := range s.Names {
			pi := addPat(n)
			if e.pats[pi].scheme >= 0 && e.pats[pi].scheme != si {
				return nil, errors.New("engine: scheme name " + strconv.Quote(n) + " used by " + set.Schemes[e.pats[pi].scheme].ID + " and " + s.ID)
			}
			e.pats[pi].scheme = si
		}
	}
	for _, p := range set.Packs {
		pi := len(e.packs)
		e.packIdx[p.ID] = pi
		e.packs = append(e.packs, PackInfo{ID: p.ID, Name: p.Name, Description: p.Description, Rules: len(p.Rules), Default: p.Default})
		for _, r := range p.Rules {
			cr := &rule{Rule: r, pack: pi, cards: make([]*card, len(set.Schemes)+1), scheme: -1}
			for _, v := range r.Verbs {
				cr.verbs |= verbClass[v]
			}
			cr.target = headProduct
			if r.Target == "platform" {
				cr.target = headPlatform
			}
			if cr.check = checkers[r.Kind]; cr.check == nil {
				return nil, errors.New("engine: rule " + r.ID + ": unknown kind " + strconv.Quote(r.Kind))
			}
			ri := int32(len(e.rules))
			e.rules = append(e.rules, cr)
			switch r.Kind {
			case packs.KindTerm, packs.KindEndorsement:
				for _, t := range r.Terms {
					pi := addPat(t)
					e.pats[pi].rules = append(e.pats[pi].rules, ri)
				}
				if len(r.Schemes) > 0 {
					cr.scheme = schemeIdx[r.Schemes[0]]
				}
				cr.cards[0] = e.makeCard(cr, cr.scheme)
			default:
				for _, id := range r.Schemes {
					si, ok := schemeIdx[id]
					if !ok {
						return nil, errors.New("engine: rule " + r.ID + ": unknown scheme " + strconv.Quote(id))
					}
					e.byScheme[si] = append(e.byScheme[si], ri)
					cr.cards[si+1] = e.makeCard(cr, si)
				}
			}
			info := RuleInfo{ID: r.ID, Pack: p.ID, Severity: r.Severity, Title: r.Title, Message: cr.anyCard().message, Schemes: r.Schemes}
			info.Sources = cr.anyCard().sources
			e.infos = append(e.infos, info)
		}
	}
	e.ac = buildAutomaton(patterns)
	return e, nil
}

func (r *rule) anyCard() *card {
	for _, c := range r.cards {
		if c != nil {
			return c
		}
	}
	return &card{}
}

func (e *Engine) makeCard(r *rule, si int) *card {
	name, covers := "the scheme", "what its scheme defines"
	var sch *packs.Scheme
	if si >= 0 {
		sch = &e.schemes[si]
		name = sch.Name
		if sch.Covers != "" {
			covers = sch.Covers
		}
	}
	rep := func(s string) string { return fillCard(s, name, covers) }
	c := &card{
		title:       rep(r.Title),
		message:     rep(r.Message),
		explanation: rep(r.Explanation),
		suggestion:  rep(r.Suggestion),
	}
	// The scheme's own sources come first: a card about Cyber Essentials
	// Plus should quote Cyber Essentials evidence before a rule's general
	// sources (which may be about another scheme of the same rule).
	seen := map[string]bool{}
	if sch != nil {
		for _, s := range kbSources(sch.ID) {
			if len(c.sources) == maxSchemeSources {
				break
			}
			seen[s.URL] = true
			c.sources = append(c.sources, s)
		}
	}
	for _, s := range r.Sources {
		if !seen[s.URL] {
			seen[s.URL] = true
			c.sources = append(c.sources, Source{Title: s.Title, URL: s.URL, Quote: s.Quote})
		}
	}
	if len(c.sources) > maxSources {
		c.sources = c.sources[:maxSources]
	}
	switch {
	case r.Verify != nil:
		c.verify = &Verify{Name: r.Verify.Name, URL: r.Verify.URL}
	case sch != nil:
		if v := kbRegister(sch.ID); v != nil {
			c.verify = v
		} else if sch.Verify != nil {
			c.verify = &Verify{Name: sch.Verify.Name, URL: sch.Verify.URL}
		}
	}
	return c
}

// fillCard replaces {scheme} and {covers} in s as strings.NewReplacer
// would (left to right, inserted text not rescanned), without building a
// replacer per card: that was a tenth of building an engine.
func fillCard(s, name, covers string) string {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(name) + len(covers))
	for ; i >= 0; i = strings.IndexByte(s, '{') {
		b.WriteString(s[:i])
		switch rest := s[i:]; {
		case strings.HasPrefix(rest, "{scheme}"):
			b.WriteString(name)
			s = rest[len("{scheme}"):]
		case strings.HasPrefix(rest, "{covers}"):
			b.WriteString(covers)
			s = rest[len("{covers}"):]
		default:
			b.WriteByte('{')
			s = rest[1:]
		}
	}
	b.WriteString(s)
	return b.String()
}

// kbRegister looks a scheme's register up in the knowledge base, which
// may be incomplete (or, while it is edited, broken): never fatal.
func kbRegister(id string) (v *Verify) {
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	s, ok := kb.Get(id)
	if !ok || s.Register == nil || !strings.HasPrefix(s.Register.URL, "http") {
		return nil
	}
	return &Verify{Name: s.Register.Name, URL: s.Register.URL}
}

// Sources per card: at most two from the scheme, three in all.
const (
	maxSchemeSources = 2
	maxSources       = 3
)

// kbSources returns a scheme's cited sources from the knowledge base,
// never failing (see kbRegister).
func kbSources(id string) (out []Source) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	s, ok := kb.Get(id)
	if !ok {
		return nil
	}
	for _, src := range s.Sources {
		if strings.HasPrefix(src.URL, "https://") && src.Quote != "" {
			out = append(out, Source{Title: src.Title, URL: src.URL, Quote: src.Quote})
		}
	}
	return out
}

// Rules lists the loaded rules.
func (e *Engine) Rules() []RuleInfo { return append([]RuleInfo(nil), e.infos...) }

// Packs lists the loaded packs.
func (e *Engine) Packs() []PackInfo { return append([]PackInfo(nil), e.packs...) }

// Check finds misleading claims in text.
func (e *Engine) Check(text string, opt Options) (Result, error) {
	if e.err != nil {
		return Result{Findings: []Finding{}}, e.err
	}
	on := make([]bool, len(e.packs))
	if len(opt.Packs) == 0 {
		for i, p := range e.packs {
			on[i] = p.Default
		}
	}
	for _, p := range opt.Packs {
		i, ok := e.packIdx[p]
		if !ok {
			valid := make([]string, len(e.packs))
			for j, q := range e.packs {
				valid[j] = q.ID
			}
			return Result{Findings: []Finding{}}, &UnknownPackError{Name: p, Valid: valid}
		}
		on[i] = true
	}
	today := opt.Date
	if today.IsZero() {
		today = time.Now()
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)

	res := Result{Findings: []Finding{}, Stats: Stats{Bytes: len(text)}}
	var raw []rawFinding
	if cut := parallelCut(text); cut > 0 {
		// Two halves on two cores, cut at a newline: no hit, sentence or
		// quotation state crosses a newline, so each half's findings are
		// those of one pass (TestParallelCheckMatchesSequential).
		var second part
		var perr any
		done := make(chan struct{})
		go func() {
			// A panic goes back to Check's caller (hosts recover there)
			// instead of killing the process.
			defer func() {
				perr = recover()
				close(done)
			}()
			second = e.checkPart(text, cut+1, len(text), cut, on, today)
		}()
		first := e.checkPart(text, 0, cut+1, 0, on, today)
		<-done
		if perr != nil {
			panic(perr)
		}
		raw = append(first.raw, second.raw...)
		res.Stats.Hits = first.hits + second.hits
		res.Stats.Sentences = first.sentences + second.sentences
	} else {
		p := e.checkPart(text, 0, len(text), 0, on, today)
		raw, res.Stats.Hits, res.Stats.Sentences = p.raw, p.hits, p.sentences
	}
	m := txt.NewMapper(text)
	res.Findings = e.finish(text, m, raw)
	res.Stats.Findings = len(res.Findings)
	res.Stats.Units = m.Units(len(text)) // continues where finish stopped
	return res, nil
}
