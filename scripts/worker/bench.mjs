// Per-request cost (median ms) of the Worker's Go code, measured in Node
// with the same glue as wasm/worker/worker.mjs (one Go instance, every
// request handed to it), outside workerd, whose clock is frozen while code
// runs. Build first (scripts/worker/build.sh). Run: node scripts/worker/bench.mjs [N]
// For CPU time under workerd itself, see scripts/worker/cpu.mjs.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'wasm', 'worker', 'build');
await import(join(build, 'wasm_exec.js'));
const N = Number(process.argv[2] || 30);

const t0 = performance.now();
const mod = await WebAssembly.compile(readFileSync(join(build, 'app.wasm')));
const compileMs = performance.now() - t0;

// start mirrors start() in worker.mjs: the instance registers ctx.handle.
const s0 = performance.now();
const go = new Go();
const ctx = {};
go.run(new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => {} } }), ctx);
const startMs = performance.now() - s0;
if (typeof ctx.handle !== 'function') throw new Error('no handle registered');

const para = 'Our platform helps security teams manage video, access control and alarms from one place. ' +
  'Installers configure sites in minutes, and operators get alerts on any device. Our cameras are unhackable. ';
const doc = new TextEncoder().encode(JSON.stringify({ text: para.repeat(Math.ceil(10240 / para.length)).slice(0, 10240) }));
const reqs = {
  healthz: ['GET', 'http://w/healthz', [], new Uint8Array(0)],
  check10KB: ['POST', 'http://w/v1/check', [['content-type', 'application/json']], doc],
};
const one = ([m, u, h, b]) => {
  const a = performance.now();
  const r = ctx.handle(m, u, h, b, {});
  if (r.status !== 200) throw new Error(`${u}: ${r.status}`);
  const hs = Object.fromEntries(r.headers);
  const st = Object.fromEntries([...(hs['Server-Timing'] || '').matchAll(/(\w+);dur=([\d.]+)/g)].map((x) => [x[1], Number(x[2])]));
  return { ms: performance.now() - a, engine: st.engine };
};
const first = { healthzMs: one(reqs.healthz).ms, check10KBMs: one(reqs.check10KB).ms }; // the first check builds the engine
const med = (xs) => +[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2);
const rs = { healthz: [], check10KB: [] };
for (let i = -20; i < N; i++) {
  for (const name of Object.keys(reqs)) {
    const r = one(reqs[name]);
    if (i >= 0) rs[name].push(r.ms);
  }
}
console.log(JSON.stringify({
  compileMs: +compileMs.toFixed(1), instanceStartMs: +startMs.toFixed(1),
  firstRequestMs: { healthz: +first.healthzMs.toFixed(1), check10KB: +first.check10KBMs.toFixed(1) },
  warmMedianMs: { healthz: med(rs.healthz), check10KB: med(rs.check10KB) },
}));
