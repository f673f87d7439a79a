// CertScope settings, shared by the background, content script, popup and
// options page (a classic script: it defines globalThis.CertScopeSettings).
//
// Preferences that follow the user (master switch, packs, paused sites) live
// in storage.sync under "settings"; per-browser decisions (muted rules,
// findings marked "not misleading here") in storage.local under "prefs".
// Both carry schemaVersion; anything corrupt, older or newer is migrated or
// reset, and a notice is stored for the popup and options page to show.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const SCHEMA_VERSION = 1;
  const MAX_LIST = 500;
  const MAX_TEXT = 500;

  const defaults = () => ({
    schemaVersion: SCHEMA_VERSION,
    enabled: true,
    packs: {},
    pausedSites: [],
    mutedRules: [],
    ignored: [],
  });

  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const isStrList = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= MAX_TEXT);
  const isIgnored = (v) => isObj(v) && typeof v.rule === 'string' && typeof v.text === 'string' && typeof v.site === 'string';

  // Collapse whitespace so a sentence matches however the page wraps it.
  const norm = (s) => String(s).replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);

  // check validates a settings object field by field. It returns the clean
  // value (defaults for bad fields) and the list of problems found.
  function check(raw) {
    const out = defaults();
    const problems = [];
    if (!isObj(raw)) return { value: out, problems: ['settings are not an object'] };
    if (raw.schemaVersion !== SCHEMA_VERSION) problems.push(`schemaVersion ${JSON.stringify(raw.schemaVersion)} is not ${SCHEMA_VERSION}`);
    if ('enabled' in raw) {
      if (typeof raw.enabled === 'boolean') out.enabled = raw.enabled;
      else problems.push('enabled is not true/false');
    }
    if ('packs' in raw) {
      if (isObj(raw.packs) && Object.values(raw.packs).every((v) => typeof v === 'boolean')) out.packs = { ...raw.packs };
      else problems.push('packs is not a map of pack id to true/false');
    }
    for (const k of ['pausedSites', 'mutedRules']) {
      if (!(k in raw)) continue;
      if (isStrList(raw[k])) out[k] = [...new Set(raw[k])].slice(0, MAX_LIST);
      else problems.push(`${k} is not a list of names`);
    }
    if ('ignored' in raw) {
      if (Array.isArray(raw.ignored) && raw.ignored.every(isIgnored)) {
        out.ignored = raw.ignored.slice(0, MAX_LIST).map((i) => ({ rule: i.rule, text: norm(i.text), site: i.site }));
      } else problems.push('ignored is not a list of {rule, text, site}');
    }
    return { value: out, problems };
  }

  // migrate upgrades settings written by older versions. Version 0 (before
  // schemaVersion existed) stored disabled packs as a list.
  function migrate(raw) {
    if (isObj(raw) && raw.schemaVersion === undefined && Array.isArray(raw.disabledPacks)) {
      const packs = {};
      for (const p of raw.disabledPacks) if (typeof p === 'string') packs[p] = false;
      const { disabledPacks, ...rest } = raw;
      return { ...rest, packs, schemaVersion: SCHEMA_VERSION };
    }
    return raw;
  }

  const syncPart = (s) => ({ schemaVersion: s.schemaVersion, enabled: s.enabled, packs: s.packs, pausedSites: s.pausedSites });
  const localPart = (s) => ({ schemaVersion: s.schemaVersion, mutedRules: s.mutedRules, ignored: s.ignored });

  async function load() {
    const [{ settings: sync }, { prefs: local }] = await Promise.all([
      api.storage.sync.get('settings'),
      api.storage.local.get('prefs'),
    ]);
    if (sync === undefined && local === undefined) return defaults();
    const merged = { ...(isObj(local) ? migrate(local) : {}), ...(isObj(sync) ? migrate(sync) : {}) };
    const bad = (sync !== undefined && !isObj(sync)) || (local !== undefined && !isObj(local));
    const { value, problems } = check(merged);
    if (bad) problems.push('stored settings were unreadable');
    const migrated = (isObj(sync) && sync.schemaVersion !== SCHEMA_VERSION) || (isObj(local) && local.schemaVersion !== SCHEMA_VERSION);
    if (problems.length || migrated) {
      await save(value);
      await api.storage.local.set({
        notice: { at: Date.now(), problems: problems.length ? problems : ['settings were upgraded to the current version'] },
      });
    }
    return value;
  }

  async function save(s) {
    const { value } = check({ ...s, schemaVersion: SCHEMA_VERSION });
    await Promise.all([api.storage.sync.set({ settings: syncPart(value) }), api.storage.local.set({ prefs: localPart(value) })]);
    return value;
  }

  // update loads, applies fn to a copy and saves the result.
  async function update(fn) {
    const s = await load();
    fn(s);
    return save(s);
  }

  const packOn = (s, pack) => (typeof s.packs[pack.id] === 'boolean' ? s.packs[pack.id] : pack.default !== false);
  const paused = (s, site) => !!site && s.pausedSites.includes(site);
  const isIgnoredFinding = (s, rule, text, site) => {
    const t = norm(text);
    return s.ignored.some((i) => i.rule === rule && i.site === site && i.text === t);
  };

  // importText validates an exported settings file; it throws on anything
  // that is not a complete, current settings object, so nothing is lost.
  function parseImport(text) {
    let raw;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`not JSON: ${e.message}`);
    }
    const { value, problems } = check(migrate(raw));
    if (problems.length) throw new Error(problems.join('; '));
    return value;
  }

  globalThis.CertScopeSettings = {
    SCHEMA_VERSION, defaults, check, migrate, load, save, update, packOn, paused, isIgnoredFinding, norm, parseImport,
    exportText: (s) => JSON.stringify({ ...check(s).value, schemaVersion: SCHEMA_VERSION }, null, 2) + '\n',
  };
})();
