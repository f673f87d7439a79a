// CertScope background: hosts the Go/wasm engine (wasm cannot be compiled in
// content scripts on CSP-restricted pages), answers content-script and popup
// messages, and keeps the toolbar badge. Chromium runs this as a classic
// service worker; Firefox loads wasm_exec.js and settings.js first.
'use strict';
if (typeof Go === 'undefined' && typeof importScripts === 'function') importScripts('wasm_exec.js', 'settings.js');

const api = globalThis.browser ?? globalThis.chrome;

// warnOnce logs a failure the background recovered from, once per kind, to
// the extension's console (no error is swallowed silently).
const warned = new Set();
function warnOnce(what, e) {
  if (warned.has(what)) return;
  warned.add(what);
  console.warn(`CertScope: ${what}:`, e);
}
const logFailure = (what) => (e) => warnOnce(what, e);
const Settings = globalThis.CertScopeSettings;

// ---- engine host ----------------------------------------------------------

let engineP = null; // Promise<globalThis.certscope> of the running Go instance
let engineStarts = 0;

function startEngine() {
  if (engineP) return engineP;
  engineStarts++;
  engineP = (async () => {
    const go = new Go();
    const url = api.runtime.getURL('engine.wasm');
    let instance;
    try {
      ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
    } catch (e) {
      warnOnce('streaming wasm compile failed, compiling from a buffer', e);
      const buf = await (await fetch(url)).arrayBuffer();
      ({ instance } = await WebAssembly.instantiate(buf, go.importObject));
    }
    const mine = engineP;
    // run() returns when the Go program exits; the next call restarts it.
    go.run(instance).finally(() => {
      if (engineP === mine) engineP = null;
    });
    const cs = globalThis.certscope;
    if (!cs || typeof cs.check !== 'function') throw new Error('engine did not register');
    await giveRegisters(cs);
    return cs;
  })();
  engineP.catch((e) => {
    warnOnce('the engine did not start', e);
    engineP = null;
  });
  return engineP;
}

// giveRegisters hands the packaged register snapshots (registers/*.tsv,
// files of the extension itself: no network) to the engine, which is built
// without them; it parses them on the first FIPS or FedRAMP claim. Without
// them only the register checks are off.
async function giveRegisters(cs) {
  try {
    const text = (name) => fetch(api.runtime.getURL(`registers/${name}.tsv`)).then((r) => r.text());
    const [cmvp, fedramp] = await Promise.all([text('nist-cmvp'), text('fedramp-marketplace')]);
    const res = JSON.parse(cs.setRegisters(cmvp, fedramp));
    if (res.error) throw new Error(res.error.message);
  } catch (e) {
    warnOnce('register snapshots not loaded; register checks are off', e);
  }
}

// call runs one engine function; if the instance died (a call threw), it
// starts a fresh instance and tries once more. If the engine panicked (it
// answers {error: {code: "engine_panic"}}), the instance is ended so the
// next call gets a fresh one, and the failure is recorded; the same input
// is not retried (it would panic again).
async function call(fn, ...args) {
  for (let attempt = 0; ; attempt++) {
    const cs = await startEngine();
    let res;
    try {
      res = JSON.parse(cs[fn](...args));
    } catch (e) {
      engineP = null;
      if (attempt >= 1) throw e;
      continue;
    }
    if (res?.error?.code === 'engine_panic') {
      engineP = null;
      try {
        cs.exit?.();
      } catch (e) {
        warnOnce('ending a panicked engine instance failed', e);
      }
      noteFailure(res.error);
    }
    return res;
  }
}

