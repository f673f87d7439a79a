// Toolbar popup. It leads with the page: how many claims are highlighted
// and how serious, the claims themselves (repeats grouped; select one to
// jump to it), or why nothing is shown (off, paused, not checked). Then the
// site switch, the severity legend, rule packs (collapsed) and exports.
(async () => {
  'use strict';
  const { api, t, el, localize, download, showNotice, severityLabel, verdict, shortcut } = globalThis.CertScopeUI;
  const Settings = globalThis.CertScopeSettings;
  const Report = globalThis.CertScopeReport;
  const $ = (id) => document.getElementById(id);
  const RANK = { high: 0, medium: 1, info: 2 };
  localize();
  showNotice($('notice'));

  // ?tab=ID lets tests and the options page open the popup for a given tab.
  const param = Number(new URLSearchParams(location.search).get('tab'));
  const tabId = Number.isInteger(param) && param > 0 ? param : (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;

  let state = { host: '', url: '', frames: {}, packs: [] };
  let settings = await Settings.load();

  const all = () =>
    Object.entries(state.frames).flatMap(([frameId, list]) => list.map((f) => ({ ...f, frameId: Number(frameId) })));
  // Claims an official register supports, listed apart from the findings.
  const verified = () =>
    Object.entries(state.verified ?? {}).flatMap(([frameId, list]) => list.map((f) => ({ ...f, frameId: Number(frameId) })));

  // claims groups findings by the highlighted claim they belong to (one
  // mark in one frame), highest severity first.
  function claims(findings) {
    const by = new Map();
    for (const f of findings) {
      const id = `${f.frameId}:${f.key}`;
      if (!by.has(id)) by.set(id, { id, key: f.key, frameId: f.frameId, text: f.claimText || f.sentence, items: [] });
      by.get(id).items.push(f);
    }
    for (const c of by.values()) {
      c.items.sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3));
      c.severity = c.items[0].severity;
    }
    return [...by.values()];
  }

  // repeats groups claims with the same wording and the same top rule
  // ("Military-grade ×4"); selecting a group walks through its claims.
  function repeats(list) {
    const by = new Map();
    for (const c of list) {
      const id = `${c.text.toLowerCase().replace(/\s+/g, ' ').trim()}|${c.items[0].rule}`;
      if (!by.has(id)) by.set(id, { id, text: c.text.replace(/\s+/g, ' ').trim(), severity: c.severity, title: verdict(c.items[0]), claims: [] });
      by.get(id).claims.push(c);
    }
    return [...by.values()].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3));
  }

  const checkable = () => !!state.host || /^(https?|file):/.test(state.url);
  const isPaused = () => Settings.paused(settings, state.host);
  const walk = new Map(); // group id -> next claim to jump to

  // draw re-renders only when something changed, so focus and clicks are
  // not lost to the periodic refresh.
  let drawn = '';
  function draw() {
    const sig = JSON.stringify([settings, state.host, state.url, state.checked, state.packs, [...all(), ...verified()].map((f) => [f.key, f.frameId, f.pack, f.rule])]);
    if (sig === drawn) return;
    const focused = document.activeElement?.id;
    drawn = sig;
    const findings = all();
    const list = claims(findings);
    const groups = repeats(list);

    $('enabled').checked = settings.enabled;
    $('pause').disabled = !state.host || !settings.enabled;
    $('pause').checked = isPaused();
    $('site').textContent = state.host;

    // What the page shows, or why it shows nothing.
    let why = '';
    let action = null;
    if (!settings.enabled) {
      why = t('popup_off');
      action = { text: t('popup_turnOn'), run: () => change((s) => (s.enabled = true)) };
    } else if (isPaused()) {
      why = t('popup_paused', state.host);
      action = { text: t('popup_resume'), run: () => change((s) => (s.pausedSites = s.pausedSites.filter((h) => h !== state.host))) };
    } else if (!checkable() || !state.checked) {
      why = t('popup_notChecked');
    } else if (!list.length) {
      why = t('popup_noFindings');
    }
    const showFindings = !why;
    $('state').hidden = !why;
    $('state').dataset.state = !settings.enabled ? 'off' : isPaused() ? 'paused' : !checkable() || !state.checked ? 'unchecked' : list.length ? 'findings' : 'clean';
    $('stateText').textContent = why;
    $('stateAction').hidden = !action;
    $('stateAction').textContent = action?.text ?? '';
    $('stateAction').onclick = action?.run ?? null;
    const high = list.filter((c) => c.severity === 'high').length;
    $('headline').textContent = showFindings
      ? t('popup_headline', list.length === 1 ? t('popup_claims_one') : t('popup_claims_many', String(list.length))) + (high ? ` · ${t('popup_headlineHigh', String(high))}` : '')
      : '';
    $('findings').replaceChildren(
      ...(showFindings ? groups : []).map((g) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              'data-key': g.claims[0].key,
              'data-severity': g.severity,
              onclick: () => {
                const i = walk.get(g.id) ?? 0;
                walk.set(g.id, (i + 1) % g.claims.length);
                const c = g.claims[i];
                api.tabs.sendMessage(tabId, { type: 'focus', key: c.key }, { frameId: c.frameId }).catch((e) => console.warn('CertScope: jump failed', e));
              },
            },
            el('span', { class: `sev ${g.severity}`, text: severityLabel(g.severity) }),
            el('span', { class: 'claim', text: g.text }),
            g.claims.length > 1 ? el('span', { class: 'times', text: t('popup_repeats', String(g.claims.length)) }) : null,
            el('span', { class: 'title', text: g.title }),
          ),
        ),
      ),
    );
    const ok = verified();
    $('verified-s').hidden = ok.length === 0;
    $('verified').replaceChildren(
      ...ok.map((f) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              'data-key': f.key,
              onclick: () => api.tabs.sendMessage(tabId, { type: 'focus', key: f.key }, { frameId: f.frameId }).catch((e) => console.warn('CertScope: jump failed', e)),
            },
            el('span', { class: 'sev verified', text: severityLabel('verified') }),
            el('span', { class: 'title', text: f.title }),
            el('span', { class: 'sentence', text: f.sentence }),
          ),
        ),
      ),
    );

    // Packs: what each found here (only when the page was checked).
    const counts = {};
    for (const c of list) for (const p of new Set(c.items.map((f) => f.pack))) counts[p] = (counts[p] ?? 0) + 1;
    $('packs').replaceChildren(
      ...state.packs.map((p) => {
        const id = `pack-${p.id}`;
        const on = Settings.packOn(settings, p);
        const input = el('input', {
          type: 'checkbox',
          id,
          role: 'switch',
          checked: on,
          'aria-describedby': `${id}-d`,
          onchange: (e) => change((s) => (s.packs[p.id] = e.target.checked)),
        });
        return el(
          'li',
          { 'data-pack': p.id },
          el('label', { class: 'switch', for: id }, input, el('span', { text: p.name || p.description })),
          el('span', { class: 'count muted', text: !on ? t('popup_packOff') : showFindings ? t('popup_count', String(counts[p.id] ?? 0)) : '' }),
          el('span', { class: 'desc muted', id: `${id}-d`, text: p.description }),
        );
      }),
    );
    if (focused) $(focused)?.focus();
  }

  function legend() {
    $('legend').replaceChildren(
      el('span', { text: t('popup_legend') }),
      ...['high', 'medium', 'info'].map((s) =>
        el('span', {}, el('span', { class: `sev ${s}`, text: severityLabel(s) }), ` ${t(`popup_legend${s[0].toUpperCase()}${s.slice(1)}`)}`),
      ),
    );
  }

  async function keys() {
    const cmds = (await api.commands?.getAll?.().catch((e) => (console.warn('CertScope: shortcuts could not be read', e), []))) ?? [];
    const key = (n) => shortcut(cmds.find((c) => c.name === n)?.shortcut);
    const next = key('next-finding');
    const prev = key('previous-finding');
    $('keys').textContent = next && prev ? t('popup_keys', next, prev) : t('popup_keysNone');
  }

  // change applies a settings edit locally at once, then stores it; the
  // stored value comes back through storage.onChanged.
  let pending = 0;
  async function change(fn) {
    fn(settings);
    pending++;
    draw();
    try {
      await Settings.update(fn);
    } finally {
      pending--;
    }
  }

  async function refresh(withSettings) {
    const res = await api.runtime.sendMessage({ type: 'tabState', tabId });
    if (res && !res.error) state = res;
    if (withSettings && !pending) settings = await Settings.load();
    draw();
  }

  $('enabled').addEventListener('change', (e) => change((s) => (s.enabled = e.target.checked)));
  $('pause').addEventListener('change', (e) =>
    change((s) => {
      const rest = s.pausedSites.filter((h) => h !== state.host);
      s.pausedSites = e.target.checked ? [...rest, state.host] : rest;
    }),
  );
  const input = () => ({ url: state.url, version: api.runtime.getManifest().version, findings: all(), packs: state.packs });
  const stem = () => `certscope-${(state.host || 'page').replace(/[^a-z0-9.-]/gi, '_')}-${new Date().toISOString().slice(0, 10)}`;
  $('exportMd').addEventListener('click', () => download(`${stem()}.md`, 'text/markdown', Report.reportMarkdown(input())));
  $('exportJson').addEventListener('click', () =>
    download(`${stem()}.json`, 'application/json', JSON.stringify(Report.reportJSON(input()), null, 2) + '\n'),
  );
  $('options').addEventListener('click', () => api.runtime.openOptionsPage());
  api.storage.onChanged.addListener(() => setTimeout(() => refresh(true), 150));

  legend();
  keys();
  await refresh(true);
  setInterval(() => refresh(false), 1000);
})();
