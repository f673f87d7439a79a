package engine

import "strings"

// The words themselves are data: vocabulary.json, compiled into
// vocab_gen.go (no JSON decoding at run time, none in engine.wasm).
//go:generate go test -run TestVocabularyGenerated -update

// Word classes for stage 2. A word may have several.
const (
	fNeg      uint64 = 1 << iota // not, no, never, isn't, without
	fHedgeB                      // before a claim: will, pursuing, working (towards)
	fHedgeA                      // after a claim: (in) progress, pending, scheduled
	fMeta                        // talk about claims: avoid, misleading, claims, said
	fReq                         // must, require, should, need
	fGeneric                     // typically, usually, often, many
	fRetro                       // was, formerly, invalidated, transitioned
	fProduct                     // product, camera, software, app
	fOrg                         // company, we, ISMS, data centre, platform, service
	fCopula                      // is, are, been
	fFirst                       // we, our, us
	fPossess                     // have, holds, achieved, awarded
	fQWord                       // is, does, what, how: a question's first word
	fAdv                         // skippable adverbs: now, fully, also
	fPrep                        // to, under, with, against, by, for, across
	fDet                         // the, a, an, our, its, their
	fBreak                       // but, however, although: a new clause
	fSkip                        // version words between a scheme and its verb: level, type, ii
	fPronoun                     // we, it, they, you: a new subject after "and"
	fPerson                      // staff, professionals, training: people, not products
	fIndef                       // a, an, any, every: a generic noun phrase
	fTraining                    // course, training, exam: certificates for people
	fModal                       // will, would, can: future or possible, not yet a status
	fIssue                       // issued, dated, awarded: a certificate date follows
	fExpiry                      // until, expires: an expiry date follows

	vCertified     // certified, certify
	vCertification // certification, certificate
	vAccredited    // accredited, accreditation
	vApproved      // approved, approval
	vEndorsed      // endorsed, endorses, endorsement
	vCompliant     // compliant, compliance, complies
	vValidated     // validated, validation
	fNoun          // the noun form of a claim verb
	fPlatform      // platform, SaaS, portal: what an organisation runs
)

const verbMask = vCertified | vCertification | vAccredited | vApproved | vEndorsed | vCompliant | vValidated

// verbClass maps the verb names used in pack data to flags.
var verbClass = map[string]uint64{
	"certified":     vCertified,
	"certification": vCertification,
	"accredited":    vAccredited,
	"approved":      vApproved,
	"endorsed":      vEndorsed,
	"compliant":     vCompliant,
	"validated":     vValidated,
}

// classFlags names the word classes of vocabulary.json.
var classFlags = map[string]uint64{
	"negation": fNeg, "hedge_before": fHedgeB, "hedge_after": fHedgeA, "meta": fMeta,
	"requirement": fReq, "generic": fGeneric, "retro": fRetro, "product": fProduct,
	"organisation": fOrg, "platform": fPlatform, "copula": fCopula, "person": fPerson, "indefinite": fIndef,
	"modal": fModal, "issue_date": fIssue, "expiry_date": fExpiry, "training": fTraining,
	"first_person": fFirst, "possession": fPossess, "question_opener": fQWord,
	"adverb": fAdv, "preposition": fPrep, "determiner": fDet, "clause_break": fBreak,
	"version_word": fSkip, "pronoun": fPronoun,
	"certified": vCertified, "certification_noun": vCertification | fNoun,
	"accredited": vAccredited, "accreditation_noun": vAccredited | fNoun,
	"approved": vApproved, "approval_noun": vApproved | fNoun,
	"endorsed": vEndorsed, "endorsement_noun": vEndorsed | fNoun,
	"compliant": vCompliant, "compliance_noun": vCompliant | fNoun,
	"validated": vValidated, "validation_noun": vValidated | fNoun,
}

// buildLexicon maps each word to the union of its classes' flags (a
// straight apostrophe also stands for a curly one).
func buildLexicon() map[string]uint64 {
	m := map[string]uint64{}
	for _, c := range vocabClasses {
		f := classFlags[c.name]
		for _, w := range strings.Fields(c.words) {
			m[w] |= f
			if strings.Contains(w, "'") {
				m[strings.ReplaceAll(w, "'", "\u2019")] |= f
			}
		}
	}
	return m
}

// vocabSet returns the word list name of vocabulary.json as a set.
func vocabSet(name string) map[string]bool {
	m := map[string]bool{}
	for _, l := range vocabLists {
		if l.name == name {
			for _, w := range strings.Fields(l.words) {
				m[w] = true
			}
		}
	}
	return m
}

// vocabWords is vocabSet as a slice, for hasWord.
func vocabWords(name string) []string {
	for _, l := range vocabLists {
		if l.name == name {
			return strings.Fields(l.words)
		}
	}
	return nil
}

// vocabEntry is one class or list of vocabulary.json: its words joined
// by spaces.
type vocabEntry struct{ name, words string }
