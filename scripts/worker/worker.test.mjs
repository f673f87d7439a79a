// Integration test of the CertScope Worker under `wrangler dev` (workerd),
// offline. Run: node --test scripts/worker/
//
// It (re)builds wasm/worker/build with scripts/worker/build.sh when the build
// is missing or older than the Go sources, starts wrangler on a free loopback
// port, checks the API end to end, measures latency, and kills wrangler's
// whole process group (no orphan workerd). Measurements are printed and
// written to wasm/worker/build/latency.json.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildDir = join(root, 'wasm', 'worker', 'build');
const wasm = join(buildDir, 'app.wasm');
const version = readFileSync(join(root, 'VERSION'), 'utf8').trim();
const STARTUP_TIMEOUT_MS = 90_000;
const WARM_RUNS = 15;

// newestSource returns the newest mtime of the inputs of the Worker build.
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'build' && e.name !== 'testdata' && !e.name.startsWith('.')) walk(p);
      } else if (/\.(go|json|jsonc|yaml|mjs)$/.test(e.name)) {
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  walk(join(root, 'internal'));
  walk(join(root, 'wasm', 'worker'));
  for (const f of ['go.mod', 'go.sum', 'VERSION', 'scripts/worker/build.sh']) {
    newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  if (existsSync(wasm) && statSync(wasm).mtimeMs >= newestSource()) return false;
  execFileSync(join(root, 'scripts', 'worker', 'build.sh'), { cwd: root, stdio: 'inherit', timeout: 300_000 });
  return true;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// liveInGroup lists the processes of a process group that are not zombies.
function liveInGroup(pgid) {
  const live = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') live.push(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return live;
}

// wranglerEnv: offline, no telemetry, no colours (dev.sh sets the same).
const wranglerEnv = () => ({
  ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false',
});

const running = new Set();

// startWrangler runs scripts/worker/dev.sh in its own process group and
// resolves once wrangler prints "Ready on".
async function startWrangler(extra = []) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(join(root, 'scripts', 'worker', 'dev.sh'), [String(port), ...extra], {
    cwd: root,
    detached: true, // its own process group, so stop() reaches workerd too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: wranglerEnv(),
  });
  const w = { child, port, base: `http://127.0.0.1:${port}`, log: '', exited: false };
  running.add(w);
  child.on('exit', () => { w.exited = true; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler not ready in ${STARTUP_TIMEOUT_MS} ms:\n${w.log}`)), STARTUP_TIMEOUT_MS);
    const onData = (d) => {
      w.log += d;
      if (w.log.includes(`Ready on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler exited (${code}) before it was ready:\n${w.log}`));
    });
  });
  w.startupMs = performance.now() - t0;
  return w;
}

async function stopWrangler(w) {
  running.delete(w);
  const pgid = w.child.pid;
  const signalGroup = (sig) => { try { process.kill(-pgid, sig); } catch { /* already gone */ } };
  signalGroup('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (liveInGroup(pgid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (liveInGroup(pgid).length > 0) {
    signalGroup('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
  }
  return liveInGroup(pgid);
}

after(async () => {
  for (const w of [...running]) await stopWrangler(w);
});
// wrangler runs in its own process group, so a Ctrl-C of the test would not
// reach it: forward the signal to every group still running.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    for (const w of running) { try { process.kill(-w.child.pid, 'SIGKILL'); } catch { /* gone */ } }
    process.exit(130);
  });
}

async function timed(url, init) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const body = await res.text();
  return { res, body, ms: performance.now() - t0 };
}

// A 10 KB marketing page, mostly neutral prose with a few claims.
function tenKB() {
  const para = 'Our platform helps security teams manage video, access control and alarms from one place. ' +
    'Installers configure sites in minutes, and operators get alerts on any device. ' +
    'We publish release notes every month and support customers around the clock. ';
  let s = '';
  let i = 0;
  while (s.length < 10 * 1024 - 200) {
    s += para;
    if (++i % 8 === 0) s += 'Our cameras are unhackable. ';
  }
  return s.slice(0, 10 * 1024);
}

const checkInit = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: +s[0].toFixed(1), median: +q(0.5).toFixed(1), p90: +q(0.9).toFixed(1), max: +s[s.length - 1].toFixed(1) };
};

test('worker under wrangler dev', { timeout: 600_000 }, async (t) => {
  const built = buildIfNeeded();
  t.diagnostic(built ? 'built wasm/worker/build' : 'wasm/worker/build is up to date');
  const doc = JSON.stringify({ text: tenKB() });
  assert.ok(doc.length > 10_000);
  const report = { wasmBytes: statSync(wasm).size };

  await t.test('bundle fits the free plan (3 MB gzip)', () => {
    // wrangler's own measure of the upload, offline: deploy --dry-run.
    const out = execFileSync(join(root, 'node_modules', '.bin', 'wrangler'),
      ['deploy', '--dry-run', '--outdir', join(buildDir, 'dry-run')],
      { cwd: join(root, 'wasm', 'worker'), encoding: 'utf8', timeout: 120_000, env: wranglerEnv() });
    const m = out.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
    assert.ok(m, `no size in wrangler's output:\n${out}`);
    report.uploadKiB = Number(m[1]);
    report.gzipKiB = Number(m[2]);
    assert.ok(report.gzipKiB < 3 * 1024, `gzip ${report.gzipKiB} KiB is over 3 MiB`);
  });

  // Run 1: the first request is a check, so its latency is a cold one.
  const w1 = await startWrangler();
  report.startupMs = [Math.round(w1.startupMs)];
  const coldCheck = await timed(`${w1.base}/v1/check`, checkInit(doc));
  assert.equal(coldCheck.res.status, 200, coldCheck.body);
  report.coldCheckMs = +coldCheck.ms.toFixed(1);

  await t.test('GET /healthz', async () => {
    const { res, body } = await timed(`${w1.base}/healthz`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(JSON.parse(body), { ok: true, version });
    assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
  });

  await t.test('POST /v1/check finds the claim at UTF-16 offsets', async () => {
    const text = '😀 Secure by design. Our cameras are unhackable.';
    const { res, body } = await timed(`${w1.base}/v1/check`, checkInit(JSON.stringify({ text, date: '2026-06-01' })));
    assert.equal(res.status, 200, body);
    const out = JSON.parse(body);
    const f = out.findings.find((f) => text.slice(f.start, f.end).toLowerCase().includes('unhackable'));
    assert.ok(f, `no finding on the unhackable sentence: ${body}`);
    assert.ok(f.claim.start >= f.start && f.claim.end <= f.end && f.claim.start < f.claim.end);
    assert.ok(f.rule && f.title && f.message && Array.isArray(f.sources));
    assert.equal(out.stats.units, text.length);
    // the 10 KB document's findings
    // One absolutes/unhackable finding per claim sentence in it, nothing else.
    const big = JSON.parse(coldCheck.body);
    const claims = JSON.parse(doc).text.split('Our cameras are unhackable.').length - 1;
    assert.equal(claims, 5);
    assert.deepEqual(big.findings.map((f) => f.rule), Array(claims).fill('absolutes/unhackable'), coldCheck.body.slice(0, 2000));
  });

  await t.test('POST /v1/check with html returns the extracted text', async () => {
    const html = '<html><body><p>Our cameras are <b>unhackable</b>.</p><script>"unhackable"</script></body></html>';
    const { res, body } = await timed(`${w1.base}/v1/check`, checkInit(JSON.stringify({ html })));
    assert.equal(res.status, 200, body);
    const out = JSON.parse(body);
    assert.equal(typeof out.text, 'string');
    assert.ok(!out.text.includes('"unhackable"'));
    assert.equal(out.findings.length, 1, body);
    assert.match(out.text.slice(out.findings[0].start, out.findings[0].end), /unhackable/);
  });

  await t.test('errors are JSON with the right status', async () => {
    const cases = [
      ['bad JSON', `${w1.base}/v1/check`, checkInit('{"text":'), 400, 'bad_json'],
      ['unknown pack', `${w1.base}/v1/check`, checkInit('{"text":"a","packs":["nope"]}'), 400, 'unknown_pack'],
      ['wrong content type', `${w1.base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }, 415, 'unsupported_media_type'],
      ['wrong method', `${w1.base}/v1/check`, { method: 'GET' }, 405, 'method_not_allowed'],
      ['unknown route', `${w1.base}/v2`, {}, 404, 'not_found'],
      ['unknown scheme', `${w1.base}/v1/schemes/nope`, {}, 404, 'unknown_scheme'],
      ['over 4 MiB', `${w1.base}/v1/check`, checkInit(JSON.stringify({ text: 'a'.repeat(4.5 * 1024 * 1024) })), 413, 'body_too_large'],
    ];
    for (const [name, url, init, status, code] of cases) {
      const { res, body } = await timed(url, init);
      assert.equal(res.status, status, `${name}: ${body}`);
      assert.equal(JSON.parse(body).error.code, code, name);
    }
    const { res } = await timed(`${w1.base}/healthz`, { method: 'DELETE' });
    assert.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS');
  });

  await t.test('catalogue routes', async () => {
    // The Worker serves the same catalogue as the native CLI.
    const native = (...args) => JSON.parse(execFileSync('go', ['run', './cmd/certscope', ...args, '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 300_000 }));
    const packs = JSON.parse((await timed(`${w1.base}/v1/packs`)).body);
    const wantPacks = native('packs');
    assert.deepEqual(packs.packs.map((p) => p.id), wantPacks.packs.map((p) => p.id));
    assert.deepEqual(packs.rules.map((r) => r.id), wantPacks.rules.map((r) => r.id));
    assert.equal(packs.rules.length, 45);
    const schemes = JSON.parse((await timed(`${w1.base}/v1/schemes`)).body);
    assert.deepEqual(schemes.schemes.map((s) => s.id), native('schemes').schemes.map((s) => s.id));
    const one = await timed(`${w1.base}/v1/schemes/${encodeURIComponent(schemes.schemes[0].id)}`);
    assert.equal(one.res.status, 200);
    assert.equal(JSON.parse(one.body).id, schemes.schemes[0].id);
  });

  // Warm latency: alternate the two requests so both see the same conditions.
  const warmHealth = [];
  const warmCheck = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const h = await timed(`${w1.base}/healthz`);
    assert.equal(h.res.status, 200);
    warmHealth.push(h.ms);
    const c = await timed(`${w1.base}/v1/check`, checkInit(doc));
    assert.equal(c.res.status, 200);
    warmCheck.push(c.ms);
  }
  await t.test('no CORS and web origins refused without CERTSCOPE_ALLOW_ORIGINS', async () => {
    const { res } = await timed(`${w1.base}/v1/packs`, { headers: { Origin: 'https://any.example' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
  report.warmHealthzMs = stats(warmHealth);
  report.warmCheck10KBMs = stats(warmCheck);
  const left1 = await stopWrangler(w1);
  assert.deepEqual(left1, [], 'processes left after stopping wrangler');

  // Run 2: the first request is /healthz, for its cold latency; with a
  // token and an allowed origin set as Worker variables.
  const w2 = await startWrangler(['--var', 'CERTSCOPE_TOKEN:test-token-1234', '--var', 'CERTSCOPE_ALLOW_ORIGINS:https://docs.example.com']);
  report.startupMs.push(Math.round(w2.startupMs));
  const coldHealth = await timed(`${w2.base}/healthz`);
  assert.equal(coldHealth.res.status, 200);
  report.coldHealthzMs = +coldHealth.ms.toFixed(1);
  await t.test('CERTSCOPE_TOKEN and CERTSCOPE_ALLOW_ORIGINS', async () => {
    assert.equal((await timed(`${w2.base}/v1/packs`)).res.status, 401);
    assert.equal((await timed(`${w2.base}/v1/packs`, { headers: { Authorization: 'Bearer wrong-token-123' } })).res.status, 401);
    const ok = await timed(`${w2.base}/v1/packs`, { headers: { Authorization: 'Bearer test-token-1234', Origin: 'https://docs.example.com' } });
    assert.equal(ok.res.status, 200);
    assert.equal(ok.res.headers.get('access-control-allow-origin'), 'https://docs.example.com');
    const other = await timed(`${w2.base}/v1/packs`, { headers: { Authorization: 'Bearer test-token-1234', Origin: 'https://evil.example' } });
    assert.equal(other.res.status, 403);
  });
  const left2 = await stopWrangler(w2);
  assert.deepEqual(left2, [], 'processes left after stopping wrangler');

  t.diagnostic(`latency: ${JSON.stringify(report)}`);
  console.log('worker latency (ms):', JSON.stringify(report, null, 1));
  writeFileSync(join(buildDir, 'latency.json'), JSON.stringify(report, null, 1) + '\n');
});
