// Compares `certscope check` with `grep -c -i -F -f TERMS` on the same
// 16 MB file in the same run: wall time of each, alternating, RUNS times
// (--format jsonl on both pages; json and text too on the typical one).
//
//   node scripts/bench/grep.mjs --bin CERTSCOPE --data DIR [--runs N] [--out FILE]
//
// TERMS is DIR/terms.txt (the engine's stage-1 phrases, written by
// scripts/bench/gen). certscope exits 1 when it finds something, so only
// an exit status above 1 is an error.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { summary, parseArgs } from './stats.mjs';

const args = parseArgs(process.argv.slice(2));
const bin = path.resolve(args.bin ?? '/tmp/certscope');
const data = path.resolve(args.data ?? '/tmp/certscope-bench');
const RUNS = Number(args.runs ?? 7);
const terms = path.join(data, 'terms.txt');

// timed runs cmd; with toNull its output goes to /dev/null (as in
// `certscope check ... > /dev/null`), otherwise to a pipe. grep must not
// write to /dev/null: GNU grep then stops at the first match.
function timed(cmd, argv, okStatus, toNull = false) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', toNull ? 'ignore' : 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.error || !okStatus.includes(r.status)) throw new Error(`${cmd} ${argv.join(' ')}: status ${r.status} ${r.error ?? ''} ${String(r.stderr).slice(0, 300)}`);
  return { ms, stdout: String(r.stdout) };
}

const res = { bin, runs: RUNS, files: {} };
for (const name of ['typical-16m', 'worst-16m']) {
  const file = path.join(data, `${name}.txt`);
  // On the typical (dense: a claim every ~2 KB) page the json and text
  // formats are timed too (issue 17: json <= 2x grep, text <= 1.5x).
  const formats = name === 'typical-16m' ? ['jsonl', 'json', 'text'] : ['jsonl'];
  const eng = Object.fromEntries(formats.map((f) => [f, []]));
  const grep = [];
  let findings = 0;
  let lines = 0;
  for (let i = 0; i < RUNS; i++) {
    // Rotate which goes first, so none always gets the warmer cache.
    const jobs = [
      ...formats.map((f) => () => eng[f].push(timed(bin, ['check', '--no-config', '--format', f, file], [0, 1], true).ms)),
      () => {
        const r = timed('grep', ['-c', '-i', '-F', '-f', terms, file], [0, 1]);
        grep.push(r.ms);
        lines = Number(r.stdout.trim());
      },
    ];
    for (let j = 0; j < jobs.length; j++) jobs[(i + j) % jobs.length]();
  }
  // Untimed: what the engine found, for the report.
  findings = (timed(bin, ['check', '--no-config', '--format', 'jsonl', file], [0, 1]).stdout.match(/"rule":/g) ?? []).length;
  const ratio = (xs) => summary(xs.map((e, i) => e / grep[i]));
  res.files[name] = { engineMs: summary(eng.jsonl), grepMs: summary(grep), ratio: ratio(eng.jsonl), findings, grepLines: lines, formats: {} };
  for (const f of formats.slice(1)) res.files[name].formats[f] = { engineMs: summary(eng[f]), ratio: ratio(eng[f]) };
}
console.log(JSON.stringify(res, null, 2));
if (args.out) writeFileSync(args.out, JSON.stringify(res, null, 2) + '\n');
