// End-to-end tests of the card as a reader meets it: hover, click, keys,
// paging, placement, its first view, its actions. Headless Chromium with the
// built extension from dist/chrome. The popup, badge, shortcuts, exports and
// first-run page: popup.test.mjs.
// Run: node --test scripts/e2e/card.test.mjs
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { allTexts, launch, rectOf, tabIdOf, waitFor } from '../lib/chromium.mjs';
import { sentenceHighlights as highlights } from '../lib/marks.mjs';

const BAD = 'Our camera firmware is unhackable.';
const BAD2 = 'The new gateway is also completely unhackable.';
const GOOD = 'We publish a vulnerability disclosure policy.';
const CE = 'Our cameras are Cyber Essentials Plus certified.'; // high, with a register
const TWO = 'Our ISO 27001:2013 certified cameras.'; // high and medium on one claim
const MIXED = 'We are GDPR certified and SOC 2 certified, and our ISO 27001:2013 certified cameras are unhackable.';
// A rule id as the engine writes it ("scope/org-cert-on-product").
const RULE_ID = /\b(absolutes|endorsement|nonexistent|scope|stale|terminology|validation)\/[a-z0-9-]+/;

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

let srv;
let br;
let dist;
before(async () => {
  dist = ensureDist();
  srv = await startServer();
  br = await launch(dist.chrome);
});
after(async () => {
  await br?.close();
  await srv?.close();
});

async function open(url, viewport) {
  const p = await br.context.newPage();
  if (viewport) await p.setViewportSize(viewport);
  await p.goto(url);
  return p;
}
const until = (p, pred, what) => waitFor(async () => pred(await highlights(p)), { what, timeout: 15000 });
const hasText = (h, s) => allTexts(h).some((t) => t.includes(s));
const tabOf = (p) => tabIdOf(br.sw, p);
const tabState = (tab) => br.sw.evaluate((id) => handle({ type: 'tabState', tabId: id }, {}), tab);

// card describes the open card as a reader sees it.
const card = (p) =>
  p.evaluate(() => {
    const host = document.querySelector('[data-certscope-card]');
    const box = host?.shadowRoot?.querySelector('.card');
    if (!box) return null;
    const r = box.getBoundingClientRect();
    return {
      text: box.innerText,
      words: box.innerText.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length,
      rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, height: r.height },
      sev: ['high', 'medium', 'info'].find((s) => box.classList.contains(`sev-${s}`)),
      count: host.shadowRoot.querySelector('.count')?.textContent ?? '',
      verdict: host.shadowRoot.querySelector('.verdict')?.textContent ?? '',
      quote: host.shadowRoot.querySelector('.claim')?.textContent ?? '',
      bold: host.shadowRoot.querySelector('.claim strong')?.textContent ?? '',
      focused: document.activeElement === host && !!host.shadowRoot.activeElement,
      pinned: box.getAttribute('aria-modal') === 'true',
    };
  });
const noCard = (p) => p.evaluate(() => !document.querySelector('[data-certscope-card]'));
const press = (p, label) =>
  p.evaluate((l) => {
    const root = document.querySelector('[data-certscope-card]').shadowRoot;
    const b = [...root.querySelectorAll('button, a')].find((x) => x.textContent.trim() === l || x.getAttribute('aria-label') === l);
    if (!b) throw new Error(`no button ${l}`);
    b.click();
  }, label);

// claimRects returns the client rects of every highlight range holding text.
const claimRects = (p, text) =>
  p.evaluate((t) => {
    const out = [];
    for (const s of ['high', 'medium', 'info']) {
      for (const r of CSS.highlights.get(`certscope-${s}`) ?? []) {
        if (r.toString().includes(t)) out.push(...[...r.getClientRects()].map((q) => ({ left: q.left, top: q.top, right: q.right, bottom: q.bottom })));
      }
    }
    return out;
  }, text);
const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

async function closeCard(p) {
  if (!(await noCard(p))) await p.keyboard.press('Escape');
  await p.mouse.move(1, 1);
}

