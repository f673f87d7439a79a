package engine

import "testing"

func TestDateAt(t *testing.T) {
	e := Default()
	cases := map[string]string{
		"issued 14 March 2023":   "2023-03-14",
		"issued March 14, 2023":  "2023-03-14",
		"issued March 2023":      "2023-03-31",
		"issued 2023-03-14":      "2023-03-14",
		"issued 2023/03":         "2023-03-31",
		"issued 14/03/2023":      "2023-03-14",
		"issued 03/04/2023":      "2023-04-03", // the later reading
		"issued on 1st May 2024": "2024-05-01",
		"issued in 2022":         "2022-12-31",
		"issued soon":            "",
	}
	for text, want := range cases {
		sc := &scratch{}
		s := e.prepare(sc, text, 0, len(text), nil)
		got, _, ok := s.dateAfter(issueWords)
		if want == "" {
			if ok {
				t.Errorf("%q: got %v, want no date", text, got)
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != want {
			t.Errorf("%q: got %v %v, want %s", text, got.Format("2006-01-02"), ok, want)
		}
	}
}
