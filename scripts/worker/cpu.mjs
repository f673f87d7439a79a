// CPU time per request of the built Worker under workerd (`wrangler dev`,
// scripts/worker/dev.sh), read from /proc: workerd's utime+stime before and
// after N sequential requests, over N (Linux only; clock ticks of 10 ms,
// so N >= 50 gives 0.2 ms resolution). It includes workerd's own HTTP
// handling, so it is an upper bound on what the Workers runtime bills.
// Idle CPU over the same wall time is measured and subtracted.
//
//   scripts/worker/build.sh && node scripts/worker/cpu.mjs [N] [PORT]
//
// Traffic goes to 127.0.0.1 only.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const N = Number(process.argv[2] || 60);
const port = Number(process.argv[3] || 18787);
const base = `http://127.0.0.1:${port}`;
const TICK = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

// WORKER_DIR runs another worker (e.g. a trivial one, for workerd's own
// per-request overhead) with the same wrangler.
const dir = process.env.WORKER_DIR;
const dev = dir
  ? spawn(join(root, 'node_modules/.bin/wrangler'), ['dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } })
  : spawn('bash', [join(root, 'scripts/worker/dev.sh'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let log = '';
dev.stdout.on('data', (d) => (log += d));
dev.stderr.on('data', (d) => (log += d));
const stop = () => { try { process.kill(-dev.pid, 'SIGTERM'); } catch {} };
process.on('exit', stop);

async function waitReady() {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(base + '/healthz');
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('wrangler dev did not answer:\n' + log.slice(-2000));
}

// workerd's pid: a descendant of dev.sh named workerd.
function workerdPids() {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm=']).toString();
  const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
  const kids = new Map();
  for (const [pid, ppid] of rows) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
  const desc = [];
  const walk = (p) => (kids.get(p) ?? []).forEach((c) => { desc.push(c); walk(c); });
  walk(String(dev.pid));
  return rows.filter(([pid, , comm]) => desc.includes(pid) && comm.startsWith('workerd')).map(([pid]) => pid);
}

function cpuMs(pids) {
  let t = 0;
  for (const pid of pids) {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    t += (Number(rest[11]) + Number(rest[12])) * TICK; // utime, stime
  }
  return t;
}

const para = 'Our platform helps security teams manage video, access control and alarms from one place. ' +
  'Installers configure sites in minutes, and operators get alerts on any device. Our cameras are unhackable. ';
const doc = JSON.stringify({ text: para.repeat(Math.ceil(10240 / para.length)).slice(0, 10240) });

async function measure(name, req) {
  const pids = workerdPids();
  // Idle CPU over a comparable wall time, for subtraction.
  const i0 = cpuMs(pids);
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, 2000));
  const idlePerMs = (cpuMs(pids) - i0) / (performance.now() - w0);
  for (let i = 0; i < 5; i++) await (await req()).text(); // warm
  const c0 = cpuMs(pids);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = await req();
    await r.text();
    if (!r.ok) throw new Error(`${name}: ${r.status}`);
  }
  const wall = performance.now() - t0;
  const cpu = cpuMs(pids) - c0 - idlePerMs * wall;
  return { name, n: N, cpuMsPerRequest: +(cpu / N).toFixed(2), wallMsPerRequest: +(wall / N).toFixed(2) };
}

try {
  await waitReady();
  const pids = workerdPids();
  if (!pids.length) throw new Error('no workerd process found');
  const res = [
    await measure('/healthz', () => fetch(base + '/healthz')),
    await measure('/v1/check 10 KB', () => fetch(base + '/v1/check', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: doc })),
  ];
  console.log(JSON.stringify({ workerd: pids, results: res }, null, 2));
} finally {
  stop();
}
