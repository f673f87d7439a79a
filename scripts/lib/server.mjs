// A small static server on 127.0.0.1 for e2e tests and the demo. It serves
// testdata/samples/ at /samples/ and testdata/shared/pages/ at /pages/,
// plus routes a test registers, and records every request it receives.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './dist.mjs';

const MOUNTS = {
  '/samples/': path.join(ROOT, 'testdata', 'samples'),
  '/pages/': path.join(ROOT, 'testdata', 'shared', 'pages'),
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.css': 'text/css', '.js': 'text/javascript' };

export async function startServer() {
  const routes = new Map(); // path -> {body, headers}
  const requests = [];
  const server = http.createServer(async (req, res) => {
    requests.push(req.url);
    const u = new URL(req.url, 'http://x');
    const r = routes.get(u.pathname);
    if (r) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...r.headers });
      res.end(r.body);
      return;
    }
    for (const [prefix, dir] of Object.entries(MOUNTS)) {
      if (!u.pathname.startsWith(prefix)) continue;
      const name = path.basename(decodeURIComponent(u.pathname.slice(prefix.length)));
      try {
        const body = await readFile(path.join(dir, name));
        const headers = { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' };
        const csp = u.searchParams.get('csp');
        if (csp) headers['content-security-policy'] = csp;
        res.writeHead(200, headers);
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    route(p, body, headers = {}) {
      routes.set(p, { body, headers });
      return origin + p;
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}
