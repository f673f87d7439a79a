// First-run page, opened once after install (background.js): what the
// marks mean, how to open a card, where the popup is, and the keys.
(async () => {
  'use strict';
  const { api, t, el, localize, severityLabel, shortcut } = globalThis.CertScopeUI;
  localize();
  document.title = t('welcome_title');
  const samples = { high: 'HIPAA certified', medium: 'military-grade', info: 'certified' };
  document.getElementById('legend').replaceChildren(
    ...['high', 'medium', 'info'].map((s) =>
      el(
        'li',
        {},
        el('span', { class: `sev ${s}`, text: severityLabel(s) }),
        el('span', { class: `sample ${s}`, text: samples[s] }),
        el('span', { text: t(`popup_legend${s[0].toUpperCase()}${s.slice(1)}`) }),
      ),
    ),
  );
  let cmds = [];
  try {
    cmds = (await api.commands?.getAll?.()) ?? [];
  } catch (e) {
    console.warn('CertScope: shortcuts could not be read', e);
  }
  const key = (n) => shortcut(cmds.find((c) => c.name === n)?.shortcut);
  const next = key('next-finding');
  const prev = key('previous-finding');
  document.getElementById('keys').textContent = next && prev ? t('welcome_keys', next, prev) : t('popup_keysNone');
})();
