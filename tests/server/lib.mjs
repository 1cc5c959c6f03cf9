// Helpers shared by tests/server/test_server.mjs and bench/server.mjs: starting and stopping the
// server, raw HTTP over node:net (so malformed requests reach the server byte for byte), fetch with
// a timeout, and SSE/NDJSON parsing. Node built-ins only.
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls fn() every `every` ms until it returns something truthy or `ms` pass (then returns null). */
export async function waitUntil(fn, ms, every = 20) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() >= end) return null;
    await sleep(every);
  }
}

/** A short, one-line excerpt of anything, for failure details. */
export function excerpt(v, n = 300) {
  let s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : JSON.stringify(v);
  if (s === undefined) s = String(v);
  s = s.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return s.length > n ? s.slice(0, n) + `...(${s.length} chars)` : s;
}

const live = new Set();
// Servers must never outlive the suite, whatever way it ends.
process.on('exit', () => { for (const s of live) try { s.proc.kill('SIGKILL'); } catch {} });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

/**
 * Starts SERVER_BIN with `args` (which must include the model), `--port 0` appended, and waits for
 * "server: listening on http://HOST:PORT (model NAME, context CTX)" on stderr.
 * Returns { proc, host, port, name, ctx, url, log(), alive(), waitLog(re, ms, from), stop() }.
 */
