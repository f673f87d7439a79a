// Scores highlights against a page's expected verdicts (NAME.expect.json):
// a "misleading" snippet must overlap a highlight; "legitimate" and
// "neutral" snippets must not.
const norm = (s) => s.replace(/\s+/g, ' ').trim().toLowerCase();

// overlaps: the snippet and a highlight share text (one contains the other,
// or they share a run of at least 25 characters).
export function overlaps(snippet, hl) {
  const a = norm(snippet);
  const b = norm(hl);
  if (!a || !b) return false;
  if (a.includes(b) || b.includes(a)) return true;
  const n = Math.min(25, a.length, b.length);
  for (let i = 0; i + n <= a.length; i += 5) if (b.includes(a.slice(i, i + n))) return true;
  return false;
}

export function score(expect, texts) {
  const r = { tp: [], fn: [], fp: [], tn: [] };
  for (const it of expect.items) {
    const hit = texts.some((h) => overlaps(it.text, h));
    if (it.label === 'misleading') (hit ? r.tp : r.fn).push(it.text);
    else (hit ? r.fp : r.tn).push(it.text);
  }
  return r;
}
