package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/certscope/certscope/internal/api"
	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/jsonw"
)

// emitter writes one output format, a file at a time.
type emitter interface {
	file(r report)
	end()
}

func newEmitter(format string, w *bufio.Writer, eng *engine.Engine) emitter {
	switch format {
	case "json":
		return &jsonEmitter{w: w}
	case "jsonl":
		return &jsonlEmitter{w: w}
	case "sarif":
		return &sarifEmitter{w: w, eng: eng}
	case "github":
		return &githubEmitter{w: w}
	}
	return &textEmitter{w: w}
}

type textEmitter struct {
	w   *bufio.Writer
	buf []byte
}

func (e *textEmitter) file(r report) {
	for i, f := range r.findings {
		b := append(e.buf[:0], r.file...)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(r.pos[i][0]), 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(r.pos[i][1]), 10)
		b = append(b, ": "...)
		b = append(b, f.Severity...)
		b = append(b, ' ')
		b = append(b, f.Rule...)
		b = append(b, ' ')
		b = append(b, f.Message...)
		b = append(b, '\n')
		e.w.Write(b)
		e.buf = b
	}
}

func (e *textEmitter) end() {}

// jsonEmitter streams {"files": [...]} as json.Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) writes it.
type jsonEmitter struct {
	w   *bufio.Writer
	fe  findingEncoder
	n   int
	buf []byte
}

func (e *jsonEmitter) file(r report) {
	b := e.buf[:0]
	if e.n == 0 {
		b = append(b, "{\n  \"files\": [\n"...)
	} else {
		b = append(b, ",\n"...)
	}
	e.n++
	b = append(b, "    {\n      \"file\": "...)
	b = appendJSONString(b, r.file)
	b = append(b, ",\n      \"findings\": ["...)
	for i := range r.findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n"+findingIndent...)
		b = e.fe.AppendFindingIndented(b, &r.findings[i], &r.pos[i])
		if len(b) >= 32<<10 {
			e.w.Write(b)
			b = b[:0]
		}
	}
	if len(r.findings) > 0 {
		b = append(b, "\n      "...)
	}
	b = append(b, "],\n      \"verifications\": "...)
	if len(r.verifications) == 0 {
		b = append(b, "[]"...)
	} else {
		b = jsonw.Indent(b, appendVerifications(nil, r.verifications), "      ", "  ")
	}
	b = append(b, "\n    }"...)
	e.w.Write(b)
	e.buf = b
}

func (e *jsonEmitter) end() {
	if e.n == 0 {
		e.w.WriteString("{\n  \"files\": []\n}\n")
		return
	}
	e.w.WriteString("\n  ]\n}\n")
}

type jsonlEmitter struct {
	w       *bufio.Writer
	fe      findingEncoder
	buf     []byte
	compact bool
}

// file writes {"file":...,"findings":[...]} on one line, streamed a
// finding at a time.
func (e *jsonlEmitter) file(r report) {
	if e.compact {
		b := e.fe.AppendCompact(append(appendJSONString(append(e.buf[:0], `{"file":`...), r.file), ','), r.findings, r.pos)
		b = appendVerifications(append(b, `,"verifications":`...), nonNil(r.verifications))
		b = append(b, "}\n"...)
		e.w.Write(b)
		e.buf = b
		return
	}
	b := append(appendJSONString(append(e.buf[:0], `{"file":`...), r.file), `,"findings":[`...)
	for i := range r.findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.fe.AppendFinding(b, &r.findings[i], &r.pos[i])
		if len(b) >= 32<<10 {
			e.w.Write(b)
			b = b[:0]
		}
	}
	b = appendVerifications(append(b, `],"verifications":`...), nonNil(r.verifications))
	b = append(b, "}\n"...)
	e.w.Write(b)
	e.buf = b
}

// nonNil makes an absent list [] in the output, as in the API.
func nonNil(vs []engine.Verification) []engine.Verification {
	if vs == nil {
		return []engine.Verification{}
	}
	return vs
}

