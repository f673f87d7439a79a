// Launches Debian's Chromium with the built extension through
// playwright-core, and reads what the extension draws. Which Chromium
// (current or the oldest the manifest allows) is CERTSCOPE_BROWSER's
// choice, see browsers.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { browserPath, label } from './browsers.mjs';

export const chromiumPath = () => browserPath('chromium');
// chromiumLabel names the build under test, e.g. "Chromium 150.0.7871.100 (oldest)".
export const chromiumLabel = () => label('chromium');

// args are extra Chromium switches (e.g. a proxy for the privacy test).
export async function launch(extDir, { headed = false, args = [] } = {}) {
  const userDir = mkdtempSync(path.join(os.tmpdir(), 'certscope-chromium-'));
  const context = await chromium.launchPersistentContext(userDir, {
    headless: !headed,
    executablePath: chromiumPath(),
    viewport: { width: 1200, height: 900 },
    args: [
      '--no-sandbox',
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...args,
    ],
  });
  let [sw] = context.serviceWorkers();
  sw ??= await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    sw,
    extensionId,
    async close() {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

// highlights returns the text of every certscope-* highlight range, by
// severity, as the page sees it (CSS.highlights is shared with the
// content script).
export function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    for (const s of ['high', 'medium', 'info']) {
      const h = CSS.highlights.get(`certscope-${s}`);
      out[s] = h ? [...h].map((r) => r.toString().replace(/\s+/g, ' ').trim()) : [];
    }
    return out;
  });
}

export const allTexts = (h) => [...h.high, ...h.medium, ...h.info];

// waitFor polls fn until it returns a truthy value or the time runs out.
export async function waitFor(fn, { timeout = 10000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// tabIdOf finds the tab id of page through the background's record of what
// each tab's content script reported.
export async function tabIdOf(sw, page) {
  const url = page.url();
  return waitFor(
    () =>
      sw.evaluate(async (u) => {
        const all = await tabState();
        const hit = Object.entries(all).find(([, t]) => t.url === u);
        return hit ? Number(hit[0]) : 0;
      }, url),
    { what: `tab of ${url}` },
  );
}

export const badge = (sw, tabId) => sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

// settle waits until the highlights stop changing (the content script
// debounces and checks in the background).
export async function settle(page, ms = 600) {
  let prev = JSON.stringify(await highlights(page));
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(ms);
    const cur = JSON.stringify(await highlights(page));
    if (cur === prev) return JSON.parse(cur);
    prev = cur;
  }
  return JSON.parse(prev);
}

// rectOf waits for a certscope highlight containing text and returns a
// point inside its first client rect (for hovering it).
export async function rectOf(p, text) {
  return waitFor(
    () =>
      p.evaluate((t) => {
        for (const s of ['high', 'medium', 'info']) {
          for (const r of CSS.highlights.get(`certscope-${s}`) ?? []) {
            if (!r.toString().includes(t)) continue;
            const q = r.getClientRects()[0];
            if (q) return { x: q.left + Math.min(8, q.width / 2), y: q.top + q.height / 2 };
          }
        }
        return null;
      }, text),
    { what: `rect of ${text}` },
  );
}
