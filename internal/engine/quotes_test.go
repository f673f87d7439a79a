package engine

import "testing"

// TestQuotes: a quotation (also one opened in an earlier sentence of the
// same line) is someone else's claim; a closed one, an inch mark or a
// string literal in code or JSON is the page's own claim.
func TestQuotes(t *testing.T) {
	runCases(t, []verdictCase{
		{"IPVM quoted the release: \"We are proud of our team. Our cameras are Cyber Essentials Plus certified.\"", ""},
		{"The founder said, “Security matters to us. Our app is HIPAA certified.”", ""},
		{"It is false to say: \"Trust us. Our lock is unhackable.\"", ""},
		{"  text: \"Fast setup. Our cameras are Cyber Essentials Plus certified.\",", "*"},
		{"He said \"hello\". Our app is HIPAA certified.", "*"},
		{"The screen is 5\" wide. Our app is HIPAA certified.", "*"},
		{"She wrote: “Thanks.”\nOur app is HIPAA certified.", "*"},
		{"The release said: \"We grew. \nOur app is HIPAA certified.", "*"},
		{"{\"title\": \"ISO 27001 certified products\", \"id\": 3}", "*"},
		{"  \"tagline\": \"Fast setup. Our cameras are Cyber Essentials Plus certified.\",", "*"},
		{"{ code: 'ISO 13485', title: 'ISO 13485 Certified Products' },", "*"},
		{"  subtitle: \"Easy to use. Unhackable by design.\",", "*"},
	})
}
