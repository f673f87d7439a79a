// CertScope content script, part 5 of 5: main. Has the background engine
// check the page's text (content-extract.js, content-check.js), draws the
// findings (content-highlight.js) and opens cards (content-card.js) on
// hover, click and keys; follows page changes, settings and messages. It never changes
// the page's DOM to draw; the only node it adds is the card host, on
// <html>, while a card is open.
(() => {
  'use strict';
  if (globalThis.__certscopeContent) return;
  globalThis.__certscopeContent = true;

  const NS = globalThis.CertScopeContent;
  const { api, warnOnce } = globalThis.CertScopeUI;
  const Settings = globalThis.CertScopeSettings;

  if (typeof CSS === 'undefined' || !CSS.highlights || typeof Highlight === 'undefined') return;

  const { SEVERITIES, CARD_ATTR, extract, blockOf, flatParent, flatContains, rangeOf, paint, send, checkBlocks } = NS;
  const MAX_TEXT = 1_000_000; // UTF-16 units of page text checked per frame
  const DEBOUNCE_MS = 300;
  const MAX_WAIT_MS = 1500;
  const MAX_FINDINGS = 500; // drawn per frame; more is a pathological page

  // ---- state -----------------------------------------------------------------

  let settings = Settings.defaults();
  let active = false;
  let blocks = []; // {owner, text, segs: [{node, start, end, at}] (at: offset in node), findings: [...]}
  let visible = []; // findings drawn now, each {f, block, range, key, severity}
  let nextKey = 1;
  let generation = 0;
  const shadowRoots = new Set();

  const site = (() => {
    try {
      if (location.ancestorOrigins?.length) return new URL(location.ancestorOrigins[location.ancestorOrigins.length - 1]).host;
      return window.top.location.host;
    } catch (e) {
      warnOnce("cannot read the top frame host, using this frame's", e);
      return location.host;
    }
  })();
  NS.site = site;

  // retrySoon re-checks the page after a check failed (the background was
  // unreachable or answered an error), backing off: 1 s, 2 s, 4 s, 8 s.
  let retries = 0;
  let retryTimer = 0;
  function afterCheck() {
    if (!NS.checkFailed()) {
      retries = 0;
      return;
    }
    if (retries >= 4 || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = 0;
      recheckAll();
    }, 1000 << retries++);
  }

  // render draws the findings of all blocks that are still in the page,
  // minus muted rules and findings marked "not misleading here". It draws
  // claims, not sentences: findings whose claim phrases overlap share one
  // mark (one highlight, one card that pages through them), drawn in the
  // highest severity among them.
  const RANK = { high: 0, medium: 1, info: 2, verified: 3 };
  let marksOf = new WeakMap(); // block -> Map("start,end" -> mark), to keep keys and ranges
  function render() {
    blocks = blocks.filter((b) => b.owner.isConnected && b.segs.every((s) => s.node.isConnected));
    const groups = { high: [], medium: [], info: [], verified: [] };
    const prevMarks = marksOf;
    marksOf = new WeakMap();
    visible = [];
    if (active) {
      outer: for (const b of blocks) {
        const items = [];
        for (const f of b.findings) {
          if (settings.mutedRules.includes(f.rule)) continue;
          const sentence = b.text.slice(f.start, f.end);
          if (Settings.isIgnoredFinding(settings, f.rule, sentence, site)) continue;
          let a = Math.max(f.start, Math.min(f.claim.start, f.end));
          let z = Math.max(a, Math.min(f.claim.end, f.end));
          if (!/\S/.test(b.text.slice(a, z))) [a, z] = [f.start, f.end];
          const severity = f.verified ? 'verified' : SEVERITIES.includes(f.severity) ? f.severity : 'info';
          items.push({ f, severity, sentence, a, z, claimStart: a - f.start, claimEnd: z - f.start, claimText: b.text.slice(a, z) });
        }
        items.sort((x, y) => x.a - y.a || RANK[x.severity] - RANK[y.severity]);
        const merged = [];
        for (const it of items) {
          const last = merged[merged.length - 1];
          if (last && it.a < last.z) {
            last.items.push(it);
            last.z = Math.max(last.z, it.z);
          } else merged.push({ a: it.a, z: it.z, items: [it] });
        }
        const old = prevMarks.get(b);
        const mine = new Map();
        for (const m of merged) {
          if (visible.length >= MAX_FINDINGS) break outer;
          m.items.sort((x, y) => RANK[x.severity] - RANK[y.severity] || x.a - y.a);
          const id = `${m.a},${m.z}`;
          const was = old?.get(id);
          const same = was && was.items.length === m.items.length && was.items.every((x, i) => x.f === m.items[i].f);
          const range = was?.range ?? rangeOf(b, m.a, m.z);
          if (!range) continue;
          const mark = same ? was : { key: nextKey++, block: b, range, severity: m.items[0].severity, items: m.items, claimText: b.text.slice(m.a, m.z) };
          mine.set(id, mark);
          visible.push(mark);
          groups[mark.severity].push(range);
        }
        marksOf.set(b, mine);
      }
    }
    paint(groups);
    NS.dropRects?.();
    if (visible.length) askPackNames();
    const card = NS.card.current();
    if (card && !visible.includes(card.mark) && !card.toast) NS.card.close();
    reportSoon();
  }

  // Pack names for the card, asked once there is something to show (the
  // card shows names, never ids).
  const packNames = new Map();
  let askedNames = false;
  NS.packName = (id) => packNames.get(id);
  function askPackNames() {
    if (askedNames) return;
    askedNames = true;
    send({ type: 'packs' }).then((res) => {
      for (const p of res?.packs ?? []) if (p?.id && p.name) packNames.set(p.id, p.name);
    });
  }

  // The page shares CSS.highlights with us (only the JS wrappers are per
  // world): it may clear the registry, delete or replace our entries, or
  // empty our Highlight objects. Check once a second and redraw if so.
  setInterval(() => {
    if (!active || document.hidden || !NS.painted()) return;
    if (NS.tampered()) render();
  }, 1000);

  const entries = (keep) =>
    visible.flatMap((m) =>
      m.items.filter(keep).map((it) => ({ ...it.f, key: m.key, severity: it.severity, sentence: it.sentence, claimText: it.claimText })),
    );

  let reportTimer = 0;
  function reportSoon() {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => {
      send({
        type: 'report',
        born: performance.timeOrigin,
        host: site,
        url: location.href,
        // checked: whether this page was checked at all (not paused or off).
        checked: active,
        // One entry per finding, each with the key of its mark: the badge
        // and the popup count marks (what a reader sees), each once.
        findings: entries((it) => !it.f.verified),
        // Claims an official register supports, listed apart in the popup.
        verified: entries((it) => it.f.verified),
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
      if (await checkBlocks(fresh, () => gen === generation)) {
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
      if (await checkBlocks(fresh, () => gen === generation)) {
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
  NS.setShadowHook(watchShadow);
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
    NS.card.close();
    recheckAll();
  }
  addEventListener('popstate', () => setTimeout(urlMaybeChanged, 50));
  addEventListener('hashchange', urlMaybeChanged);
  setInterval(urlMaybeChanged, 1000); // pushState is invisible to content scripts

  // ---- hover, click and keys -----------------------------------------------------

  const hit = NS.hit;
  let lastPointer = null;
  let framePending = 0;
  let movedSince = false;

  // markAt finds the claim under a point. Client rects are cached for a
  // moment (a pointer moves many times a second over a page that rarely
  // changes); scrolling, resizing and drawing drop the cache.
  let rectCache = null;
  function markAt(x, y) {
    const now = performance.now();
    if (!rectCache || now - rectCache.at > 250) {
      rectCache = { at: now, list: visible.map((m) => [m, [...m.range.getClientRects()]]) };
    }
    for (const [m, rects] of rectCache.list) for (const r of rects) if (hit(r, x, y)) return m;
    return null;
  }
  NS.dropRects = () => {
    rectCache = null;
  };
  addEventListener('resize', NS.dropRects, { passive: true });

  // hover previews the card of the claim under the pointer, or lets an
  // unpinned card close once the pointer is elsewhere.
  function hover() {
    const card = NS.card.current();
    if (!lastPointer || (!visible.length && !card)) return;
    const { x, y } = lastPointer;
    if (card && hit(card.host.getBoundingClientRect(), x, y)) {
      NS.card.hold();
      return;
    }
    const m = markAt(x, y);
    if (m) NS.card.open(m, { anchor: lastPointer });
    else NS.card.scheduleClose();
  }

  addEventListener(
    'pointermove',
    (e) => {
      // Only the user's pointer and keys: a page can dispatch synthetic
      // events to open cards or walk through its findings.
      if (!e.isTrusted) return;
      lastPointer = { x: e.clientX, y: e.clientY };
      // At once (the card shows in the next frame), then at most once a
      // frame while the pointer keeps moving.
      if (framePending) {
        movedSince = true;
        return;
      }
      hover();
      framePending = requestAnimationFrame(() => {
        framePending = 0;
        if (movedSince) {
          movedSince = false;
          hover();
        }
      });
    },
    { capture: true, passive: true },
  );

  // A click (or tap) on a claim opens its card pinned, with the focus in
  // it; a click elsewhere closes a pinned card.
  addEventListener(
    'click',
    (e) => {
      if (!e.isTrusted) return;
      const card = NS.card.current();
      if (card && e.composedPath().includes(card.host)) return;
      const m = visible.length ? markAt(e.clientX, e.clientY) : null;
      if (m) NS.card.open(m, { pinned: true, focus: true, anchor: { x: e.clientX, y: e.clientY } });
      else if (card?.pinned) NS.card.close();
    },
    true,
  );

  // A fixed card follows its claim when the page scrolls, and closes once
  // the claim has left the viewport (unless it has the focus).
  let scrollQueued = false;
  addEventListener(
    'scroll',
    () => {
      rectCache = null;
      const card = NS.card.current();
      if (!card || card.toast || scrollQueued) return;
      scrollQueued = true;
      requestAnimationFrame(() => {
        scrollQueued = false;
        const card = NS.card.current();
        if (!card || !visible.includes(card.mark)) return;
        const r = card.mark.range.getBoundingClientRect();
        const gone = r.bottom < 0 || r.top > innerHeight;
        if (gone && !card.root.activeElement) NS.card.close();
        else if (!gone) NS.card.place();
      });
    },
    { capture: true, passive: true },
  );

  function ordered() {
    const withPos = visible.map((m) => {
      const r = m.range.getBoundingClientRect();
      return { m, y: r.top + scrollY, x: r.left + scrollX };
    });
    withPos.sort((a, b) => a.y - b.y || a.x - b.x);
    return withPos.map((p) => p.m);
  }

  function focusMark(m) {
    const target = m.range.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    requestAnimationFrame(() => NS.card.open(m, { pinned: true, focus: true }));
  }

  // step moves to the next or previous claim (the "next-finding" and
  // "previous-finding" commands, which the browser lets users remap).
  function step(dir) {
    const list = ordered();
    if (!list.length) return false;
    const card = NS.card.current();
    const i = card ? list.indexOf(card.mark) : -1;
    const next = i < 0 ? (dir > 0 ? 0 : list.length - 1) : (i + dir + list.length) % list.length;
    if (card) NS.card.close();
    focusMark(list[next]);
    return true;
  }

  addEventListener(
    'keydown',
    (e) => {
      if (!e.isTrusted) return;
      if (e.key === 'Escape' && NS.card.current()) {
        e.stopPropagation();
        NS.card.close({ restore: true });
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
      NS.card.close();
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
      const m = visible.find((x) => x.key === msg.key);
      if (m) focusMark(m);
      sendResponse({ ok: !!m });
    }
    if (msg?.type === 'step') sendResponse({ ok: step(msg.dir < 0 ? -1 : 1) });
    return false;
  });

  addEventListener('pageshow', (e) => e.persisted && reportSoon());
  addEventListener('pagehide', () => send({ type: 'report', born: performance.timeOrigin, host: site, url: location.href, checked: active, findings: [] }));


  // ---- start -------------------------------------------------------------------

  applySettings().then(recheckAll);
})();
