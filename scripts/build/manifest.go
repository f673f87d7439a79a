package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// mergeManifest returns the browser's manifest: the common manifest with
// the browser file's top-level keys replacing the common ones (a null value
// removes the key) and "version" taken from VERSION.
func mergeManifest(common, override []byte, version string) ([]byte, error) {
	m, err := decodeObject("manifest.json", common)
	if err != nil {
		return nil, err
	}
	if _, ok := m["version"]; ok {
		return nil, fmt.Errorf(`manifest.json must not set "version": it comes from the VERSION file`)
	}
	if override != nil {
		o, err := decodeObject("browser manifest", override)
		if err != nil {
			return nil, err
		}
		if _, ok := o["version"]; ok {
			return nil, fmt.Errorf(`browser manifest must not set "version": it comes from the VERSION file`)
		}
		for k, v := range o {
			if string(v) == "null" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
	}
	for _, k := range []string{"manifest_version", "name"} {
		if _, ok := m[k]; !ok {
			return nil, fmt.Errorf("manifest has no %q", k)
		}
	}
	m["version"], _ = json.Marshal(version)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil { // map keys come out sorted: deterministic
		return nil, err
	}
	return buf.Bytes(), nil
}

func decodeObject(name string, data []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if m == nil {
		return nil, fmt.Errorf("%s: not a JSON object", name)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: trailing data after the JSON object", name)
	}
	return m, nil
}

// manifestRefs lists the package files a manifest points at, so a build
// whose manifest names a missing file fails here rather than in a browser.
func manifestRefs(manifest []byte) ([]string, error) {
	var m struct {
		Icons      map[string]string `json:"icons"`
		Background struct {
			ServiceWorker string   `json:"service_worker"`
			Scripts       []string `json:"scripts"`
			Page          string   `json:"page"`
		} `json:"background"`
		Action struct {
			DefaultPopup string          `json:"default_popup"`
			DefaultIcon  json.RawMessage `json:"default_icon"`
		} `json:"action"`
		OptionsUI struct {
			Page string `json:"page"`
		} `json:"options_ui"`
		OptionsPage    string `json:"options_page"`
		ContentScripts []struct {
			JS  []string `json:"js"`
			CSS []string `json:"css"`
		} `json:"content_scripts"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, err
	}
	var refs []string
	add := func(s ...string) {
		for _, r := range s {
			if r != "" {
				refs = append(refs, strings.TrimPrefix(r, "/"))
			}
		}
	}
	for _, v := range m.Icons {
		add(v)
	}
	add(m.Background.ServiceWorker, m.Background.Page, m.Action.DefaultPopup, m.OptionsUI.Page, m.OptionsPage)
	add(m.Background.Scripts...)
	var icon string
	var icons map[string]string
	if json.Unmarshal(m.Action.DefaultIcon, &icon) == nil {
		add(icon)
	} else if json.Unmarshal(m.Action.DefaultIcon, &icons) == nil {
		for _, v := range icons {
			add(v)
		}
	}
	for _, cs := range m.ContentScripts {
		add(cs.JS...)
		add(cs.CSS...)
	}
	sort.Strings(refs)
	return refs, nil
}
