// Helpers shared by the content scripts, the popup and the options page
// (classic script: it defines globalThis.CertScopeUI).
(() => {
  'use strict';
  if (globalThis.CertScopeUI) return;
  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs.map(String)) || key;

  // el builds an element with text content only: page and finding text is
  // never parsed as HTML.
  function el(tag, attrs = {}, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k in e && typeof v !== 'string') e[k] = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    e.append(...kids.filter((k) => k !== null && k !== undefined));
    return e;
  }

  // Shapes beside every severity name: severity never rests on colour alone
  // (Firefox before 146 draws no ::highlight underline).
  const MARKER = { high: '▲', medium: '◆', info: '●', verified: '✓' };
  const severityLabel = (s) => `${MARKER[s] ?? MARKER.info} ${t(`severity_${s}`)}`;

  // verdict is the one line that says what is wrong with a claim, for the
  // card and the popup: the finding's own verdict when the engine gives one,
  // else the first clause of its message, shortened only by dropping what
  // narrows or describes (parentheses, a ", with …," aside), else the rule's
  // title when the message is too long for a line.
  const VERDICT_WORDS = 16;
  const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  function verdict(f) {
    if (f.verdict) return squash(f.verdict);
    const first = squash(
      String(f.message ?? '')
        .split(/;\s/)[0]
        .replace(/\s*\([^)]*\)/g, '')
        .replace(/,\s+(?:with|including)\b[^,;.]*,/g, ','),
    );
    if (first && first.split(' ').length <= VERDICT_WORDS) return /[.!?]$/.test(first) ? first : `${first}.`;
    return squash(f.title || first);
  }

  // shortcut shows a command's keys as printed on the keyboard.
  const shortcut = (s) => String(s ?? '').replace(/Period/g, '.').replace(/Comma/g, ',');

  // warnOnce logs a failure CertScope recovered from, once per kind, to the
  // console: a swallowed error once hid a Firefox 140 defect.
  const warned = new Set();
  function warnOnce(what, e) {
    if (warned.has(what)) return;
    warned.add(what);
    console.warn(`CertScope: ${what}:`, e);
  }

  // safeLink is a link to an http(s) URL, or the bare text for anything else
  // (a javascript: or malformed URL never becomes a link).
  function safeLink(url, text, attrs = {}) {
    const a = el('a', { ...attrs, text });
    let u = null;
    try {
      u = new URL(url);
    } catch {
      return a; // not a URL: text only, nothing to log
    }
    if (u.protocol === 'https:' || u.protocol === 'http:') {
      a.href = u.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    return a;
  }

  function localize(root = document) {
    for (const n of root.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
    for (const n of root.querySelectorAll('[data-i18n-label]')) n.setAttribute('aria-label', t(n.dataset.i18nLabel));
    document.documentElement.lang = api.i18n.getUILanguage?.() || 'en';
  }

  // download saves text as a file through a blob URL; nothing leaves the
  // browser.
  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function showNotice(box) {
    const { notice } = await api.storage.local.get('notice');
    box.replaceChildren();
    if (!notice || !Array.isArray(notice.problems)) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.append(
      el('p', { text: t('notice_reset', notice.problems.join('; ')) }),
      el('button', {
        type: 'button',
        text: t('notice_dismiss'),
        onclick: async () => {
          await api.storage.local.remove('notice');
          box.hidden = true;
        },
      }),
    );
  }

  globalThis.CertScopeUI = { api, t, el, safeLink, warnOnce, localize, download, showNotice, MARKER, severityLabel, verdict, shortcut };
})();
