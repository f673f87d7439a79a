# CertScope. `make demo` and `make test` are the two commands that matter;
# both start with `make setup`, which installs what is missing (as root it
# apt-installs Debian's chromium and firefox-esr; the oldest versions the
# manifests allow go into .cache/browsers/) and is fast otherwise.

SHELL := /bin/bash
GO ?= go
NODE ?= node
# Extra flags for the build tool, e.g. BUILD_FLAGS='-browsers chrome -no-minify'.
BUILD_FLAGS ?=
# Fuzzing time per Fuzz* function in `make test`.
FUZZTIME ?= 20s
# `make demo HEADED=1` shows the browser.
HEADED ?=
# `make worker-dev PORT=8787`.
PORT ?= 8787

.PHONY: all setup build cli test fuzz demo bench lint worker worker-dev clean help registers

all: build

help:
	@echo 'make setup       install npm packages, Go modules, chromium and firefox-esr (apt, as root), and their oldest supported versions into .cache/browsers'
	@echo 'make build       dist/chrome, dist/firefox and their .zip/.xpi (go run ./scripts/build)'
	@echo 'make cli         the certscope command line tool, dist/certscope'
	@echo 'make test        gofmt, vet, go test, wasm tests, browser e2e, worker, web-ext lint, fuzzing'
	@echo 'make demo        build, then drive the extension in a real browser into demo-out/ (HEADED=1 to watch)'
	@echo 'make fuzz        every Fuzz* function for FUZZTIME (default 20s) each'
	@echo 'make lint        gofmt, go vet, staticcheck, shellcheck (if installed), web-ext lint'
	@echo 'make registers   refresh the NIST CMVP and FedRAMP snapshots (network), regenerate their tables'
	@echo 'make bench       benchmarks (scripts/bench.sh)'
	@echo 'make worker      build the Cloudflare Worker;  make worker-dev PORT=8787 runs it under wrangler dev'
	@echo 'make clean       remove build outputs'

setup:
	@scripts/setup.sh

build: setup
	$(GO) run ./scripts/build $(BUILD_FLAGS)

# The CLI, with the version that the API's /healthz reports.
cli:
	$(GO) build -trimpath -ldflags "-X github.com/certscope/certscope/internal/api.Version=$$(cat VERSION)" -o dist/certscope ./cmd/certscope

test: setup
	@FUZZTIME=$(FUZZTIME) MAKE="$(MAKE)" scripts/build/check.sh test

lint: setup
	@MAKE="$(MAKE)" scripts/build/check.sh lint

# Only the fuzzing part of `make test`, e.g. make fuzz FUZZTIME=5m.
fuzz:
	@FUZZTIME=$(FUZZTIME) scripts/build/check.sh fuzz

demo: build
	@test -f scripts/demo.mjs || { echo 'make demo: scripts/demo.mjs does not exist yet'; exit 1; }
	$(NODE) scripts/demo.mjs --out demo-out $(if $(filter-out 0 no false,$(HEADED)),--headed)

# Refresh the built-in register snapshots (NIST CMVP, FedRAMP Marketplace)
# from their sources, then regenerate the Go tables engine.wasm embeds.
registers:
	$(GO) run ./cmd/certscope registers update --dir internal/registers/data
	$(GO) test ./internal/registers -run TestGenerated -update

bench: setup
	@if [ -f scripts/bench.sh ]; then bash scripts/bench.sh; else echo 'make bench: scripts/bench.sh does not exist yet; nothing to run'; fi

worker: setup
	@test -f scripts/worker/build.sh || { echo 'make worker: scripts/worker/build.sh does not exist yet'; exit 1; }
	bash scripts/worker/build.sh

worker-dev: worker
	@test -f scripts/worker/dev.sh || { echo 'make worker-dev: scripts/worker/dev.sh does not exist yet'; exit 1; }
	PORT=$(PORT) bash scripts/worker/dev.sh $(PORT)

clean:
	rm -rf dist demo-out build .wrangler wasm/worker/build wasm/worker/.wrangler
