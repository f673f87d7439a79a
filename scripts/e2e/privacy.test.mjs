// Privacy, end to end: a full browsing run over every sample page and the
// ten real pages, with the card, popup and options page opened, must send
// NO request off the machine. Chromium runs with every non-loopback request
// sent to a counting proxy (loopback, where the test pages are served, is
// direct: Chromium never proxies it), so anything the extension, its
// service worker or the browser sends elsewhere is counted, whatever API
// or process it comes from. Run: node --test scripts/e2e/privacy.test.mjs
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureDist, ROOT } from '../lib/dist.mjs';
import { startServer } from '../lib/server.mjs';
import { allTexts, launch, settle, tabIdOf, waitFor } from '../lib/chromium.mjs';

// QUIET silences Chromium's own calls home, which a browser makes with or
// without any extension (checked: a run without CertScope sends the same):
// autofill crowdsourcing, network time, optimization hints, search
// preconnects (one --disable-features replaces playwright's, so its list is
// repeated here), and Google sign-in, whose endpoints are pointed at a
// closed loopback port. Whatever still reaches the proxy is a leak.
const QUIET = [
  '--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,PreconnectToSearch,AimEnabled,' +
    'LensOverlay,MediaRouter,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,PaintHolding,' +
    'AvoidUnnecessaryBeforeUnloadCheckSync,ThirdPartyStoragePartitioning',
  '--gaia-url=http://127.0.0.1:9',
  '--google-apis-url=http://127.0.0.1:9',
  '--lso-url=http://127.0.0.1:9',
];

let srv;
let br;
let proxy;
const leaked = [];

// A proxy that answers nothing: it records each request (plain HTTP by
// absolute URL, HTTPS/WebSocket by CONNECT host:port) and refuses it.
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

before(async () => {
  const dist = ensureDist();
  srv = await startServer();
  proxy = await countingProxy();
  br = await launch(dist.chrome, { args: [`--proxy-server=http://127.0.0.1:${proxy.port}`, ...QUIET] });
});

after(async () => {
  await br?.close();
  await srv?.close();
  await proxy?.close();
});

const pagesIn = (dir) => readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.html'));

test('the proxy sees what leaves loopback (the check is live)', async () => {
  const p = await br.context.newPage();
  await p.goto('http://certscope-privacy-probe.invalid/').catch(() => {});
  await waitFor(() => leaked.some((l) => l.includes('certscope-privacy-probe.invalid')), { what: 'probe request at the proxy' });
  leaked.length = 0;
  await p.close();
});

test('no request leaves the machine while browsing every sample and real page', async (t) => {
  const urls = [
    ...pagesIn('testdata/samples').map((f) => `${srv.origin}/samples/${f}`),
    ...pagesIn('testdata/shared/pages').map((f) => `${srv.origin}/pages/${f}`),
  ];
  assert.ok(urls.length >= 13, `${urls.length} pages`);
  const p = await br.context.newPage();
  let findings = 0;
  let cards = 0;
  for (const url of urls) {
    await p.goto(url);
    await tabIdOf(br.sw, p);
    const h = await settle(p, 400);
    findings += allTexts(h).length;
    // Open the card of the first finding: it links to sources, which must
    // not be fetched or prefetched.
    const r = await p.evaluate(() => {
      for (const hl of CSS.highlights.values()) {
        for (const range of hl) {
          range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
          const q = range.getClientRects()[0];
          if (q) return { x: q.left + Math.min(8, q.width / 2), y: q.top + q.height / 2 };
        }
      }
      return null;
    });
    if (r) {
      await p.mouse.move(r.x + 2, r.y);
      await p.mouse.move(r.x, r.y);
      if (await waitFor(() => p.evaluate(() => !!document.querySelector('[data-certscope-card]')), { what: 'card', timeout: 3000 }).catch(() => false)) cards++;
      await p.mouse.move(1, 1);
    }
  }
  const tab = await tabIdOf(br.sw, p);
  for (const ui of [`popup.html?tab=${tab}`, 'options.html']) {
    const q = await br.context.newPage();
    await q.goto(`chrome-extension://${br.extensionId}/${ui}`);
    await q.waitForTimeout(800);
    await q.close();
  }
  await p.waitForTimeout(2000); // anything sent late
  t.diagnostic(`privacy: ${urls.length} pages, ${findings} highlights, ${cards} cards opened, popup and options opened; requests off loopback: ${leaked.length}`);
  assert.ok(findings > 10 && cards >= 3, `the run exercised the extension: ${findings} highlights, ${cards} cards`);
  assert.deepEqual(leaked, [], 'requests left the machine');
  await p.close();
});
