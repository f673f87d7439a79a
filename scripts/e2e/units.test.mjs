// Unit tests of the extension's browser-independent scripts (settings
// validation and migration, report rendering), loaded as they ship.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ROOT } from '../lib/dist.mjs';

// A storage area backed by a Map, shaped like chrome.storage's (promises).
function area() {
  const m = new Map();
  return {
    m,
    async get(k) {
      return m.has(k) ? { [k]: structuredClone(m.get(k)) } : {};
    },
    async set(o) {
      for (const [k, v] of Object.entries(o)) m.set(k, structuredClone(v));
    },
    async remove(k) {
      m.delete(k);
    },
  };
}
globalThis.chrome = { storage: { sync: area(), local: area() } };
await import(pathToFileURL(path.join(ROOT, 'extension', 'settings.js')).href);
await import(pathToFileURL(path.join(ROOT, 'extension', 'report.js')).href);
const S = globalThis.CertScopeSettings;
const R = globalThis.CertScopeReport;
const { sync, local } = globalThis.chrome.storage;
const reset = () => {
  sync.m.clear();
  local.m.clear();
};

test('first run gives defaults and no notice', async () => {
  reset();
  assert.deepEqual(await S.load(), S.defaults());
  assert.equal(local.m.has('notice'), false);
});

test('settings round-trip through sync and local storage', async () => {
  reset();
  await S.update((s) => {
    s.enabled = false;
    s.packs.absolutes = false;
    s.pausedSites.push('example.com');
    s.mutedRules.push('scope/x');
    s.ignored.push({ rule: 'a/b', text: '  Some   sentence. ', site: 'example.com' });
  });
  assert.deepEqual(Object.keys(sync.m.get('settings')).sort(), ['enabled', 'packs', 'pausedSites', 'schemaVersion']);
  assert.deepEqual(Object.keys(local.m.get('prefs')).sort(), ['ignored', 'mutedRules', 'schemaVersion']);
  const s = await S.load();
  assert.equal(s.enabled, false);
  assert.equal(S.packOn(s, { id: 'absolutes', default: true }), false);
  assert.equal(S.packOn(s, { id: 'scope', default: true }), true);
  assert.equal(S.packOn(s, { id: 'extra', default: false }), false);
  assert.equal(S.paused(s, 'example.com'), true);
  assert.equal(S.isIgnoredFinding(s, 'a/b', 'Some sentence.', 'example.com'), true);
  assert.equal(S.isIgnoredFinding(s, 'a/b', 'Some sentence.', 'other.org'), false);
  assert.equal(local.m.has('notice'), false);
});

test('corrupt settings are repaired field by field, with a notice', async () => {
  reset();
  await sync.set({ settings: { schemaVersion: 1, enabled: 'yes', packs: { scope: false }, pausedSites: [3] } });
  const s = await S.load();
  assert.equal(s.enabled, true);
  assert.deepEqual(s.packs, { scope: false }, 'good fields are kept');
  assert.deepEqual(s.pausedSites, []);
  assert.match(local.m.get('notice').problems.join(), /enabled/);
  assert.deepEqual((await sync.get('settings')).settings.enabled, true, 'repaired settings are saved');
});

test('unreadable and future settings are reset with a notice', async () => {
  for (const bad of ['garbage', [1, 2], { schemaVersion: 99, enabled: false }]) {
    reset();
    await sync.set({ settings: bad });
    const s = await S.load();
    assert.equal(s.schemaVersion, 1);
    assert.ok(local.m.get('notice'), `notice for ${JSON.stringify(bad)}`);
  }
});

test('version 0 settings are migrated', async () => {
  reset();
  await sync.set({ settings: { enabled: true, disabledPacks: ['absolutes'] } });
  const s = await S.load();
  assert.deepEqual(s.packs, { absolutes: false });
  assert.equal((await sync.get('settings')).settings.schemaVersion, 1);
});

test('import accepts an export and rejects anything else', () => {
  const good = { ...S.defaults(), mutedRules: ['x/y'] };
  assert.deepEqual(S.parseImport(S.exportText(good)), good);
  for (const bad of ['', 'not json', '[]', '{"schemaVersion":2}', '{"schemaVersion":1,"ignored":[{"rule":1}]}', '{"schemaVersion":1,"packs":{"a":"on"}}']) {
    assert.throws(() => S.parseImport(bad), undefined, bad);
  }
});

test('reports: JSON sorted by severity, Markdown escapes page text', () => {
  const findings = [
    { severity: 'medium', rule: 'absolutes/x', pack: 'absolutes', title: 'T2', sentence: 'It is <b>unhackable</b> [link](http://evil)', sources: [] },
    { severity: 'high', rule: 'scope/y', pack: 'scope', title: 'T1', sentence: 'Cameras are certified.', message: 'M', explanation: 'What is true: E.', suggestion: 'Accurate wording would be: W', sources: [{ title: 'S', url: 'https://e.org/a', quote: 'q' }], verify: { name: 'Reg', url: 'https://reg.example/' } },
  ];
  const j = R.reportJSON({ url: 'https://v.example/', version: '0.1.0', date: new Date('2026-01-02T00:00:00Z'), findings });
  assert.equal(j.count, 2);
  assert.deepEqual(j.findings.map((f) => f.severity), ['high', 'medium']);
  const md = R.reportMarkdown({ url: 'https://v.example/', version: '0.1.0', findings, packs: [{ id: 'scope', name: 'Certificate scope' }] });
  assert.match(md, /^# CertScope report/);
  assert.doesNotMatch(md, /(?<!\\)<b>|(?<!\\)\]\(http/, 'page text cannot inject HTML or links');
  assert.match(md, /\\\[link\\\]/);
  assert.match(md, /Check the register: Reg <https:\/\/reg\.example\/>/);
  // Human names, each label once, no ids (they stay in the JSON).
  assert.match(md, /Rule pack: Certificate scope/);
  assert.doesNotMatch(md, /scope\/y|absolutes\/x/);
  assert.match(md, /\*\*What is true:\*\* E\./);
  assert.match(md, /\*\*Accurate wording:\*\* W/);
  assert.equal(md.match(/what is true/gi).length, 1);
  assert.equal(j.findings[0].rule, 'scope/y');
  assert.match(R.reportMarkdown({ findings: [] }), /No misleading claims found/);
});
