package engine

import (
	"errors"
	"slices"
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
	schemes  []kb.Scheme
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
	unless []int   // scheme indexes that, named in the sentence, mute the rule
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
		// The knowledge base is checked once, here; lookups never fail
		// later (no recover around them).
		if err := kb.Load(); err != nil {
			defaultEng = &Engine{err: err}
			return
		}
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
			for _, id := range r.UnlessSchemes {
				si, ok := schemeIdx[id]
				if !ok {
					return nil, errors.New("engine: rule " + r.ID + ": unknown scheme " + strconv.Quote(id))
				}
				cr.unless = append(cr.unless, si)
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
	e.addRegistersPack()
	e.ac = buildAutomaton(patterns)
	return e, nil
}

// namesAny reports whether a hit of the sentence names one of schemes.
func (e *Engine) namesAny(hits []hit, schemes []int) bool {
	for _, h := range hits {
		if slices.Contains(schemes, e.pats[h.pat].scheme) {
			return true
		}
	}
	return false
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
	var sch *kb.Scheme
	if si >= 0 {
		sch = &e.schemes[si]
		name = sch.CardName()
		if sch.Phrase != "" {
			covers = sch.Phrase
		}
	}
	title, message, explanation, suggestion := r.Title, r.Message, r.Explanation, r.Suggestion
	var first []Source // sources chosen for the variant's text
	for i := range r.Variants {
		v := &r.Variants[i]
		if !v.Matches(sch) {
			continue
		}
		title = pick(v.Title, title)
		message = pick(v.Message, message)
		explanation = pick(v.Explanation, explanation)
		suggestion = pick(v.Suggestion, suggestion)
		// A later (more specific) variant's sources go first.
		first = append(append([]Source(nil), v.Sources...), first...)
	}
	rep := func(s string) string { return fillCard(s, name, covers) }
	c := &card{
		title:       rep(title),
		message:     rep(message),
		explanation: rep(explanation),
		suggestion:  rep(suggestion),
	}
	// Sources are chosen for the card's statements: a variant's own
	// sources first; then, for a rule about one scheme, the rule's
	// sources (they support its dated statements, which a 3-source cap
	// must not cut); then the scheme's sources from the knowledge base;
	// then a multi-scheme rule's general sources.
	seen := map[string]bool{}
	add := func(s Source) {
		if !seen[s.URL] && len(c.sources) < maxSources {
			seen[s.URL] = true
			c.sources = append(c.sources, s)
		}
	}
	addAll := func(list []Source) {
		for _, s := range list {
			add(s)
		}
	}
	addAll(first)
	single := len(r.Schemes) <= 1
	if single {
		addAll(r.Sources)
	}
	if sch != nil && !sch.IsUnverified("sources") {
		n := 0
		for _, s := range sch.Sources {
			if n == maxSchemeSources {
				break
			}
			if !strings.HasPrefix(s.URL, "https://") || s.Quote == "" {
				continue // cards quote their sources
			}
			if !seen[s.URL] {
				n++
			}
			add(s)
		}
	}
	if !single && len(first) == 0 {
		// A multi-scheme rule's general sources, unless a variant chose
		// sources for this scheme (they may be about another scheme).
		addAll(r.Sources)
	}
	switch {
	case r.Verify != nil:
		c.verify = r.Verify
	case sch != nil && sch.Register != nil && !sch.IsUnverified("register"):
		c.verify = sch.Register
	}
	return c
}

func pick(v, def string) string {
	if v != "" {
		return v
	}
	return def
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

// Sources per card: at most two from the scheme, three in all.
const (
	maxSchemeSources = 2
	maxSources       = 3
)

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

	res := Result{Findings: []Finding{}, Verifications: []Verification{}, Stats: Stats{Bytes: len(text)}}
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
	if len(opt.DisableRules) > 0 {
		raw = e.dropRules(raw, opt.DisableRules)
	}
	var total int
	res.Findings, total = e.finish(text, m, raw, opt.MaxFindings)
	res.Verifications = []Verification{}
	if on[e.packIdx[RegistersPack]] {
		before := len(res.Findings)
		res.Findings, res.Verifications = e.registerPass(text, res.Findings, opt, today)
		if len(opt.DisableRules) > 0 {
			res.Findings = slices.DeleteFunc(res.Findings, func(f Finding) bool { return slices.Contains(opt.DisableRules, f.Rule) })
		}
		total += len(res.Findings) - before
		if opt.MaxFindings > 0 && len(res.Findings) > opt.MaxFindings {
			res.Findings = res.Findings[:opt.MaxFindings]
		}
	}
	res.Stats.Findings = total
	res.Stats.Units = m.Units(len(text)) // continues where finish stopped
	return res, nil
}
