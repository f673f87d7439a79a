// Highlights are painted, not only registered: in Chromium and Firefox (the
// build CERTSCOPE_BROWSER picks, see scripts/lib/browsers.mjs), a claim in
// the light DOM and one inside an open shadow root must show the highlight
// colour in a screenshot, and a neutral sentence in the same shadow root
// must not. Firefox 140 once registered shadow-root highlights without
// painting them (its content script could not adopt our style sheet).
// Run: node --test scripts/e2e/paint.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ensureDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { chromiumLabel, launch, waitFor } from '../lib/chromium.mjs';
import { firefoxLabel, launchFirefox } from '../lib/firefox.mjs';
import { decodePNG, over, share } from '../lib/png.mjs';

// The highlight backgrounds for light pages (extension/content.css).
const TINT = { high: [225, 29, 72, 0.2], medium: [245, 158, 11, 0.26], info: [59, 130, 246, 0.16] };
const LIGHT = 'Our camera firmware is unhackable.';
const SHADOW = 'The new gateway is also completely unhackable.';
const NEUTRAL = 'We publish a vulnerability disclosure policy.';
const HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>' +
  '<body style="margin:0;background:#fff;color:#000;font:22px/1.6 sans-serif">' +
  `<p style="margin:40px">${LIGHT}</p>` +
  `<x-card><template shadowrootmode="open"><p style="margin:40px">${SHADOW}</p><p style="margin:40px">${NEUTRAL}</p></template></x-card>` +
  '</body></html>';

// where returns, in the page's world, the severity and viewport rect of the
// highlight containing each claim, and the rect of the neutral sentence.
const where = ([light, shadow, neutral]) => {
  const found = {};
  for (const s of ['high', 'medium', 'info']) {
    for (const r of CSS.highlights.get(`certscope-${s}`) ?? []) {
      // The highlight covers the claim phrase; its text node holds the sentence.
      const t = r.startContainer.textContent;
      const q = r.getBoundingClientRect();
      const rect = { x: q.left, y: q.top, width: q.width, height: q.height };
      if (t.includes(light)) found.light = { severity: s, rect };
      if (t.includes(shadow)) found.shadow = { severity: s, rect };
    }
  }
  const p = [...document.querySelector('x-card').shadowRoot.querySelectorAll('p')].find((e) => e.textContent === neutral);
  const r = new Range();
  r.selectNodeContents(p);
  const q = r.getBoundingClientRect();
  found.neutral = { rect: { x: q.left, y: q.top, width: q.width, height: q.height } };
  found.dpr = devicePixelRatio;
  return found.light && found.shadow ? found : null;
};

// checkPainted polls screenshots until both claims show their tint (or
// the time runs out) and returns the measured shares.
async function checkPainted(page, shot) {
  const at = await waitFor(() => page.evaluate(where, [LIGHT, SHADOW, NEUTRAL]), { what: 'both highlights registered', timeout: 30000 });
  const scale = (r) => ({ x: r.x * at.dpr, y: r.y * at.dpr, width: r.width * at.dpr, height: r.height * at.dpr });
  let last;
  const painted = await waitFor(
    async () => {
      const img = decodePNG(await shot());
      last = {
        light: share(img, over(TINT[at.light.severity]), scale(at.light.rect)),
        shadow: share(img, over(TINT[at.shadow.severity]), scale(at.shadow.rect)),
        neutral: Math.max(...Object.values(TINT).map((c) => share(img, over(c), scale(at.neutral.rect)))),
      };
      return last.light > 0.3 && last.shadow > 0.3 ? last : null;
    },
    { what: 'both claims painted', timeout: 10000, interval: 300 },
  ).catch((e) => assert.fail(`${e.message}; tinted shares ${JSON.stringify(last)}`));
  assert.ok(painted.neutral < 0.02, `the neutral sentence is tinted: ${JSON.stringify(painted)}`);
  return painted;
}

describe(`painted in ${chromiumLabel()}`, () => {
  let srv;
  let br;
  before(async () => {
    srv = await startServer();
    br = await launch(ensureDist().chrome);
  });
  after(async () => {
    await br?.close();
    await srv?.close();
  });
  test('a claim in the light DOM and one in an open shadow root show the highlight colour', async (t) => {
    const page = await br.context.newPage();
    await page.goto(srv.route('/paint', HTML));
    const got = await checkPainted(page, () => page.screenshot());
    t.diagnostic(`tinted pixel shares: ${JSON.stringify(got)}`);
    await page.close();
  });
});

describe(`painted in ${firefoxLabel()}`, () => {
  let srv;
  let ff;
  before(async () => {
    srv = await startServer();
    ff = await launchFirefox(ensureDist().firefox);
  });
  after(async () => {
    await ff?.close();
    await srv?.close();
  });
  test('a claim in the light DOM and one in an open shadow root show the highlight colour', async (t) => {
    const page = await ff.browser.newPage();
    await page.goto(srv.route('/paint', HTML));
    const got = await checkPainted(page, () => page.screenshot());
    t.diagnostic(`tinted pixel shares: ${JSON.stringify(got)}`);
    await page.close();
  });
});
