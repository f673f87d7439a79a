// Options page: pack defaults, muted rules, ignored findings and paused
// sites (view and undo), settings export and import.
(async () => {
  'use strict';
  const { api, t, el, localize, download, showNotice, warnOnce } = globalThis.CertScopeUI;
  const Settings = globalThis.CertScopeSettings;
  const $ = (id) => document.getElementById(id);
  localize();
  document.title = t('options_title');

  // Packs and rules by name: the page shows titles, never rule ids, except
  // for a rule this version does not know (from an imported file).
  let packs = [];
  const titles = new Map();
  try {
    const [p, r] = await Promise.all([api.runtime.sendMessage({ type: 'packs' }), api.runtime.sendMessage({ type: 'rules' })]);
    packs = p?.packs ?? [];
    for (const x of r?.rules ?? []) titles.set(x.id, x.title);
  } catch (e) {
    warnOnce('packs and rules could not be read', e);
  }
  const ruleName = (id) => titles.get(id) ?? t('options_ruleUnknown', id);

  const none = () => el('li', { class: 'muted', text: t('options_none') });
  const list = (items) => (items.length ? items : [none()]);

  async function draw() {
    const s = await Settings.load();
    await showNotice($('notice'));
    $('enabled').checked = s.enabled;
    $('packs').replaceChildren(
      ...list(
        packs.map((p) =>
          el(
            'li',
            { 'data-pack': p.id },
            el(
              'label',
              { class: 'switch grow' },
              el('input', {
                type: 'checkbox',
                role: 'switch',
                checked: Settings.packOn(s, p),
                onchange: (e) => Settings.update((x) => (x.packs[p.id] = e.target.checked)),
              }),
              el('span', {}, el('strong', { text: p.name || p.id }), el('span', { class: 'desc muted', text: p.description })),
            ),
          ),
        ),
      ),
    );
    $('muted').replaceChildren(
      ...list(
        s.mutedRules.map((r) =>
          el(
            'li',
            {},
            el('span', { class: 'grow', text: ruleName(r) }),
            el('button', { type: 'button', text: t('options_unmute'), onclick: () => Settings.update((x) => (x.mutedRules = x.mutedRules.filter((m) => m !== r))) }),
          ),
        ),
      ),
    );
    $('ignored').replaceChildren(
      ...list(
        s.ignored.map((i, n) =>
          el(
            'li',
            {},
            el('span', { class: 'grow' }, el('span', { text: `“${i.text}”` }), el('span', { class: 'desc muted', text: `${i.site} · ${ruleName(i.rule)}` })),
            el('button', { type: 'button', text: t('options_restore'), onclick: () => Settings.update((x) => x.ignored.splice(n, 1)) }),
          ),
        ),
      ),
    );
    $('paused').replaceChildren(
      ...list(
        s.pausedSites.map((h) =>
          el(
            'li',
            {},
            el('span', { class: 'grow', text: h }),
            el('button', { type: 'button', text: t('options_resume'), onclick: () => Settings.update((x) => (x.pausedSites = x.pausedSites.filter((p) => p !== h))) }),
          ),
        ),
      ),
    );
  }

  $('enabled').addEventListener('change', (e) => Settings.update((s) => (s.enabled = e.target.checked)));
  $('export').addEventListener('click', async () => {
    download(`certscope-settings-${new Date().toISOString().slice(0, 10)}.json`, 'application/json', Settings.exportText(await Settings.load()));
  });
  $('importBtn').addEventListener('click', () => $('import').click());
  $('import').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const status = $('status');
    try {
      if (file.size > 1 << 20) throw new Error('file is larger than 1 MB');
      const value = Settings.parseImport(await file.text());
      await Settings.save(value);
      status.className = '';
      status.textContent = t('options_imported');
    } catch (err) {
      status.className = 'error';
      status.textContent = t('options_importError', err.message);
    }
  });
  api.storage.onChanged.addListener(() => draw());
  await draw();
})();