func (e *jsonlEmitter) end() {}

// githubEmitter writes workflow commands that GitHub Actions turns into
// annotations on the pull request's files.
type githubEmitter struct{ w *bufio.Writer }

func (e *githubEmitter) file(r report) {
	for i, f := range r.findings {
		level := map[string]string{engine.SeverityHigh: "error", engine.SeverityMedium: "warning"}[f.Severity]
		if level == "" {
			level = "notice"
		}
		fmt.Fprintf(e.w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			ghProperty(filepath.ToSlash(r.file)), r.pos[i][0], r.pos[i][1],
			ghProperty("CertScope "+f.Rule), ghData(f.Message+" "+f.Explanation))
	}
}

func (e *githubEmitter) end() {}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// sarifEmitter collects results and writes one SARIF 2.1.0 log at the end.
type sarifEmitter struct {
	w       *bufio.Writer
	eng     *engine.Engine
	results []sarifResult
	used    map[string]int // rule id -> index in the log's rules
	rules   []sarifRule
}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name,omitempty"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
	Properties           map[string]any    `json:"properties,omitempty"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI string `json:"uri"`
	} `json:"artifactLocation"`
	Region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	} `json:"region"`
}

func sarifLevel(sev string) string {
	switch sev {
	case engine.SeverityHigh:
		return "error"
	case engine.SeverityMedium:
		return "warning"
	}
	return "note"
}

func (e *sarifEmitter) file(r report) {
	for i, f := range r.findings {
		idx, ok := e.used[f.Rule]
		if !ok {
			idx = len(e.rules)
			if e.used == nil {
				e.used = map[string]int{}
			}
			e.used[f.Rule] = idx
			e.rules = append(e.rules, e.rule(f))
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: idx, Level: sarifLevel(f.Severity),
			Message: sarifText{f.Message + " " + f.Explanation}}
		var loc sarifLocation
		uri := filepath.ToSlash(r.file)
		if r.file == stdinName {
			uri = "stdin"
		}
		loc.PhysicalLocation.ArtifactLocation.URI = uri
		loc.PhysicalLocation.Region.StartLine = r.pos[i][0]
		loc.PhysicalLocation.Region.StartColumn = r.pos[i][1]
		res.Locations = []sarifLocation{loc}
		e.results = append(e.results, res)
	}
}

// rule describes a rule for the log from the engine's catalogue (and the
// finding's card for the help text).
func (e *sarifEmitter) rule(f engine.Finding) sarifRule {
	r := sarifRule{ID: f.Rule, ShortDescription: sarifText{f.Title}, FullDescription: sarifText{f.Message},
		DefaultConfiguration: map[string]string{"level": sarifLevel(f.Severity)}}
	for _, ri := range e.eng.Rules() {
		if ri.ID == f.Rule {
			r.ShortDescription = sarifText{ri.Title}
			r.FullDescription = sarifText{ri.Message}
			r.DefaultConfiguration["level"] = sarifLevel(ri.Severity)
			break
		}
	}
	help := f.Explanation
	if f.Suggestion != "" {
		help += "\n\nSuggestion: " + f.Suggestion
	}
	for _, s := range f.Sources {
		help += "\n\nSource: " + s.Title + " " + s.URL
	}
	r.Help = sarifText{help}
	if len(f.Sources) > 0 {
		r.HelpURI = f.Sources[0].URL
	}
	r.Properties = map[string]any{"pack": f.Pack, "tags": []string{"certscope", f.Pack}}
	return r
}

func (e *sarifEmitter) end() {
	if e.results == nil {
		e.results = []sarifResult{}
	}
	if e.rules == nil {
		e.rules = []sarifRule{}
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{{
		Tool: sarifTool{Driver: sarifDriver{Name: "CertScope", Version: api.Version,
			InformationURI: "https://github.com/certscope/certscope", Rules: e.rules}},
		Results: e.results,
	}}}
	enc := json.NewEncoder(e.w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(log)
}
