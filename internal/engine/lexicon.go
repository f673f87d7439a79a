package engine

import "strings"

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

var lexWords = []struct {
	f     uint64
	words string
}{
	{fNeg, "not no never isn't aren't wasn't weren't don't doesn't didn't cannot can't won't haven't hasn't hadn't shouldn't neither nor none nothing nobody without non nu nicht kein keine"},
	{fHedgeB, "pursuing pursue working towards toward planned planning plan plans aim aims aiming seeking seek preparing prepare intend intends intending goal target targeting upcoming soon future expect expects expecting hope hoping undergoing applying roadmap if unless whether achieve achieving obtain obtaining attain attaining"},
	{fHedgeA, "progress pending planned scheduled expected soon underway"},
	{fMeta, "avoid misleading mislead misled euphemism myth myths buzzword buzzwords terminology term terms phrase phrases wording words presented forbidden dangerous beware cautious caution careful supposedly so-called falsely false illegal retracted retract claim claims claimed claiming allegedly alleged denied deny say says said saying told tell assertion asserts asserted described describe describes means meaning refers defines example examples instead rather honest dishonest overclaim advertises advertised reported according suggested suggests declared inference confusion scam fake rationale misuse misrepresent misrepresented misrepresentation deceptive disclaimer stated wrote quoted aliases alias spellings spelling synonyms keywords variants glossary supposed purportedly reportedly touted marketed dubbed breached hacked cracked fined sued lawsuit settlement alleges charged banned disallowed blocklist denylist blacklist"},
	{fReq, "must require requires required requiring requirement requirements should need needs needed mandate mandates mandatory demand demands experience familiarity exposure candidate candidates qualifications responsibilities duties recommend recommended recommends critical essential important consider prefer preferred"},
	{fGeneric, "typically usually often generally commonly sometimes many"},
	{fRetro, "was were had formerly former previously invalidated replaced superseded retired withdrawn expired lapsed obsolete legacy transition transitioned transitioning migrate migrated migrating upgrade upgraded upgrading historical deprecated struck successor longer"},
	{fProduct, "product products device devices camera cameras nvr nvrs dvr dvrs firmware software app apps application applications solution solutions equipment hardware gear item items goods sensor sensors router routers lock locks tool tools kit kits instrument instruments appliance appliances gateway gateways chip chips drive drives browser extension plugin plugins sdk library libraries package packages component components machine machines laptop laptops phone phones printer printers wallet wallets toy toys wearable wearables firewall firewalls switch switches doorbell doorbells thermostat thermostats controller controllers reader readers terminal terminals hub hubs speaker speakers tablet tablets modem modems headset headsets vehicle vehicles robot robots drone drones charger chargers implant implants scanner scanners detector detectors alarm alarms intercom intercoms nas vpn vpns antivirus valve valves pump pumps part parts cable cables panel panels battery batteries tyre tyres tire tires fitting fittings filter filters bearing bearings motor motors display displays screen screens lamp lamps adapter adapters cartridge cartridges medicine medicines drug drugs supplement supplements cosmetics glove gloves mask masks syringe syringes catheter catheters luminaire luminaires fastener fasteners plug plugs bulb bulbs monitor monitors tracker trackers earbuds earphones headphones webcam webcams dashcam dashcams cctv keyboard keyboards smartwatch smartwatches watch watches tv tvs television televisions console consoles handset handsets smartphone smartphones meter meters token tokens logger loggers kiosk kiosks projector projectors microphone microphones radio radios transmitter transmitters receiver receivers wristband wristbands pacemaker pacemakers ventilator ventilators inverter inverters thermometer thermometers oximeter oximeters desktop desktops ssd ssds"},
	{fOrg, "company companies organisation organisations organization organizations firm firms business businesses team teams developer developers provider providers partner partners vendor vendors supplier suppliers manufacturer manufacturers office offices isms management facility facilities centre centres center centers datacenter datacenters datacentre datacentres infrastructure operation operations process processes service services platform platforms cloud hosting people staff we us entity entities site sites premises headquarters department division group body bodies practice practices environment environments program programme programs programmes lab labs laboratory laboratories plant plants factory factories warehouse warehouses network networks agency agencies consultancy consultants consultant university school hospital hospitals ltd inc llc llp gmbh plc corp corporation limited ag bv pty incorporated"},
	{fCopula, "is are was were be been being become becomes became remain remains comes come arrives arrive we're they're it's you're"},
	{fPerson, "staff employee employees professional professionals specialist specialists expert experts trainer trainers officer officers engineer engineers auditor auditors consultant consultants training trainings course courses exam exams class classes student students individual individuals practitioner practitioners personnel workforce"},
	{fIndef, "a an any every"},
	{fModal, "will would could might can may shall"},
	{fIssue, "issued dated awarded"},
	{fExpiry, "until through thru expires expiry expiration"},
	{fTraining, "course courses training trainings exam exams class classes trainer trainers student students learner learners curriculum"},
	{fFirst, "we our us ours i my we're we've we'll"},
	{fPossess, "have has had hold holds held carry carries carried boast boasts bear bears achieved awarded received earned obtained attained maintains maintained gained passed completed renewed"},
	{fQWord, "is are does do did can could what how why which who should will would has have was were where when isn't aren't doesn't"},
	{fAdv, "now fully also all officially proudly currently both each already successfully independently formally recently newly still proud"},
	{fPrep, "to under with against by for across per in"},
	{fDet, "the a an our its their your his her this that these those"},
	{fBreak, "but however although though while whereas yet unlike"},
	{fSkip, "v version level levels type i ii iii iv edition standard standards rev revision part tier pub iec fips nist dss"},
	{fPronoun, "we it they you i he she our their its"},
	{vCertified, "certified certify certifies certificated"},
	{vCertification | fNoun, "certification certifications certificate certificates"},
	{vAccredited, "accredited"},
	{vAccredited | fNoun, "accreditation accreditations"},
	{vApproved, "approved approve approves"},
	{vApproved | fNoun, "approval approvals"},
	{vEndorsed, "endorsed endorse endorses endorsing"},
	{vEndorsed | fNoun, "endorsement endorsements"},
	{vCompliant, "compliant complies comply conformant conforms"},
	{vCompliant | fNoun, "compliance conformity conformance"},
	{vValidated, "validated validates"},
	{vValidated | fNoun, "validation"},
}

func buildLexicon() map[string]uint64 {
	m := map[string]uint64{}
	for _, e := range lexWords {
		for _, w := range strings.Fields(e.words) {
			m[w] |= e.f
			if strings.Contains(w, "'") {
				m[strings.ReplaceAll(w, "'", "\u2019")] |= e.f
			}
		}
	}
	return m
}
