package engine

import (
	"strconv"
	"time"
)

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
	"oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// dateAt reads a date starting at token i: "14 March 2023", "March 14,
// 2023", "March 2023", "2023-03-14", "14/03/2023" or a bare year. It
// returns the latest day the text can mean (a bare year is 31 December;
// an ambiguous 03/04 is read whichever way is later), so age checks err
// towards "not stale".
func (s *sentence) dateAt(i int) (time.Time, bool) {
	num := func(k int) (int, bool) {
		if k < 0 || k >= len(s.toks) || s.flag(k)&fNum == 0 {
			return 0, false
		}
		w := s.w(k)
		for len(w) > 2 && (w[len(w)-2:] == "st" || w[len(w)-2:] == "nd" || w[len(w)-2:] == "rd" || w[len(w)-2:] == "th") {
			w = w[:len(w)-2]
		}
		n, err := strconv.Atoi(w)
		return n, err == nil
	}
	month := func(k int) (time.Month, bool) {
		if k < 0 || k >= len(s.toks) || s.toks[k].Kind != 0 {
			return 0, false
		}
		m, ok := monthNames[s.w(k)]
		return m, ok
	}
	year := func(n int) bool { return n >= 1990 && n <= 2100 }
	endOfMonth := func(y int, m time.Month) time.Time {
		return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	}
	// Month name first: "March 2023", "March 14, 2023".
	if m, ok := month(i); ok {
		if y, ok := num(i + 1); ok && year(y) {
			return endOfMonth(y, m), true
		}
		if d, ok := num(i + 1); ok && d >= 1 && d <= 31 {
			k := i + 2
			if s.punct(k) == ',' {
				k++
			}
			if y, ok := num(k); ok && year(y) {
				return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
			}
		}
		return time.Time{}, false
	}
	n, ok := num(i)
	if !ok {
		return time.Time{}, false
	}
	// "14 March 2023"
	if m, ok := month(i + 1); ok && n >= 1 && n <= 31 {
		if y, ok := num(i + 2); ok && year(y) {
			return time.Date(y, m, n, 0, 0, 0, 0, time.UTC), true
		}
	}
	// "2023-03-14" (also "2023/03/14")
	if year(n) && (s.punct(i+1) == '-' || s.punct(i+1) == '/') {
		if m, ok := num(i + 2); ok && m >= 1 && m <= 12 {
			if d, ok := num(i + 4); ok && d >= 1 && d <= 31 && s.punct(i+3) == s.punct(i+1) {
				return time.Date(n, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
			}
			return endOfMonth(n, time.Month(m)), true
		}
	}
	// "14/03/2023" or "03/14/2023": the later reading.
	if (s.punct(i+1) == '/' || s.punct(i+1) == '.' || s.punct(i+1) == '-') && s.punct(i+3) == s.punct(i+1) {
		if b, ok := num(i + 2); ok {
			if y, ok := num(i + 4); ok && year(y) {
				var best time.Time
				for _, md := range [][2]int{{b, n}, {n, b}} {
					if md[0] >= 1 && md[0] <= 12 && md[1] >= 1 && md[1] <= 31 {
						t := time.Date(y, time.Month(md[0]), md[1], 0, 0, 0, 0, time.UTC)
						if t.After(best) {
							best = t
						}
					}
				}
				if !best.IsZero() {
					return best, true
				}
			}
		}
	}
	if year(n) {
		return time.Date(n, 12, 31, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// dateAfter finds a date within a few tokens after any of the words
// ("issued", "valid until"), skipping "on", "in", "from", ":" and the like.
func (s *sentence) dateAfter(words uint64) (time.Time, int, bool) {
	if s.all&fNum == 0 || s.all&words == 0 {
		return time.Time{}, 0, false // a date needs a number
	}
	for k := range s.toks {
		if s.toks[k].Flags&words == 0 {
			continue
		}
		for j := k + 1; j < len(s.toks) && j <= k+4; j++ {
			if t, ok := s.dateAt(j); ok {
				return t, j, true
			}
			if !(s.isPunct(j) || s.flag(j)&(fPrep|fDet) != 0 || s.is(j, "on") || s.is(j, "from") || s.is(j, "date") || s.is(j, "until") || s.is(j, "through")) {
				break
			}
		}
	}
	return time.Time{}, 0, false
}

// Words a certificate date follows.
const (
	issueWords  = fIssue
	expiryWords = fExpiry
)