async function hoverClaim(p, text) {
  await closeCard(p);
  await waitFor(() => noCard(p), { what: 'no card before hovering' });
  const r = await rectOf(p, text);
  await p.mouse.move(r.x, r.y);
  return waitFor(() => card(p), { what: `card for ${text}` });
}

describe('card', () => {
  test('hover previews a short card: verdict, pack name, the claim in its sentence, two actions; it closes when the pointer leaves', async () => {
    const p = await open(srv.route('/c-hover', page(`<p style="margin:100px">${CE}</p><p style="margin-top:400px">${GOOD}</p>`)));
    await until(p, (h) => hasText(h, CE), 'highlight');
    const tab = await tabOf(p);
    const [f] = (await tabState(tab)).frames[0];
    const packs = (await tabState(tab)).packs;
    const c = await hoverClaim(p, 'Cyber Essentials');
    assert.ok(c.text.includes(packs.find((x) => x.id === f.pack).name), `pack name in card: ${c.text}`);
    assert.ok(c.verdict.length > 10 && c.verdict.split(/\s+/).length <= 16, `one-line verdict: ${c.verdict}`);
    assert.equal(c.bold, f.claimText, 'the claim in bold');
    assert.ok(c.quote.replace(/[“”…]/g, '').includes(f.claimText), 'quoted in its sentence');
    for (const w of c.quote.replace(/[“”…]/g, ' ').split(/\s+/).filter(Boolean)) assert.ok(CE.split(/\s+/).includes(w), `quote cut mid-word: ${w}`);
    assert.match(c.text, /Check the register/);
    assert.match(c.text, /What to ask the vendor/);
    assert.doesNotMatch(c.text, RULE_ID, 'no rule id');
    assert.ok(c.rect.height <= 220, `first view ${c.rect.height} px tall`);
    assert.ok(c.words <= 55, `first view ${c.words} words: ${c.text}`);
    assert.ok(!c.pinned, 'hover only previews');
    const link = await p.evaluate(() => [...document.querySelector('[data-certscope-card]').shadowRoot.querySelectorAll('a')].find((a) => a.textContent === 'Check the register')?.href);
    assert.equal(link, f.verify.url, 'the register link');
    const info = await p.evaluate(() => {
      const host = document.querySelector('[data-certscope-card]');
      const box = host.shadowRoot.querySelector('.card');
      return { role: box.getAttribute('role'), fixed: getComputedStyle(host).position, live: !!host.shadowRoot.querySelector('[aria-live]') };
    });
    assert.deepEqual(info, { role: 'dialog', fixed: 'fixed', live: true });
    await p.mouse.move(5, 600);
    await waitFor(() => noCard(p), { what: 'card closes after leaving' });
    await p.close();
  });

  test('collapsed sections open one at a time and say each thing once', async () => {
    const p = await open(srv.route('/c-sections', page(`<p style="margin:100px">${CE}</p>`)));
    await until(p, (h) => hasText(h, CE), 'highlight');
    await hoverClaim(p, 'Cyber Essentials');
    const panels = await p.evaluate(() => [...document.querySelector('[data-certscope-card]').shadowRoot.querySelectorAll('.disc')].map((b) => b.textContent));
    assert.deepEqual(panels.slice(0, 3), ['Why', 'Sources', 'Accurate wording']);
    for (const label of ['Why', 'Sources', 'Accurate wording', 'More actions']) {
      await press(p, label);
      const c = await card(p);
      assert.equal((c.text.match(/What is true/gi) ?? []).length, 0, 'no engine label repeated in the card');
      assert.doesNotMatch(c.text, RULE_ID);
      const open = await p.evaluate(() => [...document.querySelector('[data-certscope-card]').shadowRoot.querySelectorAll('.panel')].filter((x) => !x.hidden).length);
      assert.equal(open, 1, `${label}: one panel open`);
    }
    // The verdict is not repeated under "Why".
    await press(p, 'Why');
    const why = await p.evaluate(() => document.querySelector('[data-certscope-card]').shadowRoot.querySelector('#cs-why').textContent);
    const verdict = (await card(p)).verdict.replace(/\.$/, '');
    assert.ok(!why.includes(verdict), `"Why" repeats the verdict: ${why}`);
    await p.close();
  });

  test('a claim with two findings pages "1 of 2", highest severity first; the highlight shows the highest severity only', async () => {
    const p = await open(srv.route('/c-two', page(`<p style="margin:100px">${TWO}</p>`)));
    await until(p, (h) => hasText(h, TWO), 'highlight');
    const raw = await p.evaluate(() => ['high', 'medium', 'info'].map((s) => CSS.highlights.get(`certscope-${s}`)?.size ?? 0));
    assert.deepEqual(raw, [1, 0, 0], 'one highlight, in the highest severity');
    const a = await hoverClaim(p, 'ISO 27001');
    assert.equal(a.count, '1 of 2');
    assert.equal(a.sev, 'high');
    await press(p, 'Next finding on this claim');
    const b = await card(p);
    assert.equal(b.count, '2 of 2');
    assert.equal(b.sev, 'medium');
    assert.notEqual(a.verdict, b.verdict);
    await p.close();
  });

  test('every finding on a multi-finding sentence opens by mouse', async () => {
    const p = await open(srv.route('/c-mixed', page(`<p style="margin:100px 20px">${MIXED}</p>`)));
    await until(p, (h) => hasText(h, MIXED), 'highlights');
    const tab = await tabOf(p);
    await waitFor(async () => (await tabState(tab)).frames[0]?.length >= 2, { what: 'findings reported' });
    const findings = (await tabState(tab)).frames[0].filter((f) => f.sentence.includes('GDPR'));
    // One hover per highlighted claim (findings on one claim share a key).
    const claims = [...new Map(findings.map((f) => [f.key, f.claimText])).values()];
    const seen = [];
    for (const text of claims) {
      const c = await hoverClaim(p, text);
      const n = Number(c.count.split(' of ')[1] ?? 1);
      for (let i = 0; i < n; i++) {
        const now = await card(p);
        seen.push(`${now.sev}|${now.verdict}`);
        if (n > 1) await press(p, 'Next finding on this claim');
      }
    }
    assert.equal(seen.length, findings.length, `every finding reached: ${seen.join('; ')}`);
    assert.deepEqual(seen.map((s) => s.split('|')[0]).sort(), findings.map((f) => f.severity).sort());
    await p.close();
  });

  test('click pins the card; Tab stays inside; Escape closes it and returns the focus', async () => {
    const p = await open(srv.route('/c-pin', page(`<button id="before">before</button><p style="margin:100px">${BAD}</p>`)));
    await until(p, (h) => hasText(h, BAD), 'highlight');
    const r = await rectOf(p, 'unhackable');
    await p.mouse.click(r.x, r.y);
    const c = await waitFor(() => card(p), { what: 'pinned card' });
    assert.ok(c.pinned && c.focused, 'pinned, focus in the card');
    await p.mouse.move(5, 500);
    await p.waitForTimeout(700);
    assert.ok(await card(p), 'a pinned card stays when the pointer leaves');
    await p.mouse.click(5, 500);
    await waitFor(() => noCard(p), { what: 'a click elsewhere closes it' });

    // From the keyboard (the next-finding command): focus goes in, Tab
    // cycles inside, Escape gives the focus back.
    await p.focus('#before');
    const tab = await tabOf(p);
    await br.sw.evaluate((id) => runCommand('next-finding', { id }), tab);
    await waitFor(async () => (await card(p))?.focused, { what: 'card focused from the keyboard' });
    for (let i = 0; i < 12; i++) {
      await p.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
      assert.ok((await card(p)).focused, `focus left the card after ${i + 1} Tab presses`);
    }
    await p.keyboard.press('Escape');
    await waitFor(() => noCard(p), { what: 'Escape closes' });
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'before', 'focus returned');
    await p.close();
  });

  test('the commands walk the claims in page order and scroll to them', async () => {
    const p = await open(srv.route('/c-keys', page(`<p>${BAD}</p><p style="margin-top:1500px">${GOOD}</p><p>${BAD2}</p>`)));
    await until(p, (h) => hasText(h, BAD) && hasText(h, BAD2), 'two highlights');
    const tab = await tabOf(p);
    const state = () => p.evaluate(() => (document.querySelector('[data-certscope-card]') ? { y: window.scrollY } : null));
    await br.sw.evaluate((id) => runCommand('next-finding', { id }), tab);
    assert.equal((await waitFor(state, { what: 'first card' })).y, 0);
    await br.sw.evaluate((id) => runCommand('next-finding', { id }), tab);
    await waitFor(async () => (await state())?.y > 500, { what: 'second card, scrolled' });
    await br.sw.evaluate((id) => runCommand('previous-finding', { id }), tab);
    await waitFor(async () => (await state())?.y < 500, { what: 'back to the first' });
    await p.close();
  });

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 800, height: 600 },
    { width: 360, height: 640 },
  ]) {
    test(`the card never covers its claim and stays in the viewport at ${viewport.width}x${viewport.height}`, async () => {
      // Claims at the top, middle and bottom of the window, at both edges,
      // and one long claim that wraps.
      const body =
        `<p style="margin:4px">${CE}</p>` +
        `<p style="margin:${Math.round(viewport.height / 2 - 60)}px 4px 0;text-align:right">${BAD}</p>` +
        `<p style="margin:4px;width:200px">${TWO}</p>` +
        `<p style="position:fixed;bottom:2px;left:2px;margin:0">${BAD2}</p>`;
      const p = await open(srv.route(`/c-place-${viewport.width}`, page(body)), viewport);
      await until(p, (h) => [CE, BAD, TWO, BAD2].every((s) => hasText(h, s)), 'highlights');
      for (const text of ['Cyber Essentials', 'firmware is unhackable', 'ISO 27001', 'completely unhackable']) {
        const claim = text.includes('unhackable') ? 'unhackable' : text;
        const rects = await claimRects(p, claim);
        const target = text.includes('firmware') ? rects[0] : text.includes('completely') ? rects[rects.length - 1] : rects[0];
        await closeCard(p);
        await waitFor(() => noCard(p), { what: 'no card' });
        await p.mouse.move((target.left + target.right) / 2, (target.top + target.bottom) / 2);
        for (const step of ['preview', 'Why', 'Sources']) {
          if (step !== 'preview') await press(p, step).catch(() => {});
          const c = await waitFor(() => card(p), { what: `card for ${text}` });
          const mine = rects.filter((q) => Math.abs(q.top - target.top) < 200);
          for (const q of mine) assert.ok(!meets(c.rect, q), `${text} (${step}): card ${JSON.stringify(c.rect)} covers claim ${JSON.stringify(q)}`);
          assert.ok(c.rect.left >= 0 && c.rect.top >= 0 && c.rect.right <= viewport.width && c.rect.bottom <= viewport.height, `${text} (${step}): card outside the viewport ${JSON.stringify(c.rect)}`);
        }
      }
      await p.close();
    });
  }

  test('"What to ask the vendor" gives a copyable one-line question; "Report a wrong highlight" copies a short report and sends nothing', async () => {
    const p = await open(srv.route('/c-ask', page(`<p style="margin:100px">${CE}</p>`)));
    await br.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
    await until(p, (h) => hasText(h, CE), 'highlight');
    await hoverClaim(p, 'Cyber Essentials');
    await press(p, 'What to ask the vendor');
    const q = await p.evaluate(() => document.querySelector('[data-certscope-card]').shadowRoot.querySelector('.question').textContent);
    assert.ok(q.endsWith('?') && !q.includes('\n') && q.split(/\s+/).length <= 25, `one-line question: ${q}`);
    await press(p, 'Copy question');
    await waitFor(async () => (await p.evaluate(() => navigator.clipboard.readText())) === q, { what: 'question copied' });
    await press(p, 'More actions');
    await press(p, 'Report a wrong highlight');
    const version = JSON.parse(await readFile(path.join(dist.chrome, 'manifest.json'), 'utf8')).version;
    const report = await waitFor(async () => {
      const s = await p.evaluate(() => navigator.clipboard.readText());
      return s.includes('wrong highlight') && s;
    }, { what: 'report copied' });
    assert.match(report, new RegExp(`CertScope ${version.replace(/\./g, '\\.')}`));
    assert.match(report, /Site: 127\.0\.0\.1:\d+/);
    assert.ok(report.includes(CE), 'the sentence');
    assert.match(report, /Rule: scope\/org-cert-on-product/);
    assert.ok(report.split('\n').length <= 5, 'short');
    assert.match((await card(p)).text, /nothing was sent/);
    await p.close();
  });

  test('"Mute this rule" hides the rule everywhere and Undo restores it', async () => {
    const p = await open(srv.route('/c-mute', page(`<p style="margin:80px">${BAD}</p>`)));
    await until(p, (h) => hasText(h, BAD), 'highlight');
    await hoverClaim(p, 'unhackable');
    await press(p, 'More actions');
    await press(p, 'Mute this rule');
    await until(p, (h) => allTexts(h).length === 0, 'muted');
    const muted = await br.sw.evaluate(() => CertScopeSettings.load().then((s) => s.mutedRules));
    assert.equal(muted.length, 1);
    // The options page names the muted rule by its title, not its id.
    const opt = await open(`chrome-extension://${br.extensionId}/options.html`);
    const rules = (await br.sw.evaluate(() => handle({ type: 'rules' }, {}))).rules;
    const title = rules.find((r) => r.id === muted[0]).title;
    await waitFor(async () => (await opt.locator('#muted').innerText()).includes(title), { what: 'muted rule by title' });
    assert.doesNotMatch(await opt.locator('body').innerText(), RULE_ID);
    await opt.close();
    await press(p, 'Undo');
    await until(p, (h) => hasText(h, BAD), 'restored after undo');
    await p.close();
  });

  test('"Not misleading here" hides that finding on that site; the options page names the rule and restores it', async () => {
    const p = await open(srv.route('/c-ignore', page(`<p style="margin:80px">${BAD}</p><p>${BAD2}</p>`)));
    await until(p, (h) => hasText(h, BAD) && hasText(h, BAD2), 'highlights');
    await hoverClaim(p, 'unhackable');
    await press(p, 'More actions');
    await press(p, 'Not misleading here');
    await until(p, (h) => !hasText(h, BAD) && hasText(h, BAD2), 'only that finding hidden');
    const opt = await open(`chrome-extension://${br.extensionId}/options.html`);
    await waitFor(() => opt.locator('#ignored button').count(), { what: 'ignored list' });
    const listed = await opt.locator('#ignored').innerText();
    assert.match(listed, /firmware is unhackable/);
    assert.doesNotMatch(listed, RULE_ID, 'rule named, not its id');
    await opt.locator('#ignored button').first().click();
    await until(p, (h) => hasText(h, BAD), 'restored from the options page');
    await opt.close();
    await p.close();
  });

  test('highlights: underline colour readable on light and dark pages (contrast against the page background)', async () => {
    const lum = (hex) => {
      const c = hex.match(/[0-9a-f]{2}/gi).map((x) => parseInt(x, 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const colours = (css) => Object.fromEntries([...css.matchAll(/certscope-(high|medium|info)\)\s*\{[^}]*?underline[^;}]*?(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
    // The line style of each severity (solid is the default a minifier drops).
    const styles = (css) => Object.fromEntries([...css.matchAll(/certscope-(high|medium|info)\)\s*\{([^}]*)\}/gi)].map((m) => [m[1], m[2].match(/wavy|dotted|dashed|double/)?.[0] ?? 'solid']));
    const light = await readFile(path.join(dist.chrome, 'content.css'), 'utf8');
    assert.equal(new Set(Object.values(styles(light))).size, 3, `three underline styles: ${JSON.stringify(styles(light))}`);
    for (const [s, c] of Object.entries(colours(light))) assert.ok(ratio(c, '#ffffff') >= 4.5, `${s} ${c} on white: ${ratio(c, '#ffffff').toFixed(2)}`);
    const p = await open(`${srv.origin}/samples/trust-page.html`);
    await until(p, (h) => hasText(h, 'HIPAA certified'), 'highlights');
    const { css, bg } = await waitFor(() =>
      p.evaluate(() => {
        const css = [...document.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
        return css.includes('certscope-') && { css, bg: getComputedStyle(document.body).backgroundColor };
      }),
    );
    const hex = '#' + bg.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
    const dark = colours(css.replace(/rgb\((\d+), (\d+), (\d+)\)/g, (_, r, g, b) => '#' + [r, g, b].map((n) => Number(n).toString(16).padStart(2, '0')).join('')));
    assert.equal(Object.keys(dark).length, 3, css);
    for (const [s, c] of Object.entries(dark)) assert.ok(ratio(c, hex) >= 4.5, `${s} ${c} on ${hex}: ${ratio(c, hex).toFixed(2)}`);
    await p.close();
  });

  test('the card follows a dark page or a dark colour scheme', async () => {
    const theme = async (p, text) => {
      await hoverClaim(p, text);
      const dark = await p.evaluate(() => document.querySelector('[data-certscope-card]').shadowRoot.querySelector('.card').classList.contains('dark'));
      await p.keyboard.press('Escape');
      return dark;
    };
    const p = await open(`${srv.origin}/samples/trust-page.html`);
    await until(p, (h) => hasText(h, 'HIPAA certified'), 'highlights');
    assert.equal(await theme(p, 'HIPAA certified'), true, 'dark page gets a dark card');
    await p.goto(srv.route('/c-light', page(`<p style="margin:80px">${BAD}</p>`)));
    await until(p, (h) => hasText(h, BAD), 'highlight');
    assert.equal(await theme(p, 'unhackable'), false, 'light page gets a light card');
    await p.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await theme(p, 'unhackable'), true, 'dark colour scheme gets a dark card');
    await p.close();
  });

  test('page text is never rendered as HTML in the card', async () => {
    const p = await open(srv.route('/c-xss', page(`<p>Our &lt;img src=x onerror=alert(1)&gt; firmware is unhackable.</p>`)));
    await until(p, (h) => hasText(h, 'unhackable'), 'highlight');
    await hoverClaim(p, 'unhackable');
    assert.equal(await p.evaluate(() => document.querySelector('[data-certscope-card]').shadowRoot.querySelectorAll('img,script').length), 0);
    await p.close();
  });

  // The time is reported, not asserted: a timed assertion flakes on a
  // shared machine (speed budgets belong to make bench; docs/performance.md).
  test('card open: each hover paints a card (time from pointer move to the frame reported)', async (t) => {
    const p = await br.context.newPage();
    // Registered before the content script's own listener (at document
    // start), so the clock starts when the pointer event is dispatched.
    await p.addInitScript(() => {
      window.__open = [];
      let t0 = 0;
      addEventListener('pointermove', () => (t0 = performance.now()), true);
      addEventListener('DOMContentLoaded', () => {
        new MutationObserver((recs) => {
          if (recs.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 && n.hasAttribute('data-certscope-card')))) {
            const start = t0;
            // The frame that shows the card: measured at its animation frame.
            requestAnimationFrame(() => window.__open.push(performance.now() - start));
          }
        }).observe(document.documentElement, { childList: true });
      });
    });
    await p.goto(srv.route('/c-speed', page(`<p style="margin:100px">${CE}</p><p>${BAD}</p>`)));
    await until(p, (h) => hasText(h, CE) && hasText(h, BAD), 'highlights');
    const a = await rectOf(p, 'Cyber Essentials');
    const b = await rectOf(p, 'unhackable');
    for (let i = 0; i < 9; i++) {
      await closeCard(p);
      await waitFor(() => noCard(p), { what: 'closed' });
      const r = i % 2 ? a : b;
      await p.mouse.move(r.x, r.y);
      await waitFor(() => card(p), { what: 'card' });
      await p.waitForTimeout(50);
    }
    const times = (await p.evaluate(() => window.__open)).sort((x, y) => x - y);
    const median = times[times.length >> 1];
    t.diagnostic(`card open (pointermove to the frame that shows it): median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}, n ${times.length}`);
    assert.ok(times.length >= 9, `measured ${times.length}`);
    await p.close();
  });
});
