// Per-request cost (median ms) of the Worker's Go instance, measured in Node with the
// same glue as build/worker.mjs (a fresh Go instance per request), outside
// workerd, whose clock is frozen while code runs. Build first
// (scripts/worker/build.sh). Run: node scripts/worker/bench.mjs [N]
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'wasm', 'worker', 'build');
await import(join(build, 'wasm_exec.js'));
const N = Number(process.argv[2] || 30);
globalThis.tryCatch = (fn) => { try { return { result: fn() }; } catch (e) { return { error: e }; } };

const t0 = performance.now();
const mod = await WebAssembly.compile(readFileSync(join(build, 'app.wasm')));
const compileMs = performance.now() - t0;

// start mirrors run() in worker.mjs and resolves when Go calls workers.ready.
async function start() {
  const go = new Go();
  let ready;
  const p = new Promise((r) => { ready = r; });
  const instance = new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => ready() } });
  const binding = {};
  go.run(instance, { env: {}, ctx: {}, binding });
  await p;
  return binding;
}

const para = 'Our platform helps security teams manage video, access control and alarms from one place. ' +
  'Installers configure sites in minutes, and operators get alerts on any device. Our cameras are unhackable. ';
const doc = JSON.stringify({ text: para.repeat(Math.ceil(10240 / para.length)).slice(0, 10240) });

async function one(req) {
  const a = performance.now();
  const b = await start();
  const s = performance.now();
  const res = await b.handleRequest(req());
  const body = await res.text();
  const e = performance.now();
  if (res.status !== 200) throw new Error(`${res.status} ${body}`);
  // Server-Timing splits the check into building the engine and checking.
  const st = Object.fromEntries([...(res.headers.get('server-timing') || '').matchAll(/(\w+);dur=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
  return { init: s - a, handle: e - s, total: e - a, engine: st.engine, check: st.check };
}

const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2);
const out = { compileMs: +compileMs.toFixed(1) };
const reqs = {
  healthz: () => new Request('http://w/healthz'),
  check10KB: () => new Request('http://w/v1/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: doc }),
};
const rs = { healthz: [], check10KB: [] };
// Interleaved, after a warm-up, so both see the same JIT tier.
for (let i = -5; i < N; i++) {
  for (const name of Object.keys(reqs)) {
    const r = await one(reqs[name]);
    if (i >= 0) rs[name].push(r);
  }
}
for (const [name, xs] of Object.entries(rs)) {
  out[name] = { initMs: +med(xs.map((r) => r.init)), handleMs: +med(xs.map((r) => r.handle)), totalMs: +med(xs.map((r) => r.total)) };
  if (xs[0].engine !== undefined) Object.assign(out[name], { engineBuildMs: +med(xs.map((r) => r.engine)), engineCheckMs: +med(xs.map((r) => r.check)) });
}
console.log(JSON.stringify(out));
