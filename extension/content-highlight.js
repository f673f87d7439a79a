// CertScope content script, part 2 of 4: highlighting. Maps block offsets
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

  // The same rules as content.css, for page shadow roots.
  const HIGHLIGHT_RULES = `
::highlight(certscope-high){background-color:rgba(244,63,94,.30);text-decoration:underline wavy #e11d48}
::highlight(certscope-medium){background-color:rgba(245,158,11,.30);text-decoration:underline wavy #d97706}
::highlight(certscope-info){background-color:rgba(59,130,246,.22);text-decoration:underline dotted #2563eb}`;

  // paint draws ranges by severity ({high: [Range], ...}) and remembers
  // what it drew, so tampered() can tell when the page changed it.
  const drawn = new Map(); // name -> {h: our Highlight, n: ranges in it}
  function paint(groups) {
    for (const s of SEVERITIES) {
      const name = `certscope-${s}`;
      const list = groups[s] ?? [];
      for (const r of list) {
        const root = r.startContainer.getRootNode();
        if (root instanceof ShadowRoot) styleShadow(root);
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

  Object.assign(NS, { SEVERITIES, rangeOf, paint, tampered, painted: () => drawn.size > 0 });
})();