// failures keeps the last engine panics for a bug report. The engine
// identifies the input by size and hash only, never its text; only those
// fields are kept, whatever else an error might carry.
const failures = [];
function noteFailure(err) {
  const input = err.input ?? {};
  const f = {
    at: new Date().toISOString(),
    code: String(err.code),
    message: String(err.message ?? '').slice(0, 300),
    input: { bytes: Number(input.bytes) || 0, units: Number(input.units) || 0, fnv1a64: String(input.fnv1a64 ?? '') },
    version: globalThis.certscope?.version ?? '',
  };
  failures.push(f);
  if (failures.length > 20) failures.shift();
  console.warn('CertScope: engine panic; restarted the engine', JSON.stringify(f));
}

let rulesCache = null;
async function rules() {
  if (!rulesCache) {
    const r = await call('rules');
    if (!Array.isArray(r)) throw new Error(r?.error?.message ?? 'rules failed');
    rulesCache = r;
  }
  return rulesCache;
}

let packsCache = null;
async function packs() {
  if (!packsCache) {
    const p = await call('packs');
    if (!Array.isArray(p)) throw new Error(p?.error?.message ?? 'packs failed');
    packsCache = p;
  }
  return packsCache;
}

let settingsP = null;
const settings = () => (settingsP ??= Settings.load().catch((e) => {
  settingsP = null;
  throw e;
}));
api.storage.onChanged.addListener(() => {
  settingsP = null;
});

// siteOf is the host of an http(s) page, which the engine's register
// checks use to identify the vendor making a claim.
function siteOf(u) {
  try {
    const x = new URL(String(u ?? ''));
    return x.protocol === 'https:' || x.protocol === 'http:' ? x.hostname : '';
  } catch {
    return '';
  }
}

async function check(text, url, sender) {
  const [all, s] = await Promise.all([packs(), settings()]);
  const on = all.filter((p) => Settings.packOn(s, p)).map((p) => p.id);
  if (!on.length) return { findings: [], stats: {} };
  // The frame's own URL as the browser reports it, not what the page says.
  const site = siteOf(sender?.url) || siteOf(url);
  // compact: each card once per answer, findings refer to it by index
  // (the content script resolves them); a page of repeated claims costs
  // ~100 bytes a finding on the message channel instead of ~1.4 KB.
  const res = await call('check', String(text ?? ''), JSON.stringify({ packs: on, url: String(url ?? ''), site, compact: true }));
  // A page with thousands of findings is pathological; cap what crosses
  // the message channel.
  if (Array.isArray(res?.findings) && res.findings.length > MAX_FINDINGS) {
    res.findings = res.findings.slice(0, MAX_FINDINGS);
    res.truncated = true;
  }
  if (Array.isArray(res?.verifications) && res.verifications.length > MAX_FINDINGS) res.verifications = res.verifications.slice(0, MAX_FINDINGS);
  return res;
}
const MAX_FINDINGS = 500;

// ---- per-tab findings and badge ------------------------------------------

// tabs[tabId] = {host, url, frames: {frameId: [finding summaries]}}. A
// service worker may be stopped at any time, so it is mirrored to
// storage.session when that exists.
let tabs = null;
let tabsP = null;
const session = api.storage.session;
// tabState loads the mirror once; concurrent first callers (several frames
// reporting to a freshly woken worker) share the one load.
function tabState() {
  tabsP ??= (async () => {
    let t = {};
    try {
      if (session) t = (await session.get('tabs')).tabs ?? {};
    } catch (e) {
      warnOnce('storage.session could not be read, starting empty', e);
      t = {};
    }
    // Session storage written by another version, or corrupt: keep only
    // well-formed entries rather than fail every report after it.
    const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isObj(t)) t = {};
    for (const [id, e] of Object.entries(t)) {
      if (!isObj(e) || !isObj(e.frames) || !Object.values(e.frames).every(Array.isArray)) delete t[id];
    }
    tabs = t;
    return t;
  })();
  return tabsP;
}
let persistTimer = 0;
function persist() {
  if (!session) return;
  clearTimeout(persistTimer);
  persistTimer = setTimeout(() => session.set({ tabs }).catch(logFailure('storage.session could not be written')), 200);
}

