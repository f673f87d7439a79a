// CertScope content script, part 3 of 4: the card. One shadow-root host
// ([data-certscope-card], a contract) on <html> while a card is open; all
// text is set as text, never parsed as HTML.
(() => {
  'use strict';
  const NS = (globalThis.CertScopeContent ??= {});
  if (NS.card) return;
  const UI = globalThis.CertScopeUI;
  const { t, safeLink } = UI;
  const Settings = globalThis.CertScopeSettings;
  const CARD_ATTR = NS.CARD_ATTR;
  const el = (tag, cls, text) => UI.el(tag, { class: cls || undefined, text: text ?? undefined });
  const hit = (r, x, y) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;


  let card = null; // {host, root, key, toast}
  let closeTimer = 0;

  function closeCard() {
    clearTimeout(closeTimer);
    if (!card) return;
    card.host.remove();
    card = null;
  }

  function openCard(v, { focus = false } = {}) {
    clearTimeout(closeTimer);
    if (card && card.key === v.key && !card.toast) return;
    closeCard();
    const f = v.f;
    const host = document.createElement('div');
    host.setAttribute(CARD_ATTR, '');
    hostStyle(host, 0, 0, false);
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = CARD_CSS;
    const box = el('div', `card sev-${v.severity}${pageIsDark() ? ' dark' : ''}`);
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-labelledby', 'cs-title');
    box.tabIndex = -1;

    const head = el('div', 'head');
    head.append(el('span', 'sev', t(`severity_${v.severity}`)), el('span', 'pack', f.pack));
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('card_close'));
    close.addEventListener('click', closeCard);
    head.append(close);
    const title = el('h2', 'title', f.title || f.rule);
    title.id = 'cs-title';
    box.append(head, title);
    if (f.message) box.append(el('p', 'message', f.message));
    const claim = el('blockquote', 'claim');
    claim.setAttribute('aria-label', t('card_claim'));
    quoteClaim(claim, v);
    box.append(claim);
    if (f.explanation) {
      const p = el('p', 'true');
      // The label is ours; drop it if the rule's text already starts with it.
      const text = f.explanation.replace(/^\s*what is true:\s*/i, '');
      p.append(el('strong', null, t('card_whatIsTrue')), document.createTextNode(' ' + text));
      box.append(p);
    }
    if (f.suggestion) {
      const p = el('p', 'suggest');
      const text = f.suggestion.replace(/^\s*accurate wording would be:\s*/i, '');
      p.append(el('strong', null, t('card_suggestion')), document.createTextNode(' ' + text));
      box.append(p);
    }
    if (Array.isArray(f.sources) && f.sources.length) {
      const ul = el('ul', 'sources');
      ul.setAttribute('aria-label', t('card_sources'));
      for (const s of f.sources.slice(0, 3)) {
        const li = el('li');
        if (s.quote) li.append(el('q', null, s.quote), document.createTextNode(' '));
        li.append(safeLink(s.url, s.title || s.url, { class: 'link' }));
        ul.append(li);
      }
      box.append(ul);
    }
    const foot = el('div', 'foot');
    if (f.verify?.url) {
      const p = el('span', 'verify');
      p.append(el('strong', null, t('card_verify')), document.createTextNode(' '), safeLink(f.verify.url, f.verify.name || f.verify.url, { class: 'link' }));
      foot.append(p);
    }
    foot.append(el('span', 'rule', t('card_rule', f.rule)));
    box.append(foot);
    const actions = el('div', 'actions');
    const mute = el('button', null, t('card_mute'));
    mute.type = 'button';
    mute.addEventListener('click', () => decide(v, 'mute'));
    const ignore = el('button', null, t('card_ignore'));
    ignore.type = 'button';
    ignore.addEventListener('click', () => decide(v, 'ignore'));
    actions.append(mute, ignore);
    box.append(actions);
    const live = el('div', 'live');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('role', 'status');
    root.append(style, box, live);
    host.addEventListener('pointerenter', () => clearTimeout(closeTimer));
    host.addEventListener('pointerleave', () => scheduleClose());
    document.documentElement.append(host);
    card = { host, root, key: v.key, box, toast: false };
    place(host, box, v.range);

    // Announce after insertion so screen readers pick it up.
    setTimeout(() => {
      live.textContent = t('card_announce', t(`severity_${v.severity}`), f.title || f.rule);
    }, 30);
    if (focus) box.focus({ preventScroll: true });
  }

  // quoteClaim shows the sentence (shortened around the claim when long)
  // with the claim phrase in bold, all as text nodes.
  function quoteClaim(into, v) {
    const f = v.f;
    const text = v.block.text;
    let a = Math.max(f.start, Math.min(f.claim.start, f.end));
    let z = Math.max(a, Math.min(f.claim.end, f.end));
    if (z <= a) {
      a = f.start;
      z = f.start;
    }
    const span = 140;
    const from = Math.max(f.start, a - span);
    const to = Math.min(f.end, z + span);
    const clean = (x) => x.replace(/\s+/g, ' ');
    into.append(
      document.createTextNode((from > f.start ? '…' : '') + clean(text.slice(from, a)).trimStart()),
      el('strong', null, clean(text.slice(a, z))),
      document.createTextNode(clean(text.slice(z, to)).trimEnd() + (to < f.end ? '…' : '')),
    );
  }

  // pageIsDark follows the page's own background, not just the browser's
  // colour scheme, so the card matches a dark page on a light system.
  function pageIsDark() {
    if (matchMedia('(prefers-color-scheme: dark)').matches) return true;
    for (const n of [document.body, document.documentElement]) {
      if (!n) continue;
      const m = getComputedStyle(n).backgroundColor.match(/[\d.]+/g);
      if (!m || (m.length > 3 && Number(m[3]) === 0)) continue;
      const [r, g, b] = m.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110;
    }
    return false;
  }

  function place(host, box, range) {
    const rects = [...range.getClientRects()];
    const r = (NS.lastPointer && rects.find((q) => hit(q, NS.lastPointer.x, NS.lastPointer.y))) || rects[0] || range.getBoundingClientRect();
    const w = box.offsetWidth;
    const h = box.offsetHeight;
    const vw = document.documentElement.clientWidth || innerWidth;
    const vh = innerHeight;
    let top = r.bottom + 6;
    if (top + h > vh - 4 && r.top - h - 6 >= 4) top = r.top - h - 6;
    top = Math.max(4, Math.min(top, vh - h - 4));
    const left = Math.max(4, Math.min(r.left, vw - w - 4));
    hostStyle(host, top, left, true);
  }

  // hostStyle pins the card host in the viewport; :host{all:initial} in the
  // shadow root resets everything else the page might inherit into it.
  function hostStyle(host, top, left, shown) {
    host.style.cssText =
      `position:fixed!important;top:${Math.round(top)}px!important;left:${Math.round(left)}px!important;` +
      'z-index:2147483647!important;display:block!important;margin:0!important;padding:0!important;border:0!important;' +
      `transform:none!important;opacity:1!important;visibility:${shown ? 'visible' : 'hidden'}!important;`;
  }

  async function decide(v, what) {
    const f = v.f;
    await Settings.update((s) => {
      if (what === 'mute') s.mutedRules = [...new Set([...s.mutedRules, f.rule])];
      else s.ignored = [...s.ignored, { rule: f.rule, text: Settings.norm(v.sentence), site: NS.site }];
    });
    showToast(t(what === 'mute' ? 'toast_muted' : 'toast_ignored'), async () => {
      await Settings.update((s) => {
        if (what === 'mute') s.mutedRules = s.mutedRules.filter((r) => r !== f.rule);
        else s.ignored = s.ignored.filter((i) => !(i.rule === f.rule && i.site === NS.site && i.text === Settings.norm(v.sentence)));
      });
      closeCard();
    });
  }

  function showToast(text, undo) {
    if (!card) return;
    card.toast = true;
    const box = card.box;
    box.replaceChildren();
    box.setAttribute('aria-labelledby', 'cs-toast');
    const p = el('p', 'toast', text);
    p.id = 'cs-toast';
    const b = el('button', null, t('toast_undo'));
    b.type = 'button';
    b.addEventListener('click', undo);
    box.append(p, b);
    card.root.querySelector('.live').textContent = text;
    b.focus();
    clearTimeout(closeTimer);
    closeTimer = setTimeout(closeCard, 8000);
  }

  function scheduleClose() {
    if (!card || card.toast) return;
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => {
      if (card && !card.toast && !card.host.matches(':hover') && !card.root.activeElement) closeCard();
    }, 400);
  }

  const CARD_CSS = `
:host{all:initial}
.card{box-sizing:border-box;width:min(420px,calc(100vw - 8px));max-height:min(75vh,560px);overflow:auto;
 font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1b1f;background:#fff;
 border:1px solid #c9c5d0;border-left:5px solid #b3261e;border-radius:8px;padding:10px 12px;
 box-shadow:0 6px 24px rgba(0,0,0,.25);text-align:left;outline:none}
.card.sev-medium{border-left-color:#b45309}.card.sev-info{border-left-color:#1d4ed8}
.card:focus-visible{box-shadow:0 0 0 3px #1d4ed8,0 6px 24px rgba(0,0,0,.25)}
.head{display:flex;align-items:center;gap:8px}
.sev{font-weight:700;font-size:11px;letter-spacing:.06em;text-transform:uppercase;color:#fff;background:#b3261e;border-radius:4px;padding:1px 6px}
.sev-medium .sev{background:#8a4b00}.sev-info .sev{background:#1d4ed8}
.pack{font-size:11px;color:#49454f;border:1px solid #c9c5d0;border-radius:4px;padding:0 5px}
.close{margin-left:auto;font:inherit;font-size:18px;line-height:1;background:none;border:0;color:inherit;cursor:pointer;padding:2px 6px;border-radius:4px}
.title{font-size:15px;margin:6px 0 4px;font-weight:650;line-height:1.3}
p{margin:4px 0}
.claim{margin:6px 0;padding:4px 8px;border-left:3px solid #c9c5d0;color:#49454f}
.claim strong{color:inherit;font-weight:700;text-decoration:underline wavy #b3261e;text-underline-offset:3px}
.dark .claim strong{text-decoration-color:#f2b8b5}
.sources{margin:6px 0;padding-left:18px}.sources li{margin:2px 0}
q{font-style:italic}
.foot{display:flex;flex-wrap:wrap;justify-content:space-between;gap:6px;margin-top:6px;font-size:12px}
.rule{color:#49454f;font-family:ui-monospace,monospace;font-size:11px}
.link{color:#0b57d0}
.actions{display:flex;gap:8px;margin:8px -12px -10px;padding:8px 12px 10px;position:sticky;bottom:-10px;background:inherit;border-top:1px solid #e7e0ec}
.dark .actions{border-top-color:#3a3740}
button{font:inherit;font-size:12px;cursor:pointer;border-radius:6px;border:1px solid #79747e;background:#f4eff4;color:#1c1b1f;padding:4px 10px}
button:focus-visible,.link:focus-visible{outline:3px solid #1d4ed8;outline-offset:1px}
.toast{font-weight:600}
.live{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.card.dark{color:#e6e1e5;background:#1f1d23;border-color:#5d5866;box-shadow:0 6px 24px rgba(0,0,0,.6)}
.dark .pack{color:#cac4d0;border-color:#5d5866}.dark .claim{color:#cac4d0;border-left-color:#6f6a75}
.dark .rule{color:#cac4d0}.dark .link{color:#a8c7fa}
.dark button{background:#2b2930;color:#e6e1e5;border-color:#938f99}
.card.dark.sev-high{border-left-color:#f2b8b5}.card.dark.sev-medium{border-left-color:#ffb870}.card.dark.sev-info{border-left-color:#a8c7fa}
.card.dark:focus-visible{box-shadow:0 0 0 3px #a8c7fa}`;

  NS.hit = hit;
  NS.card = {
    open: openCard,
    close: closeCard,
    scheduleClose,
    hold: () => clearTimeout(closeTimer),
    place,
    current: () => card,
  };
})();
