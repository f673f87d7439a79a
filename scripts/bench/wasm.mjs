// Benchmarks the extension's engine (engine.wasm + wasm_exec.js) in Node,
// through the same binding the background uses: globalThis.certscope.check.
//
//   node scripts/bench/wasm.mjs --ext DIR --data DIR [--runs N] [--cold N] [--out FILE]
//
// DIR (--ext) holds engine.wasm and wasm_exec.js (dist/chrome); --data is the
// output of scripts/bench/gen. Cold start (compile, start to ready, first
// check) is measured in fresh Node processes, because V8 caches compiled
// wasm per process; everything else in this process on one warm instance.
// Prints (and with --out writes) JSON: every sample in ms, plus summaries.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summary, parseArgs } from './stats.mjs';

const args = parseArgs(process.argv.slice(2));
const ext = path.resolve(args.ext ?? 'dist/chrome');
const data = path.resolve(args.data ?? '/tmp/certscope-bench');
const RUNS = Number(args.runs ?? 7);
const COLD = Number(args.cold ?? 7);
// compact: as the extension asks, each card once per call (findings refer to it).
const OPTS = JSON.stringify({ date: '2026-11-27', url: 'https://vendor.example/', compact: true });
const OPTS_FULL = JSON.stringify({ date: '2026-11-27', url: 'https://vendor.example/' });

async function startEngine() {
  const bytes = readFileSync(path.join(ext, 'engine.wasm'));
  await import(path.join(ext, 'wasm_exec.js'));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const mod = await WebAssembly.compile(bytes);
  const t1 = performance.now();
  const go = new Go();
  const instance = await WebAssembly.instantiate(mod, go.importObject);
  // go.run runs main() synchronously up to its select{}: the binding is
  // registered (and the engine built) when it returns control.
  go.run(instance);
  const t2 = performance.now();
  // CPU time of the whole process (V8's compiler threads included): less
  // sensitive than wall time to other load on a shared machine.
  const cpu = process.cpuUsage(c0);
  const cs = globalThis.certscope;
  if (!cs || typeof cs.check !== 'function') throw new Error('engine did not register globalThis.certscope');
  // As the background does: the register snapshots are packaged files.
  const reg = (name) => readFileSync(path.join(ext, 'registers', `${name}.tsv`), 'utf8');
  if (cs.setRegisters) cs.setRegisters(reg('nist-cmvp'), reg('fedramp-marketplace'));
  return { cs, instance, compileMs: t1 - t0, readyMs: t2 - t0, startMs: t2 - t1, readyCpuMs: (cpu.user + cpu.system) / 1000 };
}

function check(cs, text, opts = OPTS) {
  const out = cs.check(text, opts);
  if (out.startsWith('{"error"')) throw new Error(`check failed: ${out.slice(0, 200)}`);
  return out;
}

const read = (name) => readFileSync(path.join(data, name), 'utf8');

// cold runs in a child process: one fresh engine, one first check.
async function cold() {
  const text = read('typical-200k.txt');
  const e = await startEngine();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  check(e.cs, text);
  const firstMs = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const firstCpuMs = (c1.user + c1.system) / 1000;
  const small = 'Our cameras are Cyber Essentials Plus certified.';
  const t1 = performance.now();
  check(e.cs, small);
  const secondSmallMs = performance.now() - t1;
  // The next calls on the same 200 KB text, while V8 tiers the code up.
  const early = time(() => check(e.cs, text), 9);
  process.stdout.write(JSON.stringify({ compileMs: e.compileMs, startMs: e.startMs, readyMs: e.readyMs, readyCpuMs: e.readyCpuMs, firstMs, firstCpuMs, secondSmallMs, early }) + '\n');
  process.exit(0);
}

function time(fn, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  const self = fileURLToPath(import.meta.url);
  const colds = [];
  for (let i = 0; i < COLD; i++) {
    const r = spawnSync(process.execPath, [self, '--child', 'cold', '--ext', ext, '--data', data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
    colds.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }

  const e = await startEngine();
  const mem = () => e.instance.exports.mem.buffer.byteLength;
  const memStart = mem();
  const res = {
    ext,
    wasmBytes: statSync(path.join(ext, 'engine.wasm')).size,
    runs: RUNS,
    cold: {
      compileMs: summary(colds.map((c) => c.compileMs)),
      startMs: summary(colds.map((c) => c.startMs)),
      readyMs: summary(colds.map((c) => c.readyMs)),
      readyCpuMs: summary(colds.map((c) => c.readyCpuMs)),
      firstCheck200kMs: summary(colds.map((c) => c.firstMs)),
      firstCheck200kCpuMs: summary(colds.map((c) => c.firstCpuMs)),
      secondSmallCheckMs: summary(colds.map((c) => c.secondSmallMs)),
      // calls 2 to 10 on typical-200k after start, pooled over the processes
      early200kMs: summary(colds.flatMap((c) => c.early)),
    },
    memStartBytes: memStart,
  };

  // Warm 200 KB check: V8 compiles wasm lazily with its baseline compiler
  // and tiers hot functions up in the background, so warm up with 30
  // calls before timing RUNS*3 calls.
  const t200 = read('typical-200k.txt');
  time(() => check(e.cs, t200), 30);
  res.warm200kMs = summary(time(() => check(e.cs, t200), RUNS * 3));
  res.findings200k = JSON.parse(check(e.cs, t200)).findings.length;

  // Throughput over 2 MB, typical and worst, in one call each (MB = 1e6 bytes).
  for (const kind of ['typical', 'worst']) {
    const text = read(`${kind}-2m.txt`);
    const bytes = Buffer.byteLength(text);
    const out = check(e.cs, text);
    const findings = JSON.parse(out).findings.length;
    const ms = time(() => check(e.cs, text), RUNS);
    res[`${kind}2m`] = { bytes, findings, outChars: out.length, ms: summary(ms), mbps: summary(ms.map((m) => bytes / 1e3 / m)) };
  }

  // Memory: the wasm linear memory of a fresh instance after a 2 MB page,
  // checked in one call and as the content script sends it (200 000-unit
  // batches; it stops at 1 000 000 units per frame, so this is an upper
  // bound), each in its own process.
  // single-full: one call answered with schema-v1 findings (each with its
  // whole card), as the CLI and API default; for reference.
  for (const mode of ['single', 'batched', 'single-full']) {
    const r = spawnSync(process.execPath, [self, '--child', `mem-${mode}`, '--ext', ext, '--data', data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`memory run failed: ${r.stderr}`);
    res[`mem2m_${mode.replace('-', '_')}`] = JSON.parse(r.stdout.trim().split('\n').pop());
  }
  res.memWarmInstanceBytes = mem();
  console.log(JSON.stringify(res, null, 2));
  if (args.out) writeFileSync(args.out, JSON.stringify(res, null, 2) + '\n');
}

// memory runs in a child process: one fresh engine, the worst 2 MB page.
async function memory(mode) {
  const e = await startEngine();
  const before = e.instance.exports.mem.buffer.byteLength;
  const text = read('worst-2m.txt');
  if (mode === 'single') check(e.cs, text);
  else if (mode === 'single-full') check(e.cs, text, OPTS_FULL);
  else for (let i = 0; i < text.length; i += 200_000) check(e.cs, text.slice(i, i + 200_000));
  const after = e.instance.exports.mem.buffer.byteLength;
  process.stdout.write(JSON.stringify({ beforeBytes: before, afterBytes: after }) + '\n');
  process.exit(0);
}

if (args.child === 'cold') await cold();
else if (args.child?.startsWith('mem-')) await memory(args.child.slice(4));
else await main();
