// Writes docs/performance.md from the raw results of scripts/bench.sh.
//
//   node scripts/bench/report.mjs --work DIR [--out FILE]
//
// DIR holds machine.env, gobench.txt, build-prof*.txt, native.json,
// wasm.json, page.json and grep.json. Missing pieces are reported as
// "not measured" rather than failing the whole report.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { parseGoBench, summary, parseArgs } from './stats.mjs';

const args = parseArgs(process.argv.slice(2));
const work = path.resolve(args.work ?? '.');
const out = path.resolve(args.out ?? 'docs/performance.md');
const file = (n) => path.join(work, n);
const json = (n) => (existsSync(file(n)) ? JSON.parse(readFileSync(file(n), 'utf8')) : null);
const text = (n) => (existsSync(file(n)) ? readFileSync(file(n), 'utf8') : '');

const machine = Object.fromEntries(
  text('machine.env')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const native = json('native.json');
const wasm = json('wasm.json');
const page = json('page.json');
const grep = json('grep.json');

const gob = parseGoBench(text('gobench.txt'));
const gs = (name, key) => (gob[name] ? summary(gob[name][key]) : null);

function fmt(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  return x.toFixed(d);
}
const MB = (b) => (b / 1e6).toFixed(2);

// rows: [what, target text, stat {median,min,max,n}, unit, pass(median)]
const rows = [];
function row(what, target, st, unit, ok, digits) {
  if (!st) {
    rows.push(`| ${what} | ${target} | not measured | | ✗ |`);
    return;
  }
  const spread = st.n > 1 ? `${fmt(st.min, digits)}–${fmt(st.max, digits)}` : '(1 run)';
  rows.push(`| ${what} | ${target} | **${fmt(st.median, digits)}** ${unit} | ${spread} (n=${st.n}) | ${ok(st.median) ? '✓ pass' : '✗ FAIL'} |`);
}
const ge = (t) => (m) => m >= t;
const le = (t) => (m) => m <= t;

row('engine, native, typical page (go test BenchmarkCheckTypical, 1 MiB)', '≥ 150 MB/s', gs('BenchmarkCheckTypical', 'mbps'), 'MB/s', ge(150));
row('engine, native, typical page (generated typical-2m, realistic prose)', '≥ 150 MB/s', native?.pages['typical-2m']?.mbps, 'MB/s', ge(150));
row('engine, native, worst case (go test BenchmarkCheckWorst, 1 MiB)', '≥ 10 MB/s', gs('BenchmarkCheckWorst', 'mbps'), 'MB/s', ge(10));
row('engine, native, worst case (generated worst-2m, every sentence a misleading claim)', '≥ 10 MB/s', native?.pages['worst-2m']?.mbps, 'MB/s', ge(10));
row('engine in wasm (Node), typical (typical-2m, one call)', '≥ 50 MB/s', wasm?.typical2m?.mbps, 'MB/s', ge(50));
row('engine in wasm (Node), worst case (worst-2m, one call)', '≥ 3 MB/s', wasm?.worst2m?.mbps, 'MB/s', ge(3));
row('warm check of a 200 KB page in wasm (typical-200k, after 30 warm-up calls)', '≤ 5 ms', wasm?.warm200kMs, 'ms', le(5));
row('wasm compile to ready (compile + instantiate + main: engine built, binding registered)', '≤ 100 ms', wasm?.cold.readyMs, 'ms', le(100));
row('wasm first check (typical-200k, right after ready)', '≤ 50 ms', wasm?.cold.firstCheck200kMs, 'ms', le(50));
row('headless Chromium, navigation start to highlights, 200 KB text (warm engine)', '≤ 300 ms median', page?.warm200k?.highlightsMs, 'ms', le(300));
row('longest main-thread task of the content script, 2 MB-text page (CDP trace)', '≤ 50 ms', page?.page2m?.longestExtTaskMs, 'ms', le(50));
const mem = (m) => (m ? { n: 1, median: m.afterBytes / 1048576 } : null);
row('wasm memory after a 2 MB page, sent as the content script sends it (200 000-unit calls, compact answers; worst-2m, fresh instance)', '≤ 16 MB', mem(wasm?.mem2m_batched), 'MiB', le(16));
row('wasm memory after a 2 MB page in one call (compact answer, as the extension asks; worst-2m, fresh instance)', '≤ 32 MB', mem(wasm?.mem2m_single), 'MiB', le(32));

// Sizes of the extension's wasm.
let sizes = null;
const wasmPath = wasm?.ext ? path.join(wasm.ext, 'engine.wasm') : null;
if (wasmPath && existsSync(wasmPath)) {
  const raw = readFileSync(wasmPath);
  sizes = { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
}
row('extension wasm, raw (engine.wasm)', '≤ 4 MB (4 000 000 B)', sizes && { n: 1, median: sizes.raw / 1e6 }, 'MB', le(4), 3);
row('extension wasm, gzip -9', '≤ 1.15 MB', sizes && { n: 1, median: sizes.gzip / 1e6 }, 'MB', le(1.15), 3);
row('`certscope check` vs `grep -c -i -F -f TERMS`, 16 MB typical page, same run (ratio of wall times)', '≤ 1.5 ×', grep?.files['typical-16m']?.ratio, '×', le(1.5));
row('`certscope check --format json` vs grep, 16 MB typical page (a claim every ~2 KB), same run', '≤ 2 ×', grep?.files['typical-16m']?.formats?.json?.ratio, '×', le(2));
row('`certscope check --format text` vs grep, 16 MB typical page (a claim every ~2 KB), same run', '≤ 1.5 ×', grep?.files['typical-16m']?.formats?.text?.ratio, '×', le(1.5));
const layout = (mb) => {
  const s = gs(`BenchmarkCheckLineLayout/${mb}MB/single-line`, 'nsop');
  const m = gs(`BenchmarkCheckLineLayout/${mb}MB/multi-line`, 'nsop');
  return s && m ? { n: 1, median: s.median / m.median } : null;
};
for (const mb of [1, 2, 4]) {
  row(`\`certscope check\`, ${mb} MB single-line file vs the same text in lines (go test BenchmarkCheckLineLayout)`, '≤ 2 ×', layout(mb), '×', le(2));
}

const passed = rows.filter((r) => r.endsWith('✓ pass |')).length;
const lines = [];
const L = (s = '') => lines.push(s);
L('# Performance');
L();
L('<!-- Generated by `make bench` (scripts/bench.sh); do not edit by hand. -->');
L();
L(`Measured ${machine.date ?? '?'} on commit ${machine.commit ?? '?'}${machine.quick ? ' (**quick run**: fewer repetitions)' : ''}. ` +
  `${passed} of ${rows.length} targets met. Figures are medians; the spread is min–max over the runs.`);
L();
L('| what | target | measured (median) | spread | |');
L('| --- | --- | --- | --- | --- |');
rows.forEach((r) => L(r));
L();
L('## Machine');
L();
L(`- CPU: ${machine.cpu ?? '?'}, ${machine.nproc ?? '?'} cores (nproc); memory ${machine.mem ?? '?'}; ${machine.kernel ?? ''}`);
L(`- Go ${machine.go ?? '?'}, Node ${machine.node ?? '?'}, ${machine.chromium ?? 'Chromium ?'}, ${machine.grep ?? ''}`);
L(`- Load average (1, 5, 15 min) at the start: ${machine.load_start ?? '?'}` +
  `${Number(machine.waited_s) > 0 ? ` (after waiting ${machine.waited_s} s for a quieter machine)` : ''}; at the end: ${machine.load_end ?? '?'}. ` +
  'The machine is shared: with a load above the core count, every figure here is slower and noisier than on an idle machine, ' +
  'and the minimum is the better guide to the uncontended cost.');
if (machine.failed) L(`- **Failed steps** (their rows read "not measured"): ${machine.failed}.`);
L(`- Whole run: ${machine.duration_s ?? '?'} s. Extension measured: ${machine.ext ?? '?'}${machine.ext_note ? ` (${machine.ext_note})` : ''}.`);
L();
L('## How to run');
L();
L('```sh');
L('make bench                      # = bash scripts/bench.sh; rewrites docs/performance.md');
L('BENCH_QUICK=1 make bench        # fewer repetitions');
L('BENCH_WORK=/tmp/cs-bench make bench   # keep pages, builds and raw JSON');
L('# the pieces, one by one:');
L('go run ./scripts/bench/gen -out /tmp/cs-bench/data       # pages: {typical,worst}-{200k,2m,16m}.{txt,html}, terms.txt');
L("go test -run '^$' -bench . -benchmem -count 5 ./internal/engine");
L('go run ./scripts/bench/native -data /tmp/cs-bench/data');
L('node scripts/bench/wasm.mjs --ext dist/chrome --data /tmp/cs-bench/data');
L('node scripts/bench/page.mjs --ext dist/chrome --data /tmp/cs-bench/data');
L('go build -o /tmp/certscope ./cmd/certscope && node scripts/bench/grep.mjs --bin /tmp/certscope --data /tmp/cs-bench/data');
L('```');
L();
L('Pages are generated deterministically (seed 1) from the visible text of the real pages in `testdata/shared/pages` ' +
  '(sentences naming no scheme or claim term) and the labelled corpus `testdata/shared/corpus/dev.jsonl`: ' +
  '*typical* has one misleading claim per ~2 KB of text, *worst* makes every sentence a misleading claim from the corpus ' +
  '(every sentence reaches full analysis; most become findings). MB is 10^6 bytes of UTF-8 text.');
L();

L('## Native engine');
L();
if (Object.keys(gob).length) {
  L('`go test -run \'^$\' -bench . -benchmem -count ' + (gob.BenchmarkCheckTypical?.nsop.length ?? '?') + ' ./internal/engine` (the engine\'s own synthetic pages):');
  L();
  L('| benchmark | MB/s median | MB/s min–max | time/op median |');
  L('| --- | --- | --- | --- |');
  for (const [name, b] of Object.entries(gob)) {
    const m = summary(b.mbps);
    const t = summary(b.nsop);
    L(`| ${name} | ${m ? fmt(m.median) : '–'} | ${m ? `${fmt(m.min)}–${fmt(m.max)}` : '–'} | ${fmt(t.median / 1e6, 3)} ms |`);
  }
  L();
}
if (native) {
  L(`\`scripts/bench/native\` on the generated pages (one \`Check\` per sample; at least ${native.runs} samples, or 1 s of them for the small pages; 16 MB pages fewer):`);
  L();
  L('| page | bytes | findings | MB/s median | MB/s min–max | ms median |');
  L('| --- | --- | --- | --- | --- | --- |');
  for (const [name, p] of Object.entries(native.pages)) {
    L(`| ${name} | ${p.bytes} | ${p.findings} | ${fmt(p.mbps.median)} | ${fmt(p.mbps.min)}–${fmt(p.mbps.max)} | ${fmt(p.ms.median)} |`);
  }
  L();
  L(`Building an engine from the embedded packs (\`engine.New\`, what every fresh process or Worker instance pays): ` +
    `median ${fmt(native.buildMs.median, 2)} ms, ${fmt(native.buildMs.min, 2)}–${fmt(native.buildMs.max, 2)} ms over ${native.buildMs.n} builds.`);
  L();
}
const jsonl = (n) => text(n).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const bcN = jsonl('buildcost-native.jsonl');
const bcW = jsonl('buildcost-wasm.jsonl');
if (bcN.length || bcW.length) {
  L('What a fresh instance pays before its first check (`scripts/bench/buildcost`, one fresh process per sample: ' +
    'the first `kb.All()` loads the knowledge base (the engine reads registers from it for its cards), ' +
    'the first `packs.Embedded()` loads the pack data, `engine.New` builds the automaton, lexicon and cards; ' +
    'the later builds in the same process show the cost once the code is compiled and warm):');
  L();
  L('| host | processes | first kb.All, ms | first load of packs, ms | first engine build, ms | later builds, ms |');
  L('| --- | --- | --- | --- | --- | --- |');
  const cell = (st) => (st ? `${fmt(st.median, 2)} (${fmt(st.min, 2)}–${fmt(st.max, 2)})` : '–');
  for (const [host, xs] of [['native', bcN], ['wasm (Node)', bcW]]) {
    if (!xs.length) continue;
    L(`| ${host} | ${xs.length} | ${cell(summary(xs.map((x) => x.kbMs ?? NaN)))} | ${cell(summary(xs.map((x) => x.first.loadMs)))} | ${cell(summary(xs.map((x) => x.first.buildMs)))} | ${cell(summary(xs.flatMap((x) => x.next.map((n) => n.buildMs))))} |`);
  }
  L();
}
const prof = text('build-prof.txt');
if (prof) {
  L('Where the engine build spends its time (CPU profile of `BenchmarkDefaultBuild`, `go tool pprof -top`; cumulative view below):');
  L();
  L('```');
  L(prof.split('\n').filter((l) => l.trim() && !/^(File|Build ID|Type|Time|Duration):/.test(l)).slice(0, 22).join('\n'));
  L('```');
  L();
  const cum = text('build-prof-cum.txt');
  if (cum) {
    L('```');
    L(cum.split('\n').filter((l) => l.trim() && !/^(File|Build ID|Type|Time|Duration):/.test(l)).slice(0, 22).join('\n'));
    L('```');
    L();
  }
}

L('## Engine in wasm (Node)');
L();
if (wasm) {
  const c = wasm.cold;
  L(`\`scripts/bench/wasm.mjs\` loads \`engine.wasm\` (${wasm.wasmBytes} bytes) with its \`wasm_exec.js\` and calls ` +
    '`globalThis.certscope.check(text, optsJSON)`, as the background does. Cold figures come from fresh Node processes ' +
    `(V8 caches compiled wasm per process), ${c.readyMs.n} of them:`);
  L();
  L('| | median | min–max |');
  L('| --- | --- | --- |');
  const r = (label, st, unit = 'ms') => L(`| ${label} | ${fmt(st.median)} ${unit} | ${fmt(st.min)}–${fmt(st.max)} |`);
  r('`WebAssembly.compile`', c.compileMs);
  r('instantiate + `main()` (runtime init, engine build, binding)', c.startMs);
  r('compile to ready (sum)', c.readyMs);
  if (c.readyCpuMs) r('compile to ready, CPU time of the process (all threads)', c.readyCpuMs);
  r('first check, typical-200k', c.firstCheck200kMs);
  if (c.firstCheck200kCpuMs) r('first check, CPU time of the process (all threads)', c.firstCheck200kCpuMs);
  r('next check, one short sentence', c.secondSmallCheckMs);
  if (c.early200kMs) r('checks 2–10 of typical-200k after start (code still tiering up)', c.early200kMs);
  r(`warm check, typical-200k (${wasm.findings200k} findings), after 30 warm-up calls`, wasm.warm200kMs);
  r('typical-2m, one call', wasm.typical2m.ms);
  r('worst-2m, one call', wasm.worst2m.ms);
  r('typical-2m throughput', wasm.typical2m.mbps, 'MB/s');
  r('worst-2m throughput', wasm.worst2m.mbps, 'MB/s');
  L();
  for (const k of ['typical2m', 'worst2m']) {
    const x = wasm[k];
    if (x?.outChars) L(`${k}: ${x.findings} findings, ${x.outChars} characters of JSON returned (${Math.round(x.outChars / Math.max(1, x.findings))} per finding).`);
  }
  L();
  L(`Linear memory: ${MB(wasm.memStartBytes)} MB (10^6 B) after start; a fresh instance after worst-2m in one call ` +
    `${MB(wasm.mem2m_single.afterBytes)} MB (${fmt(wasm.mem2m_single.afterBytes / 1048576)} MiB), after the same text in ` +
    `200 000-character calls as the content script sends it ${MB(wasm.mem2m_batched.afterBytes)} MB ` +
    `(${fmt(wasm.mem2m_batched.afterBytes / 1048576)} MiB); the warm instance after all the checks above ` +
    `${MB(wasm.memWarmInstanceBytes)} MB. Go's wasm memory only grows. All of these ask for compact answers (each card once, ` +
    `findings refer to it), as the extension does` +
    (wasm.mem2m_single_full ? `; the same one call answered with schema-v1 findings, each carrying its card, leaves ` +
      `${MB(wasm.mem2m_single_full.afterBytes)} MB (${fmt(wasm.mem2m_single_full.afterBytes / 1048576)} MiB).` : '.'));
  L();
} else {
  L('Not measured.');
  L();
}

L('## Extension in headless Chromium');
L();
if (page) {
  const w = page.warm200k;
  const b = page.page2m;
  L('`scripts/bench/page.mjs` starts Debian\'s Chromium headless with the extension (playwright-core, persistent context, ' +
    '`scripts/lib/chromium.mjs`), serves the generated HTML pages from 127.0.0.1, and reads, from an init script in the page, ' +
    'when the first `certscope-*` highlight appears (times are from navigation start, the page\'s own clock).');
  L();
  L('| | median | min–max |');
  L('| --- | --- | --- |');
  const r = (label, st, unit = 'ms') => (st ? L(`| ${label} | ${fmt(st.median)} ${unit} | ${fmt(st.min)}–${fmt(st.max)} (n=${st.n}) |`) : null);
  L(`| 200 KB page, first visit (engine starts in the service worker) | ${fmt(page.cold200k.highlightsMs)} ms | (1 run; load event at ${fmt(page.cold200k.loadMs)} ms) |`);
  r('200 KB page, navigation start to highlights', w.highlightsMs);
  r('200 KB page, load event to highlights', w.afterLoadMs);
  r('200 KB page, load event', w.loadMs);
  r('2 MB page, navigation start to highlights', b.highlightsMs);
  r('2 MB page, load event', b.loadMs);
  r('2 MB page, longest task running content-script JavaScript (trace)', b.longestExtTaskMs);
  r('2 MB page, longest main-thread task of any kind after injection (page layout/paint included)', b.longestTaskSinceInjectionMs);
  r('2 MB page, longest `longtask` entry after DOMContentLoaded (PerformanceObserver)', b.longestLongtaskAfterDclMs);
  if (page.sw) {
    r('engine in the service worker (Chromium V8, warm): check of typical-200k', page.sw.check200kMs);
    r('the same check of typical-200k as a message (runtime.sendMessage from an extension page: messaging included)', page.sw.message200kMs);
    r('engine in the service worker: typical-2m throughput', page.sw.typical2mMBps, 'MB/s');
    r('engine in the service worker: worst-2m throughput', page.sw.worst2mMBps, 'MB/s');
  }
  L();
  const t = page.traced200k;
  if (t && !t.error) {
    L(`One more 200 KB visit, traced (tracing slows it): DOMContentLoaded at ${fmt(t.dclMs)} ms, load at ${fmt(t.loadMs)} ms, ` +
      `content script injected at ${t.injectMs === null ? '?' : fmt(t.injectMs)} ms, highlights at ${fmt(t.highlightsMs)} ms; ` +
      `the content script ran ${t.extTasks} tasks, ${t.extBusyMs} ms of main-thread time in all, the longest ${t.longestExtTaskMs} ms. ` +
      'The rest of the time from injection to highlights is spent waiting: for the message round trip and the engine in the service worker.');
    L();
  }
  L(`Highlight ranges drawn: 200 KB page ${[...new Set(w.ranges)].join('/')}; 2 MB page ${[...new Set(b.ranges)].join('/')} ` +
    '(the content script checks at most 1 000 000 UTF-16 units of text per frame).');
  L();
  L('Per 2 MB run (trace): ' + b.traces.map((t) => `${t.extTasks} content-script tasks, ${t.extBusyMs} ms busy, longest ${t.longestExtTaskMs} ms` +
    (t.extOver50ms?.length ? `, over 50 ms: ${t.extOver50ms.join(', ')}` : '') +
    (t.otherOver50ms?.length ? `; other tasks over 50 ms: ${t.otherOver50ms.join(', ')}` : '')).join('; ') + '.');
  L();
} else {
  L('Not measured.');
  L();
}

L('## `certscope check` vs grep');
L();
if (grep) {
  L('Wall time of `certscope check --format jsonl FILE > /dev/null` (plain text) and `grep -c -i -F -f terms.txt FILE` ' +
    `on the same 16 MB file, alternating, ${grep.runs} runs each. terms.txt holds the engine's stage-1 phrases ` +
    '(scheme names and rule terms from `internal/packs/data`).');
  L();
  L('| file | certscope ms | grep ms | ratio median | ratio min–max | findings | grep lines |');
  L('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, f] of Object.entries(grep.files)) {
    L(`| ${name} | ${fmt(f.engineMs.median)} (${fmt(f.engineMs.min)}–${fmt(f.engineMs.max)}) | ${fmt(f.grepMs.median)} (${fmt(f.grepMs.min)}–${fmt(f.grepMs.max)}) | ${fmt(f.ratio.median)} × | ${fmt(f.ratio.min)}–${fmt(f.ratio.max)} | ${f.findings} | ${f.grepLines} |`);
  }
  L();
  const fm = grep.files['typical-16m']?.formats;
  if (fm && Object.keys(fm).length) {
    L('Other output formats on typical-16m (synthetic text, a claim every ~2 KB), in the same alternating runs ' +
      '(`certscope check --no-config --format F FILE > /dev/null`; json writes each card once per rule and scheme from a cache of indented cards):');
    L();
    L('| format | certscope ms | ratio to grep, median | min–max |');
    L('| --- | --- | --- | --- |');
    for (const [f, v] of Object.entries(fm)) {
      L(`| ${f} | ${fmt(v.engineMs.median)} (${fmt(v.engineMs.min)}–${fmt(v.engineMs.max)}) | ${fmt(v.ratio.median)} × | ${fmt(v.ratio.min)}–${fmt(v.ratio.max)} |`);
    }
    L();
  }
  const st = native?.cliStages;
  if (st) {
    L('The stages of checking a plain-text file, timed one by one on typical-16m in `scripts/bench/native` ' +
      '(one process, warm engine, the same library calls as `certscope check`; median and min–max ms). ' +
      'A fresh CLI process also pays for first-touch page faults and GC on every buffer:');
    L();
    L('| stage | ms |');
    L('| --- | --- |');
    const s = (label, x) => x && L(`| ${label} | ${fmt(x.median)} (${fmt(x.min)}–${fmt(x.max)}) |`);
    s('read the file: `io.ReadAll(io.LimitReader(f, …))` (a growing buffer)', st.readAllLimitReader);
    s('read the file: `os.ReadFile` (one allocation of the right size), for comparison', st.osReadFile);
    s('`htmltext.FromPlain` (plain-text extraction)', st.fromPlain);
    s('`engine.Check`', st.check);
    s('JSON lines output of the findings (cards included)', st.jsonl);
    s('*what-if*: plain-text fast path floor (`utf8.Valid` + one copy)', st.plainFastPathFloor);
    s('*what-if*: JSON lines without card text (rule, severity, scheme, offsets; cards once per rule)', st.jsonlCompact);
    L();
    L(`grep, for comparison: ${fmt(grep.files['typical-16m'].grepMs.median)} ms for the whole process.`);
    L();
  }
} else {
  L('Not measured.');
  L();
}
writeFileSync(out, lines.join('\n') + '\n');
console.error(`report: ${passed}/${rows.length} targets met; wrote ${out}`);
