package main

import (
	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/findingjson"
)

// The CLI's JSON writers are internal/findingjson's (shared with the API).
type findingEncoder = findingjson.Encoder

const findingIndent = findingjson.FindingIndent

func appendJSONString(b []byte, s string) []byte { return findingjson.AppendString(b, s) }

func appendVerifications(b []byte, vs []engine.Verification) []byte {
	return findingjson.AppendVerifications(b, vs)
}
