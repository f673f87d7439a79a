// CertScope content script, part 4 of 5: the card. One shadow-root host
// ([data-certscope-card] with a .card inside, a contract) on <html> while a
// card is open; all text is set as text, never parsed as HTML. A card is
// built only when it opens, for one highlighted claim (a "mark"), and pages
// through that claim's findings, highest severity first.
(() => {
  'use strict';
  const NS = (globalThis.CertScopeContent ??= {});
  if (NS.card) return;
  const { api, t, el, safeLink, warnOnce, severityLabel, verdict } = globalThis.CertScopeUI;
  const Settings = globalThis.CertScopeSettings;
  const CARD_ATTR = NS.CARD_ATTR;
  const QUOTE_WORDS = 16; // words of the sentence quoted, claim included
  const REPORT_TO = 'https://github.com/certscope/certscope/issues';

  const hit = (r, x, y) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  const words = (s) => s.split(/\s+/).filter(Boolean);
  const clean = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

  let card = null; // {host, root, box, body, live, mark, index, pinned, toast, returnTo}
  let closeTimer = 0;

  // ---- what the card says ------------------------------------------------------

  // why says the rest once: the message's sentences the verdict did not
  // say, then the explanation without its label, minus repeats.
  function why(f, shown) {
    const split = (s) => clean(s).split(/(?<=[.!?])\s+(?=[A-Z"“(])/).filter(Boolean);
    const key = (s) => words(s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, '')).slice(0, 8).join(' ');
    const seen = new Set([key(shown)]);
    const out = [];
    const explanation = clean(f.explanation)
      .replace(/^what is true:\s*/i, '')
      .replace(/^\p{Ll}/u, (x) => x.toUpperCase());
    for (const s of [...split(f.message), ...split(explanation)]) {
      const k = key(s);
      if (!k || seen.has(k) || out.some((o) => key(o).startsWith(k) || k.startsWith(key(o)))) continue;
      if (shown.startsWith(s.replace(/[.;]$/, ''))) continue;
      seen.add(k);
      out.push(s);
    }
    return out.join(' ');
  }

  // question is one line a reader can send the vendor: the engine's when
  // it gives one, else the rule's or the pack's from the locale.
  function question(f) {
    if (f.question) return clean(f.question);
    const rule = `ask_${String(f.rule).replace(/[^A-Za-z0-9]/g, '_')}`;
    const pack = `ask_${String(f.pack).replace(/[^A-Za-z0-9]/g, '_')}`;
    for (const k of [rule, pack]) {
      const m = api.i18n.getMessage(k);
      if (m) return m;
    }
    return t('ask_default');
  }

  // registerURL is where "Check the register" goes: the register entry
  // when a register check found one, else the scheme's official register.
  const registerURL = (f) => f.register?.entries?.find((e) => e.url)?.url ?? f.verify?.url ?? '';

  // quote shows the claim in its sentence, the claim in bold, cut on word
  // boundaries around it, all as text nodes.
  function quote(into, item) {
    const text = item.sentence; // claim offsets are relative to it
    let a = Math.max(0, Math.min(item.claimStart, text.length));
    let z = Math.max(a, Math.min(item.claimEnd, text.length));
    if (z <= a) [a, z] = [0, text.length];
    let claim = words(text.slice(a, z));
    let cut = false;
    if (claim.length > QUOTE_WORDS - 2) {
      claim = claim.slice(0, QUOTE_WORDS - 2);
      cut = true;
    }
    const left = words(text.slice(0, a));
    const right = words(text.slice(z));
    const room = Math.max(0, QUOTE_WORDS - claim.length);
    const nl = Math.min(left.length, Math.max(Math.floor(room / 2), room - right.length));
    const nr = Math.min(right.length, room - nl);
    const before = left.slice(left.length - nl).join(' ');
    const after = cut ? '' : right.slice(0, nr).join(' ');
    // Keep the spacing the sentence had between the claim and its neighbours.
    const gapL = a > 0 && /\s$/.test(text.slice(0, a)) ? ' ' : '';
    const gapR = z < text.length && /^\s/.test(text.slice(z)) ? ' ' : '';
    into.append(
      `“${nl < left.length ? '…' : ''}${before}${before ? gapL : ''}`,
      el('strong', { text: claim.join(' ') + (cut ? '…' : '') }),
      `${after ? gapR : ''}${after}${!cut && nr < right.length ? '…' : ''}”`,
    );
  }

  // Collapsed sections below the first view, in order. Each renderer takes
  // the finding and returns a node or null (nothing to say). The register
  // section shows a register result when the engine attaches one.
  const sections = [
    { id: 'why', label: 'card_why', render: (f) => (f._why ? el('p', { text: f._why }) : null) },
    { id: 'register', label: 'card_register', render: (f) => (f.register ? renderRegister(f.register) : null) },
    {
      id: 'sources',
      label: 'card_sources',
      render: (f) => {
        if (!Array.isArray(f.sources) || !f.sources.length) return null;
        return el(
          'ul',
          { class: 'sources' },
          ...f.sources.slice(0, 3).map((s) =>
            el('li', {}, s.quote ? el('q', { text: clean(s.quote) }) : null, s.quote ? ' ' : null, safeLink(s.url, s.title || s.url, { class: 'link' })),
          ),
        );
      },
    },
    { id: 'wording', label: 'card_wording', render: (f) => (f.suggestion ? el('p', { text: clean(f.suggestion).replace(/^accurate wording would be:\s*/i, '') }) : null) },
  ];

  // renderRegister shows a register result ({register, snapshot, result,
  // entries}); the result words come from the locale.
  function renderRegister(r) {
    const box = el('div', { class: 'register' });
    const name = t(r.register === 'fedramp-marketplace' ? 'register_fedramp' : 'register_cmvp');
    box.append(el('p', { text: api.i18n.getMessage(`register_${String(r.result).replace(/[^a-z]/g, '_')}`) || String(r.result) }));
    const entries = Array.isArray(r.entries) ? r.entries.slice(0, 3) : [];
    if (entries.length) {
      const label = (e) => (r.register === 'nist-cmvp' && e.id ? `#${e.id} ` : '') + [e.name, e.vendor, e.status, e.standard, e.date].filter(Boolean).join(' · ');
      box.append(el('ul', {}, ...entries.map((e) => el('li', {}, safeLink(e.url, label(e), { class: 'link' })))));
    }
    if (r.snapshot) box.append(el('p', { class: 'muted', text: t('register_snapshot', name, r.snapshot) }));
    return box;
  }

  // ---- building the card --------------------------------------------------------

  function button(text, cls, onclick, attrs = {}) {
    return el('button', { type: 'button', class: cls, text, onclick, ...attrs });
  }

  function renderBody() {
    const { mark, index, box, body } = card;
    const item = mark.items[index];
    const f = item.f;
    const v = verdict(f);
    f._why ??= why(f, v);
    box.className = `card sev-${item.severity}${pageIsDark() ? ' dark' : ''}`;

    const head = el(
      'div',
      { class: 'head' },
      el('span', { class: 'sev', text: severityLabel(item.severity) }),
      el('span', { class: 'pack', text: NS.packName?.(f.pack) || t('card_finding') }),
    );
    const tools = el('span', { class: 'tools' });
    if (mark.items.length > 1) {
      tools.append(
        button('‹', 'nav', () => turn(-1), { 'aria-label': t('card_prev') }),
        el('span', { class: 'count', text: t('card_of', String(index + 1), String(mark.items.length)) }),
        button('›', 'nav', () => turn(1), { 'aria-label': t('card_next') }),
      );
    }
    tools.append(button('×', 'close', () => close({ restore: true }), { 'aria-label': t('card_close') }));
    head.append(tools);

    const claim = el('blockquote', { class: 'claim', 'aria-label': t('card_claim') });
    quote(claim, item);

    const actions = el('div', { class: 'actions' });
    const reg = registerURL(f);
    if (reg) actions.append(safeLink(reg, t('card_checkRegister'), { class: 'btn primary' }));
    const ask = button(t('card_ask'), 'btn', () => toggle('ask'), { 'aria-expanded': 'false', 'aria-controls': 'cs-ask', 'data-panel': 'ask' });
    actions.append(ask);

    const row = el('div', { class: 'more' });
    const panels = el('div', { class: 'panels' });
    const q = question(f);
    const status = el('span', { class: 'status', role: 'status' });
    panels.append(
      el(
        'div',
        { class: 'panel', id: 'cs-ask', hidden: true },
        el('p', { class: 'question', text: q }),
        button(t('card_copy'), 'btn', () => copy(q, status, t('card_copied'))),
        status,
      ),
    );
    for (const s of sections) {
      const node = s.render(f);
      if (!node) continue;
      row.append(button(t(s.label), 'disc', () => toggle(s.id), { 'aria-expanded': 'false', 'aria-controls': `cs-${s.id}`, 'data-panel': s.id }));
      panels.append(el('div', { class: 'panel', id: `cs-${s.id}`, hidden: true }, node));
    }
    const menuStatus = el('span', { class: 'status', role: 'status' });
    panels.append(
      el(
        'div',
        { class: 'panel menu', id: 'cs-menu', hidden: true },
        // A claim the register supports is no finding: nothing to mute.
        item.f.verified ? null : button(t('card_ignore'), 'btn', () => decide(item, 'ignore')),
        item.f.verified ? null : button(t('card_mute'), 'btn', () => decide(item, 'mute')),
        button(t('card_reportWrong'), 'btn', () => copy(wrongReport(item), menuStatus, t('card_reportCopied', REPORT_TO))),
        menuStatus,
      ),
    );
    row.append(button('⋯', 'disc menu-btn', () => toggle('menu'), { 'aria-label': t('card_moreActions'), 'aria-expanded': 'false', 'aria-controls': 'cs-menu', 'data-panel': 'menu' }));

    body.replaceChildren(head, el('h2', { class: 'verdict', id: 'cs-title', text: v }), claim, actions, row, panels);
  }

  // toggle opens one panel (closing any other) or closes it.
  function toggle(id) {
    if (!card) return;
    const root = card.root;
    const panel = root.getElementById(`cs-${id}`);
    const open = panel.hidden;
    for (const p of root.querySelectorAll('.panel')) p.hidden = true;
    for (const b of root.querySelectorAll('[data-panel]')) b.setAttribute('aria-expanded', 'false');
    panel.hidden = !open;
    root.querySelector(`[data-panel="${id}"]`)?.setAttribute('aria-expanded', String(open));
    pin();
    place();
  }

  function turn(dir) {
    if (!card) return;
    const n = card.mark.items.length;
    card.index = (card.index + dir + n) % n;
    pin();
    renderBody();
    place();
    card.root.querySelector('.nav')?.focus();
    announce();
  }

  async function copy(text, status, done) {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = done;
    } catch (e) {
      // Insecure pages have no clipboard API: select the text for Ctrl+C.
      warnOnce('clipboard write failed', e);
      status.textContent = t('card_copyFailed');
      status.title = text;
    }
  }

  // wrongReport is what "Report a wrong highlight" copies; nothing is sent.
  const wrongReport = (item) =>
    [
      `CertScope ${api.runtime.getManifest().version}: wrong highlight`,
      `Site: ${NS.site}`,
      `Sentence: "${clean(item.sentence)}"`,
      `Rule: ${item.f.rule}`,
    ].join('\n');

  function announce() {
    if (!card) return;
    const item = card.mark.items[card.index];
    setTimeout(() => {
      if (card) card.live.textContent = t('card_announce', t(`severity_${item.severity}`), verdict(item.f));
    }, 30);
  }

  // open shows the card for a mark: as a preview on hover, pinned (and
  // focused, focus kept inside until it closes) on click or from the keys.
  function open(mark, { pinned = false, focus = false, anchor = null } = {}) {
    clearTimeout(closeTimer);
    if (card && card.mark.key === mark.key && !card.toast) {
      if (pinned) pin(focus);
      return;
    }
    if (card?.pinned && !pinned) return; // a pinned card stays until closed
    const returnTo = card?.returnTo ?? deepActive();
    close();
    const host = document.createElement('div');
    host.setAttribute(CARD_ATTR, '');
    hostStyle(host, 0, 0, false);
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style', { text: CARD_CSS });
    const box = el('div', { class: 'card', role: 'dialog', 'aria-labelledby': 'cs-title', tabindex: '-1' });
    const body = el('div', { class: 'body' });
    const live = el('div', { class: 'live', 'aria-live': 'polite', role: 'status' });
    box.append(body);
    root.append(style, box, live);
    card = { host, root, box, body, live, mark, index: 0, pinned: false, toast: false, returnTo, anchor, key: mark.key };
    renderBody();
    host.addEventListener('pointerenter', () => clearTimeout(closeTimer));
    host.addEventListener('pointerleave', () => scheduleClose());
    root.addEventListener('keydown', trap);
    document.documentElement.append(host);
    place();
    announce();
    if (pinned) pin(focus);
  }

  function pin(focus = false) {
    if (!card) return;
    card.pinned = true;
    card.box.setAttribute('aria-modal', 'true');
    if (focus) card.box.focus({ preventScroll: true });
  }

  // deepActive is the focused element, inside open shadow roots too.
  function deepActive() {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  // trap keeps Tab inside an open card.
  function trap(e) {
    if (!e.isTrusted || e.key !== 'Tab' || !card) return;
    const items = [...card.root.querySelectorAll('button, a[href]')].filter((n) => !n.closest('[hidden]'));
    if (!items.length) return;
    const at = items.indexOf(card.root.activeElement);
    const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : at < 0 || at === items.length - 1 ? 0 : at + 1;
    e.preventDefault();
    items[next].focus();
  }

  function close({ restore = false } = {}) {
    clearTimeout(closeTimer);
    if (!card) return;
    const { host, returnTo, root } = card;
    const hadFocus = !!root.activeElement;
    host.remove();
    card = null;
    if ((restore || hadFocus) && returnTo?.isConnected && typeof returnTo.focus === 'function') returnTo.focus({ preventScroll: true });
  }

  function scheduleClose() {
    if (!card || card.toast || card.pinned) return;
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => {
      if (card && !card.toast && !card.pinned && !card.host.matches(':hover') && !card.root.activeElement) close();
    }, 400);
  }

  // ---- placement ------------------------------------------------------------------

  // place puts the card below or above its claim, or beside it on a wide
  // window, never over the claim's own lines; when no side has room for the
  // whole card, it takes the roomier one and scrolls inside.
  function place() {
    if (!card) return;
    const { host, box, mark } = card;
    const rects = [...mark.range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    const b = rects.length ? union(rects) : mark.range.getBoundingClientRect();
    const anchor = (card.anchor && rects.find((r) => hit(r, card.anchor.x, card.anchor.y))) || rects[0] || b;
    box.style.maxHeight = 'none';
    const w = box.offsetWidth;
    const h = box.offsetHeight;
    const vw = document.documentElement.clientWidth || innerWidth;
    const vh = document.documentElement.clientHeight || innerHeight;
    const m = 4;
    const gap = 6;
    const below = vh - m - (b.bottom + gap);
    const above = b.top - gap - m;
    const clampX = (x) => Math.max(m, Math.min(x, vw - w - m));
    const clampY = (y, hh) => Math.max(m, Math.min(y, vh - hh - m));
    let top;
    let left = clampX(anchor.left);
    let maxH = vh - 2 * m;
    // Below, the card lines up with the claim's last line; above, its first.
    if (h <= below) {
      top = b.bottom + gap;
      left = clampX((rects[rects.length - 1] ?? anchor).left);
    } else if (h <= above) {
      top = b.top - gap - h;
      left = clampX((rects[0] ?? anchor).left);
    }
    else if (vw - b.right - gap - m >= w) {
      left = b.right + gap;
      top = clampY(b.top, Math.min(h, maxH));
    } else if (b.left - gap - m >= w) {
      left = b.left - gap - w;
      top = clampY(b.top, Math.min(h, maxH));
    } else if (below >= above) {
      top = b.bottom + gap;
      maxH = Math.max(60, below);
    } else {
      maxH = Math.max(60, above);
      top = b.top - gap - Math.min(h, maxH);
    }
    box.style.maxHeight = `${Math.floor(maxH)}px`;
    hostStyle(host, top, left, true);
  }

  function union(rects) {
    const u = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    for (const r of rects) {
      u.left = Math.min(u.left, r.left);
      u.top = Math.min(u.top, r.top);
      u.right = Math.max(u.right, r.right);
      u.bottom = Math.max(u.bottom, r.bottom);
    }
    return u;
  }

  // hostStyle pins the card host in the viewport; :host{all:initial} in the
  // shadow root resets everything else the page might inherit into it.
  function hostStyle(host, top, left, shown) {
    host.style.cssText =
      `position:fixed!important;top:${Math.round(top)}px!important;left:${Math.round(left)}px!important;` +
      'z-index:2147483647!important;display:block!important;margin:0!important;padding:0!important;border:0!important;' +
      `transform:none!important;opacity:1!important;visibility:${shown ? 'visible' : 'hidden'}!important;`;
  }

  // pageIsDark follows the page's own background, not just the browser's
  // colour scheme, so the card matches a dark page on a light system.
  function pageIsDark() {
    if (matchMedia('(prefers-color-scheme: dark)').matches) return true;
    return NS.isDarkAt(card?.mark.range.startContainer);
  }

  // ---- decisions ------------------------------------------------------------------

  async function decide(item, what) {
    const f = item.f;
    const text = Settings.norm(item.sentence);
    await Settings.update((s) => {
      if (what === 'mute') s.mutedRules = [...new Set([...s.mutedRules, f.rule])];
      else s.ignored = [...s.ignored, { rule: f.rule, text, site: NS.site }];
    });
    showToast(t(what === 'mute' ? 'toast_muted' : 'toast_ignored'), async () => {
      await Settings.update((s) => {
        if (what === 'mute') s.mutedRules = s.mutedRules.filter((r) => r !== f.rule);
        else s.ignored = s.ignored.filter((i) => !(i.rule === f.rule && i.site === NS.site && i.text === text));
      });
      close({ restore: true });
    });
  }

  function showToast(text, undo) {
    if (!card) return;
    card.toast = true;
    card.box.setAttribute('aria-labelledby', 'cs-toast');
    const b = button(t('toast_undo'), 'btn', undo);
    card.body.replaceChildren(el('p', { class: 'toast', id: 'cs-toast', text }), b);
    card.live.textContent = text;
    b.focus();
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => close(), 8000);
  }

  const CARD_CSS = `
:host{all:initial}
.card{box-sizing:border-box;width:min(400px,calc(100vw - 8px));overflow:auto;
 font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1b1f;background:#fff;
 border:1px solid #c9c5d0;border-left:6px solid #b3261e;border-radius:8px;padding:8px 10px 8px 10px;
 box-shadow:0 6px 24px rgba(0,0,0,.25);text-align:left;outline:none}
.card.sev-medium{border-left-color:#b45309}.card.sev-info{border-left-color:#1d4ed8}.card.sev-verified{border-left-color:#15803d}
.card:focus-visible{box-shadow:0 0 0 2px #1d4ed8,0 6px 24px rgba(0,0,0,.25)}
.head{display:flex;align-items:center;gap:6px;font-size:12px}
.sev{font-weight:700;font-size:11px;letter-spacing:.04em;text-transform:uppercase;color:#fff;background:#b3261e;border-radius:4px;padding:1px 6px;white-space:nowrap}
.sev-medium .sev{background:#8a4b00}.sev-info .sev{background:#1d4ed8}.sev-verified .sev{background:#15803d}
.pack{color:#49454f;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tools{margin-left:auto;display:flex;align-items:center;gap:2px;white-space:nowrap}
.count{color:#49454f;padding:0 2px}
.nav,.close{font:inherit;font-size:16px;line-height:1;background:none;border:0;color:inherit;cursor:pointer;padding:2px 6px;border-radius:4px}
.verdict{font-size:14px;margin:5px 0 4px;font-weight:650;line-height:1.3}
p{margin:4px 0}
.claim{margin:4px 0 6px;padding:2px 8px;border-left:3px solid #c9c5d0;color:#49454f}
.claim strong{color:#1c1b1f;font-weight:700;text-decoration:underline solid #b3261e 2px;text-underline-offset:3px}
.sev-medium .claim strong{text-decoration:underline wavy #b45309 1.5px}
.sev-info .claim strong{text-decoration:underline dotted #1d4ed8 2px}
.actions,.more{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.more{margin-top:6px;gap:2px}
.btn,.disc{font:inherit;font-size:12px;cursor:pointer;border-radius:6px;border:1px solid #79747e;background:#f4eff4;color:#1c1b1f;padding:3px 9px;text-decoration:none;display:inline-block}
.btn.primary{background:#0b57d0;border-color:#0b57d0;color:#fff}
.disc{border:0;background:none;color:#0b57d0;padding:2px 6px}
.disc::before{content:"▸ "}.disc[aria-expanded=true]::before{content:"▾ "}
.menu-btn{margin-left:auto;font-size:14px}.menu-btn::before,.menu-btn[aria-expanded=true]::before{content:""}
.panel{margin-top:6px;padding-top:6px;border-top:1px solid #e7e0ec}
.panel[hidden]{display:none}
.menu{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.question{font-style:italic}
.status{font-size:12px;color:#49454f;margin-left:6px}
.sources{margin:0;padding-left:18px}.sources li{margin:2px 0}
.register ul{margin:2px 0;padding-left:18px}
q{font-style:italic}
.link{color:#0b57d0}
.muted{color:#49454f}
button:focus-visible,a:focus-visible{outline:3px solid #1d4ed8;outline-offset:1px}
.toast{font-weight:600}
.live{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.card.dark{color:#e6e1e5;background:#1f1d23;border-color:#5d5866;box-shadow:0 6px 24px rgba(0,0,0,.6)}
.dark .pack,.dark .count,.dark .status,.dark .muted{color:#cac4d0}.dark .claim{color:#cac4d0;border-left-color:#6f6a75}
.dark .claim strong{color:#fff;text-decoration-color:#f2b8b5}
.dark.sev-medium .claim strong{text-decoration-color:#ffb870}.dark.sev-info .claim strong{text-decoration-color:#a8c7fa}
.dark .link,.dark .disc{color:#a8c7fa}
.dark .btn{background:#2b2930;color:#e6e1e5;border-color:#938f99}
.dark .btn.primary{background:#a8c7fa;border-color:#a8c7fa;color:#0b1d3a}
.dark .panel{border-top-color:#3a3740}
.card.dark.sev-high{border-left-color:#f2b8b5}.card.dark.sev-medium{border-left-color:#ffb870}.card.dark.sev-info{border-left-color:#a8c7fa}
.card.dark:focus-visible{box-shadow:0 0 0 2px #a8c7fa}`;

  NS.hit = hit;
  NS.cardSections = sections;
  NS.card = {
    open,
    close,
    scheduleClose,
    hold: () => clearTimeout(closeTimer),
    place,
    current: () => card,
    verdict,
  };
})();
