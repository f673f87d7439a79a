// Measures the extension in headless Chromium (Debian's, through
// playwright-core): time from navigation start to the certscope-*
// highlights on a 200 KB-text page, and the longest main-thread task the
// content script causes on a 2 MB-text page.
//
//   node scripts/bench/page.mjs --ext DIR --data DIR [--runs N] [--runs2m N] [--out FILE]
//
// --ext is the unpacked extension (dist/chrome); --data the output of
// scripts/bench/gen. Pages are served from 127.0.0.1. An init script in
// every page records, in the page's own clock, when the first certscope-*
// highlight appears (CSS.highlights is shared with the content script) and
// every 'longtask' entry. On the 2 MB page a CDP trace attributes main-thread
// tasks to the content script (see attribute). It also times the
// background's check() inside the service worker, without messaging.
// CERTSCOPE_BENCH_TRACE=PREFIX keeps each raw trace as PREFIX-<page>.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch } from '../lib/chromium.mjs';
import { startServer } from '../lib/server.mjs';
import { summary, parseArgs } from './stats.mjs';

const args = parseArgs(process.argv.slice(2));
const ext = path.resolve(args.ext ?? 'dist/chrome');
const data = path.resolve(args.data ?? '/tmp/certscope-bench');
const RUNS = Number(args.runs ?? 9);
const RUNS2M = Number(args.runs2m ?? 3);

// probe runs in every page before its scripts.
function probe() {
  const st = { first: 0, last: 0, count: 0, longtasks: [] };
  window.__certscopeBench = st;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) st.longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // longtask is Chromium-only
  }
  const poll = () => {
    if (typeof CSS === 'undefined' || !CSS.highlights) return;
    let n = 0;
    for (const s of ['high', 'medium', 'info']) n += CSS.highlights.get(`certscope-${s}`)?.size ?? 0;
    if (n && !st.first) st.first = performance.now();
    if (n !== st.count) {
      st.count = n;
      st.last = performance.now();
    }
  };
  setInterval(poll, 4);
}

// visit loads url in a new page and waits until the highlights are drawn
// and have not changed for settleMs.
async function visit(context, url, { trace = false, settleMs = 800, timeout = 60000 } = {}) {
  const page = await context.newPage();
  let cdp = null;
  const events = [];
  if (trace) {
    cdp = await context.newCDPSession(page);
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: {
        includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', '__metadata'],
      },
    });
  }
  await page.goto(url, { waitUntil: 'load', timeout });
  const end = Date.now() + timeout;
  let st;
  for (;;) {
    st = await page.evaluate(() => ({ ...window.__certscopeBench, now: performance.now() }));
    if (st.first && st.now - st.last >= settleMs) break;
    if (Date.now() > end) throw new Error(`no certscope highlights on ${url} after ${timeout} ms`);
    await page.waitForTimeout(100);
  }
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  let traced = null;
  if (cdp) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    traced = attribute(events);
    if (process.env.CERTSCOPE_BENCH_TRACE) writeFileSync(`${process.env.CERTSCOPE_BENCH_TRACE}-${new URL(url).pathname.split("/").pop()}.json`, JSON.stringify(events));
  }
  await page.close();
  return { first: st.first, last: st.last, ranges: st.count, nav, longtasks: st.longtasks, traced };
}

// attribute finds the renderer main thread's top-level tasks and marks
// those in which the content script ran: from the content script's
// injection on, a task that runs JavaScript (the benchmark page has no
// scripts of its own; the probe's poll timer is left out). It returns the
// longest such task, and the longest task of any kind (page layout and
// paint included) from the injection on, in ms.
function attribute(events) {
  const mainTids = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = (e) => mainTids.has(`${e.pid}:${e.tid}`);
  let taskName = 'ThreadControllerImpl::RunTask';
  if (!events.some((e) => e.name === taskName)) taskName = 'RunTask';
  const tasks = events
    .filter((e) => onMain(e) && e.ph === 'X' && e.name === taskName)
    .map((e) => ({ pid: e.pid, tid: e.tid, ts: e.ts, end: e.ts + (e.dur ?? 0), dur: (e.dur ?? 0) / 1000, ext: false }))
    .sort((a, b) => a.ts - b.ts);
  const url = (e) => e.args?.data?.url ?? '';
  const inject = events.filter((e) => onMain(e) && e.name === 'EvaluateScript' && /^chrome-extension:.*\/content\.js$/.test(url(e)));
  if (!inject.length) return { error: 'no content script injection in the trace' };
  const start = Math.min(...inject.map((e) => e.ts));
  const isJS = (e) =>
    e.name === 'EvaluateScript' ||
    e.name === 'RunMicrotasks' ||
    e.name === 'RunYieldContinuation' ||
    (e.name === 'FunctionCall' && e.args?.data?.functionName !== 'poll');
  for (const e of events) {
    if (e.ts < start || !onMain(e) || !isJS(e)) continue;
    let lo = 0;
    let hi = tasks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (tasks[mid].ts <= e.ts) lo = mid;
      else hi = mid - 1;
    }
    const t = tasks[lo];
    if (t && t.pid === e.pid && t.tid === e.tid && t.ts <= e.ts && e.ts <= t.end) t.ext = true;
  }
  // Injection time in the page's clock, when the trace has the page's
  // navigationStart mark (the main frame's: the last one before injection).
  const navs = events.filter((e) => e.name === 'navigationStart' && onMain(e) && e.ts <= start).map((e) => e.ts);
  const injectMs = navs.length ? Math.round((start - Math.max(...navs)) / 100) / 10 : null;
  const after = tasks.filter((t) => t.ts >= start);
  const ext = after.filter((t) => t.ext);
  const r1 = (x) => Math.round(x * 10) / 10;
  const max = (xs) => r1(xs.reduce((m, t) => Math.max(m, t.dur), 0));
  return {
    injectMs,
    tasks: after.length,
    extTasks: ext.length,
    longestExtTaskMs: max(ext),
    longestTaskMs: max(after),
    extOver50ms: ext.filter((t) => t.dur > 50).map((t) => r1(t.dur)),
    otherOver50ms: after.filter((t) => !t.ext && t.dur > 50).map((t) => r1(t.dur)),
    extBusyMs: Math.round(ext.reduce((s, t) => s + t.dur, 0)),
  };
}

