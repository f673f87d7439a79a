package htmltext

import (
	"bytes"
	"strings"
)

// Region is a range of source bytes [Start, End) in which Rules (all rules
// if empty) are silenced by comments:
//
//	<!-- certscope-disable [rule-id ...] --> ... <!-- certscope-enable [rule-id ...] -->
//	<!-- certscope-disable-next-line [rule-id ...] -->
//
// A disable without a matching enable lasts to the end of the file; the
// next-line form covers the line after the comment's.
type Region struct {
	Start, End int
	Rules      []string
}

// Silenced reports whether rule is silenced at source offset off.
func Silenced(regions []Region, rule string, off int) bool {
	for _, r := range regions {
		if off >= r.Start && off < r.End && (len(r.Rules) == 0 || contains(r.Rules, rule)) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DisableRegions finds the certscope-disable comments of an HTML or
// Markdown source, in one pass.
func DisableRegions(src []byte) []Region {
	var out []Region
	open := map[string]int{} // rule ("" for all) -> start of its open region
	var order []string       // open keys in order, for a stable result
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("<!--"))
		if j < 0 {
			break
		}
		start := i + j
		k := bytes.Index(src[start+4:], []byte("-->"))
		if k < 0 {
			break
		}
		end := start + 4 + k + 3
		i = end
		fields := strings.Fields(string(src[start+4 : end-3]))
		if len(fields) == 0 {
			continue
		}
		rules := fields[1:]
		keys := rules
		if len(keys) == 0 {
			keys = []string{""}
		}
		switch fields[0] {
		case "certscope-disable":
			for _, key := range keys {
				if _, ok := open[key]; !ok {
					open[key] = end
					order = append(order, key)
				}
			}
		case "certscope-enable":
			if len(rules) == 0 { // enable everything
				keys = order
			}
			for _, key := range keys {
				if s, ok := open[key]; ok {
					out = append(out, region(s, start, key))
					delete(open, key)
				}
			}
		case "certscope-disable-next-line":
			ls := bytes.IndexByte(src[end:], '\n')
			if ls < 0 {
				continue
			}
			ls += end + 1
			le := bytes.IndexByte(src[ls:], '\n')
			if le < 0 {
				le = len(src)
			} else {
				le += ls
			}
			out = append(out, Region{Start: ls, End: le, Rules: rules})
		}
	}
	for _, key := range order {
		if s, ok := open[key]; ok {
			out = append(out, region(s, len(src), key))
		}
	}
	return out
}

func region(start, end int, key string) Region {
	r := Region{Start: start, End: end}
	if key != "" {
		r.Rules = []string{key}
	}
	return r
}
