// Compares `certscope check` with `grep -c -i -F -f TERMS` on the same
// 16 MB file in the same run: wall time of each, alternating, RUNS times.
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
  const eng = [];
  const grep = [];
  let findings = 0;
  let lines = 0;
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    const runEngine = () => eng.push(timed(bin, ['check', '--format', 'jsonl', file], [0, 1], true).ms);
    const runGrep = () => {
      const r = timed('grep', ['-c', '-i', '-F', '-f', terms, file], [0, 1]);
      grep.push(r.ms);
      lines = Number(r.stdout.trim());
    };
    if (i % 2) {
      runGrep();
      runEngine();
    } else {
      runEngine();
      runGrep();
    }
  }
  // Untimed: what the engine found, for the report.
  findings = (timed(bin, ['check', '--format', 'jsonl', file], [0, 1]).stdout.match(/"rule":/g) ?? []).length;
  const ratios = eng.map((e, i) => e / grep[i]);
  res.files[name] = { engineMs: summary(eng), grepMs: summary(grep), ratio: summary(ratios), findings, grepLines: lines };
}
console.log(JSON.stringify(res, null, 2));
if (args.out) writeFileSync(args.out, JSON.stringify(res, null, 2) + '\n');
