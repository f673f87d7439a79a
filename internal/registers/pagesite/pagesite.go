// Package pagesite reads the site an HTML page declares for itself
// (<link rel="canonical">, og:url, og:site_name), which the register
// checks use to identify who makes a claim when no site is given.
package pagesite

import "strings"

// maxHead bounds the bytes read: the head is at the top.
const maxHead = 256 << 10

// FromHTML returns the host of the canonical link, else of og:url, else
// og:site_name (a name, not a host), else "".
func FromHTML(src []byte) string {
	s := string(src[:min(len(src), maxHead)])
	// ASCII lower case keeps every byte where it was: offsets into low
	// are offsets into s (strings.ToLower may change the length).
	lb := []byte(s)
	for i, c := range lb {
		if c >= 'A' && c <= 'Z' {
			lb[i] = c + 'a' - 'A'
		}
	}
	low := string(lb)
	var canonical, ogURL, ogName string
	for i := 0; ; {
		j := strings.IndexByte(low[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		var tag string
		switch {
		case strings.HasPrefix(low[i:], "link") && i+4 < len(low) && isSpace(low[i+4]):
			tag = "link"
		case strings.HasPrefix(low[i:], "meta") && i+4 < len(low) && isSpace(low[i+4]):
			tag = "meta"
		default:
			continue
		}
		end := strings.IndexByte(low[i:], '>')
		if end < 0 {
			break
		}
		attrs := parseAttrs(s[i+4 : i+end])
		i += end
		if tag == "link" {
			if canonical == "" && hasWord(strings.ToLower(attrs["rel"]), "canonical") {
				canonical = attrs["href"]
			}
			continue
		}
		switch strings.ToLower(attrs["property"] + attrs["name"]) {
		case "og:url":
			if ogURL == "" {
				ogURL = attrs["content"]
			}
		case "og:site_name":
			if ogName == "" {
				ogName = attrs["content"]
			}
		}
	}
	for _, u := range []string{canonical, ogURL} {
		if h := Host(u); h != "" {
			return h
		}
	}
	return strings.TrimSpace(ogName)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

// parseAttrs reads name=value pairs (quoted or not) of one tag; names
// lower-cased, the first of a repeated name kept.
func parseAttrs(s string) map[string]string {
	out := map[string]string{}
	for i := 0; i < len(s); {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		k := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' {
			i++
		}
		name := strings.ToLower(s[k:i])
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			if name == "" {
				i++
			}
			continue
		}
		i++
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		var val string
		if i < len(s) && (s[i] == '"' || s[i] == '\'') {
			q := s[i]
			e := strings.IndexByte(s[i+1:], q)
			if e < 0 {
				val, i = s[i+1:], len(s)
			} else {
				val, i = s[i+1:i+1+e], i+2+e
			}
		} else {
			v := i
			for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' {
				i++
			}
			val = s[v:i]
		}
		if _, dup := out[name]; !dup && name != "" {
			out[name] = strings.TrimSpace(val)
		}
	}
	return out
}

// Host is the lower-case host of an absolute http(s) or scheme-relative
// URL, or "" (a host must have a dot).
func Host(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	for _, p := range []string{"https://", "http://", "//"} {
		if !strings.HasPrefix(l, p) {
			continue
		}
		h := l[len(p):]
		if i := strings.IndexAny(h, "/?#"); i >= 0 {
			h = h[:i]
		}
		if i := strings.LastIndexByte(h, '@'); i >= 0 {
			h = h[i+1:]
		}
		if i := strings.IndexByte(h, ':'); i >= 0 {
			h = h[:i]
		}
		if strings.Contains(h, ".") {
			return h
		}
		return ""
	}
	return ""
}