async function main() {
  const srv = await startServer();
  const url200 = srv.route('/bench/typical-200k.html', readFileSync(path.join(data, 'typical-200k.html')));
  const url2m = srv.route('/bench/typical-2m.html', readFileSync(path.join(data, 'typical-2m.html')));
  const b = await launch(ext);
  const res = { ext, runs: RUNS, runs2m: RUNS2M };
  try {
    await b.context.addInitScript(probe);
    // The first visit also starts the engine in the service worker.
    const cold = await visit(b.context, url200);
    res.cold200k = { highlightsMs: cold.first, loadMs: cold.nav.load, ranges: cold.ranges };
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push(await visit(b.context, url200));
    // One more, traced: when the content script is injected and how long
    // it keeps the main thread busy (not counted in the timings above).
    const traced200 = await visit(b.context, url200, { trace: true });
    res.traced200k = { highlightsMs: traced200.first, loadMs: traced200.nav.load, dclMs: traced200.nav.dcl, ...traced200.traced };
    res.warm200k = {
      highlightsMs: summary(warm.map((r) => r.first)),
      afterLoadMs: summary(warm.map((r) => r.first - r.nav.load)),
      loadMs: summary(warm.map((r) => r.nav.load)),
      ranges: warm.map((r) => r.ranges),
      longestLongtaskMs: summary(warm.map((r) => Math.max(0, ...r.longtasks.map((t) => t.dur)))),
    };
    // The engine itself, inside the extension's service worker (Chromium's
    // V8, warm): the background's check(), as a content-script message
    // would run it, minus the messaging.
    const swCheck = (text, n) =>
      b.sw.evaluate(
        async ([t, n]) => {
          const out = [];
          for (let i = 0; i < n; i++) {
            const a = performance.now();
            const r = await check(t, 'https://bench.example/');
            if (!r || r.error || !Array.isArray(r.findings)) throw new Error(`check failed: ${JSON.stringify(r?.error)}`);
            out.push(performance.now() - a);
          }
          return out;
        },
        [text, n],
      );
    const t200 = readFileSync(path.join(data, 'typical-200k.txt'), 'utf8');
    const t2m = readFileSync(path.join(data, 'typical-2m.txt'), 'utf8');
    const w2m = readFileSync(path.join(data, 'worst-2m.txt'), 'utf8');
    try {
      await swCheck(t200, 10);
      res.sw = {
        check200kMs: summary(await swCheck(t200, RUNS * 2)),
        typical2mMBps: summary((await swCheck(t2m, 3)).map((ms) => Buffer.byteLength(t2m) / 1e3 / ms)),
        worst2mMBps: summary((await swCheck(w2m, 3)).map((ms) => Buffer.byteLength(w2m) / 1e3 / ms)),
      };
      // The same check as a content script sends it: runtime.sendMessage
      // from an extension page, so the difference is the messaging.
      const ext = await b.context.newPage();
      await ext.goto(`chrome-extension://${b.extensionId}/options.html`);
      const rt = await ext.evaluate(
        async ([t, n]) => {
          const out = [];
          for (let i = 0; i < n; i++) {
            const a = performance.now();
            const r = await chrome.runtime.sendMessage({ type: 'check', text: t, url: 'https://bench.example/' });
            if (!r || !Array.isArray(r.findings)) throw new Error(`check message failed: ${JSON.stringify(r).slice(0, 200)}`);
            out.push(performance.now() - a);
          }
          return out;
        },
        [t200, RUNS * 2],
      );
      await ext.close();
      res.sw.message200kMs = summary(rt);
    } catch (e) {
      // The background's check() is its own business; if it changes,
      // lose this row, not the page timings.
      res.swError = String(e?.message ?? e).slice(0, 300);
      console.error(`page: engine in the service worker not measured: ${res.swError}`);
    }
    const big = [];
    for (let i = 0; i < RUNS2M; i++) big.push(await visit(b.context, url2m, { trace: true, settleMs: 1500 }));
    res.page2m = {
      highlightsMs: summary(big.map((r) => r.first)),
      loadMs: summary(big.map((r) => r.nav.load)),
      ranges: big.map((r) => r.ranges),
      longestExtTaskMs: summary(big.map((r) => r.traced.longestExtTaskMs)),
      longestTaskSinceInjectionMs: summary(big.map((r) => r.traced.longestTaskMs)),
      longestLongtaskAfterDclMs: summary(
        big.map((r) => Math.max(0, ...r.longtasks.filter((t) => t.start >= r.nav.dcl).map((t) => t.dur))),
      ),
      traces: big.map((r) => r.traced),
    };
  } finally {
    await b.close();
    await srv.close();
  }
  console.log(JSON.stringify(res, null, 2));
  if (args.out) writeFileSync(args.out, JSON.stringify(res, null, 2) + '\n');
}

await main();
