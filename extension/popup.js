// Toolbar popup: master switch, pause on this site, packs with their counts
// on this page, the page's findings (click to jump) and report export.
(async () => {
  'use strict';
  const { api, t, el, localize, download, showNotice } = globalThis.CertScopeUI;
  const Settings = globalThis.CertScopeSettings;
  const Report = globalThis.CertScopeReport;
  const $ = (id) => document.getElementById(id);
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

  // draw re-renders only when something changed, so focus and clicks are
  // not lost to the periodic refresh.
  let drawn = '';
  function draw() {
    const sig = JSON.stringify([settings, state.host, state.packs, [...all(), ...verified()].map((f) => [f.key, f.frameId, f.pack])]);
    if (sig === drawn) return;
    const focused = document.activeElement?.id;
    drawn = sig;
    $('enabled').checked = settings.enabled;
    $('site').textContent = state.host ? t('popup_site', state.host) : t('popup_noPage');
    $('pause').disabled = !state.host || !settings.enabled;
    $('pause').checked = Settings.paused(settings, state.host);
    const findings = all();
    const counts = {};
    for (const f of findings) counts[f.pack] = (counts[f.pack] ?? 0) + 1;
    $('packs').replaceChildren(
      ...state.packs.map((p) => {
        const id = `pack-${p.id}`;
        const input = el('input', {
          type: 'checkbox',
          id,
          role: 'switch',
          checked: Settings.packOn(settings, p),
          'aria-describedby': `${id}-d`,
          onchange: (e) => change((s) => (s.packs[p.id] = e.target.checked)),
        });
        return el(
          'li',
          { 'data-pack': p.id },
          el('label', { class: 'switch', for: id }, input, el('span', { text: p.name || p.id })),
          el('span', { class: 'count muted', text: t('popup_count', counts[p.id] ?? 0) }),
          el('span', { class: 'desc muted', id: `${id}-d`, text: p.description }),
        );
      }),
    );
    $('empty').hidden = findings.length > 0;
    $('empty').textContent = state.host ? t('popup_noFindings') : t('popup_noPage');
    $('findings').replaceChildren(
      ...findings.map((f) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              'data-key': f.key,
              onclick: () => api.tabs.sendMessage(tabId, { type: 'focus', key: f.key }, { frameId: f.frameId }).catch((e) => console.warn('CertScope: focusing a finding in the page failed:', e)),
            },
            el('span', { class: `sev ${f.severity}`, text: t(`severity_${f.severity}`) }),
            el('span', { class: 'title', text: f.title || f.rule }),
            el('span', { class: 'sentence', text: f.sentence }),
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
              onclick: () => api.tabs.sendMessage(tabId, { type: 'focus', key: f.key }, { frameId: f.frameId }).catch(() => {}),
            },
            el('span', { class: 'sev verified', text: t('severity_verified') }),
            el('span', { class: 'title', text: f.title }),
            el('span', { class: 'sentence', text: f.sentence }),
          ),
        ),
      ),
    );
    if (focused) $(focused)?.focus();
  }

  // change applies a settings edit locally at once, then stores it; the
  // stored value comes back through storage.onChanged.
  let pending = 0;
  async function change(fn) {
    fn(settings);
    pending++;
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
  const input = () => ({ url: state.url, version: api.runtime.getManifest().version, findings: all() });
  const stem = () => `certscope-${(state.host || 'page').replace(/[^a-z0-9.-]/gi, '_')}-${new Date().toISOString().slice(0, 10)}`;
  $('exportMd').addEventListener('click', () => download(`${stem()}.md`, 'text/markdown', Report.reportMarkdown(input())));
  $('exportJson').addEventListener('click', () =>
    download(`${stem()}.json`, 'application/json', JSON.stringify(Report.reportJSON(input()), null, 2) + '\n'),
  );
  $('options').addEventListener('click', () => api.runtime.openOptionsPage());
  api.storage.onChanged.addListener(() => setTimeout(() => refresh(true), 150));

  await refresh(true);
  setInterval(() => refresh(false), 1000);
})();
