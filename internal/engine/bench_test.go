package engine

import (
	"strings"
	"testing"

	"github.com/certscope/certscope/internal/packs"
)

// typicalPage builds realistic vendor-page prose of about n bytes with
// roughly one claim per 2 KB.
func typicalPage(n int) string {
	prose := []string{
		"Our platform helps security teams monitor cameras, doors and sensors across every site from a single dashboard.",
		"Alerts arrive in seconds, and operators can review footage, export clips and share incidents with colleagues.",
		"The mobile app supports single sign-on, role-based access control and audit logs for every action taken.",
		"Data is encrypted in transit with TLS 1.3 and at rest with AES-256, and keys are rotated every ninety days.",
		"Our support team is available around the clock by phone, chat and e-mail, with an average response time under five minutes.",
		"Customers in retail, healthcare, education and logistics rely on us to keep people and property safe.",
		"Installation takes less than a day, and existing cameras from most manufacturers can be added without new wiring.",
		"Pricing is per site per month, with discounts for multi-year agreements and non-profit organisations.",
		"Firmware updates are delivered automatically during a maintenance window that you choose.",
		"Read our documentation, talk to a specialist, or start a free thirty-day trial today.",
	}
	claims := []string{
		"Our cameras are Cyber Essentials Plus certified.",
		"We are HIPAA certified and committed to protecting your health information.",
		"Your footage is protected by military-grade encryption.",
		"NexaWorks is ISO/IEC 27001:2022 certified for its cloud operations.",
	}
	var b strings.Builder
	i, c := 0, 0
	for b.Len() < n {
		b.WriteString(prose[i%len(prose)])
		b.WriteByte(' ')
		if i%10 == 9 {
			b.WriteString("\n")
		}
		i++
		if b.Len()/2048 > c {
			b.WriteString(claims[c%len(claims)])
			b.WriteByte(' ')
			c++
		}
	}
	return b.String()
}

func worstPage(n int) string {
	claims := []string{
		"Our cameras are Cyber Essentials Plus certified.",
		"We are HIPAA certified.",
		"Military-grade encryption keeps your data locked tight.",
		"The X-100 is not SOC 2 certified yet, but the audit is in progress.",
		"FIPS 140-3 compliant cryptographic primitives.",
		"Government-approved alternative to banned manufacturers.",
		"ISO 9001:2015 & ISO 27001:2013 Certified Company",
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(claims[i%len(claims)])
		b.WriteByte(' ')
	}
	return b.String()
}

func benchCheck(b *testing.B, text string) {
	eng := Default()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := eng.Check(text, Options{Date: corpusDate}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckTypical(b *testing.B) { benchCheck(b, typicalPage(1<<20)) }

func BenchmarkCheckWorst(b *testing.B) { benchCheck(b, worstPage(1<<20)) }

// BenchmarkCheckLongSentence: 1 MB with no sentence punctuation.
func BenchmarkCheckLongSentence(b *testing.B) {
	text := strings.ReplaceAll(typicalPage(1<<20), ".", "")
	text = strings.ReplaceAll(text, "\n", " ")
	benchCheck(b, text)
}

func BenchmarkScan(b *testing.B) {
	text := typicalPage(1 << 20)
	ac := Default().ac
	var hits []hit
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hits = ac.scan(text, hits[:0])
	}
}

// BenchmarkDefaultBuild: building the engine (automaton, lexicon, cards)
// from the embedded packs. A fresh instance also pays for the packs
// themselves: see BenchmarkFromGenerated and BenchmarkLoad in packs.
func BenchmarkDefaultBuild(b *testing.B) {
	set, err := packs.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := New(set); err != nil {
			b.Fatal(err)
		}
	}
}
