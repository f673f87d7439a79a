// Firefox smoke test: the built dist/firefox installs as a temporary add-on
// in firefox-esr and highlights a sample page. The Firefox is the current
// ESR, or the oldest the manifest allows with CERTSCOPE_BROWSER=oldest (see
// scripts/lib/browsers.mjs). Run: node --test scripts/e2e/firefox.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { waitFor } from '../lib/chromium.mjs';
import { firefoxLabel, launchFirefox } from '../lib/firefox.mjs';

const FX = firefoxLabel();
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

test(`${FX}: the extension installs and highlights a sample page`, async () => {
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

test(`${FX}: open shadow DOM is highlighted and hovering opens the card`, async () => {
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
        if (!range.toString().includes('unhackable')) continue; // the claim of the first paragraph
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
  assert.match(text, /What to ask the vendor/);
  assert.match(text, /unhackable/);
  assert.match(text, /[▲◆●]/, 'severity marked by shape as well as colour');
  // Settings round-trip through storage in Firefox too: mute, then undo.
  const count = () =>
    page.evaluate(() => ['high', 'medium', 'info'].reduce((n, s) => n + (CSS.highlights.get(`certscope-${s}`)?.size ?? 0), 0));
  const click = (label) =>
    page.evaluate((l) => [...document.querySelector('[data-certscope-card]').shadowRoot.querySelectorAll('button')].find((b) => b.textContent === l || b.getAttribute('aria-label') === l).click(), label);
  await click('More actions');
  await click('Mute this rule');
  await waitFor(async () => (await count()) === 0, { what: 'muted in Firefox' });
  await click('Undo');
  await waitFor(async () => (await count()) === 2, { what: 'restored in Firefox' });
  await page.close();
});

test(`${FX}: hostile page (overrides, own <certscope-card>, zero-width claim, 5,000 levels, cleared highlights)`, async () => {
  const head = `<script>
    const boom = () => { throw new Error('page override'); };
    Document.prototype.createTreeWalker = boom;
    Element.prototype.attachShadow = boom;
    Node.prototype.appendChild = boom;
    window.Range = boom;
    window.MutationObserver = boom;
    window.getComputedStyle = boom;
    customElements.define('certscope-card', class extends HTMLElement {
      constructor() { super(); document.documentElement.dataset.cardSeen = 'yes'; }
    });
    window.__ticks = 0; setInterval(() => window.__ticks++, 25);
  </script>`;
  const body = `<p style="margin:60px">Our platform is HIP\u200BAA certified.</p><div id="deep"></div><script>
    let el = document.getElementById('deep');
    for (let i = 0; i < 5000; i++) { const d = document.createElement(i % 2 ? 'span' : 'div'); d.style.display = 'contents'; el.append(d); el = d; }
    el.append('Our camera firmware is unhackable.');
  </script>`;
  const page = await ff.browser.newPage();
  await page.goto(srv.route('/ff-hostile', `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`));
  const texts = () =>
    page.evaluate(() => {
      const out = [];
      for (const s of ['high', 'medium', 'info']) for (const r of CSS.highlights.get(`certscope-${s}`) ?? []) out.push(r.toString().replace(/[\u200B]/g, ''));
      return out;
    });
  const both = async () => {
    const t = await texts();
    return t.some((x) => x.includes('HIPAA certified')) && t.some((x) => x.includes('unhackable'));
  };
  await waitFor(both, { what: 'both highlights despite the page', timeout: 30000 });
  await page.evaluate(() => CSS.highlights.clear());
  await waitFor(both, { what: 'highlights redrawn after CSS.highlights.clear()', timeout: 10000 });
  const r = await page.evaluate(() => {
    const range = [...CSS.highlights.values()][0].values().next().value;
    const q = range.getClientRects()[0];
    return { x: q.left + 4, y: q.top + q.height / 2 };
  });
  await page.mouse.move(r.x, r.y);
  await waitFor(() => page.evaluate(() => document.querySelector('[data-certscope-card]')?.shadowRoot?.querySelector('.card')?.textContent), { what: 'card', timeout: 10000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.cardSeen ?? 'never'), 'never', 'the page constructor ran on our card');
  const t0 = await page.evaluate(() => window.__ticks);
  await new Promise((r) => setTimeout(r, 300));
  assert.ok((await page.evaluate(() => window.__ticks)) > t0, 'the page timer stopped');
  await page.close();
});
