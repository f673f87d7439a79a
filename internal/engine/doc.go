// The engine works in two stages.
//
// Stage 1 (scan.go) runs one case-insensitive Aho-Corasick automaton over
// the bytes of the text for every scheme name (internal/kb) and claim term
// (the packs).
// Separators (space, hyphen, slash, underscore, NBSP, Unicode dashes) loop
// back to the same state, so "ISO/IEC 27001", "ISO 27001", "ISO27001" and
// "ISO-27001" are one pattern. Hits need word boundaries at both ends.
//
// Stage 2 runs only on the sentences around hits (internal/text segments
// them; any newline is a hard break). Each sentence is tokenised once and
// its words classed by the vocabulary (vocabulary.json, compiled to
// vocab_gen.go by go generate: negation, hedges, meta-talk, requirements,
// product and organisation nouns, claim verbs). The files by concern:
//
//	run.go          a check: two-core split, parts, merged findings
//	sentence.go     preparation: tokens, word classes, questions, tables
//	quotes.go       quotations versus string literals in code
//	suppress.go     meta-talk, questions, negation, hedges, definitions
//	link.go         the claim verb tied to a scheme hit
//	attribution.go  what the certificate is attributed to
//	block.go        the heading a list item sits under (optional context)
//	checks.go       the table of check kinds, one check_KIND.go each
//
// Tests: check_KIND_test.go and the concern files' tests hold sentences
// written for each principle (table tests); TestVerdicts checks every
// labelled row of the dev corpus, the generalisation set and the
// non-sealed unseen rows against testdata/known-failures/*.txt.
//
// A closed set of check kinds interprets the rules from internal/packs:
//
//	term         a phrase that is a claim by itself (absolutes)
//	scope        an organisation-scope scheme attributed to a product noun
//	nonexistent  a scheme with a claim verb where no such certification exists
//	unvalidated  "compliant"/"certified" where only a validated certificate counts
//	stale        a version or scheme presented as current after it lapsed
//	endorsement  a government or agency tied to an approval verb
//
// Every kind shares the same suppressions: meta-talk ("avoid", "claims",
// "misleading") that governs the claim (before it, or in a short
// predicate after it in its clause; not the claim's own words and not a
// later clause such as ", which means peace of mind"), questions,
// quotations (also those opened in an earlier sentence of the same line;
// but not string literals in code or badge lists), negation in the
// claim's clause, hedges and requirements ("working towards", "in
// progress", "must", "achieve").
//
// Attribution (scope) finds the head noun of the claim's subject: the
// noun before a preposition ("the company behind the X200 router"), the
// antecedent of a relative clause ("the team that builds our routers",
// "every device we ship"), through coordinated predicates ("are signed
// and ISO 27001 certified"), possession verbs with the noun form ("the X5
// webcam boasts ISO 27001 certification") and headline dashes.
//
// Zero-width runes (U+200B..U+200D, U+2060, U+FEFF) and the soft hyphen
// are ignorable: separators in stage 1, invisible inside words in stage 2.
//
// The engine is built lazily on first use of Default (about 1-2 ms), so
// package init stays cheap for hosts that start a fresh instance per
// request.
package engine
