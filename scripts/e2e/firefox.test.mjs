// Firefox smoke test: the built dist/firefox installs as a temporary add-on
// in firefox-esr and highlights a sample page. Run: node --test scripts/e2e/
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { waitFor } from '../lib/chromium.mjs';
import { launchFirefox } from '../lib/firefox.mjs';

let srv;
let ff;
before(async () => {
  const dist = ensureDist();
  srv = await startServer();
  ff = await launchFirefox(dist.firefox);
});
after(async () => {
  await ff?.close();
  await srv?.close();
});

test('firefox-esr: the extension installs and highlights a sample page', async () => {
  assert.equal(ff.id, 'certscope@certscope.dev');
  const page = await ff.browser.newPage();
  await page.goto(`${srv.origin}/samples/hikvision-2018.html`);
  const texts = await waitFor(
    () =>
      page.evaluate(() => {
        const out = [];
        for (const s of ['high', 'medium', 'info']) for (const r of CSS.highlights.get(`certscope-${s}`) ?? []) out.push(r.toString());
        return out.length ? out : null;
      }),
    { what: 'highlights in Firefox', timeout: 30000 },
  );
  assert.ok(texts.some((t) => t.includes('unhackable')), JSON.stringify(texts));
  assert.ok(!texts.some((t) => t.includes('IFSEC')), 'neutral sentence highlighted');
  // The page's DOM is untouched: no card host, nothing added to the body.
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-certscope-card]').length), 0);
  await page.close();
});

test('firefox-esr: open shadow DOM is highlighted and hovering opens the card', async () => {
  const url = srv.route(
    '/ff-shadow',
    '<!doctype html><html lang="en"><body><p style="margin:60px">Our camera firmware is unhackable.</p>' +
      '<x-card><template shadowrootmode="open"><p>The new gateway is also completely unhackable.</p></template></x-card></body></html>',
  );
  const page = await ff.browser.newPage();
  await page.goto(url);
  await waitFor(
    () =>
      page.evaluate(() => {
        let n = 0;
        for (const s of ['high', 'medium', 'info']) n += CSS.highlights.get(`certscope-${s}`)?.size ?? 0;
        return n === 2;
      }),
    { what: 'two highlights, one in the shadow root', timeout: 30000 },
  );
  assert.ok(await page.evaluate(() => document.querySelector('x-card').shadowRoot.adoptedStyleSheets.length > 0), 'styles adopted in the shadow root');
  const r = await page.evaluate(() => {
    for (const s of ['high', 'medium', 'info']) {
      for (const range of CSS.highlights.get(`certscope-${s}`) ?? []) {
        if (!range.toString().includes('firmware')) continue;
        const q = range.getClientRects()[0];
        return { x: q.left + 8, y: q.top + q.height / 2 };
      }
    }
    return null;
  });
  await page.mouse.move(r.x, r.y);
  const text = await waitFor(() => page.evaluate(() => document.querySelector('[data-certscope-card]')?.shadowRoot?.querySelector('.card')?.innerText), {
    what: 'card',
    timeout: 10000,
  });
  assert.match(text, /Mute this rule/);
  assert.match(text, /unhackable/);
  // Settings round-trip through storage in Firefox too: mute, then undo.
  const count = () =>
    page.evaluate(() => ['high', 'medium', 'info'].reduce((n, s) => n + (CSS.highlights.get(`certscope-${s}`)?.size ?? 0), 0));
  const click = (label) =>
    page.evaluate((l) => [...document.querySelector('[data-certscope-card]').shadowRoot.querySelectorAll('button')].find((b) => b.textContent === l).click(), label);
  await click('Mute this rule');
  await waitFor(async () => (await count()) === 0, { what: 'muted in Firefox' });
  await click('Undo');
  await waitFor(async () => (await count()) === 2, { what: 'restored in Firefox' });
  await page.close();
});
