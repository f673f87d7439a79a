// Locates (and if needed builds) the unpacked extensions for the e2e tests
// and the demo. CERTSCOPE_DIST=DIR uses DIR/chrome and DIR/firefox as they
// are; otherwise dist/ is rebuilt with `go run ./scripts/build` when it is
// missing or older than any source it is built from.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

let built = null;

// withLock runs fn while holding a lock directory, so test files that the
// runner starts in parallel do not build dist/ at the same time.
function withLock(dir, fn) {
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; ; i++) {
    try {
      mkdirSync(dir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than 10 minutes was left by a killed run.
      if (i > 6000 || Date.now() - statSync(dir).mtimeMs > 600_000) rmSync(dir, { recursive: true, force: true });
      Atomics.wait(sleep, 0, 0, 100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function ensureDist() {
  if (built) return built;
  if (process.env.CERTSCOPE_DIST) {
    const d = path.resolve(process.env.CERTSCOPE_DIST);
    built = { chrome: path.join(d, 'chrome'), firefox: path.join(d, 'firefox') };
  } else {
    const d = path.join(ROOT, 'dist');
    const stamp = path.join(d, 'chrome', 'manifest.json');
    const sources = ['VERSION', 'extension', 'wasm/extension', 'internal', 'go.mod'].map((s) => path.join(ROOT, s));
    const firefoxStamp = path.join(d, 'firefox', 'manifest.json');
    const stale = () =>
      !existsSync(stamp) || !existsSync(firefoxStamp) || Math.max(...sources.map(newest)) > Math.min(newest(stamp), newest(firefoxStamp));
    mkdirSync(d, { recursive: true });
    if (stale()) withLock(path.join(d, '.build.lock'), () => stale() && execFileSync('go', ['run', './scripts/build', '-no-archive', '-q'], { cwd: ROOT, stdio: 'inherit' }));
    built = { chrome: path.join(d, 'chrome'), firefox: path.join(d, 'firefox') };
  }
  for (const b of Object.values(built)) {
    if (!existsSync(path.join(b, 'manifest.json')) || !existsSync(path.join(b, 'engine.wasm'))) {
      throw new Error(`no built extension in ${b}: run \`go run ./scripts/build\` (make build)`);
    }
  }
  return built;
}

let builtHooks = null;

// ensureTestDist builds (when stale) a Chromium extension whose engine has
// the test hooks of wasm/extension/testhooks.go (-tags certscope_testhooks:
// make the engine panic or stall on a marker text), in dist/testhooks/. The
// shipped build never has them. CERTSCOPE_TEST_DIST=DIR uses DIR/chrome.
export function ensureTestDist() {
  if (builtHooks) return builtHooks;
  if (process.env.CERTSCOPE_TEST_DIST) {
    builtHooks = { chrome: path.join(path.resolve(process.env.CERTSCOPE_TEST_DIST), 'chrome') };
  } else {
    const d = path.join(ROOT, 'dist', 'testhooks');
    const stamp = path.join(d, 'chrome', 'manifest.json');
    const sources = ['VERSION', 'extension', 'wasm/extension', 'internal', 'go.mod'].map((s) => path.join(ROOT, s));
    const stale = () => !existsSync(stamp) || Math.max(...sources.map(newest)) > newest(stamp);
    mkdirSync(d, { recursive: true });
    if (stale()) {
      withLock(path.join(d, '.build.lock'), () => {
        if (!stale()) return;
        execFileSync('go', ['run', './scripts/build', '-out', d, '-browsers', 'chrome', '-no-archive', '-q'], {
          cwd: ROOT,
          stdio: 'inherit',
          env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -tags=certscope_testhooks`.trim() },
        });
      });
    }
    builtHooks = { chrome: path.join(d, 'chrome') };
  }
  if (!existsSync(path.join(builtHooks.chrome, 'engine.wasm'))) throw new Error(`no test-hooks build in ${builtHooks.chrome}`);
  return builtHooks;
}
