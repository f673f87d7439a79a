// Failures, end to end in Chromium: the service worker killed in the middle
// of a check, the engine panicking, session storage and settings from
// another version. Uses the test-hooks build (dist/testhooks/chrome, built
// with -tags certscope_testhooks: a text holding CERTSCOPE-TEST-SLOW keeps
// the engine busy 2.5 s, CERTSCOPE-TEST-PANIC makes it panic).
// Run: node --test scripts/e2e/failures.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureTestDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { allTexts, badge, launch, settle, tabIdOf, waitFor } from '../lib/chromium.mjs';
// Highlights read as the sentences they sit in (the extension highlights the claim phrase).
import { sentenceHighlights as highlights } from '../lib/marks.mjs';

const BAD = 'Our camera firmware is unhackable.';
const BAD2 = 'The new gateway is also completely unhackable.';
const GOOD = 'We publish a vulnerability disclosure policy.';

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
let br;

before(async () => {
  const dist = ensureTestDist();
  srv = await startServer();
  br = await launch(dist.chrome);
});

after(async () => {
  await br?.close();
  await srv?.close();
});

const until = (p, pred, what, timeout = 20000) => waitFor(async () => pred(await highlights(p)), { what, timeout });
const hasText = (h, s) => allTexts(h).some((t) => t.includes(s));

// worker returns the extension's current service worker (a stopped one is
// replaced by a new instance when it wakes up).
async function worker() {
  return waitFor(() => br.context.serviceWorkers().find((w) => w.url().includes(br.extensionId)), { what: 'service worker' });
}

