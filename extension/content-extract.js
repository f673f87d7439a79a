// CertScope content script, part 1 of 5: extraction. Walks the flat tree
// (shadow roots and slots included) and returns the page's visible text as
// blocks, each with the segments that map its offsets back to DOM text
// nodes. Shared through globalThis.CertScopeContent (the content scripts'
// isolated world; the page cannot see it).
(() => {
  'use strict';
  const NS = (globalThis.CertScopeContent ??= {});
  if (NS.extract) return;

  const SLICE_MS = 12; // work budget before yielding to the page
  // The card's host is a plain <div> marked with this attribute: a custom
  // element name could be defined by the page first, which then runs its
  // own constructor on our host and can take its shadow root.
  const CARD_ATTR = 'data-certscope-card';
  const SKIP = new Set([
    'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'iframe', 'frame',
    'object', 'embed', 'canvas', 'svg', 'math', 'head', 'title', 'video', 'audio', 'img', 'picture',
  ]);

  // onShadow is called for every shadow root the walk enters (main.js
  // observes it for changes).
  let onShadow = () => {};

  const yieldToPage = () =>
    globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((r) => setTimeout(r, 0));


  const flatParent = (n) => {
    const p = n.assignedSlot ?? n.parentNode;
    return p instanceof ShadowRoot ? p.host : p;
  };

  function flatChildren(n) {
    if (n.nodeType === 1) {
      if (n.shadowRoot) {
        onShadow(n.shadowRoot);
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
  function flatContains(root, n) {
    for (; n; n = flatParent(n)) if (n === root) return true;
    return false;
  }

  NS.CARD_ATTR = CARD_ATTR;
  NS.extract = extract;
  NS.blockOf = blockOf;
  NS.flatParent = flatParent;
  NS.flatContains = flatContains;
  NS.yieldToPage = yieldToPage;
  NS.setShadowHook = (fn) => {
    onShadow = fn;
  };
})();
