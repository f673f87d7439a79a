package pagesite

import "testing"

func TestFromHTML(t *testing.T) {
	for html, want := range map[string]string{
		`<link rel="canonical" href="https://www.akamai.com/x"><meta property="og:url" content="https://other.example/">`: "www.akamai.com",
		`<LINK REL='alternate canonical' HREF='//WWW.RedHat.com:443/en'>`:                                                 "www.redhat.com",
		`<meta property="og:url" content="https://www.wolfssl.com/products/">`:                                            "www.wolfssl.com",
		`<link rel="canonical" href="/relative/path"><meta name="og:site_name" content=" Red Hat ">`:                      "Red Hat",
		`<meta property="og:url" content="https://localhost/"><p>no site</p>`:                                             "",
		`<link rel=canonical href=https://user@shop.example.co.uk:8080/a?b#c>`:                                            "shop.example.co.uk",
		`<metadata property="og:url" content="https://x.example/">`:                                                       "",
		`<link rel="canonical" href="https://a.example/"`:                                                                 "",
	} {
		if got := FromHTML([]byte(html)); got != want {
			t.Errorf("FromHTML(%q) = %q, want %q", html, got, want)
		}
	}
}

func FuzzFromHTML(f *testing.F) {
	f.Add([]byte(`<link rel="canonical" href="https://www.akamai.com/x">`))
	f.Add([]byte(`<meta property=og:url content='https://a.b/'`))
	f.Fuzz(func(t *testing.T, b []byte) { FromHTML(b) })
}
