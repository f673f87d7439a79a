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
  assert.equal(await page.evaluate(() => document.querySelectorAll('certscope-card').length), 0);
  await page.close();
});
