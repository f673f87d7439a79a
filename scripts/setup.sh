#!/usr/bin/env bash
# Installs what building and testing CertScope needs, and nothing else:
# npm packages from package-lock.json, Go modules, and Debian's chromium and
# firefox-esr. No step downloads a browser of its own. Idempotent: when
# everything is present it only checks, in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "Go is missing: install Go $(sed -n 's/^go //p' go.mod) or later (https://go.dev/dl/)"
command -v node >/dev/null || die "Node.js is missing: install Node 20 or later (apt-get install -y nodejs npm)"
command -v npm >/dev/null || die "npm is missing: apt-get install -y npm"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node $(node --version) is too old: CertScope's tooling needs Node 20 or later"

# npm packages: reinstall when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	say "npm ci"
	npm ci --no-audit --no-fund
else
	say "node_modules is up to date"
fi

# Go modules (a no-op when the module cache already has them).
go mod download

# Browsers: Debian's packages only.
find_chromium() {
	for b in /usr/lib/chromium/chromium /usr/bin/chromium; do
		[ -x "$b" ] && { echo "$b"; return 0; }
	done
	return 1
}
missing=()
find_chromium >/dev/null || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		die "missing browsers; run as root:  apt-get update && apt-get install -y ${missing[*]}"
	fi
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them with your package manager"
	say "apt-get install -y ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y "${missing[@]}" </dev/null; then
		say "install failed; running apt-get update first"
		apt-get update </dev/null
		apt-get install -y "${missing[@]}" </dev/null
	fi
fi
chromium=$(find_chromium) || die "chromium is still missing after apt-get install"
[ -x /usr/bin/firefox-esr ] || die "firefox-esr is still missing after apt-get install"
say "chromium: $chromium, firefox: /usr/bin/firefox-esr"