export async function startServer(bin, args, { readyMs = 30000 } = {}) {
  const argv = [...args, '--port', '0'];
  const proc = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const s = { proc, argv, err: '', out: '', exit: null, bin };
  live.add(s);
  proc.stderr.setEncoding('utf8');
  proc.stdout.setEncoding('utf8');
  proc.stderr.on('data', d => { s.err += d; });
  proc.stdout.on('data', d => { s.out += d; });
  proc.on('error', e => { s.exit = { code: null, signal: null, error: e.message }; });
  proc.on('exit', (code, signal) => { s.exit = { code, signal }; live.delete(s); });
  const re = /^server: listening on http:\/\/(\S+):(\d+) \(model (.*), context (\d+)\)$/m;
  const m = await waitUntil(() => re.exec(s.err) || s.exit, readyMs);
  if (!m || !Array.isArray(m)) {
    try { proc.kill('SIGKILL'); } catch {}
    throw new Error(`${bin} ${argv.join(' ')}: no "listening" line within ${readyMs} ms` +
      (s.exit ? ` (exited ${JSON.stringify(s.exit)})` : '') + `; stderr: ${excerpt(s.err, 600)}`);
  }
  Object.assign(s, { host: m[1], port: +m[2], name: m[3], ctx: +m[4], listenLine: m[0] });
  s.url = `http://${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
  s.log = () => s.err;
  s.alive = () => s.exit === null;
  /** Waits for a regex match in stderr written after offset `from`; returns the match or null. */
  s.waitLog = (re, ms, from = 0) => waitUntil(() => re.exec(s.err.slice(from)), ms);
  /** SIGTERM, then the exit status ({code, signal}); SIGKILL after `ms`. */
  s.stop = async (ms = 5000) => {
    if (s.exit) return s.exit;
    proc.kill('SIGTERM');
    const e = await waitUntil(() => s.exit, ms);
    if (!e) { proc.kill('SIGKILL'); await waitUntil(() => s.exit, 2000); return { code: null, signal: 'timeout' }; }
    return e;
  };
  /** Resident memory in KiB from /proc/PID/status. */
  s.rssKiB = () => {
    const m2 = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
    return m2 ? +m2[1] : NaN;
  };
  return s;
}

/** fetch with a timeout; resolves to { status, headers, text, json } (json undefined if not JSON). */
export async function http(s, method, path, body, { headers = {}, timeout = 30000 } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeout) };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(init.headers).some(h => h.toLowerCase() === 'content-type')) init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(s.url + path, init);
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Parses HTTP/1.x responses out of `buf`. A response with Content-Length is complete when its body
 * is there; one without (a stream) is complete only at `eof`. 1xx responses have no body.
 */
export function parseResponses(buf, eof) {
  const out = [];
  let off = 0;
  while (off < buf.length) {
    const he = buf.indexOf('\r\n\r\n', off);
    if (he < 0) {
      if (eof) out.push({ status: NaN, bad: 'incomplete head', headText: buf.subarray(off).toString('latin1'), complete: false });
      break;
    }
    const head = buf.subarray(off, he).toString('latin1');
    const [statusLine, ...lines] = head.split('\r\n');
    const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
    const headers = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      const k = l.slice(0, i).trim().toLowerCase(), v = l.slice(i + 1).trim();
      headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
    }
    const r = { statusLine, version: m?.[1], status: m ? +m[2] : NaN, headers, bad: m ? '' : 'bad status line', headText: head };
    const start = he + 4;
    if (r.status >= 100 && r.status < 200) {
      Object.assign(r, { body: Buffer.alloc(0), complete: true });
      off = start;
    } else if ('content-length' in headers) {
      const n = +headers['content-length'];
      if (buf.length - start < n) { Object.assign(r, { body: buf.subarray(start), complete: false }); off = buf.length; }
      else { Object.assign(r, { body: buf.subarray(start, start + n), complete: true }); off = start + n; }
    } else {
      Object.assign(r, { body: buf.subarray(start), complete: eof });
      off = buf.length;
    }
    r.text = r.body.toString('utf8');
    try { r.json = JSON.parse(r.text); } catch {}
    out.push(r);
  }
  return out;
}

/**
 * One raw TCP exchange. `parts` are written in order: a string/Buffer is written, a number sleeps
 * that many ms, 'END' half-closes, and a function gets { waitFor(re, ms), sock } and is awaited.
 * Resolves (never rejects) when `responses` final (non-1xx) responses are complete and, with
 * `waitClose`, the server closed the connection or waitClose ms passed; or when the server closes;
 * or at `timeout`. Result: { responses (1xx included), final (non-1xx), closed, error, elapsed,
 * tFirst (ms until the first response byte), raw }.
 */
export function rawExchange(port, parts, { timeout = 5000, responses = 1, waitClose = 0, host = '127.0.0.1' } = {}) {
  return new Promise(resolve => {
    const t0 = Date.now();
    const sock = net.connect({ port, host });
    let buf = Buffer.alloc(0), closed = false, done = false, error = null, tFirst = null, closeTimer = null;
    const waiters = [];
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer); clearTimeout(closeTimer);
      sock.destroy();
      for (const w of waiters) w.resolve(false);
      const all = parseResponses(buf, closed);
      resolve({ responses: all, final: all.filter(r => !(r.status >= 100 && r.status < 200)), closed, error,
        elapsed: Date.now() - t0, tFirst, raw: buf });
    };
    const timer = setTimeout(finish, timeout);
    const progress = () => {
      for (const w of [...waiters]) if (w.re.test(buf.toString('latin1'))) { waiters.splice(waiters.indexOf(w), 1); w.resolve(true); }
      const fin = parseResponses(buf, false).filter(r => r.complete && !(r.status >= 100 && r.status < 200));
      if (fin.length >= responses && !closeTimer) {
        if (waitClose) closeTimer = setTimeout(finish, waitClose);
        else finish();
      }
    };
    sock.on('data', d => { if (tFirst === null) tFirst = Date.now() - t0; buf = Buffer.concat([buf, d]); progress(); });
    sock.on('end', () => { closed = true; finish(); });
    sock.on('close', () => { closed = true; finish(); });
    sock.on('error', e => { error = e.code || e.message; });
    const ctx = {
      sock,
      waitFor: (re, ms) => new Promise(res => {
        if (re.test(buf.toString('latin1'))) return res(true);
        const w = { re, resolve: res };
        waiters.push(w);
        setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) { waiters.splice(i, 1); res(false); } }, ms);
      }),
    };
    sock.on('connect', async () => {
      for (const p of parts) {
        if (done || sock.destroyed) return;
        if (typeof p === 'number') await sleep(p);
        else if (p === 'END') sock.end();
        else if (typeof p === 'function') await p(ctx);
        else if (!sock.writableEnded) sock.write(p, () => {});
      }
    });
  });
}

/** A raw HTTP/1.1 request; body (string/Buffer/object) gets a Content-Length unless headers set framing. */
export function rawRequest(method, path, { headers = {}, body, version = 'HTTP/1.1' } = {}) {
  const h = { Host: '127.0.0.1', ...headers };
  let b = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const names = Object.keys(h).map(k => k.toLowerCase());
  if (b !== undefined && !names.includes('content-length') && !names.includes('transfer-encoding')) h['Content-Length'] = String(b.length);
  for (const k of Object.keys(h)) if (h[k] === null) delete h[k];
  const head = `${method} ${path} ${version}\r\n` + Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
  return b === undefined ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), b]);
}

/**
 * Server-sent events: `data: X\n\n` blocks. Returns { events: parsed JSON objects, done: saw [DONE]
 * last, problems: [] }.
 */
export function parseSSE(text) {
  const problems = [], events = [];
  let done = false;
  if (!text.endsWith('data: [DONE]\n\n')) problems.push(`stream does not end with "data: [DONE]\\n\\n": ...${excerpt(text.slice(-80))}`);
  for (const block of text.split('\n\n')) {
    if (block === '') continue;
    if (done) { problems.push(`event after [DONE]: ${excerpt(block)}`); continue; }
    if (!block.startsWith('data: ')) { problems.push(`event not "data: ...": ${excerpt(block)}`); continue; }
    const payload = block.slice(6);
    if (payload === '[DONE]') { done = true; continue; }
    try { events.push(JSON.parse(payload)); } catch { problems.push(`event data is not JSON: ${excerpt(payload)}`); }
  }
  return { events, done, problems };
}

/** Newline-delimited JSON. Returns { lines: parsed objects, problems: [] }. */
export function parseNDJSON(text) {
  const problems = [], lines = [];
  if (text.length && !text.endsWith('\n')) problems.push('last line has no newline');
  for (const l of text.split('\n')) {
    if (l === '') continue;
    try { lines.push(JSON.parse(l)); } catch { problems.push(`line is not JSON: ${excerpt(l)}`); }
  }
  return { lines, problems };
}

/** Median and p-th percentile (nearest rank) of numbers. */
export function median(xs) { return percentile(xs, 50); }
export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))];
}
