#!/usr/bin/env node
// CertScope demo: opens each sample page in Chromium with the extension,
// hovers the first finding and saves a screenshot with its card open, and
// one of the toolbar popup for that page, then writes a report of every
// page's findings.
//
//   node scripts/demo.mjs --out DIR [--headed] [--pages]
//
// --headed shows the browser (needs $DISPLAY); --pages also runs the real
// pages in testdata/shared/pages. Writes DIR/NAME.png, DIR/NAME-popup.png, DIR/report.md and
// DIR/report.json, and prints DIR.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ensureDist, ROOT } from './lib/dist.mjs';
import { startServer } from './lib/server.mjs';
import { launch, settle, tabIdOf, waitFor } from './lib/chromium.mjs';

const { values: args } = parseArgs({
  options: { out: { type: 'string' }, headed: { type: 'boolean', default: false }, pages: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
});
if (args.help || !args.out) {
  console.error('usage: node scripts/demo.mjs --out DIR [--headed] [--pages]');
  process.exit(args.help ? 0 : 2);
}
const out = path.resolve(args.out);
mkdirSync(out, { recursive: true });
let headed = args.headed;
if (headed && !process.env.DISPLAY) {
  console.error('demo: --headed needs $DISPLAY; running headless');
  headed = false;
}

await import(pathToFileURL(path.join(ROOT, 'extension', 'report.js')).href);
const Report = globalThis.CertScopeReport;

const list = (dir, mount) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => ({ name: f.replace(/\.html$/, ''), mount }));
const pages = [...list('testdata/samples', 'samples'), ...(args.pages ? list('testdata/shared/pages', 'pages') : [])];

const dist = ensureDist();
const srv = await startServer();
const br = await launch(dist.chrome, { headed });
const version = await br.sw.evaluate(() => chrome.runtime.getManifest().version);
const reports = [];
let packs = [];
try {
  for (const { name, mount } of pages) {
    const page = await br.context.newPage();
    await page.setViewportSize({ width: 1200, height: 820 });
    const url = `${srv.origin}/${mount}/${name}.html`;
    await page.goto(url);
    const tab = await tabIdOf(br.sw, page);
    await settle(page);
    const state = await br.sw.evaluate((id) => handle({ type: 'tabState', tabId: id }, {}), tab);
    const findings = Object.values(state.frames).flat();
    // Hover the first highlight in reading order so its card opens.
    const point = await page.evaluate(() => {
      const rs = [];
      for (const s of ['high', 'medium', 'info']) for (const r of CSS.highlights.get(`certscope-${s}`) ?? []) rs.push(r);
      const rects = rs.map((r) => r.getClientRects()[0]).filter(Boolean).sort((a, b) => a.top - b.top || a.left - b.left);
      const q = rects[0];
      if (!q) return null;
      window.scrollBy(0, Math.max(0, q.top - 160));
      const r2 = rs.map((r) => r.getClientRects()[0]).filter(Boolean).sort((a, b) => a.top - b.top || a.left - b.left)[0];
      return { x: r2.left + Math.min(12, r2.width / 2), y: r2.top + r2.height / 2 };
    });
    if (point) {
      await page.mouse.move(point.x, point.y);
      await waitFor(() => page.evaluate(() => !!document.querySelector('[data-certscope-card]')), { what: 'card', timeout: 5000 }).catch(() => {});
      await page.waitForTimeout(150);
    }
    const shot = path.join(out, `${name}.png`);
    await page.screenshot({ path: shot });
    // The popup as Chrome shows it (360 px wide, at most 600 px tall).
    const pop = await br.context.newPage();
    await pop.setViewportSize({ width: 360, height: 600 });
    await pop.goto(`chrome-extension://${br.extensionId}/popup.html?tab=${tab}`);
    await pop.waitForTimeout(400);
    const h = await pop.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom));
    await pop.setViewportSize({ width: 360, height: Math.min(600, h) });
    await pop.screenshot({ path: path.join(out, `${name}-popup.png`) });
    await pop.close();
    packs = state.packs;
    reports.push({ name, ...Report.reportJSON({ url, version, findings }) });
    console.error(`demo: ${name}: ${findings.length} finding(s) -> ${shot}`);
    await page.close();
  }
} finally {
  await br.close();
  await srv.close();
}

writeFileSync(path.join(out, 'report.json'), JSON.stringify({ tool: 'CertScope', version, pages: reports }, null, 2) + '\n');
const md = reports.map((r) => Report.reportMarkdown({ url: r.url, version, packs, date: new Date(r.generated), findings: r.findings.map((f) => ({ ...f, claimText: f.claim })) }).replace(/^# CertScope report/, `# ${r.name}`));
writeFileSync(path.join(out, 'report.md'), `# CertScope demo report\n\n${reports.map((r) => `- ${r.name}: ${r.count} finding(s)`).join('\n')}\n\n${md.join('\n\n')}`);
console.log(out);
