// Package text holds the engine's text plumbing: UTF-16 offset mapping
// (what JavaScript hosts count), sentence segmentation around a position,
// and a cheap word tokeniser. It never panics on invalid UTF-8: every
// invalid byte counts as one U+FFFD, one UTF-16 code unit.
package text