async function setBadge(tabId) {
  const t = (await tabState())[tabId];
  // Count claims as highlighted (findings sharing a mark count once).
  const n = t ? Object.values(t.frames).reduce((a, f) => a + new Set(f.map((x) => x.key)).size, 0) : 0;
  try {
    await api.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
    await api.action.setBadgeText({ tabId, text: n ? String(n) : '' });
  } catch (e) {
    // The tab may have closed in the meantime.
    warnOnce('badge not set', e);
  }
}

async function report(msg, sender) {
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0) return;
  const all = await tabState();
  const frameId = sender.frameId ?? 0;
  const t = (all[tabId] ??= { host: '', url: '', frames: {}, born: {} });
  t.born ??= {};
  const born = Number(msg.born) || 0;
  if (frameId === 0) {
    // A new top document: drop what frames of the previous page reported
    // (their documents were created before this one).
    if (t.top !== born) {
      for (const id of Object.keys(t.frames)) if ((t.born[id] ?? 0) < born) delete t.frames[id];
      for (const id of Object.keys(t.verified ?? {})) if ((t.born[id] ?? 0) < born) delete t.verified[id];
      t.top = born;
    }
    t.host = String(msg.host ?? '');
    t.url = String(msg.url ?? '');
    t.checked = msg.checked === true;
  }
  t.born[frameId] = born;
  if (Array.isArray(msg.findings) && msg.findings.length) t.frames[frameId] = msg.findings;
  else delete t.frames[frameId];
  // Claims a register supports: listed apart, not counted on the badge.
  if (Array.isArray(msg.verified) && msg.verified.length) (t.verified ??= {})[frameId] = msg.verified;
  else if (t.verified) delete t.verified[frameId];
  persist();
  await setBadge(tabId);
}

api.tabs.onRemoved.addListener(async (tabId) => {
  const all = await tabState();
  delete all[tabId];
  persist();
});

// ---- messages ---------------------------------------------------------------

async function handle(msg, sender) {
  switch (msg?.type) {
    case 'check':
      return check(msg.text, msg.url, sender);
    case 'packs':
      return { packs: await packs() };
    case 'rules':
      return { rules: await rules() };
    case 'report':
      await report(msg, sender);
      return { ok: true };
    case 'tabState': {
      const t = (await tabState())[msg.tabId] ?? { host: '', url: '', frames: {} };
      return { ...t, packs: await packs() };
    }
    case 'diagnostics':
      return { engineStarts, failures };
    case 'ping':
      await startEngine();
      return { ok: true, version: globalThis.certscope?.version };
    default:
      return { error: { code: 'unknown_message', message: `unknown message ${msg?.type}` } };
  }
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  handle(msg, sender).then(sendResponse, (e) => sendResponse({ error: { code: 'background', message: String(e?.message ?? e) } }));
  return true; // answer asynchronously
});

// runCommand moves the active tab's card to the next or previous claim
// (manifest "commands": the browser's shortcut settings can remap them).
async function runCommand(name, tab) {
  const dir = { 'next-finding': 1, 'previous-finding': -1 }[name];
  const id = tab?.id ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (!dir || id === undefined) return { ok: false };
  return api.tabs.sendMessage(id, { type: 'step', dir }, { frameId: 0 }).catch((e) => ({ ok: false, error: String(e?.message ?? e) }));
}
api.commands?.onCommand.addListener((name, tab) => runCommand(name, tab));

// The first-run page, once, after the extension is installed.
api.runtime.onInstalled.addListener((details) => {
  if (details?.reason === 'install') api.tabs.create({ url: api.runtime.getURL('welcome.html') }).catch((e) => console.warn('CertScope: first-run page not opened', e));
});
// startEngine logs its own failure (above); the next call retries.
const noop = () => {};
api.runtime.onInstalled.addListener(() => startEngine().catch(noop));
api.runtime.onStartup.addListener(() => startEngine().catch(noop));
startEngine().catch(noop);
