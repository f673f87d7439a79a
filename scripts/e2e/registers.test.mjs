// Register checks in the browser: a page served from a listed vendor's host
// (mapped to 127.0.0.1 with --host-resolver-rules) gets the quiet
// certscope-verified mark and a card showing the register entry; the same
// claim on a host the register does not list gets the register finding;
// the popup lists verified claims apart; and no request leaves the machine
// (every non-loopback request goes to a counting proxy, as in
// privacy.test.mjs). Run: node --test scripts/e2e/registers.test.mjs
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { ensureDist } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { launch, tabIdOf, waitFor } from '../lib/chromium.mjs';

// Chromium's own calls home, silenced as in privacy.test.mjs.
const QUIET = [
  '--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,PreconnectToSearch,AimEnabled,' +
    'LensOverlay,MediaRouter,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,PaintHolding,' +
    'AvoidUnnecessaryBeforeUnloadCheckSync,ThirdPartyStoragePartitioning',
  '--gaia-url=http://127.0.0.1:9',
  '--google-apis-url=http://127.0.0.1:9',
  '--lso-url=http://127.0.0.1:9',
];
const HOSTS = ['www.wolfssl.com', 'www.example.com'];

let srv;
let br;
let proxy;
const leaked = [];

async function countingProxy() {
  const server = http.createServer((req, res) => {
    leaked.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    leaked.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { port: server.address().port, close: () => new Promise((ok) => server.close(ok)) };
}

const PAGE = (claim) =>
  `<!doctype html><html><head><title>Products</title></head><body><main><h1>Our cryptography</h1><p>${claim}</p><p>Contact sales for pricing.</p></main></body></html>`;

before(async () => {
  const dist = ensureDist();
  srv = await startServer();
  proxy = await countingProxy();
  br = await launch(dist.chrome, {
    args: [
      `--proxy-server=http://127.0.0.1:${proxy.port}`,
      // The vendor hosts go direct, to the test server on loopback.
      `--proxy-bypass-list=${HOSTS.join(';')}`,
      `--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
      ...QUIET,
    ],
  });
});

after(async () => {
  await br?.close();
  await srv?.close();
  await proxy?.close();
});

// marks returns the text of each certscope-* highlight by name.
const marks = (p) =>
  p.evaluate(() => {
    const out = {};
    for (const name of ['high', 'medium', 'info', 'verified']) {
      const h = CSS.highlights.get(`certscope-${name}`);
      out[name] = h ? [...h].map((r) => r.toString().replace(/\s+/g, ' ').trim()) : [];
    }
    return out;
  });

// hoverCard hovers the first range of highlight name and returns the card's text and links.
async function hoverCard(p, name) {
  const r = await waitFor(
    () =>
      p.evaluate((n) => {
        for (const range of CSS.highlights.get(`certscope-${n}`) ?? []) {
          const q = range.getClientRects()[0];
          if (q) return { x: q.left + Math.min(8, q.width / 2), y: q.top + q.height / 2 };
        }
        return null;
      }, name),
    { what: `a ${name} highlight` },
  );
  await p.mouse.move(r.x + 2, r.y);
  await p.mouse.move(r.x, r.y);
  return waitFor(
    () =>
      p.evaluate(() => {
        const host = document.querySelector('[data-certscope-card]');
        const card = host?.shadowRoot?.querySelector('.card');
        if (!card) return null;
        return { text: card.textContent, cls: card.className, links: [...card.querySelectorAll('a')].map((a) => a.href) };
      }),
    { what: 'card' },
  );
}

test('the proxy sees what leaves loopback (the check is live)', async () => {
  const p = await br.context.newPage();
  await p.goto('http://certscope-registers-probe.invalid/').catch(() => {});
  await waitFor(() => leaked.some((l) => l.includes('certscope-registers-probe.invalid')), { what: 'probe request at the proxy' });
  leaked.length = 0;
  await p.close();
});

test('a listed vendor: verified mark, register entry on its card, listed apart in the popup', async () => {
  const port = new URL(srv.origin).port;
  srv.route('/wolfcrypt.html', PAGE('wolfCrypt is FIPS 140-3 validated.'));
  const p = await br.context.newPage();
  await p.goto(`http://www.wolfssl.com:${port}/wolfcrypt.html`);
  const m = await waitFor(async () => {
    const x = await marks(p);
    return x.verified.length ? x : null;
  }, { what: 'a verified mark' });
  // The mark covers the claim phrase, as the finding highlights do.
  assert.deepEqual(m.verified, ['FIPS 140-3 validated']);
  assert.deepEqual([...m.high, ...m.medium, ...m.info], [], 'a supported claim is not also a finding');
  const card = await hoverCard(p, 'verified');
  assert.match(card.cls, /sev-verified/);
  assert.match(card.text, /Listed in the NIST CMVP register/);
  assert.match(card.text, /NIST CMVP register: CertScope's copy of 2026-03-29/);
  assert.match(card.text, /#4718 wolfCrypt · wolfSSL Inc\. · Active · FIPS 140-3/);
  assert.ok(card.links.includes('https://csrc.nist.gov/projects/cryptographic-module-validation-program/certificate/4718'), card.links.join(' '));
  // The badge counts findings only; the popup lists the verified claim apart.
  const tab = await tabIdOf(br.sw, p);
  assert.equal(await br.sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tab), '');
  const pop = await br.context.newPage();
  await pop.goto(`chrome-extension://${br.extensionId}/popup.html?tab=${tab}`);
  const listed = await waitFor(
    () => pop.evaluate(() => (document.getElementById('verified-s')?.hidden === false ? document.getElementById('verified').textContent : '')),
    { what: 'verified list in the popup' },
  );
  assert.match(listed, /wolfCrypt is FIPS 140-3 validated\./);
  assert.equal(await pop.evaluate(() => document.getElementById('findings').children.length), 0);
  await pop.close();
  await p.close();
});

test('a host the register does not list: the register finding', async () => {
  const port = new URL(srv.origin).port;
  srv.route('/appliance.html', PAGE('Our appliance is FIPS 140-3 validated.'));
  const p = await br.context.newPage();
  await p.goto(`http://www.example.com:${port}/appliance.html`);
  await waitFor(async () => {
    const x = await marks(p);
    return x.high.length + x.medium.length ? x : null;
  }, { what: 'a finding' });
  const m = await marks(p);
  assert.deepEqual(m.verified, []);
  const card = await hoverCard(p, m.medium.length ? 'medium' : 'high');
  const findings = await br.sw.evaluate(async (u) => {
    const all = await tabState();
    const t = Object.values(all).find((x) => x.url === u);
    return Object.values(t?.frames ?? {}).flat();
  }, p.url());
  const reg = findings.find((f) => f.register);
  assert.ok(reg, `register finding among ${findings.map((f) => f.rule)}`);
  assert.equal(reg.rule, 'registers/cmvp-not-listed');
  assert.equal(reg.register.result, 'not-listed');
  assert.match(reg.message, /lists no FIPS 140 certificate for a vendor whose website is on example\.com/);
  // Its card shows the register result and the snapshot date.
  assert.match(card.text, /Not in the NIST CMVP register/);
  assert.match(card.text, /NIST CMVP register: CertScope's copy of 2026-03-29/);
  assert.ok(card.links.some((l) => l.startsWith('https://csrc.nist.gov/')), card.links.join(' '));
  await p.close();
});

test('no request left the machine', async () => {
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(leaked, [], 'requests left the machine');
});
