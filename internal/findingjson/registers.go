package findingjson

import (
	"strconv"

	"github.com/certscope/certscope/internal/engine"
)

// Register results and verifications (the registers pack): written per
// finding, never cached, since they differ from claim to claim.

// AppendRegister writes a finding's or verification's register object as
// encoding/json would.
func AppendRegister(b []byte, r *engine.Register) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"register":`...)
	b = appendJSONString(b, r.Register)
	b = append(b, `,"snapshot":`...)
	b = appendJSONString(b, r.Snapshot)
	b = append(b, `,"result":`...)
	b = appendJSONString(b, r.Result)
	b = append(b, `,"entries":`...)
	if r.Entries == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, e := range r.Entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendJSONString(b, e.ID)
			b = append(b, `,"name":`...)
			b = appendJSONString(b, e.Name)
			b = append(b, `,"vendor":`...)
			b = appendJSONString(b, e.Vendor)
			b = append(b, `,"status":`...)
			b = appendJSONString(b, e.Status)
			b = append(b, `,"standard":`...)
			b = appendJSONString(b, e.Standard)
			b = append(b, `,"url":`...)
			b = appendJSONString(b, e.URL)
			if e.Date != "" {
				b = append(b, `,"date":`...)
				b = appendJSONString(b, e.Date)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// AppendVerifications writes a JSON array of verifications (null for nil).
func AppendVerifications(b []byte, vs []engine.Verification) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"scheme":`...)
		b = appendJSONString(b, v.Scheme)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(v.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(v.End), 10)
		b = append(b, `,"claim":{"start":`...)
		b = strconv.AppendInt(b, int64(v.Claim.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(v.Claim.End), 10)
		b = append(b, `},"title":`...)
		b = appendJSONString(b, v.Title)
		b = append(b, `,"message":`...)
		b = appendJSONString(b, v.Message)
		b = appendSources(append(b, `,"sources":`...), v.Sources)
		b = append(b, `,"register":`...)
		b = AppendRegister(b, v.Register)
		b = append(b, '}')
	}
	return append(b, ']')
}
