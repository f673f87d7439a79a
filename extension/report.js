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

  function reportMarkdown(input) {
    const r = reportJSON(input);
    const out = [`# CertScope report`, '', `- Page: ${md(r.url) || '(unknown)'}`, `- Generated: ${r.generated}`, `- CertScope ${md(r.version)}`, `- Findings: ${r.count}`, ''];
    if (!r.count) out.push('No misleading claims found.', '');
    r.findings.forEach((f, i) => {
      out.push(`## ${i + 1}. ${md(f.title)} (${f.severity})`, '', `> ${md(f.sentence)}`, '');
      if (f.message) out.push(md(f.message), '');
      if (f.explanation) out.push(`**What is true:** ${md(f.explanation)}`, '');
      if (f.suggestion) out.push(`**Accurate wording would be:** ${md(f.suggestion)}`, '');
      for (const s of f.sources) out.push(`- Source: ${md(s.title)} <${String(s.url).replace(/[<>\s]/g, '')}>${s.quote ? ` — “${md(s.quote)}”` : ''}`);
      if (f.verify?.url) out.push(`- Verify: ${md(f.verify.name)} <${String(f.verify.url).replace(/[<>\s]/g, '')}>`);
      out.push(`- Rule: \`${f.rule}\` (pack ${md(f.pack)})`, '');
    });
    return out.join('\n');
  }

  globalThis.CertScopeReport = { reportJSON, reportMarkdown };
})();
