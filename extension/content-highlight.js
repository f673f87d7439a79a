// CertScope content script, part 3 of 5: highlighting. Maps block offsets
// to DOM ranges, paints them with the CSS Custom Highlight API (names
// certscope-high|medium|info, a contract) and styles page shadow roots,
// which ::highlight rules in content.css do not reach.
(() => {
  'use strict';
  const NS = (globalThis.CertScopeContent ??= {});
  if (NS.paint) return;
  const { warnOnce } = globalThis.CertScopeUI;
  const SEVERITIES = ['high', 'medium', 'info'];

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

  // Colour and line style both say the severity: high a solid underline,
  // medium wavy, info dotted, each in a colour with at least 4.5:1 contrast
  // against a white (light) or near-black (dark) page. Only background and
  // decoration change, never the text colour. content.css holds the light
  // set; a dark page gets the dark set adopted over it.
  const RULES = {
    light: `
::highlight(certscope-high){background-color:rgba(225,29,72,.20);text-decoration:underline solid #be123c;text-decoration-thickness:2px}
::highlight(certscope-medium){background-color:rgba(245,158,11,.26);text-decoration:underline wavy #b45309}
::highlight(certscope-info){background-color:rgba(59,130,246,.16);text-decoration:underline dotted #1d4ed8;text-decoration-thickness:2px}
::highlight(certscope-verified){text-decoration:underline dotted #15803d}`,
    dark: `
::highlight(certscope-high){background-color:rgba(251,113,133,.30);text-decoration:underline solid #fb7185;text-decoration-thickness:2px}
::highlight(certscope-medium){background-color:rgba(251,191,36,.30);text-decoration:underline wavy #fbbf24}
::highlight(certscope-info){background-color:rgba(96,165,250,.28);text-decoration:underline dotted #60a5fa;text-decoration-thickness:2px}
::highlight(certscope-verified){text-decoration:underline dotted #6ee7b7}`,
  };
  const sheets = {};
  const sheet = (theme) => {
    if (!sheets[theme]) {
      sheets[theme] = new CSSStyleSheet();
      sheets[theme].replaceSync(RULES[theme]);
    }
    return sheets[theme];
  };

  // adopt adds our sheet for theme to a document or shadow root, and takes
  // the other theme's out. Firefox content scripts see the root through an
  // Xray wrapper whose adoptedStyleSheets cannot be read as an array nor
  // assigned (Firefox 140), so go through the page's own list in place.
  function adopt(root, theme) {
    try {
      const list = (root.wrappedJSObject ?? root).adoptedStyleSheets;
      const want = sheet(theme);
      for (const other of Object.values(sheets)) {
        if (other === want) continue;
        const i = Array.prototype.indexOf.call(list, other);
        if (i >= 0) Array.prototype.splice.call(list, i, 1);
      }
      if (!Array.prototype.includes.call(list, want)) Array.prototype.push.call(list, want);
    } catch (e) {
      warnOnce('cannot style highlights inside a shadow root or on this page', e);
    }
  }

  // isDarkAt reports whether the background behind node is dark: the first
  // ancestor with an opaque-enough background decides.
  function isDarkAt(node) {
    let el = node?.nodeType === 1 ? node : node?.parentElement ?? document.body;
    for (let i = 0; el && i < 40; i++) {
      const m = getComputedStyle(el).backgroundColor.match(/[\d.]+/g);
      if (m && !(m.length > 3 && Number(m[3]) < 0.5)) {
        const [r, g, b] = m.map(Number);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110;
      }
      const p = el.assignedSlot ?? el.parentNode;
      el = p instanceof ShadowRoot ? p.host : p?.nodeType === 1 ? p : null;
    }
    return false;
  }

  // paint draws ranges by severity ({high: [Range], ...}) and remembers
  // what it drew, so tampered() can tell when the page changed it.
  const drawn = new Map(); // name -> {h: our Highlight, n: ranges in it}
  let docTheme = 'light';
  function paint(groups) {
    // The page's theme, from the background behind the first claims drawn
    // (a dark page may paint its background on any wrapper).
    const sample = SEVERITIES.flatMap((s) => groups[s] ?? []).slice(0, 12);
    const dark = sample.filter((r) => isDarkAt(r.startContainer)).length;
    const theme = sample.length && dark * 2 > sample.length ? 'dark' : 'light';
    if (theme !== docTheme) {
      docTheme = theme;
      adopt(document, theme);
    }
    // 'verified': the quiet mark of a claim a register supports.
    for (const s of [...SEVERITIES, 'verified']) {
      const name = `certscope-${s}`;
      const list = groups[s] ?? [];
      for (const r of list) {
        const root = r.startContainer.getRootNode();
        if (root instanceof ShadowRoot) adopt(root, theme);
      }
      if (list.length) {
        const h = new Highlight(...list);
        CSS.highlights.set(name, h);
        drawn.set(name, { h, n: list.length });
      } else {
        CSS.highlights.delete(name);
        drawn.delete(name);
      }
    }
  }

  // The page shares CSS.highlights with us (only the JS wrappers are per
  // world): it may clear the registry, delete or replace our entries, or
  // empty our Highlight objects.
  function tampered() {
    for (const [name, d] of drawn) if (CSS.highlights.get(name) !== d.h || d.h.size !== d.n) return true;
    return false;
  }

  Object.assign(NS, { SEVERITIES, rangeOf, paint, tampered, isDarkAt, painted: () => drawn.size > 0 });
})();
