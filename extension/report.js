// Page reports as Markdown and JSON, built from the findings the content
// scripts reported. Shared by the popup and scripts/demo.mjs (which loads
// this file in Node), so it touches no browser API.
(() => {
  'use strict';
  const order = { high: 0, medium: 1, info: 2 };

  function reportJSON({ url = '', version = '', date = new Date(), findings = [] }) {
    const items = findings
      .map((f) => ({
        severity: f.severity,
        rule: f.rule,
        pack: f.pack,
        scheme: f.scheme || undefined,
        title: f.title,
        sentence: f.sentence,
        claim: f.claimText,
        message: f.message,
        explanation: f.explanation,
        suggestion: f.suggestion || undefined,
        sources: f.sources ?? [],
        verify: f.verify ?? undefined,
      }))
      .sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3));
    return { tool: 'CertScope', schemaVersion: 1, version, url, generated: date.toISOString(), count: items.length, findings: items };
  }

  // One line of Markdown text from untrusted text: no raw HTML, no links
  // or emphasis smuggled in from the page.
  const md = (s) => String(s ?? '').replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1').trim();

  const SEVERITY = { high: 'High', medium: 'Medium', info: 'Info' };
  // Labels are the report's own: the engine's text may start with one.
  const unlabel = (s, label) => String(s ?? '').replace(new RegExp(`^\\s*${label}:?\\s*`, 'i'), '');

  // reportMarkdown is for people: human names only (no rule or pack ids,
  // which stay in the JSON), each label once.
  function reportMarkdown(input) {
    const r = reportJSON(input);
    const names = new Map((input.packs ?? []).map((p) => [p.id, p.name]));
    const out = [`# CertScope report`, '', `- Page: ${md(r.url) || '(unknown)'}`, `- Generated: ${r.generated}`, `- CertScope ${md(r.version)}`, `- Findings: ${r.count}`, ''];
    if (!r.count) out.push('No misleading claims found.', '');
    r.findings.forEach((f, i) => {
      out.push(`## ${i + 1}. ${md(f.title)} (${SEVERITY[f.severity] ?? md(f.severity)})`, '', `> ${md(f.sentence)}`, '');
      if (f.claim && f.claim !== f.sentence) out.push(`**Claim:** “${md(f.claim)}”`, '');
      if (f.message) out.push(md(f.message), '');
      const truth = unlabel(f.explanation, 'what is true');
      if (truth && md(truth) !== md(f.message)) out.push(`**What is true:** ${md(truth)}`, '');
      if (f.suggestion) out.push(`**Accurate wording:** ${md(unlabel(f.suggestion, 'accurate wording would be'))}`, '');
      for (const s of f.sources) out.push(`- Source: ${md(s.title)} <${String(s.url).replace(/[<>\s]/g, '')}>${s.quote ? ` — “${md(s.quote)}”` : ''}`);
      if (f.verify?.url) out.push(`- Check the register: ${md(f.verify.name)} <${String(f.verify.url).replace(/[<>\s]/g, '')}>`);
      if (names.get(f.pack)) out.push(`- Rule pack: ${md(names.get(f.pack))}`);
      out.push('');
    });
    return out.join('\n');
  }

  globalThis.CertScopeReport = { reportJSON, reportMarkdown };
})();
