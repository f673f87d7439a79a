// CertScope content script: extracts the visible text of the page block by
// block, has the background engine check it, and draws findings with the CSS
// Custom Highlight API. It never changes the page's DOM to draw; the only
// node it adds is the card host, on <html>, while a card is open.
(() => {
  'use strict';
  if (globalThis.__certscopeContent) return;
  globalThis.__certscopeContent = true;

  const api = globalThis.browser ?? globalThis.chrome;
  const Settings = globalThis.CertScopeSettings;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;

  if (typeof CSS === 'undefined' || !CSS.highlights || typeof Highlight === 'undefined') return;

  const SEVERITIES = ['high', 'medium', 'info'];
  const MAX_TEXT = 1_000_000; // UTF-16 units of page text checked per frame
  const BATCH = 200_000; // units per engine call
  const SLICE_MS = 12; // work budget before yielding to the page
  const DEBOUNCE_MS = 300;
  const MAX_WAIT_MS = 1500;
  const MAX_FINDINGS = 500; // drawn per frame; more is a pathological page
  // The card's host is a plain <div> marked with this attribute: a custom
  // element name could be defined by the page first, which then runs its
  // own constructor on our host and can take its shadow root.
  const CARD_ATTR = 'data-certscope-card';
  const SKIP = new Set([
    'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'iframe', 'frame',
    'object', 'embed', 'canvas', 'svg', 'math', 'head', 'title', 'video', 'audio', 'img', 'picture',
  ]);

  // ---- state -----------------------------------------------------------------

  let settings = Settings.defaults();
  let active = false;
  let blocks = []; // {owner, text, segs: [{node, start, end, at}] (at: offset in node), findings: [...]}
  let visible = []; // findings drawn now, each {f, block, range, key, severity}
  let nextKey = 1;
  let generation = 0;
  const shadowRoots = new Set();

  // warnOnce logs a failure CertScope recovered from, once per kind, to the
  // extension's console: a swallowed error hid a Firefox 140 defect before.
  const warned = new Set();
  const warnOnce = (what, e) => {
    if (warned.has(what)) return;
    warned.add(what);
    console.warn(`CertScope: ${what}:`, e);
  };

  const site = (() => {
    try {
      if (location.ancestorOrigins?.length) return new URL(location.ancestorOrigins[location.ancestorOrigins.length - 1]).host;
      return window.top.location.host;
    } catch (e) {
      warnOnce('cannot read the top frame host, using this frame\'s', e);
      return location.host;
    }
  })();

  const yieldToPage = () =>
    globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((r) => setTimeout(r, 0));

  // ---- extraction ------------------------------------------------------------

  const flatParent = (n) => {
    const p = n.assignedSlot ?? n.parentNode;
    return p instanceof ShadowRoot ? p.host : p;
  };

  function flatChildren(n) {
    if (n.nodeType === 1) {
      if (n.shadowRoot) {
        watchShadow(n.shadowRoot);
        return n.shadowRoot.childNodes;
      }
      if (n.localName === 'slot') {
        const a = n.assignedNodes();
        return a.length ? a : n.childNodes;
      }
    }
    return n.childNodes;
  }

  const inlineDisplay = (d) => d.startsWith('inline') || d === 'contents' || d.startsWith('ruby');

  function isBlockEl(el) {
    if (el === document.documentElement || el === document.body) return true;
    return !inlineDisplay(getComputedStyle(el).display);
  }

  // rendered reports whether el and its flat-tree ancestors show text.
  function rendered(el) {
    for (let n = el; n && n.nodeType === 1; n = flatParent(n)) {
      if (SKIP.has(n.localName) || n.isContentEditable) return false;
    }
    return el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : getComputedStyle(el).display !== 'none';
  }

  // blockOf returns the nearest block-level flat-tree ancestor of n (or n).
  function blockOf(n) {
    let el = n.nodeType === 1 ? n : flatParent(n);
    while (el && el.nodeType === 1 && !isBlockEl(el)) el = flatParent(el);
    return el && el.nodeType === 1 ? el : document.body ?? document.documentElement;
  }

  // Invisible format characters (soft hyphen, zero-width space/joiners,
  // bidi marks and embeddings, word joiner, BOM) are left out of the text
  // the engine sees, so "HIP\u200BAA certified" still reads as a claim; the
  // segments keep where each run sits in its node, so offsets still map back.
  const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
  const MAX_SPLITS = 256; // a node with more is kept whole (a hostile page)
  const MAX_REVERSED = 500; // longer right-to-left overrides are left as they are

  // extract walks the flat tree under root and returns its text blocks. It
  // walks with an explicit stack (a page may nest thousands of levels deep)
  // and yields to the page every SLICE_MS so no task runs long.
  async function extract(root, budget) {
    const out = [];
    let cur = null;
    let total = 0;
    const flush = () => {
      if (cur && /\S/.test(cur.text)) out.push(cur);
      cur = null;
    };
    function addText(node, owner) {
      if (total >= budget) return;
      if (cur && cur.owner !== owner) flush();
      cur ??= { owner, text: '', segs: [], findings: [] };
      let data = node.data;
      if (data.length > budget - total) data = data.slice(0, budget - total);
      const push = (a, z, reversed) => {
        if (z <= a) return;
        if (reversed && z - a <= MAX_REVERSED) {
          // Shown right to left: the engine gets the characters in the
          // order the reader sees them, one segment per code point.
          for (let i = z; i > a; ) {
            const w = i - 1 > a && /[\uDC00-\uDFFF]/.test(data[i - 1]) && /[\uD800-\uDBFF]/.test(data[i - 2]) ? 2 : 1;
            i -= w;
            const ch = data.slice(i, i + w).replace(/[\n\r\t\f]/g, ' ');
            cur.segs.push({ node, start: cur.text.length, end: cur.text.length + w, at: i, rev: true });
            cur.text += ch;
            total += w;
          }
          cur.rev = true;
          return;
        }
        // One unit per unit within a run: offsets map back linearly.
        const s = data.slice(a, z).replace(/[\n\r\t\f]/g, ' ');
        cur.segs.push({ node, start: cur.text.length, end: cur.text.length + s.length, at: a });
        cur.text += s;
        total += s.length;
      };
      INVISIBLE.lastIndex = 0;
      const cuts = [];
      for (let m; cuts.length <= MAX_SPLITS && (m = INVISIBLE.exec(data)); ) cuts.push(m.index);
      if (cuts.length > MAX_SPLITS) cuts.length = 0;
      // Text after U+202E (right-to-left override) shows reversed until
      // U+202C (pop) or the end of the node: "\u202Eelbakcahnu" reads
      // "unhackable" on screen, so it is checked as such.
      let from = 0;
      let reversed = false;
      for (const c of cuts) {
        push(from, c, reversed);
        if (data[c] === '\u202E') reversed = true;
        else if (data[c] === '\u202C') reversed = false;
        from = c + 1;
      }
      push(from, data.length, reversed);
    }
    if (!rendered(root)) return out;
    const stack = [{ kids: flatChildren(root), i: 0, owner: root, block: false }];
    let deadline = performance.now() + SLICE_MS;
    for (let n = 0; stack.length && total < budget; n++) {
      if ((n & 63) === 0 && performance.now() > deadline) {
        await yieldToPage();
        deadline = performance.now() + SLICE_MS;
      }
      const fr = stack[stack.length - 1];
      if (fr.i >= fr.kids.length) {
        stack.pop();
        if (fr.block) flush();
        continue;
      }
      const child = fr.kids[fr.i++];
      if (!child) continue;
      if (child.nodeType === 3) {
        addText(child, fr.owner);
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child;
      if (SKIP.has(el.localName) || el.hasAttribute(CARD_ATTR)) continue;
      if (el.localName === 'br') {
        flush();
        continue;
      }
      const style = getComputedStyle(el);
      if (style.display === 'none' || el.isContentEditable) continue;
      const inline = inlineDisplay(style.display) && el !== document.body;
      // checkVisibility also sees closed <details> and content-visibility:
      // hidden; it walks the ancestors, so only ask it for blocks.
      if ((!inline || style.visibility !== 'visible') && el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
      if (inline) {
        stack.push({ kids: flatChildren(el), i: 0, owner: fr.owner, block: false });
      } else {
        flush();
        stack.push({ kids: flatChildren(el), i: 0, owner: el, block: true });
      }
    }
    flush();
    return out;
  }

  // ---- checking --------------------------------------------------------------

  // send messages the background. A service worker that was stopped while
  // answering closes the channel: wake it and try again a few times. An
  // answer that never comes must not hold up every later check (they run
  // one at a time), so each try has a time limit.
  const SEND_TIMEOUT_MS = 20000;
  async function send(msg, tries = 3) {
    for (let i = 1; ; i++) {
      let timer = 0;
      try {
        const late = new Promise((_, no) => {
          timer = setTimeout(() => no(new Error('no answer from the background')), SEND_TIMEOUT_MS);
        });
        return await Promise.race([api.runtime.sendMessage(msg), late]);
      } catch (e) {
        if (i >= tries || !api.runtime?.id) return { error: { code: 'messaging', message: String(e?.message ?? e) } };
        await new Promise((r) => setTimeout(r, 150 * i));
      } finally {
        clearTimeout(timer);
      }
    }
  }

  // checkBlocks has the engine check blocks, joined by "\n" so no sentence
  // crosses a block, and stores each finding on its block in block offsets.
  // It returns false when the check went stale; failed is set when a batch
  // could not be checked for a reason worth retrying (not a panic).
  let failed = false;
  async function checkBlocks(list, gen) {
    failed = false;
    for (let i = 0; i < list.length; ) {
      const bs = [];
      let len = 0;
      for (; i < list.length && (bs.length === 0 || len + list[i].text.length < BATCH); i++) {
        bs.push(list[i]);
        len += list[i].text.length + 1;
      }
      if (!(await checkBatch(bs, gen))) return false;
    }
    return true;
  }

  // checkBatch checks one batch. If the engine panicked on it, the halves
  // are checked apart, so one block that breaks the engine costs only its
  // own findings (the background restarts the engine after each panic).
  async function checkBatch(bs, gen) {
    const batch = [];
    let text = '';
    for (const b of bs) {
      if (text) text += '\n';
      batch.push({ b, at: text.length });
      text += b.text;
    }
    const res = await send({ type: 'check', text, url: location.href });
    if (gen !== generation) return false;
    if (res?.error?.code === 'engine_panic' && bs.length > 1) {
      const mid = bs.length >> 1;
      return (await checkBatch(bs.slice(0, mid), gen)) && checkBatch(bs.slice(mid), gen);
    }
    if (!res || res.error || !Array.isArray(res.findings)) {
      console.debug('CertScope: check failed', res?.error);
      if (res?.error?.code !== 'engine_panic') failed = true;
      return true;
    }
    // Claims a register supports come back apart; they are drawn with a
    // quiet mark of their own (certscope-verified), never as findings.
    const verified = (Array.isArray(res.verifications) ? res.verifications : []).map((v) => ({
      ...v,
      verified: true,
      rule: 'registers/verified',
      pack: 'registers',
      severity: 'verified',
    }));
    for (const f of [...res.findings, ...verified]) {
      let lo = 0;
      let hi = batch.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (batch[mid].at <= f.start) lo = mid;
        else hi = mid - 1;
      }
      const { b, at } = batch[lo];
      const clamp = (x) => Math.max(0, Math.min(b.text.length, x - at));
      b.findings.push({ ...f, start: clamp(f.start), end: clamp(f.end), claim: { start: clamp(f.claim?.start ?? f.start), end: clamp(f.claim?.end ?? f.end) } });
    }
    return true;
  }

  // retrySoon re-checks the page after a check failed (the background was
  // unreachable or answered an error), backing off: 1 s, 2 s, 4 s, 8 s.
  let retries = 0;
  let retryTimer = 0;
  function afterCheck() {
    if (!failed) {
      retries = 0;
      return;
    }
    if (retries >= 4 || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = 0;
      recheckAll();
    }, 1000 << retries++);
  }

  // pointAt maps a block offset to a DOM position (binary search: a block
  // may hold 100,000 text nodes). Segments are contiguous; an offset on a
  // boundary belongs to the next segment as a start, the previous as an end.
  function pointAt(b, off, isEnd) {
    const segs = b.segs;
    if (!segs.length) return null;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (isEnd ? segs[mid].end >= off : segs[mid].end > off) hi = mid;
      else lo = mid + 1;
    }
    const s = segs[lo];
    const at = Math.max(0, Math.min(off, s.end) - s.start);
    return [s.node, Math.min(s.at + at, s.node.length)];
  }

  function rangeOf(b, start, end) {
    // Trim surrounding spaces so highlights hug the words.
    while (start < end && b.text[start] === ' ') start++;
    while (end > start && b.text[end - 1] === ' ') end--;
    if (b.rev) return spanRange(b, start, end);
    const a = pointAt(b, start, false);
    const z = pointAt(b, end, true);
    if (!a || !z) return null;
    try {
      const r = new Range();
      r.setStart(a[0], a[1]);
      r.setEnd(z[0], z[1]);
      return r.collapsed ? null : r;
    } catch (e) {
      warnOnce('a finding range could not be built', e);
      return null;
    }
  }

  // spanRange is rangeOf for a block with reversed text, whose offsets do
  // not grow with DOM positions: the range runs from the first to the last
  // DOM point any segment of [start, end) reaches.
  function spanRange(b, start, end) {
    const segs = b.segs;
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].end > start) hi = mid;
      else lo = mid + 1;
    }
    try {
      let first = null;
      let last = null;
      const probe = new Range();
      // after(p, q): q lies after p in the document.
      const after = (p, q) => {
        probe.setStart(p[0], p[1]);
        probe.collapse(true);
        return probe.comparePoint(q[0], q[1]) > 0;
      };
      for (let i = lo; i < segs.length && segs[i].start < end; i++) {
        const s = segs[i];
        const n = s.node.length;
        const a = s.rev ? s.at : s.at + Math.max(start, s.start) - s.start;
        const z = s.rev ? s.at + s.end - s.start : s.at + Math.min(end, s.end) - s.start;
        const p = [s.node, Math.min(a, n)];
        const q = [s.node, Math.min(z, n)];
        if (!first || after(p, first)) first = p;
        if (!last || after(last, q)) last = q;
      }
      if (!first || !last) return null;
      const r = new Range();
      r.setStart(first[0], first[1]);
      r.setEnd(last[0], last[1]);
      return r.collapsed ? null : r;
    } catch (e) {
      warnOnce('a finding range (reversed text) could not be built', e);
      return null;
    }
  }

  let shadowSheet = null;
  function styleShadow(root) {
    // ::highlight rules do not cross shadow boundaries: adopt our sheet there.
    // Firefox content scripts see the root through an Xray wrapper whose
    // adoptedStyleSheets cannot be read as an array nor assigned (Firefox
    // 140), so go through the page's own list and add to it in place.
    try {
      if (!shadowSheet) {
        shadowSheet = new CSSStyleSheet();
        shadowSheet.replaceSync(HIGHLIGHT_RULES);
      }
      const sheets = (root.wrappedJSObject ?? root).adoptedStyleSheets;
      if (!Array.prototype.includes.call(sheets, shadowSheet)) Array.prototype.push.call(sheets, shadowSheet);
    } catch (e) {
      warnOnce('cannot style highlights inside a shadow root', e);
    }
  }

  // render draws the findings of all blocks that are still in the page,
  // minus muted rules and findings marked "not misleading here".
  function render() {
    blocks = blocks.filter((b) => b.owner.isConnected && b.segs.every((s) => s.node.isConnected));
    const groups = { high: [], medium: [], info: [], verified: [] };
    const prev = new Map(visible.map((v) => [v.f, v]));
    visible = [];
    if (active) {
      outer: for (const b of blocks) {
        for (const f of b.findings) {
          if (visible.length >= MAX_FINDINGS) break outer;
          if (settings.mutedRules.includes(f.rule)) continue;
          const sentence = b.text.slice(f.start, f.end);
          if (Settings.isIgnoredFinding(settings, f.rule, sentence, site)) continue;
          const old = prev.get(f);
          const range = old?.range ?? rangeOf(b, f.start, f.end);
          if (!range) continue;
          const severity = f.verified ? 'verified' : SEVERITIES.includes(f.severity) ? f.severity : 'info';
          const v = old ?? { f, block: b, range, key: nextKey++, severity, sentence, claimText: b.text.slice(f.claim.start, f.claim.end) };
          visible.push(v);
          groups[severity].push(range);
          const root = range.startContainer.getRootNode();
          if (root instanceof ShadowRoot) styleShadow(root);
        }
      }
    }
    for (const s of [...SEVERITIES, 'verified']) {
      const name = `certscope-${s}`;
      if (groups[s].length) {
        const h = new Highlight(...groups[s]);
        CSS.highlights.set(name, h);
        drawn.set(name, { h, n: groups[s].length });
      } else {
        CSS.highlights.delete(name);
        drawn.delete(name);
      }
    }
    if (card && !visible.some((v) => v.key === card.key) && !card.toast) closeCard();
    reportSoon();
  }

  // The page shares CSS.highlights with us (only the JS wrappers are per
  // world): it may clear the registry, delete or replace our entries, or
  // empty our Highlight objects. Check once a second and redraw if so.
  const drawn = new Map(); // name -> {h: our Highlight, n: ranges in it}
  setInterval(() => {
    if (!active || document.hidden || !drawn.size) return;
    for (const [name, d] of drawn) {
      if (CSS.highlights.get(name) !== d.h || d.h.size !== d.n) {
        render();
        return;
      }
    }
  }, 1000);

  let reportTimer = 0;
  function reportSoon() {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => {
      send({
        type: 'report',
        born: performance.timeOrigin,
        host: site,
        url: location.href,
        findings: visible.filter((v) => !v.f.verified).map((v) => ({ key: v.key, sentence: v.sentence, claimText: v.claimText, ...v.f })),
        verified: visible.filter((v) => v.f.verified).map((v) => ({ key: v.key, sentence: v.sentence, claimText: v.claimText, ...v.f })),
      });
    }, 50);
  }

  // ---- full and incremental checks --------------------------------------------

  let queue = Promise.resolve();
  // serial runs checks one at a time; a failed one does not stop the next.
  const serial = (fn) =>
    (queue = queue.then(fn).catch((e) => {
      console.debug('CertScope: check failed', e);
    }));

  function recheckAll() {
    const gen = ++generation;
    dirty.clear();
    return serial(async () => {
      if (gen !== generation) return;
      if (!active) {
        blocks = [];
        render();
        return;
      }
      const root = document.body ?? document.documentElement;
      const fresh = await extract(root, MAX_TEXT);
      if (gen !== generation) return;
      if (await checkBlocks(fresh, gen)) {
        blocks = fresh;
        render();
        afterCheck();
      }
    });
  }

  const dirty = new Set();
  let dirtyTimer = 0;
  let dirtySince = 0;
  function markDirty(node) {
    dirty.add(node);
    // Debounce, but never past MAX_WAIT_MS: a page that mutates without
    // pause (tickers, carousels) must still get its new text checked.
    const now = performance.now();
    if (!dirtyTimer) dirtySince = now;
    else if (now - dirtySince > MAX_WAIT_MS) return;
    clearTimeout(dirtyTimer);
    dirtyTimer = setTimeout(() => {
      dirtyTimer = 0;
      requestAnimationFrame(recheckDirty);
    }, DEBOUNCE_MS);
  }

  function flatContains(root, n) {
    for (; n; n = flatParent(n)) if (n === root) return true;
    return false;
  }

  function recheckDirty() {
    if (!active || !dirty.size) return;
    const nodes = [...dirty];
    dirty.clear();
    const gen = generation;
    serial(async () => {
      if (gen !== generation) return;
      const body = document.body ?? document.documentElement;
      let roots = [...new Set(nodes.filter((n) => n.isConnected).map(blockOf))];
      roots = roots.filter((r) => !roots.some((o) => o !== r && flatContains(o, r)));
      if (roots.length > 100 || roots.some((r) => r === body || r === document.documentElement)) {
        recheckAll();
        return;
      }
      const rootSet = new Set(roots);
      const under = (n) => {
        for (; n; n = flatParent(n)) if (rootSet.has(n)) return true;
        return false;
      };
      const kept = blocks.filter((b) => b.owner.isConnected && !under(b.owner));
      const fresh = [];
      const total = kept.reduce((a, b) => a + b.text.length, 0);
      for (const r of roots) fresh.push(...(await extract(r, Math.max(0, MAX_TEXT - total))));
      if (gen !== generation) return;
      if (await checkBlocks(fresh, gen)) {
        blocks = kept.concat(fresh);
        render();
        afterCheck();
      }
    });
  }

  const ownMutation = (m) => {
    const own = (n) => n.nodeType === 1 && n.hasAttribute(CARD_ATTR);
    if (m.target.nodeType === 1 && m.target.closest?.(`[${CARD_ATTR}]`)) return true;
    return m.type === 'childList' && [...m.addedNodes, ...m.removedNodes].every(own);
  };

  const observer = new MutationObserver((records) => {
    if (!active) return;
    for (const m of records) {
      if (ownMutation(m)) continue;
      if (m.type === 'attributes' && (m.target === document.body || m.target === document.documentElement)) continue;
      markDirty(m.target);
    }
  });
  const observeOpts = { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden', 'open', 'class', 'style'] };
  function watchShadow(root) {
    if (shadowRoots.has(root)) return;
    shadowRoots.add(root);
    observer.observe(root, observeOpts);
  }

  // ---- SPA navigation ----------------------------------------------------------

  let lastURL = location.href;
  function urlMaybeChanged() {
    if (location.href === lastURL) return;
    lastURL = location.href;
    closeCard();
    recheckAll();
  }
  addEventListener('popstate', () => setTimeout(urlMaybeChanged, 50));
  addEventListener('hashchange', urlMaybeChanged);
  setInterval(urlMaybeChanged, 1000); // pushState is invisible to content scripts

  // ---- card --------------------------------------------------------------------

  let card = null; // {host, root, key, toast}
  let closeTimer = 0;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function safeLink(url, text) {
    const a = el('a', 'link', text);
    // Not a URL: the text is shown without a link (URL.canParse, no throw).
    const u = URL.canParse(url) ? new URL(url) : null;
    if (u && (u.protocol === 'https:' || u.protocol === 'http:')) {
      a.href = u.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    return a;
  }

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
    if (f.register) box.append(registerSection(f.register));
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
        li.append(safeLink(s.url, s.title || s.url));
        ul.append(li);
      }
      box.append(ul);
    }
    const foot = el('div', 'foot');
    if (f.verify?.url) {
      const p = el('span', 'verify');
      p.append(el('strong', null, t('card_verify')), document.createTextNode(' '), safeLink(f.verify.url, f.verify.name || f.verify.url));
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
    if (!f.verified) box.append(actions);
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

  // registerSection lists what the official register holds for the claim:
  // each entry with its status, standard and date, linked to its register
  // page, and the date of CertScope's copy of the register.
  function registerSection(r) {
    const sec = el('div', 'register');
    const name = t(r.register === 'fedramp-marketplace' ? 'register_fedramp' : 'register_cmvp');
    sec.append(el('strong', null, t('card_register', name, String(r.snapshot ?? ''))));
    const entries = Array.isArray(r.entries) ? r.entries.slice(0, 5) : [];
    if (entries.length) {
      const ul = el('ul', 'entries');
      for (const e of entries) {
        const li = el('li');
        const label = (r.register === 'nist-cmvp' && e.id ? `#${e.id} ` : '') + (e.name || e.id || '');
        li.append(safeLink(e.url, label));
        const meta = [e.vendor, e.status, e.standard, e.date].filter(Boolean).join(' · ');
        if (meta) li.append(document.createTextNode(' — ' + meta));
        ul.append(li);
      }
      sec.append(ul);
    }
    return sec;
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
    const r = (lastPointer && rects.find((q) => hit(q, lastPointer.x, lastPointer.y))) || rects[0] || range.getBoundingClientRect();
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
      else s.ignored = [...s.ignored, { rule: f.rule, text: Settings.norm(v.sentence), site }];
    });
    showToast(t(what === 'mute' ? 'toast_muted' : 'toast_ignored'), async () => {
      await Settings.update((s) => {
        if (what === 'mute') s.mutedRules = s.mutedRules.filter((r) => r !== f.rule);
        else s.ignored = s.ignored.filter((i) => !(i.rule === f.rule && i.site === site && i.text === Settings.norm(v.sentence)));
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

  // ---- hover -------------------------------------------------------------------

  const hit = (r, x, y) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  let lastPointer = null;
  let moveTimer = 0;

  function findingAt(x, y) {
    for (const v of visible) {
      for (const r of v.range.getClientRects()) if (hit(r, x, y)) return v;
    }
    return null;
  }

  addEventListener(
    'pointermove',
    (e) => {
      // Only the user's pointer and keys: a page can dispatch synthetic
      // events to open cards or walk through its findings.
      if (!e.isTrusted) return;
      lastPointer = { x: e.clientX, y: e.clientY };
      if (moveTimer) return;
      moveTimer = setTimeout(() => {
        moveTimer = 0;
        if (!visible.length && !card) return;
        const { x, y } = lastPointer;
        if (card && hit(card.host.getBoundingClientRect(), x, y)) {
          clearTimeout(closeTimer);
          return;
        }
        const v = findingAt(x, y);
        if (v) openCard(v);
        else scheduleClose();
      }, 60);
    },
    { capture: true, passive: true },
  );

  // A fixed card follows its sentence when the page scrolls, and closes
  // once the sentence has left the viewport (unless it has the focus).
  let scrollQueued = false;
  addEventListener(
    'scroll',
    () => {
      if (!card || card.toast || scrollQueued) return;
      scrollQueued = true;
      requestAnimationFrame(() => {
        scrollQueued = false;
        const v = card && visible.find((x) => x.key === card.key);
        if (!v) return;
        const r = v.range.getBoundingClientRect();
        const gone = r.bottom < 0 || r.top > innerHeight;
        if (gone && !card.root.activeElement) closeCard();
        else if (!gone) place(card.host, card.box, v.range);
      });
    },
    { capture: true, passive: true },
  );

  // ---- keyboard ----------------------------------------------------------------

  function ordered() {
    const withPos = visible.map((v) => {
      const r = v.range.getBoundingClientRect();
      return { v, y: r.top + scrollY, x: r.left + scrollX };
    });
    withPos.sort((a, b) => a.y - b.y || a.x - b.x);
    return withPos.map((p) => p.v);
  }

  function focusFinding(v) {
    const target = v.range.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    lastPointer = null;
    requestAnimationFrame(() => openCard(v, { focus: true }));
  }

  function step(dir) {
    const list = ordered();
    if (!list.length) return;
    const i = card ? list.findIndex((v) => v.key === card.key) : -1;
    const next = i < 0 ? (dir > 0 ? 0 : list.length - 1) : (i + dir + list.length) % list.length;
    closeCard();
    focusFinding(list[next]);
  }

  addEventListener(
    'keydown',
    (e) => {
      if (!e.isTrusted) return;
      if (e.key === 'Escape' && card) {
        closeCard();
        return;
      }
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        if (!visible.length) return;
        e.preventDefault();
        e.stopPropagation();
        step(e.key === 'ArrowDown' ? 1 : -1);
      }
    },
    true,
  );

  // ---- settings and messages -------------------------------------------------

  async function applySettings() {
    try {
      settings = await Settings.load();
    } catch (e) {
      warnOnce('settings could not be loaded, using the defaults', e);
      settings = Settings.defaults();
    }
    const was = active;
    active = settings.enabled && !Settings.paused(settings, site);
    if (active && !was) observer.observe(document, observeOpts);
    if (!active && was) {
      observer.disconnect();
      shadowRoots.clear();
      closeCard();
    }
  }

  api.storage.onChanged.addListener(async (changes, area) => {
    const checks = area === 'sync' && 'settings' in changes;
    const prefs = area === 'local' && 'prefs' in changes;
    if (!checks && !prefs) return;
    await applySettings();
    if (checks) recheckAll();
    else render();
  });

  api.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    if (msg?.type === 'pageText') {
      // The text as the engine saw it, one block a line (for the report and
      // for checking extraction).
      sendResponse({ url: location.href, blocks: blocks.map((b) => b.text) });
      return false;
    }
    if (msg?.type === 'focus') {
      const v = visible.find((x) => x.key === msg.key);
      if (v) focusFinding(v);
      sendResponse({ ok: !!v });
    }
    return false;
  });

  addEventListener('pageshow', (e) => e.persisted && reportSoon());
  addEventListener('pagehide', () => send({ type: 'report', born: performance.timeOrigin, host: site, url: location.href, findings: [] }));

  const HIGHLIGHT_RULES = `
::highlight(certscope-high){background-color:rgba(244,63,94,.30);text-decoration:underline wavy #e11d48}
::highlight(certscope-medium){background-color:rgba(245,158,11,.30);text-decoration:underline wavy #d97706}
::highlight(certscope-info){background-color:rgba(59,130,246,.22);text-decoration:underline dotted #2563eb}
::highlight(certscope-verified){text-decoration:underline dotted #15803d}`;

  const CARD_CSS = `
:host{all:initial}
.card{box-sizing:border-box;width:min(420px,calc(100vw - 8px));max-height:min(75vh,560px);overflow:auto;
 font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1b1f;background:#fff;
 border:1px solid #c9c5d0;border-left:5px solid #b3261e;border-radius:8px;padding:10px 12px;
 box-shadow:0 6px 24px rgba(0,0,0,.25);text-align:left;outline:none}
.card.sev-medium{border-left-color:#b45309}.card.sev-info{border-left-color:#1d4ed8}.card.sev-verified{border-left-color:#15803d}
.register{margin:6px 0}.entries{margin:2px 0;padding-left:18px}.entries li{margin:2px 0}
.card:focus-visible{box-shadow:0 0 0 3px #1d4ed8,0 6px 24px rgba(0,0,0,.25)}
.head{display:flex;align-items:center;gap:8px}
.sev{font-weight:700;font-size:11px;letter-spacing:.06em;text-transform:uppercase;color:#fff;background:#b3261e;border-radius:4px;padding:1px 6px}
.sev-medium .sev{background:#8a4b00}.sev-info .sev{background:#1d4ed8}.sev-verified .sev{background:#15803d}
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

  // ---- start -------------------------------------------------------------------

  applySettings().then(recheckAll);
})();
