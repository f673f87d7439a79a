// Reads CertScope's highlights as sentences. The extension highlights the
// claim phrase ("unhackable"), not the whole sentence; tests written about
// sentences ask for the sentence each highlight sits in: the text of the
// highlight's block, cut at the sentence ends around the highlight.
// Same shape as highlights() in chromium.mjs: {high: [...], medium, info}.
export function sentenceHighlights(target) {
  return target.evaluate(() => {
    const parentOf = (n) => {
      const p = n.parentNode;
      return p instanceof ShadowRoot ? p.host : p;
    };
    // blockOf: the nearest block ancestor in the text's own tree (a
    // slotted node's block in the flat tree is in another tree).
    const blockOf = (n) => {
      let el = n.nodeType === 1 ? n : n.parentElement ?? parentOf(n);
      while (el && el.nodeType === 1 && el !== document.body && /^(inline|contents|ruby)/.test(getComputedStyle(el).display)) {
        const p = el.parentNode;
        el = p instanceof ShadowRoot ? p.host : p;
      }
      return el;
    };
    const sentenceOf = (r) => {
      const text = r.toString();
      const block = blockOf(r.startContainer);
      if (!block || block.getRootNode() !== r.startContainer.getRootNode()) return text;
      const before = document.createRange();
      before.setStart(block, 0);
      before.setEnd(r.startContainer, r.startOffset);
      const full = block.textContent;
      const at = before.toString().length;
      if (full.slice(at, at + text.length) !== text) return text;
      const head = full.slice(0, at);
      const m = head.match(/.*[.!?]["”’)]?\s/s);
      const start = m ? m[0].length : 0;
      const tail = full.slice(at + text.length);
      const e = tail.search(/[.!?](?=["”’)]?(\s|$))/);
      const end = e < 0 ? full.length : at + text.length + e + 1;
      return full.slice(start, end);
    };
    const out = {};
    for (const s of ['high', 'medium', 'info']) {
      const h = CSS.highlights.get(`certscope-${s}`);
      out[s] = h ? [...h].map((r) => sentenceOf(r).replace(/\s+/g, ' ').trim()) : [];
    }
    return out;
  });
}
