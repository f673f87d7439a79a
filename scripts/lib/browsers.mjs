// Which browser builds the e2e tests run on. Each engine is tested on two:
// "current", Debian's installed package, and "oldest", Debian's package of
// the oldest major version the manifests allow (minimum_chrome_version,
// gecko strict_min_version), which scripts/setup.sh fetches with
// `apt-get download` and unpacks into .cache/browsers/ beside the current one.
//
// CERTSCOPE_BROWSER=oldest|current (default current) picks the build;
// CHROMIUM_PATH and FIREFOX_PATH override the path whatever the choice.
//
//   node scripts/lib/browsers.mjs   prints every build and its version; fails
//                                   if one is missing or not the major wanted
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = path.join(ROOT, '.cache', 'browsers');

const manifest = (name) => JSON.parse(readFileSync(path.join(ROOT, 'extension', name), 'utf8'));

// KINDS: per engine, the Debian package, the binary inside it, where the
// installed one lives, and the oldest major the manifests allow.
export const KINDS = {
  chromium: {
    pkg: 'chromium',
    bin: 'usr/lib/chromium/chromium',
    installed: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'],
    env: 'CHROMIUM_PATH',
    minMajor: () => parseInt(manifest('manifest.chrome.json').minimum_chrome_version, 10),
  },
  firefox: {
    pkg: 'firefox-esr',
    bin: 'usr/lib/firefox-esr/firefox-esr',
    installed: ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr'],
    env: 'FIREFOX_PATH',
    minMajor: () => parseInt(manifest('manifest.firefox.json').browser_specific_settings.gecko.strict_min_version, 10),
  },
};

export const which = () => {
  const w = process.env.CERTSCOPE_BROWSER || 'current';
  if (w !== 'oldest' && w !== 'current') throw new Error(`CERTSCOPE_BROWSER=${w}: want oldest or current`);
  return w;
};

// oldestDir is where setup.sh unpacks the oldest build of kind.
export const oldestDir = (kind) => path.join(CACHE, `${KINDS[kind].pkg}-${KINDS[kind].minMajor()}`);

// browserPath returns the executable of kind ('chromium' or 'firefox') for
// the build w; it throws with the command that would provide a missing one.
export function browserPath(kind, w = which()) {
  const k = KINDS[kind];
  const forced = process.env[k.env];
  if (forced) {
    if (!existsSync(forced)) throw new Error(`${k.env}=${forced} does not exist`);
    return forced;
  }
  if (w === 'current') {
    const p = k.installed.find((x) => existsSync(x));
    if (!p) throw new Error(`${k.pkg} is not installed: run make setup (as root: apt-get update && apt-get install -y ${k.pkg})`);
    return p;
  }
  const p = path.join(oldestDir(kind), k.bin);
  if (!existsSync(p)) {
    throw new Error(
      `${k.pkg} ${k.minMajor()} (the oldest version the manifest allows) is not in ${path.relative(ROOT, oldestDir(kind))}: ` +
        `run make setup (it runs apt-get download ${k.pkg}=${k.minMajor()}.* and dpkg-deb -x into that folder)`,
    );
  }
  return p;
}

const versions = new Map();
// versionOf returns what the executable says it is, e.g. "Chromium 150.0.7871.100".
export function versionOf(exe) {
  if (!versions.has(exe)) {
    const out = execFileSync(exe, ['--version'], { encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', 'ignore'] });
    versions.set(exe, out.trim().replace(/^Mozilla /, ''));
  }
  return versions.get(exe);
}

// label names the build kind/w for test titles: "Chromium 150.0.7871.100 (oldest)".
export const label = (kind, w = which()) => `${versionOf(browserPath(kind, w))} (${w})`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let bad = 0;
  for (const kind of Object.keys(KINDS)) {
    for (const w of ['oldest', 'current']) {
      try {
        const exe = browserPath(kind, w);
        const v = versionOf(exe);
        if (w === 'oldest' && !v.includes(` ${KINDS[kind].minMajor()}.`)) throw new Error(`${exe} is ${v}, not ${KINDS[kind].minMajor()}.x`);
        console.log(`${kind} ${w}: ${v} (${exe})`);
      } catch (e) {
        bad++;
        console.error(`${kind} ${w}: ${e.message}`);
      }
    }
  }
  process.exit(bad ? 1 : 0);
}
