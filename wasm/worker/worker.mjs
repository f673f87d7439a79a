// CertScope's Worker glue, copied over the one syumai/workers generates
// (scripts/worker/build.sh). It starts one Go instance per isolate and
// hands it every request, instead of a fresh instance per request: the Go
// start-up then costs CPU once, not on every request (see main.go).
import './wasm_exec.js';
import { loadModule } from './runtime.mjs';

const MAX_BODY = 4 << 20; // internal/api.DefaultMaxBody

let context; // {handle} once the Go instance runs
let starting;

async function start() {
  const mod = await loadModule();
  const go = new Go();
  const ctx = {};
  const instance = new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => {} } });
  const done = go.run(instance, ctx); // returns once main blocks, handle set
  done.finally(() => {
    if (context === ctx) context = undefined; // exited: start again next time
  });
  // main sets ctx.handle before it blocks; wait a turn if it has not yet.
  for (let i = 0; !ctx.handle && i < 100; i++) await new Promise((r) => setTimeout(r, 0));
  if (!ctx.handle) throw new Error('certscope: Go instance did not start');
  context = ctx;
  return ctx;
}

// readBody reads at most MAX_BODY + 1 bytes; a longer body is cut and its
// length announced so that Go answers 413.
async function readBody(req, headers) {
  if (!req.body) return new Uint8Array(0);
  const announced = Number(req.headers.get('content-length') ?? NaN);
  if (announced > MAX_BODY) {
    headers.push(['X-Certscope-Body-Length', String(announced)]);
    return new Uint8Array(0);
  }
  const reader = req.body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
    if (n > MAX_BODY) {
      reader.cancel();
      headers.push(['X-Certscope-Body-Length', String(n)]);
      return new Uint8Array(0);
    }
  }
  const body = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    body.set(c, o);
    o += c.length;
  }
  return body;
}

async function fetch(req, env) {
  const ctx = context ?? (await (starting ??= start().finally(() => (starting = undefined))));
  const headers = [...req.headers].filter(([k]) => k.toLowerCase() !== 'x-certscope-body-length');
  const body = await readBody(req, headers);
  const res = ctx.handle(req.method, req.url, headers, body, env);
  const empty = res.status === 204 || res.status === 304 || req.method === 'HEAD';
  return new Response(empty ? null : res.body, { status: res.status, headers: res.headers });
}

export default { fetch };
