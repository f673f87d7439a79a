// Golden test over real pages (testdata/shared/pages) and the project's
// samples (testdata/samples) in Chromium with the built extension: every
// expected snippet must be extracted inside one text block, "misleading"
// snippets should be highlighted and "legitimate"/"neutral" ones must not.
// Prints per-page and overall precision/recall.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureDist, ROOT } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { allTexts, launch, settle, tabIdOf } from '../lib/chromium.mjs';
import { score } from '../lib/golden.mjs';

// Thresholds that hold for the engine as tuned; raise them as it improves.
// Precision is held higher than recall: a wrong card teaches readers to
// ignore CertScope.
const MIN_PRECISION = Number(process.env.CERTSCOPE_MIN_PRECISION ?? 0.9);
const MIN_RECALL = Number(process.env.CERTSCOPE_MIN_RECALL ?? 0.7);
const MIN_EXTRACTED = 0.95; // share of expected snippets found inside one block

const pages = [
  ...readdirSync(path.join(ROOT, 'testdata/shared/pages')).filter((f) => f.endsWith('.html')).map((f) => ['pages', f]),
  ...readdirSync(path.join(ROOT, 'testdata/samples')).filter((f) => f.endsWith('.html')).map((f) => ['samples', f]),
];
const expectOf = (dir, f) => {
  const base = dir === 'pages' ? 'testdata/shared/pages' : 'testdata/samples';
  return JSON.parse(readFileSync(path.join(ROOT, base, f.replace(/\.html$/, '.expect.json')), 'utf8'));
};

let srv;
let br;
before(async () => {
  const dist = ensureDist();
  srv = await startServer();
  br = await launch(dist.chrome);
});
after(async () => {
  await br?.close();
  await srv?.close();
});

const norm = (s) => s.replace(/\s+/g, ' ').trim().toLowerCase();

test('golden pages: extraction, precision and recall', async (t) => {
  const total = { tp: 0, fp: 0, fn: 0, tn: 0, snippets: 0, extracted: 0 };
  const misses = [];
  for (const [dir, f] of pages) {
    const expect = expectOf(dir, f);
    const page = await br.context.newPage();
    await page.goto(`${srv.origin}/${dir}/${f}`);
    const tab = await tabIdOf(br.sw, page);
    const frames = await Promise.all(page.frames().map((fr) => settle(fr)));
    const texts = frames.flatMap(allTexts);
    const r = score(expect, texts);
    const { blocks } = await br.sw.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'pageText' }, { frameId: 0 }), tab);
    const normBlocks = blocks.map(norm);
    let extracted = 0;
    for (const it of expect.items) {
      if (normBlocks.some((b) => b.includes(norm(it.text)))) extracted++;
      else misses.push(`${f}: not extracted as one block: ${it.text}`);
    }
    total.snippets += expect.items.length;
    total.extracted += extracted;
    for (const k of ['tp', 'fp', 'fn', 'tn']) total[k] += r[k].length;
    t.diagnostic(`${f}: tp=${r.tp.length} fp=${r.fp.length} fn=${r.fn.length} tn=${r.tn.length} extracted=${extracted}/${expect.items.length}`);
    for (const s of r.fp) t.diagnostic(`  false positive: ${s}`);
    for (const s of r.fn) t.diagnostic(`  missed: ${s}`);
    await page.close();
  }
  const precision = total.tp + total.fp ? total.tp / (total.tp + total.fp) : 1;
  const recall = total.tp + total.fn ? total.tp / (total.tp + total.fn) : 1;
  const extractedShare = total.extracted / total.snippets;
  t.diagnostic(`overall: tp=${total.tp} fp=${total.fp} fn=${total.fn} tn=${total.tn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} extracted=${total.extracted}/${total.snippets}`);
  for (const m of misses) t.diagnostic(m);
  assert.ok(extractedShare >= MIN_EXTRACTED, `only ${total.extracted}/${total.snippets} snippets extracted inside one block`);
  assert.ok(precision >= MIN_PRECISION, `precision ${precision.toFixed(3)} < ${MIN_PRECISION}`);
  assert.ok(recall >= MIN_RECALL, `recall ${recall.toFixed(3)} < ${MIN_RECALL}`);
});
