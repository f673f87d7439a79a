module github.com/certscope/certscope

go 1.26.8

require (
	github.com/syumai/workers v0.32.0 // indirect
	github.com/tdewolff/minify/v2 v2.24.25 // indirect
	github.com/tdewolff/parse/v2 v2.8.20 // indirect
)
