package jsonw

// Indent appends src, a valid compact JSON value (no white space outside
// strings), to b as json.Indent
// writes it: each element and member on its own line, starting with
// prefix and one indent per level of nesting, ": " after a key, and empty
// objects and arrays kept as {} and []. Like json.Indent, the first line
// gets no prefix. Given invalid JSON the output is unspecified (the
// callers only indent JSON they wrote).
func Indent(b, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		b = append(b, '\n')
		b = append(b, prefix...)
		for i := 0; i < depth; i++ {
			b = append(b, indent...)
		}
	}
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			b = append(b, c)
			if c == '\\' && i+1 < len(src) {
				i++
				b = append(b, src[i])
			} else if c == '"' {
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			b = append(b, c)
		case '{', '[':
			b = append(b, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				b = append(b, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			b = append(b, c)
		case ',':
			b = append(b, c)
			newline()
		case ':':
			b = append(b, ':', ' ')
		default:
			b = append(b, c)
		}
	}
	return b
}
