#!/usr/bin/env bash
# Installs what building and testing CertScope needs, and nothing else:
# npm packages from package-lock.json, Go modules, and Debian's chromium and
# firefox-esr: the current packages (installed, after apt-get update) and the
# oldest versions the manifests allow (downloaded from Debian's archive into
# .cache/browsers/). Idempotent: when everything is present it only checks,
# in about a second, and prints the browser versions the tests will use.
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

# Browsers: Debian's packages only. The e2e tests run on the installed
# chromium and firefox-esr and on the oldest major version each manifest
# allows (minimum_chrome_version, gecko strict_min_version), which is
# fetched with `apt-get download` and unpacked into .cache/browsers/, never
# installed over the current one. scripts/lib/browsers.mjs finds both.
is_root() { [ "$(id -u)" -eq 0 ]; }
updated=0
# apt_update runs apt-get update once, as root, before anything is fetched:
# on a new machine the package lists may be months old.
apt_update() {
	[ $updated -eq 1 ] && return 0
	is_root || return 0
	command -v apt-get >/dev/null || return 0
	say "apt-get update"
	apt-get update -q </dev/null || die "apt-get update failed"
	updated=1
}

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
	is_root || die "missing browsers; run as root:  apt-get update && apt-get install -y ${missing[*]}"
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them with your package manager"
	apt_update
	say "apt-get install -y ${missing[*]}"
	apt-get install -y -q "${missing[@]}" </dev/null || die "failed: apt-get install -y ${missing[*]}"
fi
find_chromium >/dev/null || die "chromium is still missing after apt-get install"
[ -x /usr/bin/firefox-esr ] || die "firefox-esr is still missing after apt-get install"

# fetch_oldest PKG MAJOR BIN [COMPANION...]: unpacks Debian's newest PKG
# MAJOR.x (and COMPANION packages of the same version) into
# .cache/browsers/PKG-MAJOR unless BIN is already there.
fetch_oldest() {
	local pkg=$1 major=$2 bin=$3 dir ver tmp c
	shift 3
	dir=.cache/browsers/$pkg-$major
	[ -x "$dir/$bin" ] && return 0
	command -v apt-get >/dev/null || die "$pkg $major is needed in $dir and there is no apt-get: unpack Debian's $pkg $major.x .deb there with dpkg-deb -x"
	apt_update
	ver=$(apt-cache madison "$pkg" | awk -F' *[|] *' -v m="$major." 'index($2, m) == 1 { print $2 }' | sort -uV | tail -n 1)
	if [ -z "$ver" ]; then
		die "no $pkg $major.x in the package lists (apt-cache madison $pkg); as root run  apt-get update  then  make setup; if Debian no longer has it, fetch it from https://snapshot.debian.org/package/$pkg/ and run  dpkg-deb -x ${pkg}_$major.*.deb $dir"
	fi
	local pkgs=("$pkg=$ver")
	for c in "$@"; do pkgs+=("$c=$ver"); done
	tmp=$(mktemp -d)
	chmod 777 "$tmp" # apt downloads as user _apt
	say "apt-get download ${pkgs[*]}  (into $dir)"
	if ! (cd "$tmp" && apt-get download -q "${pkgs[@]}" </dev/null); then
		rm -rf "$tmp"
		die "could not fetch $pkg $ver; the command was:  apt-get download ${pkgs[*]}"
	fi
	rm -rf "$dir.new"
	mkdir -p "$dir.new"
	for c in "$tmp"/*.deb; do dpkg-deb -x "$c" "$dir.new" || die "failed: dpkg-deb -x $c $dir.new"; done
	rm -rf "$tmp" "$dir"
	mv "$dir.new" "$dir"
	[ -x "$dir/$bin" ] || die "$pkg $ver unpacked into $dir has no $bin"
}
# The oldest majors, from the manifests.
chrome_min=$(node -p 'parseInt(require("./extension/manifest.chrome.json").minimum_chrome_version, 10)')
firefox_min=$(node -p 'parseInt(require("./extension/manifest.firefox.json").browser_specific_settings.gecko.strict_min_version, 10)')
fetch_oldest chromium "$chrome_min" usr/lib/chromium/chromium chromium-common
fetch_oldest firefox-esr "$firefox_min" usr/lib/firefox-esr/firefox-esr

say "browsers the tests run on:"
node scripts/lib/browsers.mjs | sed 's/^/setup:   /' || die "a browser build is missing or does not start (see above)"
