// Static checks of the extension source and the built manifests: the
// permissions match docs/permissions.md, every UI string exists, and the
// code has no network, eval or HTML-injection paths.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { test } from 'node:test';
import { ensureDist, ROOT } from '../lib/dist.mjs';

const ext = path.join(ROOT, 'extension');
const read = (...p) => readFileSync(path.join(...p), 'utf8');
const json = (...p) => JSON.parse(read(...p));
const jsFiles = readdirSync(ext).filter((f) => f.endsWith('.js') && !f.includes('.test.'));
const htmlFiles = readdirSync(ext).filter((f) => f.endsWith('.html'));

// tableKeys returns the backticked first cells of the table under heading.
function tableKeys(md, heading) {
  const part = md.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(part, `docs/permissions.md has no "## ${heading}" section`);
  return [...part.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
}

test('built manifests: versions, backgrounds, permissions as documented', () => {
  const dist = ensureDist();
  const version = read(ROOT, 'VERSION').trim();
  const doc = read(ROOT, 'docs', 'permissions.md');
  for (const [browser, dir] of Object.entries(dist)) {
    const m = json(dir, 'manifest.json');
    assert.equal(m.manifest_version, 3);
    assert.equal(m.version, version, `${browser} version`);
    assert.deepEqual([...(m.permissions ?? []), ...(m.optional_permissions ?? [])].sort(), tableKeys(doc, 'Permissions'), `${browser} permissions`);
    const hosts = [...(m.host_permissions ?? []), ...(m.optional_host_permissions ?? []), ...m.content_scripts.flatMap((c) => c.matches)];
    assert.deepEqual([...new Set(hosts)].sort(), tableKeys(doc, 'Host access'), `${browser} host access`);
    assert.equal(m.web_accessible_resources, undefined, 'no web_accessible_resources');
    const csp = m.content_security_policy.extension_pages;
    assert.match(csp, /'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'|https?:/);
    for (const f of ['engine.wasm', 'wasm_exec.js', 'background.js', 'content.js', 'content.css', 'popup.html', 'options.html']) {
      assert.doesNotThrow(() => readFileSync(path.join(dir, f)), `${browser}: ${f} missing`);
    }
  }
  assert.deepEqual(json(dist.chrome, 'manifest.json').background, { service_worker: 'background.js' });
  const ff = json(dist.firefox, 'manifest.json');
  assert.deepEqual(ff.background.scripts, ['wasm_exec.js', 'settings.js', 'background.js']);
  assert.equal(ff.browser_specific_settings.gecko.id, 'certscope@certscope.dev');
  assert.ok(Number.parseFloat(ff.browser_specific_settings.gecko.strict_min_version) >= 140, 'CSS Custom Highlight API needs Firefox 140');
});

test('every extension script parses as a classic script', () => {
  for (const f of jsFiles) assert.doesNotThrow(() => new vm.Script(read(ext, f), { filename: f }), f);
});

test('every UI string key exists in _locales/en/messages.json', () => {
  const messages = json(ext, '_locales', 'en', 'messages.json');
  const used = new Set();
  for (const f of jsFiles) {
    for (const m of read(ext, f).matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]);
  }
  for (const f of [...htmlFiles, 'manifest.json']) {
    for (const m of read(ext, f).matchAll(/data-i18n(?:-label)?="([^"]+)"|__MSG_([A-Za-z0-9_]+)__/g)) used.add(m[1] ?? m[2]);
  }
  for (const s of ['high', 'medium', 'info']) used.add(`severity_${s}`);
  const missing = [...used].filter((k) => !messages[k]);
  assert.deepEqual(missing, [], 'missing message keys');
  assert.ok(used.size > 30);
});

test('no network, eval or HTML injection in extension code', () => {
  for (const f of jsFiles) {
    if (f === 'wasm_exec.js') continue;
    const src = read(ext, f);
    assert.doesNotMatch(src, /\.innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(\s*['"`]/, `${f}: HTML or code injection`);
    assert.doesNotMatch(src, /XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts\(\s*['"`]https?:/, `${f}: network API`);
    for (const m of src.matchAll(/\bfetch\(([^)]*)\)/g)) {
      assert.equal(f, 'background.js', `${f}: fetch`);
      // Only the extension's own packaged files: the engine and the
      // register snapshots.
      assert.match(m[1], /^(url|api\.runtime\.getURL\(`registers\/\$\{name\}\.tsv`)$/, `background.js fetches only its packaged files: ${m[0]}`);
    }
  }
  assert.match(read(ext, 'background.js'), /const url = api\.runtime\.getURL\('engine\.wasm'\)/);
  for (const f of htmlFiles) {
    const src = read(ext, f);
    assert.doesNotMatch(src, /<script(?![^>]*\bsrc=")/, `${f}: inline script`);
    assert.doesNotMatch(src, /(src|href)="(https?:)?\/\//, `${f}: remote resource`);
  }
});

test('web-ext lint reports no errors for dist/firefox', async () => {
  const dist = ensureDist();
  const bin = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
  const { stdout } = await promisify(execFile)(bin, ['lint', '--source-dir', dist.firefox, '--output', 'json', '--no-input'], {
    cwd: ROOT,
    maxBuffer: 16 << 20,
  }).catch((e) => e);
  const report = JSON.parse(stdout);
  assert.equal(report.summary.errors, 0, JSON.stringify(report.errors, null, 1));
});

test('the content script takes no orders from the page', () => {
  // Every content script file, main (content.js, which has the handlers) first.
  const manifest = JSON.parse(read(ext, 'manifest.json'));
  const files = manifest.content_scripts.flatMap((c) => c.js).filter((f) => f.startsWith('content'));
  const src = ['content.js', ...files.filter((f) => f !== 'content.js')].map((f) => read(ext, f)).join('\n');
  assert.doesNotMatch(src, /addEventListener\(\s*['"`]message['"`]|\bonmessage\s*=|\.postMessage\(/, 'content.js listens to page messages');
  assert.doesNotMatch(src, /customElements|createElement\(\s*['"`][a-z]+-[a-z-]+['"`]/, 'a custom element name the page could define first');
  // Pointer and key handlers drop synthetic events a page can dispatch.
  for (const ev of ['pointermove', 'click', 'keydown']) {
    const at = src.indexOf(`'${ev}',`);
    assert.ok(at > 0, ev);
    assert.match(src.slice(at, at + 400), /if \(!e\.isTrusted\) return;/, `${ev} handler checks isTrusted`);
  }
});

test('test hooks exist only behind the certscope_testhooks build tag', () => {
  const dir = path.join(ROOT, 'wasm', 'extension');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))) {
    const src = read(dir, f);
    if (/CERTSCOPE-TEST-/.test(src)) assert.match(src, /^\/\/go:build certscope_testhooks$/m, `${f} has hooks without the build tag`);
  }
  const dist = ensureDist();
  assert.ok(!readFileSync(path.join(dist.chrome, 'engine.wasm')).includes('CERTSCOPE-TEST-'), 'the shipped engine.wasm holds test hooks');
});
