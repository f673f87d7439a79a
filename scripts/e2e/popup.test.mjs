// End-to-end tests of the popup (states, headline, grouped claims), the
// badge, shortcuts, exports and the first-run page. Headless Chromium with
// the built extension from dist/chrome. The card: card.test.mjs.
// Run: node --test scripts/e2e/popup.test.mjs
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { allTexts, badge, launch, tabIdOf, waitFor } from '../lib/chromium.mjs';
import { sentenceHighlights as highlights } from '../lib/marks.mjs';

const BAD = 'Our camera firmware is unhackable.';
const BAD2 = 'The new gateway is also completely unhackable.';
const GOOD = 'We publish a vulnerability disclosure policy.';
const CE = 'Our cameras are Cyber Essentials Plus certified.'; // high, with a register
const TWO = 'Our ISO 27001:2013 certified cameras.'; // high and medium on one claim
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

describe('popup, badge, shortcuts, exports, first run', () => {
  const popup = async (tab) => open(`chrome-extension://${br.extensionId}/popup.html?tab=${tab}`);
  const popupState = (pop) => pop.evaluate(() => document.getElementById('state').dataset.state);

  test('the popup leads with the page: headline, claims grouped by wording, select to jump; packs collapsed; fits 600 px', async () => {
    const p = await open(srv.route('/c-popup', page(`<p>${BAD}</p><p>${CE}</p><p style="margin-top:1200px">${BAD2}</p>`)));
    await until(p, (h) => hasText(h, BAD) && hasText(h, BAD2) && hasText(h, CE), 'highlights');
    const tab = await tabOf(p);
    const pop = await popup(tab);
    await waitFor(async () => (await pop.locator('#findings button').count()) === 2, { what: 'two groups in the popup' });
    assert.equal(await pop.locator('#headline').innerText(), '3 claims on this page · 1 high');
    const first = await pop.locator('#findings button').first().innerText();
    assert.match(first, /HIGH/i, 'highest severity first');
    const second = await pop.locator('#findings button').nth(1).innerText();
    assert.match(second, /unhackable[\s\S]*×2/, `repeats grouped: ${second}`);
    assert.equal(await pop.locator('#packsBox').getAttribute('open'), null, 'packs collapsed');
    const box = await pop.evaluate(() => ({ h: document.querySelector('main').getBoundingClientRect().bottom, findings: document.querySelector('#findings').getBoundingClientRect().bottom }));
    assert.ok(box.h <= 600 && box.findings <= 600, `popup ${box.h} px, findings end at ${box.findings}`);
    assert.doesNotMatch(await pop.locator('body').innerText(), RULE_ID);
    // The ×2 group walks to its second claim on the second click.
    await pop.locator('#findings button').nth(1).click();
    await waitFor(() => p.evaluate(() => window.scrollY < 300 && !!document.querySelector('[data-certscope-card]')), { what: 'jump to the first' });
    await pop.locator('#findings button').nth(1).click();
    await waitFor(() => p.evaluate(() => window.scrollY > 300 && !!document.querySelector('[data-certscope-card]')), { what: 'jump to the second' });
    // A pack switch, inside "Rule packs", removes and restores highlights.
    await pop.locator('#packsBox summary').click();
    const state = await tabState(tab);
    const packId = state.frames[0].find((f) => f.claimText === 'unhackable').pack;
    assert.match(await pop.locator(`#packs li[data-pack="${packId}"]`).innerText(), /2 on this page/);
    await pop.locator(`#packs li[data-pack="${packId}"] input`).uncheck();
    await until(p, (h) => !hasText(h, BAD) && hasText(h, CE), 'pack off removes its highlights');
    assert.match(await pop.locator(`#packs li[data-pack="${packId}"]`).innerText(), /\boff\b/);
    await pop.locator(`#packs li[data-pack="${packId}"] input`).check();
    await until(p, (h) => hasText(h, BAD), 'pack on restores them');
    await pop.close();
    await p.close();
  });

  test('popup states: off, paused, nothing found, not checkable; never "no claims" unless checked', async () => {
    const p = await open(srv.route('/c-states', page(`<p>${BAD}</p>`)));
    await until(p, (h) => hasText(h, BAD), 'highlight');
    const tab = await tabOf(p);
    const pop = await popup(tab);
    await waitFor(async () => (await popupState(pop)) === 'findings', { what: 'findings state' });
    await pop.locator('#pause').check();
    await until(p, (h) => allTexts(h).length === 0, 'paused');
    await waitFor(async () => (await popupState(pop)) === 'paused', { what: 'paused state' });
    assert.match(await pop.locator('#state').innerText(), /Paused on 127\.0\.0\.1/);
    await pop.locator('#stateAction').click();
    await until(p, (h) => hasText(h, BAD), 'resumed from the popup');
    await pop.locator('#enabled').uncheck();
    await until(p, (h) => allTexts(h).length === 0, 'off');
    await waitFor(async () => (await popupState(pop)) === 'off', { what: 'off state' });
    assert.match(await pop.locator('#state').innerText(), /CertScope is off/);
    assert.doesNotMatch(await pop.locator('body').innerText(), /no misleading claims/i);
    assert.equal(await pop.locator('#findings button').count(), 0);
    await pop.locator('#stateAction').click();
    await until(p, (h) => hasText(h, BAD), 'turned on from the popup');
    await pop.close();

    const clean = await open(srv.route('/c-clean', page(`<p>${GOOD}</p>`)));
    const cleanTab = await tabOf(clean);
    const pop2 = await popup(cleanTab);
    await waitFor(async () => (await popupState(pop2)) === 'clean', { what: 'clean state' });
    assert.match(await pop2.locator('#state').innerText(), /no misleading claims found/i);
    await pop2.close();
    await clean.close();

    // A browser page: no content script runs there.
    const known = await br.sw.evaluate(async () => Object.keys(await tabState()).map(Number));
    const sys = await br.context.newPage();
    await sys.goto('chrome://version').catch(() => {});
    const sysTab = await br.sw.evaluate(async (k) => Math.max(...(await chrome.tabs.query({})).map((t) => t.id).filter((id) => !k.includes(id))), known);
    const pop3 = await popup(sysTab);
    await waitFor(async () => (await popupState(pop3)) === 'unchecked', { what: 'not checkable state' });
    assert.doesNotMatch(await pop3.locator('body').innerText(), /no misleading claims/i);
    assert.equal(await pop3.locator('#pause').isDisabled(), true);
    await pop3.close();
    await sys.close();
    await p.close();
  });

  test('badge and popup count highlighted claims, each once', async () => {
    const p = await open(srv.route('/c-badge', page(`<p>${TWO}</p><p>${BAD}</p>`)));
    await until(p, (h) => hasText(h, TWO) && hasText(h, BAD), 'highlights');
    const tab = await tabOf(p);
    const drawn = await p.evaluate(() => ['high', 'medium', 'info'].reduce((n, s) => n + (CSS.highlights.get(`certscope-${s}`)?.size ?? 0), 0));
    assert.equal(drawn, 2);
    await waitFor(async () => (await badge(br.sw, tab)) === '2', { what: 'badge 2' });
    assert.equal((await tabState(tab)).frames[0].length, 3, 'three findings behind the two claims');
    const pop = await popup(tab);
    await waitFor(async () => (await pop.locator('#headline').innerText()).startsWith('2 claims'), { what: 'headline counts claims' });
    await pop.close();
    await p.close();
  });

  test('shortcuts are declared as commands, remappable, with defaults off Alt+Shift', async () => {
    const manifest = JSON.parse(await readFile(path.join(dist.chrome, 'manifest.json'), 'utf8'));
    for (const name of ['next-finding', 'previous-finding']) {
      const keys = Object.values(manifest.commands?.[name]?.suggested_key ?? {});
      assert.ok(keys.length, `${name} has a default`);
      for (const k of keys) assert.doesNotMatch(k, /^Alt\+Shift\+|^Ctrl\+Alt\+/, `${name}: ${k}`);
    }
    const cmds = await br.sw.evaluate(() => chrome.commands.getAll());
    assert.deepEqual(cmds.filter((c) => c.name.endsWith('-finding')).map((c) => [c.name, !!c.shortcut]).sort(), [['next-finding', true], ['previous-finding', true]]);
  });

  test('exports: Markdown with human names and each label once; JSON keeps the ids', async () => {
    const p = await open(srv.route('/c-export', page(`<p>${CE}</p><p>${BAD}</p>`)));
    await until(p, (h) => hasText(h, CE) && hasText(h, BAD), 'highlights');
    const tab = await tabOf(p);
    const pop = await popup(tab);
    await waitFor(() => pop.locator('#findings button').count(), { what: 'findings' });
    const [dl] = await Promise.all([pop.waitForEvent('download'), pop.click('#exportJson')]);
    const json = JSON.parse(await readFile(await dl.path(), 'utf8'));
    assert.equal(json.count, 2);
    assert.ok(json.findings.every((f) => RULE_ID.test(f.rule)), 'rule ids in JSON');
    const [dl2] = await Promise.all([pop.waitForEvent('download'), pop.click('#exportMd')]);
    const md = await readFile(await dl2.path(), 'utf8');
    assert.match(md, /^# CertScope report/);
    assert.doesNotMatch(md, RULE_ID, 'no rule ids in Markdown');
    assert.doesNotMatch(md, /What is true:\*\*\s*What is true|Accurate wording[^\n]*Accurate wording would be/i, 'labels once');
    const state = await tabState(tab);
    for (const f of state.frames[0]) assert.ok(md.includes(`Rule pack: ${state.packs.find((x) => x.id === f.pack).name}`), `pack name for ${f.pack}`);
    await pop.close();
    await p.close();
  });

  test('the first-run page opened once after install, with the legend', async () => {
    const url = `chrome-extension://${br.extensionId}/welcome.html`;
    const pages = await waitFor(() => {
      const ps = br.context.pages().filter((x) => x.url() === url);
      return ps.length && ps;
    }, { what: 'first-run page' });
    assert.equal(pages.length, 1);
    const text = await pages[0].locator('body').innerText();
    assert.match(text, /HIGH[\s\S]*MEDIUM[\s\S]*INFO/i);
    assert.match(text, /click or tap/i);
    assert.doesNotMatch(text, RULE_ID);
  });
});
