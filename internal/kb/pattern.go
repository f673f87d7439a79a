package kb

import "errors"

// PatternChars are the characters a scan pattern may use besides ASCII
// letters, digits and separators (space, hyphen, slash).
const PatternChars = "+&%.:'#"

// CheckPattern accepts ASCII patterns of letters, digits, separators and
// PatternChars that start with a letter or digit and have at least three
// significant characters: scheme names and rule terms.
func CheckPattern(p string) error {
	if p == "" {
		return errors.New("empty pattern")
	}
	n := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			n++
		case c == ' ' || c == '-' || c == '/':
		case indexByte(PatternChars, c) >= 0:
			n++
		default:
			return errors.New("character " + quoteByte(c) + " not allowed in a pattern")
		}
	}
	first := p[0]
	if !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first >= '0' && first <= '9') {
		return errors.New("must start with a letter or digit")
	}
	if n < 3 {
		return errors.New("too short (needs at least 3 letters or digits)")
	}
	return nil
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func quoteByte(c byte) string {
	const hex = "0123456789abcdef"
	if c >= 0x20 && c < 0x7f {
		return "'" + string(rune(c)) + "'"
	}
	return "0x" + string(hex[c>>4]) + string(hex[c&15])
}