async function stopWorkers(p) {
  const cdp = await br.context.newCDPSession(p);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

test('the service worker stopped in the middle of a check: the content script retries', async (t) => {
  const p = await br.context.newPage();
  await p.goto(srv.route('/sw-kill', page(`<p>${BAD}</p><p>${GOOD} CERTSCOPE-TEST-SLOW</p>`)));
  const sw = await worker();
  // The engine runs on the worker's only thread: while it checks, the
  // worker answers nothing else. That is the moment to stop it.
  await waitFor(
    async () => (await Promise.race([sw.evaluate(() => 1).catch(() => 'gone'), sleep(300).then(() => 'busy')])) === 'busy',
    { what: 'the worker busy in a check', interval: 20, timeout: 10000 },
  );
  assert.deepEqual(allTexts(await highlights(p)), [], 'the check finished before the worker was stopped');
  const t0 = Date.now();
  await stopWorkers(p);
  await until(p, (h) => hasText(h, BAD), 'highlight after the worker was stopped mid-check');
  t.diagnostic(`stopped mid-check: highlighted ${Date.now() - t0} ms after the stop (the retried check itself takes 2.5 s)`);
  br.sw = await worker();
  const tab = await tabIdOf(br.sw, p);
  await waitFor(async () => (await badge(br.sw, tab)) === '1', { what: 'badge after the restart' });
  await p.close();
});

test('an engine panic: the engine restarts, the other blocks are still checked, the report holds no page text', async (t) => {
  const sw = await worker();
  const diag = () => sw.evaluate(() => handle({ type: 'diagnostics' }, {}));
  const before = await diag();
  const secret = 'Confidential zebra-7731 merger plan';
  const p = await br.context.newPage();
  await p.goto(srv.route('/panic', page(`<p>${BAD}</p><p>${secret} CERTSCOPE-TEST-PANIC is unhackable.</p><p>${BAD2}</p>`)));
  // The batch that panicked is split until the poisonous block is alone.
  await until(p, (h) => hasText(h, BAD) && hasText(h, BAD2), 'highlights of the blocks around the panic');
  const h = await settle(p);
  assert.ok(!allTexts(h).some((x) => x.includes('zebra')), 'the panicking block cannot have findings');
  const d = await diag();
  const fresh = d.failures.slice(before.failures.length);
  assert.ok(fresh.length >= 1, 'the panic was recorded');
  assert.ok(d.engineStarts >= before.engineStarts + fresh.length, `engine restarted after each panic: ${before.engineStarts} -> ${d.engineStarts}`);
  for (const f of fresh) {
    assert.equal(f.code, 'engine_panic');
    assert.match(f.input.fnv1a64, /^[0-9a-f]{16}$/);
    assert.ok(f.input.bytes > 0 && f.input.units > 0);
    assert.match(f.message, /certscope|main\./, `the panic site is named: ${f.message}`);
  }
  const json = JSON.stringify(d);
  for (const word of ['zebra', 'Confidential', 'merger', 'unhackable', 'camera', 'TEST-PANIC']) assert.ok(!json.includes(word), `"${word}" leaked into the report: ${json}`);
  // The poisonous block alone, hashed the same way each time it is sent.
  const last = fresh.at(-1).input;
  assert.equal(last.units, `${secret} CERTSCOPE-TEST-PANIC is unhackable.`.length);
  t.diagnostic(`engine panic: ${fresh.length} panics recorded while isolating the block, engine started ${d.engineStarts - before.engineStarts} more time(s); last report ${JSON.stringify(fresh.at(-1))}`);
  // The restarted engine serves the next page.
  await p.goto(srv.route('/after-panic', page(`<p>${BAD2}</p>`)));
  await until(p, (h) => hasText(h, BAD2), 'highlight after the panic');
  await p.close();
});

test('corrupt session storage in the worker: badges still work', async () => {
  for (const junk of ['garbage', [1, 2], { 5: null, 6: { frames: 'x' }, 7: { frames: { 0: 'y' } } }]) {
    const sw = await worker();
    await sw.evaluate((v) => chrome.storage.session.set({ tabs: v }), junk);
    // A new worker reads the mirror back.
    const p = await br.context.newPage();
    await p.goto(srv.route('/session', page(`<p>${GOOD}</p>`)));
    await stopWorkers(p);
    await p.evaluate((s) => document.body.append(Object.assign(document.createElement('p'), { textContent: s })), BAD);
    await until(p, (h) => hasText(h, BAD), 'highlight');
    br.sw = await worker();
    const tab = await tabIdOf(br.sw, p);
    await waitFor(async () => (await badge(br.sw, tab)) === '1', { what: `badge with session ${JSON.stringify(junk)}` });
    await p.close();
  }
});

test('settings from an older version are migrated, applied at once and announced', async () => {
  const sw = await worker();
  await sw.evaluate(async () => {
    await chrome.storage.local.remove('notice');
    // Version 0: no schemaVersion, disabled packs as a list.
    await chrome.storage.sync.set({ settings: { enabled: true, disabledPacks: ['absolutes'], pausedSites: [] } });
    await chrome.storage.local.set({ prefs: { mutedRules: [] } });
  });
  const p = await br.context.newPage();
  await p.goto(srv.route('/migrated', page(`<p>${BAD}</p>`)));
  await tabIdOf(br.sw, p);
  const h = await settle(p);
  assert.deepEqual(allTexts(h), [], 'the pack disabled in the old settings stays off');
  const s = await sw.evaluate(() => chrome.storage.sync.get('settings').then((x) => x.settings));
  assert.equal(s.schemaVersion, 1);
  assert.equal(s.packs.absolutes, false);
  const tab = await tabIdOf(br.sw, p);
  const pop = await br.context.newPage();
  await pop.goto(`chrome-extension://${br.extensionId}/popup.html?tab=${tab}`);
  await waitFor(() => pop.locator('#notice').isVisible(), { what: 'notice in the popup' });
  await pop.close();
  await sw.evaluate(() => CertScopeSettings.update((x) => {
    x.packs = {};
  }));
  await until(p, (h) => hasText(h, BAD), 'pack back on');
  await p.close();
});
