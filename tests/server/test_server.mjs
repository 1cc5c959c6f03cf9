#!/usr/bin/env node
// Acceptance tests for examples/server.c, against its behaviour spec. From the repo root:
//   node tests/server/test_server.mjs
// Env: SERVER_BIN (default ./server), SERVER_RUN_BIN (the reference CLI, default ./run), SERVER_LIGHT=1 (an ASan build, ~20x
// slower: a smaller load test, no 1,000-request memory test), CI=true (a missing openai package
// fails instead of skipping). Prints "ok - NAME" / "not ok - NAME: DETAIL" per check, then
// "N passed, M failed"; exits 1 if any failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import {
  sleep, excerpt, startServer, http, rawExchange, rawRequest, parseSSE, parseNDJSON, parseResponses,
} from './lib.mjs';

const SERVER_BIN = process.env.SERVER_BIN || './server';
const RUN_BIN = process.env.SERVER_RUN_BIN || './run'; // the reference CLI (test-asan: the normal build)
const LIGHT = process.env.SERVER_LIGHT === '1';
const IN_CI = process.env.CI === 'true';
const SCALE = LIGHT ? 5 : 1; // timeouts: generation under ASan is ~20x slower, I/O much less
const MODEL = 'models/kjv15M.q8_0.bin', TOK = 'tokenizer.bin';
const NAME = 'kjv15M.q8_0.bin'; // --name default: the model file's basename
const L3_MODEL = 'build/llama3-tiny.f32.bin', L3_TOK = 'tests/data/bpe/llama3.rctk';
const CTX = 256; // kjv15M's seq_len, the largest context it takes (so -c 2048 is not possible)
const EOS = 2; // </s> in the Llama 2 vocabulary: banning it makes a generation run to its limit
const API_KEY = 'test-key-5f2c';
const T0 = Date.now();

// ---------------------------------------------------------------------------------------------
// Reporting

let passed = 0, failed = 0;
function check(name, cond, detail = '') {
  if (cond) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}: ${excerpt(typeof detail === 'string' ? detail : JSON.stringify(detail), 900)}`); }
  return !!cond;
}

/** Runs one group of checks with a deadline, so a hung server fails the group instead of the suite. */
async function group(name, fn, ms = 30000) {
  const limit = ms * SCALE, t0 = Date.now();
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${limit / 1000} s`)), limit); })]);
  } catch (e) {
    check(name, false, `${e.message}${e.cause ? ` (${e.cause.code || e.cause.message})` : ''}`);
  } finally {
    clearTimeout(timer);
    console.log(`# ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes: a tiny schema checker, so every documented field's type is checked with one line each.
// A schema is 'string' | 'int' | 'uint' | 'number' | 'bool' | 'null' | 'iso' | 'time' | RegExp |
// eq(v) | oneOf(...) | arrayOf(schema, len?) | a function returning a problem or '' | {key: schema}.

const eq = v => ({ $eq: v });
const oneOf = (...vs) => ({ $oneOf: vs });
const arrayOf = (items, len) => ({ $array: items, len });
function problems(v, schema, path = '$') {
  const out = [];
  const bad = want => out.push(`${path}: want ${want}, got ${excerpt(JSON.stringify(v), 80)}`);
  if (typeof schema === 'function') { const p = schema(v); if (p) bad(p); }
  else if (schema instanceof RegExp) { if (typeof v !== 'string' || !schema.test(v)) bad(`string ${schema}`); }
  else if (typeof schema === 'string') {
    const ok = {
      string: typeof v === 'string', int: Number.isInteger(v), uint: Number.isInteger(v) && v >= 0,
      number: typeof v === 'number', bool: typeof v === 'boolean', null: v === null,
      iso: typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v) && !Number.isNaN(Date.parse(v)),
      time: Number.isInteger(v) && Math.abs(v - Date.now() / 1000) < 86400, // Unix seconds, about now
    }[schema];
    if (ok === undefined) throw new Error(`bad schema ${schema}`);
    if (!ok) bad(schema);
  } else if ('$eq' in schema) { if (v !== schema.$eq) bad(JSON.stringify(schema.$eq)); }
  else if ('$oneOf' in schema) { if (!schema.$oneOf.includes(v)) bad(`one of ${JSON.stringify(schema.$oneOf)}`); }
  else if ('$array' in schema) {
    if (!Array.isArray(v)) bad('array');
    else if (schema.len !== undefined && v.length !== schema.len) bad(`array of ${schema.len}`);
    else v.forEach((x, i) => out.push(...problems(x, schema.$array, `${path}[${i}]`)));
  } else if (!v || typeof v !== 'object' || Array.isArray(v)) bad('object');
  else for (const [k, s] of Object.entries(schema)) out.push(...problems(v[k], s, `${path}.${k}`));
  return out;
}
const USAGE = { prompt_tokens: 'uint', completion_tokens: 'uint', total_tokens: 'uint', prompt_tokens_details: { cached_tokens: 'uint' } };
const usageSum = u => (u && u.total_tokens === u.prompt_tokens + u.completion_tokens ? '' : 'total_tokens == prompt_tokens + completion_tokens');
const chatSchema = name => ({
  id: /^chatcmpl-./, object: eq('chat.completion'), created: 'time', model: eq(name),
  choices: arrayOf({ index: eq(0), message: { role: eq('assistant'), content: 'string' }, finish_reason: oneOf('stop', 'length') }, 1),
  usage: USAGE,
});
const complSchema = name => ({
  id: 'string', object: eq('text_completion'), created: 'time', model: eq(name),
  choices: arrayOf({ index: eq(0), text: 'string', logprobs: 'null', finish_reason: oneOf('stop', 'length') }, 1),
  usage: USAGE,
});
const ollamaFinal = name => ({
  model: eq(name), created_at: 'iso', done: eq(true), done_reason: oneOf('stop', 'length'), total_duration: 'uint',
  load_duration: eq(0), prompt_eval_count: 'uint', prompt_eval_duration: 'uint', eval_count: 'uint', eval_duration: 'uint',
});

/** '' if r is a JSON error body of the path's family (and, given `param` (a name or names), error.param names it). */
function errorShape(path, r, param) {
  if (!r.json) return `body is not JSON: ${excerpt(r.text, 200)}`;
  if (path.startsWith('/api/')) {
    const j = r.json;
    return typeof j.error === 'string' && j.error.length ? '' : `want Ollama {"error":"..."}, got ${excerpt(r.text, 200)}`;
  }
  const p = problems(r.json, { error: { message: 'string', type: 'string', code: 'null' } });
  const e = r.json.error;
  if (e && typeof e === 'object' && !('param' in e)) p.push('$.error.param missing');
  else if (e && e.param !== null && typeof e.param !== 'string') p.push('$.error.param not string/null');
  if (e && e.message === '') p.push('$.error.message empty');
  if (!p.length && param !== undefined && param !== null) {
    // The field's name: the top-level one (also as a path like "messages[0].role") or the leaf.
    const names = [].concat(param);
    const ok = typeof e.param === 'string' && names.some(n => e.param === n || e.param.startsWith(n + '.') || e.param.startsWith(n + '['));
    if (!ok) p.push(`$.error.param: want ${names.map(n => JSON.stringify(n)).join(' or ')}, got ${JSON.stringify(e.param)}`);
  }
  return p.length ? `${p.join('; ')} (body ${excerpt(r.text, 200)})` : '';
}

const show = r => `status ${r.status}, body ${excerpt(r.text ?? '', 300)}`;

// ---------------------------------------------------------------------------------------------
// Processes: ./run as the reference, curl as an independent client

function execp(file, args, { timeout = 60000 } = {}) {
  return new Promise(resolve => {
    const p = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }); // stdin is /dev/null
    const out = [], err = [];
    p.stdout.on('data', d => out.push(d));
    p.stderr.on('data', d => err.push(d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.on('error', e => { clearTimeout(timer); resolve({ code: -1, stdout: Buffer.alloc(0), stderr: Buffer.from(e.message) }); });
    p.on('close', code => { clearTimeout(timer); resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }); });
  });
}

/** ./run -m chat at -t 0: { text, promptIds } (stdout is "Assistant: TEXT\nUser: " at end of input). */
async function runChat({ system, user, n, model = MODEL, tok = TOK, ctx = CTX }) {
  const args = [model, '-z', tok, '-m', 'chat', '-t', '0', '-n', String(n), '-c', String(ctx), '-j', '1', '-v'];
  if (system !== undefined) args.push('-y', system);
  args.push('-i', user);
  const r = await execp(RUN_BIN, args);
  const out = r.stdout.toString('utf8');
  const m = /^Assistant: ([\s\S]*)\n(?:User: )?$/.exec(out);
  if (r.code !== 0 || !m) throw new Error(`${RUN_BIN} ${args.join(' ')}: rc ${r.code}, stdout ${excerpt(out)}, stderr ${excerpt(r.stderr.toString())}`);
  const ids = /prompt ids: ([\d ]+)/.exec(r.stderr.toString());
  return { text: m[1], promptTokens: ids ? ids[1].trim().split(' ').length : NaN };
}

/** ./run generate at -t 0: stdout (prompt + continuation + "\n") and the generated ids (-o ids). */
async function runGenerate(prompt, n) {
  const base = [MODEL, '-z', TOK, '-t', '0', '-n', String(n), '-c', String(CTX), '-j', '1', '-i', prompt];
  const [t, ids] = await Promise.all([execp(RUN_BIN, base), execp(RUN_BIN, [...base, '-o', 'ids'])]);
  if (t.code !== 0) throw new Error(`./run generate: rc ${t.code} ${excerpt(t.stderr.toString())}`);
  return { stdout: t.stdout.toString('utf8'), ids: ids.stdout.toString().trim().split(/\s+/).map(Number) };
}

async function tokenize(text) {
  const r = await execp(RUN_BIN, ['-m', 'tokenize', '-z', TOK, '-i', text]);
  return r.stdout.toString().trim().split(/\s+/).map(Number);
}

/** curl -i; returns the final (non-1xx) response { status, headers, text, json, body, all }. */
async function curl(s, method, path, body, { headers = [], stream = false } = {}) {
  const args = ['-s', '-S', '-i', '--max-time', String(30 * SCALE), '-X', method];
  if (stream) args.push('-N');
  for (const h of headers) args.push('-H', h);
  if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', typeof body === 'string' ? body : JSON.stringify(body));
  args.push(s.url + path);
  const r = await execp('/usr/bin/curl', args, { timeout: 40000 * SCALE });
  if (r.code !== 0) throw new Error(`curl ${method} ${path}: rc ${r.code} ${excerpt(r.stderr.toString())}`);
  const all = parseResponses(r.stdout, true);
  const fin = all.filter(x => !(x.status >= 100 && x.status < 200));
  if (fin.length !== 1) throw new Error(`curl ${method} ${path}: ${fin.length} responses in ${excerpt(r.stdout)}`);
  return { ...fin[0], all };
}

// ---------------------------------------------------------------------------------------------
// Request helpers

const chatBody = (messages, extra = {}) => ({ model: 'x', messages, temperature: 0, ...extra });
const U = content => ({ role: 'user', content });
const S = content => ({ role: 'system', content });
const A = content => ({ role: 'assistant', content });

/** POST JSON with a generous timeout; a streamed body is read until the server closes it. */
const post = (s, path, body, opts) => http(s, 'POST', path, body, { timeout: 60000 * SCALE, ...opts });

function sseChatText(events) { return events.map(e => e.choices?.[0]?.delta?.content ?? '').join(''); }

/** Problems with a chat.completion.chunk stream (spec: role delta, content deltas, {} + finish, [usage]). */
function chatStreamProblems(text, name, includeUsage) {
  const { events, problems: p } = parseSSE(text);
  if (!events.length) return [...p, 'no events'];
  const id = events[0].id;
  events.forEach((e, i) => p.push(...problems(e, { id: /^chatcmpl-./, object: eq('chat.completion.chunk'), created: 'time', model: eq(name), choices: arrayOf({}) }, `event[${i}]`)));
  if (events.some(e => e.id !== id)) p.push('ids differ between chunks');
  const withChoices = events.filter(e => e.choices?.length);
  const first = withChoices[0]?.choices[0];
  if (!first || JSON.stringify(first.delta) !== '{"role":"assistant","content":""}') p.push(`first delta: want {"role":"assistant","content":""}, got ${excerpt(first?.delta)}`);
  const last = withChoices[withChoices.length - 1]?.choices[0];
  if (!last || JSON.stringify(last.delta) !== '{}' || !['stop', 'length'].includes(last.finish_reason)) p.push(`last choice chunk: want delta {} and finish_reason, got ${excerpt(last)}`);
  for (const e of withChoices.slice(1, -1)) {
    const c = e.choices[0];
    if (typeof c.delta?.content !== 'string' || c.finish_reason !== null || c.index !== 0) p.push(`content chunk: ${excerpt(c)}`);
  }
  const usageChunks = events.filter(e => Array.isArray(e.choices) && e.choices.length === 0);
  if (includeUsage) {
    const u = events[events.length - 1];
    if (usageChunks.length !== 1 || u.choices.length !== 0) p.push('want exactly one last chunk with "choices":[] and usage');
    else p.push(...problems(u.usage, USAGE, 'usage'), ...[usageSum(u.usage)].filter(Boolean));
  } else if (usageChunks.length) p.push('usage chunk without stream_options.include_usage');
  return p;
}

// ---------------------------------------------------------------------------------------------
// The suite

const servers = [];
async function launch(label, args, opts) {
  const s = await startServer(SERVER_BIN, args, { readyMs: 30000 * SCALE, ...opts });
  s.label = label;
  servers.push(s);
  return s;
}

async function main() {
  // Resolved from tests/server/node_modules, next to this file.
  let OpenAI = null;
  try { OpenAI = (await import('openai')).default; } catch {
    if (IN_CI) check('openai client installed (tests/server/node_modules)', false, 'run npm ci --prefix tests/server');
    else console.log('skip - openai client: npm ci --prefix tests/server');
  }
  if (!fs.existsSync(SERVER_BIN)) { check(`server binary ${SERVER_BIN} exists`, false, 'build it with make server'); return; }

  // The servers: one thread each (the machine is shared; results do not depend on it).
  let srv, auth, l3, hostile, nocache;
  await group('servers start', async () => {
    [srv, auth, l3, hostile, nocache] = await Promise.all([
      launch('main', [MODEL, '-z', TOK, '-c', String(CTX), '-j', '1']),
      launch('auth', [MODEL, '-z', TOK, '-j', '1', '--api-key', API_KEY, '--name', 'testmodel']),
      launch('llama3', [L3_MODEL, '-z', L3_TOK, '-j', '1', '-c', '512']),
      launch('hostile', [MODEL, '-z', TOK, '-j', '1', '--max-body', '65536', '--timeout', '2']),
      launch('nocache', [MODEL, '-z', TOK, '-j', '1', '--no-cache', '-q']),
    ]);
    check('listening line: host, port, model name, context', srv.host === '127.0.0.1' && srv.name === NAME && srv.ctx === CTX && l3.ctx === 512 && auth.name === 'testmodel',
      `main: ${srv.listenLine}; auth: ${auth.listenLine}; llama3: ${l3.listenLine}`);
  }, 60000);
  if (!srv || !auth || !l3 || !hostile || !nocache) return;

  await group('endpoints via curl', () => testCurlEndpoints(srv), 60000);
  await group('chat equals ./run', () => testChatEqualsRun(srv, l3), 60000);
  await group('completions equal ./run', () => testCompletionsEqualRun(srv), 30000);
  await group('OpenAI JS client', () => testOpenAIClient(auth, OpenAI), 60000);
  await group('auth', () => testAuth(auth), 20000);
  await group('JSON mode', () => testJsonMode(srv), 30000);
  await group('sampling parameters', () => testSampling(srv), 60000);
  await group('400 matrix', () => testBadParams(srv), 60000);
  await group('prompt cache', () => testPromptCache(srv, nocache), 30000);
  await group('cancellation', () => testCancellation(srv), 30000);
  await group('hostile matrix', () => testHostile(hostile, srv), 90000);
  await group('load', () => testLoad(srv), 90000);
  await group('queue full', () => testQueueFull(), 30000);
  if (!LIGHT) await group('memory', () => testMemory(srv), 60000);

  for (const s of servers) check(`${s.label} server still running at the end`, s.alive(), `exit ${JSON.stringify(s.exit)}; stderr tail ${excerpt(s.err.slice(-600))}`);
}

// a. Every endpoint through curl, with every documented field's type -------------------------------
async function testCurlEndpoints(s) {
  const json200 = (r, what) => {
    const p = [];
    if (r.status !== 200) p.push(`status ${r.status}`);
    if (!/^application\/json/.test(r.headers['content-type'] || '')) p.push(`Content-Type ${r.headers['content-type']}`);
    if (r.headers['content-length'] !== String(r.body.length)) p.push(`Content-Length ${r.headers['content-length']} vs body ${r.body.length} bytes`);
    if (r.json === undefined) p.push('body not JSON');
    return p.length ? `${what}: ${p.join(', ')}; body ${excerpt(r.text)}` : '';
  };
  const streamHead = (r, ctype) => {
    const p = [];
    if (r.status !== 200) p.push(`status ${r.status}`);
    if (ctype && !(r.headers['content-type'] || '').startsWith(ctype)) p.push(`Content-Type ${r.headers['content-type']}`);
    if (!/close/i.test(r.headers.connection || '')) p.push(`Connection: ${r.headers.connection}`);
    if ('content-length' in r.headers) p.push('has Content-Length');
    return p;
  };

  const from = s.err.length;
  let r = await curl(s, 'GET', '/health');
  let p = [json200(r, 'GET /health'), ...problems(r.json, { status: eq('ok') })].filter(Boolean);
  check('curl GET /health: 200 {"status":"ok"}', !p.length, p.join('; '));
  const logged = await s.waitLog(/^server: GET \/health 200 \d+\.\d+ s$/m, 2000 * SCALE, from);
  check('log line "server: GET /health 200 0.000 s"', logged, `stderr tail ${excerpt(s.err.slice(-300))}`);

  r = await curl(s, 'GET', '/v1/models');
  p = [json200(r, 'GET /v1/models'), ...problems(r.json, { object: eq('list'), data: arrayOf({ id: eq(NAME), object: eq('model'), created: 'int', owned_by: eq('run.c') }, 1) })].filter(Boolean);
  check('curl GET /v1/models: list with the model', !p.length, p.join('; '));

  r = await curl(s, 'GET', '/api/tags');
  p = [json200(r, 'GET /api/tags'), ...problems(r.json, {
    models: arrayOf({ name: eq(NAME), model: eq(NAME), modified_at: 'iso', size: v => (Number.isInteger(v) && v > 0 ? '' : 'positive integer'), digest: 'string',
      details: { format: 'string', family: eq('llama'), parameter_size: 'string', quantization_level: 'string' } }, 1),
  })].filter(Boolean);
  check('curl GET /api/tags: Ollama model list', !p.length, p.join('; '));
  const size = r.json?.models?.[0]?.size;
  check('/api/tags size is the model file size', size === fs.statSync(MODEL).size, `size ${size}, file ${fs.statSync(MODEL).size}`);

  const msgs = [S('You are a wise teacher of the scriptures.'), U('Who was the first king of Israel?')];
  r = await curl(s, 'POST', '/v1/chat/completions', chatBody(msgs, { max_tokens: 8 }));
  p = [json200(r, 'chat'), ...problems(r.json, chatSchema(NAME)), usageSum(r.json?.usage)].filter(Boolean);
  const cachedHdr = r.headers['x-cached-tokens'];
  if (cachedHdr !== String(r.json?.usage?.prompt_tokens_details?.cached_tokens)) p.push(`X-Cached-Tokens ${cachedHdr} vs usage ${excerpt(r.json?.usage)}`);
  if (r.json?.usage?.completion_tokens !== 8 || r.json?.choices?.[0]?.finish_reason !== 'length') p.push(`max_tokens 8: ${excerpt(r.json?.usage)} ${r.json?.choices?.[0]?.finish_reason}`);
  check('curl POST /v1/chat/completions: chat.completion shape, usage, X-Cached-Tokens', !p.length, p.join('; '));
  const chatText = r.json?.choices?.[0]?.message?.content;
  const u = r.json?.usage;
  if (u) {
    const re = new RegExp(`^server: POST /v1/chat/completions 200 prompt=${u.prompt_tokens} cached=${u.prompt_tokens_details?.cached_tokens} generated=${u.completion_tokens} \\d+\\.\\d+ s$`, 'm');
    check('log line "server: POST PATH 200 prompt=N cached=M generated=K T s" matches usage', await s.waitLog(re, 2000 * SCALE), `want ${re}, stderr tail ${excerpt(s.err.slice(-400))}`);
  }

  for (const includeUsage of [false, true]) {
    const extra = { max_tokens: 8, stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) };
    r = await curl(s, 'POST', '/v1/chat/completions', chatBody(msgs, extra), { stream: true });
    p = [...streamHead(r, 'text/event-stream'), ...chatStreamProblems(r.text, NAME, includeUsage)];
    const { events } = parseSSE(r.text);
    const text = sseChatText(events);
    if (text !== chatText) p.push(`streamed text ${JSON.stringify(text)} != non-streamed ${JSON.stringify(chatText)}`);
    if (includeUsage && events.at(-1)?.usage?.completion_tokens !== 8) p.push(`usage ${excerpt(events.at(-1)?.usage)}`);
    check(`curl POST /v1/chat/completions stream${includeUsage ? ' + include_usage' : ''}: SSE chunks, [DONE], same text`, !p.length, p.join('; '));
  }

  const cbody = { model: 'x', prompt: 'In the beginning', max_tokens: 8, temperature: 0 };
  r = await curl(s, 'POST', '/v1/completions', cbody);
  p = [json200(r, 'completions'), ...problems(r.json, complSchema(NAME)), usageSum(r.json?.usage)].filter(Boolean);
  check('curl POST /v1/completions: text_completion shape', !p.length, p.join('; '));
  const complText = r.json?.choices?.[0]?.text;
  r = await curl(s, 'POST', '/v1/completions', { ...cbody, stream: true }, { stream: true });
  {
    const { events, problems: sp } = parseSSE(r.text);
    p = [...streamHead(r, 'text/event-stream'), ...sp];
    events.forEach((e, i) => p.push(...problems(e, { id: 'string', object: 'string', created: 'time', model: eq(NAME), choices: arrayOf({ index: eq(0), text: 'string' }, 1) }, `event[${i}]`)));
    const fin = events.at(-1)?.choices?.[0]?.finish_reason;
    if (!['stop', 'length'].includes(fin)) p.push(`last chunk finish_reason ${fin}`);
    const text = events.map(e => e.choices?.[0]?.text ?? '').join('');
    if (text !== complText) p.push(`streamed ${JSON.stringify(text)} != ${JSON.stringify(complText)}`);
    check('curl POST /v1/completions stream: chunks with choices[0].text, [DONE], same text', !p.length, p.join('; '));
  }

  // Ollama: stream defaults to true.
  const obody = { model: 'x', messages: msgs, options: { temperature: 0, num_predict: 8, repeat_penalty: 1 } };
  r = await curl(s, 'POST', '/api/chat', obody, { stream: true });
  let nd = parseNDJSON(r.text);
  p = [...streamHead(r), ...nd.problems];
  nd.lines.slice(0, -1).forEach((l, i) => p.push(...problems(l, { model: eq(NAME), created_at: 'iso', message: { role: eq('assistant'), content: 'string' }, done: eq(false) }, `line[${i}]`)));
  const oLast = nd.lines.at(-1);
  p.push(...problems(oLast, { ...ollamaFinal(NAME), message: { role: eq('assistant'), content: eq('') } }, 'last'));
  if (oLast?.eval_count !== 8 || oLast?.done_reason !== 'length') p.push(`num_predict 8: eval_count ${oLast?.eval_count} done_reason ${oLast?.done_reason}`);
  const oText = nd.lines.slice(0, -1).map(l => l.message?.content ?? '').join('');
  check('curl POST /api/chat (stream by default): NDJSON lines and the final stats line', !p.length && nd.lines.length >= 2, p.join('; ') || `lines ${nd.lines.length}`);
  r = await curl(s, 'POST', '/api/chat', { ...obody, stream: false });
  p = [json200(r, '/api/chat stream:false'), ...problems(r.json, { ...ollamaFinal(NAME), message: { role: eq('assistant'), content: eq(oText) } })].filter(Boolean);
  check('curl POST /api/chat stream:false: one object, same text as the stream', !p.length, p.join('; '));

  const gbody = { model: 'x', prompt: 'Who was Moses?', options: { temperature: 0, num_predict: 8, repeat_penalty: 1 } };
  r = await curl(s, 'POST', '/api/generate', gbody, { stream: true });
  nd = parseNDJSON(r.text);
  p = [...streamHead(r), ...nd.problems];
  nd.lines.slice(0, -1).forEach((l, i) => p.push(...problems(l, { model: eq(NAME), created_at: 'iso', response: 'string', done: eq(false) }, `line[${i}]`)));
  p.push(...problems(nd.lines.at(-1), { ...ollamaFinal(NAME), response: eq('') }, 'last'));
  const gText = nd.lines.slice(0, -1).map(l => l.response ?? '').join('');
  check('curl POST /api/generate (stream by default): NDJSON lines and the final stats line', !p.length && nd.lines.length >= 2, p.join('; ') || `lines ${nd.lines.length}`);
  r = await curl(s, 'POST', '/api/generate', { ...gbody, stream: false });
  p = [json200(r, '/api/generate stream:false'), ...problems(r.json, { ...ollamaFinal(NAME), response: eq(gText) })].filter(Boolean);
  check('curl POST /api/generate stream:false: one object, same text as the stream', !p.length, p.join('; '));

  r = await curl(s, 'POST', '/api/generate', { model: 'x', prompt: 'In the beginning', raw: true, stream: false, options: { temperature: 0, num_predict: 8, repeat_penalty: 1 } });
  p = [json200(r, '/api/generate raw'), ...problems(r.json, { ...ollamaFinal(NAME), response: eq(complText) })].filter(Boolean);
  check('curl POST /api/generate raw:true: no template (same text as /v1/completions)', !p.length, p.join('; '));
}

// b. Chat at temperature 0 is ./run -m chat's reply; streams concatenate to the same text ---------
async function testChatEqualsRun(s, l3) {
  const cases = [
    { system: 'You are a wise teacher of the scriptures.', user: 'Who was the first king of Israel?' },
    { user: 'Tell me about Moses.' },
    { system: 'Answer briefly.', user: 'What is love?' },
  ];
  for (const c of cases) {
    const ref = await runChat({ ...c, n: 24 });
    const messages = [...(c.system !== undefined ? [S(c.system)] : []), U(c.user)];
    const label = `${c.system !== undefined ? 'system + ' : ''}"${c.user}"`;
    let r = await post(s, '/v1/chat/completions', chatBody(messages, { max_tokens: 24 }));
    const text = r.json?.choices?.[0]?.message?.content;
    check(`chat t=0 ${label} equals ./run -m chat`, r.status === 200 && text === ref.text, `server ${JSON.stringify(text)} (${show(r)}), ./run ${JSON.stringify(ref.text)}`);
    check(`chat ${label} prompt_tokens equals ./run's prompt ids`, r.json?.usage?.prompt_tokens === ref.promptTokens, `usage ${excerpt(r.json?.usage)}, ./run ${ref.promptTokens}`);

    r = await post(s, '/v1/chat/completions', chatBody(messages, { max_tokens: 24, stream: true }));
    const sse = parseSSE(r.text);
    const streamed = sseChatText(sse.events);
    check(`chat stream ${label}: SSE deltas concatenate to the same text`, r.status === 200 && streamed === ref.text && !sse.problems.length, `streamed ${JSON.stringify(streamed)}, ./run ${JSON.stringify(ref.text)}; ${sse.problems.join('; ')}`);

    // Ollama's defaults (repeat_penalty 1.1, top_k 40, top_p 0.9) would change the greedy reply.
    const ob = { model: 'x', messages, stream: false, options: { temperature: 0, num_predict: 24, top_p: 1, repeat_penalty: 1 } };
    r = await post(s, '/api/chat', ob);
    check(`/api/chat t=0 ${label} equals ./run -m chat`, r.status === 200 && r.json?.message?.content === ref.text, `server ${JSON.stringify(r.json?.message?.content)} (${show(r)}), ./run ${JSON.stringify(ref.text)}`);
    r = await post(s, '/api/chat', { ...ob, stream: true });
    const nd = parseNDJSON(r.text);
    const ndText = nd.lines.map(l => l.message?.content ?? '').join('');
    check(`/api/chat NDJSON ${label}: lines concatenate to the same text`, ndText === ref.text && nd.lines.at(-1)?.done === true, `streamed ${JSON.stringify(ndText)}, ./run ${JSON.stringify(ref.text)}`);
  }
  // /api/generate without raw: the prompt is one user turn (with `system`).
  const c = cases[0];
  const ref = await runChat({ ...c, n: 24 });
  const r = await post(s, '/api/generate', { model: 'x', system: c.system, prompt: c.user, stream: false, options: { temperature: 0, num_predict: 24, top_p: 1, repeat_penalty: 1 } });
  check('/api/generate with system equals ./run -m chat -y', r.json?.response === ref.text, `server ${JSON.stringify(r.json?.response)} (${show(r)}), ./run ${JSON.stringify(ref.text)}`);

  // The Llama 3 header template and its 128256-token vocabulary; then its cached prefix.
  const lc = { system: 'Be brief.', user: 'Hi there', model: L3_MODEL, tok: L3_TOK, ctx: 512, n: 6 };
  const lref = await runChat(lc);
  const m1 = [S(lc.system), U(lc.user)];
  const r1 = await post(l3, '/v1/chat/completions', chatBody(m1, { max_tokens: 6 }));
  const t1 = r1.json?.choices?.[0]?.message?.content;
  check('llama3-tiny chat t=0 (Llama 3 template) equals ./run -m chat', t1 === lref.text && r1.json?.usage?.prompt_tokens === lref.promptTokens,
    `server ${JSON.stringify(t1)} usage ${excerpt(r1.json?.usage)} (${show(r1)}); ./run ${JSON.stringify(lref.text)} prompt ${lref.promptTokens}`);
  const r2 = await post(l3, '/v1/chat/completions', chatBody([...m1, A(t1 ?? ''), U('And then?')], { max_tokens: 4 }));
  const c2 = r2.json?.usage?.prompt_tokens_details?.cached_tokens;
  check('llama3-tiny second turn reuses the first turn\'s prompt (cached_tokens >= turn 1 prompt_tokens)', r2.status === 200 && c2 >= r1.json?.usage?.prompt_tokens,
    `turn 1 usage ${excerpt(r1.json?.usage)}, turn 2 ${show(r2)}`);
}

// c. /v1/completions at temperature 0 is ./run's continuation ------------------------------------
async function testCompletionsEqualRun(s) {
  for (const prompt of ['In the beginning', 'And God said']) {
    const ref = await runGenerate(prompt, 16);
    const r = await post(s, '/v1/completions', { model: 'x', prompt, max_tokens: 16, temperature: 0 });
    const text = r.json?.choices?.[0]?.text;
    const ok = typeof text === 'string' && ref.stdout === prompt + text + '\n';
    check(`completion t=0 "${prompt}" equals ./run's continuation`, r.status === 200 && ok, `server ${JSON.stringify(text)} (${show(r)}); ./run stdout ${JSON.stringify(ref.stdout)}`);
    const ptoks = (await tokenize(prompt)).length;
    check(`completion "${prompt}" usage: prompt_tokens = BOS + prompt, completion_tokens = ./run's`, r.json?.usage?.prompt_tokens === ptoks && r.json?.usage?.completion_tokens === ref.ids.length,
      `usage ${excerpt(r.json?.usage)}, want prompt ${ptoks}, completion ${ref.ids.length}`);
    const r2 = await post(s, '/v1/completions', { model: 'x', prompt: [prompt], max_tokens: 16, temperature: 0 });
    check(`completion with prompt as a one-string array "${prompt}"`, r2.json?.choices?.[0]?.text === text, show(r2));
  }
}

// d. The official OpenAI client ------------------------------------------------------------------
async function testOpenAIClient(s, OpenAI) {
  if (!OpenAI) return;
  const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: API_KEY, maxRetries: 0, timeout: 60000 * SCALE });
  const models = await client.models.list();
  check('openai: models.list() has the --name model', models.data?.length === 1 && models.data[0].id === 'testmodel', excerpt(models.data));

  const turn1 = [S('You are a wise teacher of the scriptures.'), U('Who was Abraham?')];
  const a = await client.chat.completions.create({ model: 'testmodel', messages: turn1, max_tokens: 12, temperature: 0 });
  const reply1 = a.choices[0].message.content;
  check('openai: chat.completions.create turn 1', typeof reply1 === 'string' && a.object === 'chat.completion' && a.model === 'testmodel', excerpt(a));
  const turn2 = [...turn1, A(reply1), U('And who was his son?')];
  const b = await client.chat.completions.create({ model: 'testmodel', messages: turn2, max_tokens: 12, temperature: 0 });
  check('openai: turn 2 cached_tokens >= turn 1 prompt_tokens (prompt cache reuse)',
    b.usage?.prompt_tokens_details?.cached_tokens >= a.usage?.prompt_tokens && b.usage.prompt_tokens > a.usage.prompt_tokens,
    `turn 1 ${excerpt(a.usage)}, turn 2 ${excerpt(b.usage)}`);

  // The same two turns streamed, with the usage chunk.
  const collect = async messages => {
    const stream = await client.chat.completions.create({ model: 'testmodel', messages, max_tokens: 12, temperature: 0, stream: true, stream_options: { include_usage: true } });
    let text = '', usage = null, n = 0;
    for await (const chunk of stream) {
      n++;
      text += chunk.choices?.[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    return { text, usage, n };
  };
  const s1 = await collect([S('You are a preacher.'), U('Who was Noah?')]);
  check('openai: streamed turn 1 with include_usage', s1.usage && s1.n >= 3 && s1.usage.completion_tokens >= 1, excerpt(s1));
  const s2 = await collect([S('You are a preacher.'), U('Who was Noah?'), A(s1.text), U('What did he build?')]);
  check('openai: streamed turn 2 cached_tokens >= turn 1 prompt_tokens', s2.usage?.prompt_tokens_details?.cached_tokens >= s1.usage?.prompt_tokens,
    `turn 1 ${excerpt(s1.usage)}, turn 2 ${excerpt(s2.usage)}`);

  const j = await client.chat.completions.create({ model: 'testmodel', messages: [U('Give me a JSON object about Moses.')], max_tokens: 64, seed: 5, response_format: { type: 'json_object' } });
  let parsed;
  try { parsed = JSON.parse(j.choices[0].message.content); } catch {}
  check('openai: response_format json_object content parses as an object', parsed && typeof parsed === 'object' && !Array.isArray(parsed), `content ${JSON.stringify(j.choices[0].message.content)}`);

  const bad = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'wrong-key', maxRetries: 0, timeout: 20000 * SCALE });
  let err;
  try { await bad.chat.completions.create({ model: 'x', messages: [U('Hi')], max_tokens: 1 }); } catch (e) { err = e; }
  check('openai: wrong api key raises AuthenticationError (401)', err instanceof OpenAI.AuthenticationError && err.status === 401, `${err?.constructor?.name} ${err?.status} ${err?.message}`);
}

async function testAuth(s) {
  const wantAuth = (r, path) => {
    const p = [];
    if (r.status !== 401) p.push(`status ${r.status}`);
    if (!/^Bearer/.test(r.headers['www-authenticate'] || '')) p.push(`WWW-Authenticate ${r.headers['www-authenticate']}`);
    const e = errorShape(path, r);
    if (e) p.push(e);
    if (!path.startsWith('/api/') && r.json?.error?.type !== 'authentication_error') p.push(`type ${r.json?.error?.type}`);
    return p.join('; ');
  };
  let r = await curl(s, 'GET', '/health');
  let p = wantAuth(r, '/health');
  check('curl GET /health without the key: 401, WWW-Authenticate: Bearer, authentication_error', !p, p);
  r = await curl(s, 'GET', '/health', undefined, { headers: [`Authorization: Bearer ${API_KEY}`] });
  check('curl GET /health with the key: 200', r.status === 200, show(r));
  for (const [method, path, hdr] of [['GET', '/v1/models', 'Bearer nope'], ['GET', '/api/tags', null], ['POST', '/api/chat', `Basic ${API_KEY}`], ['POST', '/v1/chat/completions', API_KEY]]) {
    r = await curl(s, method, path, method === 'POST' ? chatBody([U('Hi')], { max_tokens: 1 }) : undefined, { headers: hdr ? [`Authorization: ${hdr}`] : [] });
    p = wantAuth(r, path);
    check(`${method} ${path} with ${hdr ? `"Authorization: ${hdr}"` : 'no key'}: 401`, !p, p);
  }
}

// e. JSON mode on /api/generate ------------------------------------------------------------------
async function testJsonMode(s) {
  const r = await post(s, '/api/generate', { model: 'x', prompt: 'Describe the ark as JSON.', format: 'json', stream: false, options: { num_predict: 64, seed: 7 } });
  let parsed;
  try { parsed = JSON.parse(r.json?.response); } catch {}
  check('/api/generate format:"json" response parses as an object', r.status === 200 && parsed && typeof parsed === 'object' && !Array.isArray(parsed), `response ${JSON.stringify(r.json?.response)} (${show(r)})`);
  const r2 = await post(s, '/v1/chat/completions', { messages: [U('The names of the twelve tribes as JSON')], max_tokens: 48, seed: 3, response_format: { type: 'json_object' }, stream: true });
  const text = sseChatText(parseSSE(r2.text).events);
  let p2;
  try { p2 = JSON.parse(text); } catch {}
  check('streamed chat with json_object parses as an object', p2 && typeof p2 === 'object' && !Array.isArray(p2), `text ${JSON.stringify(text)}`);
}

// f. stop, max_tokens, seeds, logit_bias ----------------------------------------------------------
async function testSampling(s) {
  const noEos = { [EOS]: -100 };
  // stop: the greedy text, cut right before the first occurrence of a piece from its middle.
  const base = { model: 'x', prompt: 'In the beginning', max_tokens: 24, temperature: 0 };
  const full = (await post(s, '/v1/completions', base)).json?.choices?.[0]?.text ?? '';
  const stop = full.slice(Math.floor(full.length / 2), Math.floor(full.length / 2) + 4);
  const want = full.slice(0, full.indexOf(stop));
  let r = await post(s, '/v1/completions', { ...base, stop });
  check(`stop string ${JSON.stringify(stop)}: text ends right before it, finish_reason stop`, stop.length === 4 && r.json?.choices?.[0]?.text === want && r.json?.choices?.[0]?.finish_reason === 'stop',
    `full ${JSON.stringify(full)}, want ${JSON.stringify(want)}, got ${show(r)}`);
  r = await post(s, '/v1/completions', { ...base, stop: ['zzzz', stop], stream: true });
  const streamed = parseSSE(r.text).events.map(e => e.choices?.[0]?.text ?? '').join('');
  check('stop array, streamed: no text past the stop string', streamed === want, `want ${JSON.stringify(want)}, got ${JSON.stringify(streamed)}`);
  r = await post(s, '/api/generate', { model: 'x', prompt: 'In the beginning', raw: true, stream: false, options: { temperature: 0, num_predict: 24, repeat_penalty: 1, stop: [stop] } });
  check('Ollama options.stop', r.json?.response === want && r.json?.done_reason === 'stop', `want ${JSON.stringify(want)}, got ${show(r)}`);

  // max_tokens / max_completion_tokens: exactly that many tokens, finish_reason "length".
  r = await post(s, '/v1/chat/completions', chatBody([U('Hello')], { max_tokens: 3, logit_bias: noEos }));
  check('max_tokens 3: 3 tokens, finish_reason length', r.json?.usage?.completion_tokens === 3 && r.json?.choices?.[0]?.finish_reason === 'length', show(r));
  r = await post(s, '/v1/chat/completions', chatBody([U('Hello')], { max_completion_tokens: 2, logit_bias: noEos }));
  check('max_completion_tokens 2: 2 tokens, finish_reason length', r.json?.usage?.completion_tokens === 2 && r.json?.choices?.[0]?.finish_reason === 'length', show(r));

  // seed: each seeded request follows the same other request, so the KV cache state is the same.
  const other = chatBody([U('Who was Samson?')], { max_tokens: 4 });
  const seeded = { model: 'x', messages: [U('Sing me a psalm.')], temperature: 1, seed: 1234, max_tokens: 16 };
  const texts = [];
  for (let i = 0; i < 2; i++) {
    await post(s, '/v1/chat/completions', other);
    texts.push((await post(s, '/v1/chat/completions', seeded)).json?.choices?.[0]?.message?.content);
  }
  check('seed 1234 at temperature 1: same text twice', typeof texts[0] === 'string' && texts[0] === texts[1], excerpt(texts));
  const o1 = (await post(s, '/api/generate', { model: 'x', prompt: 'Sing', stream: false, options: { seed: 99, num_predict: 12 } })).json?.response;
  await post(s, '/v1/chat/completions', other);
  const o2 = (await post(s, '/api/generate', { model: 'x', prompt: 'Sing', stream: false, options: { seed: 99, num_predict: 12 } })).json?.response;
  check('Ollama options.seed: same text twice', typeof o1 === 'string' && o1 === o2, excerpt([o1, o2]));

  // logit_bias -100 on the greedy continuation's first token (exact id from ./run -o ids).
  const ref = await runGenerate('In the beginning', 8);
  const first = ref.ids[0];
  const greedy = (await post(s, '/v1/completions', { model: 'x', prompt: 'In the beginning', max_tokens: 8, temperature: 0 })).json?.choices?.[0]?.text;
  r = await post(s, '/v1/completions', { model: 'x', prompt: 'In the beginning', max_tokens: 8, temperature: 0, logit_bias: { [first]: -100 } });
  const banned = r.json?.choices?.[0]?.text;
  check(`logit_bias {"${first}": -100} (the greedy first token) changes the completion`, typeof banned === 'string' && banned !== greedy, `greedy ${JSON.stringify(greedy)}, banned ${JSON.stringify(banned)} (${show(r)})`);
  // and on a chat reply's first word (its id from ./run -m tokenize; BOS first).
  const chatMsgs = [U('Tell me about Moses.')];
  const reply = (await post(s, '/v1/chat/completions', chatBody(chatMsgs, { max_tokens: 8 }))).json?.choices?.[0]?.message?.content ?? '';
  const word = reply.trimStart().split(/\s+/)[0];
  const wid = (await tokenize(word))[1];
  r = await post(s, '/v1/chat/completions', chatBody(chatMsgs, { max_tokens: 8, logit_bias: { [wid]: -100 } }));
  const changed = r.json?.choices?.[0]?.message?.content;
  check(`chat logit_bias {"${wid}": -100} ("${word}") changes the reply`, typeof changed === 'string' && changed !== reply, `reply ${JSON.stringify(reply)}, with bias ${JSON.stringify(changed)}`);
  // +100 forces a token: every generated token is "the" (one token, id from ./run -m tokenize).
  const the = await tokenize('the');
  r = await post(s, '/v1/completions', { model: 'x', prompt: 'The', max_tokens: 3, temperature: 1, seed: 1, logit_bias: { [the[1]]: 100 } });
  check(`logit_bias {"${the[1]}": 100} forces that token`, the.length === 2 && r.json?.choices?.[0]?.text === ' the the the', `tokenize "the": ${the}; ${show(r)}`);

  // null means absent; unknown fields are ignored.
  r = await post(s, '/v1/chat/completions', { messages: [U('Hi')], max_tokens: 2, temperature: null, top_p: null, stop: null, seed: null, stream: null, logit_bias: null, n: 1, tools: [], tool_choice: 'none', logprobs: false, frobnicate: { x: [1, 2] } });
  check('null parameters mean absent; n:1, tools:[], tool_choice "none", unknown fields accepted', r.status === 200 && r.json?.usage?.completion_tokens >= 1, show(r));
  r = await post(s, '/v1/chat/completions', { messages: [{ role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] }, { role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'text', text: ' there' }] }], max_tokens: 2 });
  check('developer role and content as text parts accepted', r.status === 200, show(r));
}

// g. 400 for every unsupported or mis-typed parameter -------------------------------------------
async function testBadParams(s) {
  const chat = { model: 'x', messages: [U('Hi')], max_tokens: 1 };
  const C = '/v1/chat/completions', P = '/v1/completions', OC = '/api/chat', OG = '/api/generate';
  const compl = { model: 'x', prompt: 'Hi', max_tokens: 1 };
  const ochat = { model: 'x', messages: [U('Hi')], stream: false, options: { num_predict: 1 } };
  const ogen = { model: 'x', prompt: 'Hi', stream: false, options: { num_predict: 1 } };
  // [path, body, param the error must name (OpenAI paths; null: any), label]
  const cases = [
    [C, { ...chat, n: 2 }, null, 'n: 2'],
    [C, { ...chat, tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }, null, 'tools'],
    [C, { ...chat, tool_choice: 'auto' }, null, 'tool_choice "auto"'],
    [C, { ...chat, functions: [{ name: 'f' }] }, null, 'functions'],
    [C, { ...chat, logprobs: true }, null, 'logprobs: true'],
    [C, { ...chat, top_logprobs: 2 }, null, 'top_logprobs: 2'],
    [C, { ...chat, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } }, null, 'response_format json_schema'],
    [C, { ...chat, response_format: 'json' }, 'response_format', 'response_format "json" (not an object)'],
    [C, { model: 'x', max_tokens: 1 }, 'messages', 'messages missing'],
    [C, { ...chat, messages: [] }, 'messages', 'messages empty'],
    [C, { ...chat, messages: { role: 'user', content: 'Hi' } }, 'messages', 'messages an object'],
    [C, { ...chat, messages: 'Hi' }, 'messages', 'messages a string'],
    [C, { ...chat, messages: [{ role: 'tool', content: 'x', tool_call_id: 'a' }, U('Hi')] }, 'messages', 'role tool'],
    [C, { ...chat, messages: [{ role: 'function', name: 'f', content: 'x' }, U('Hi')] }, 'messages', 'role function'],
    [C, { ...chat, messages: [{ role: 'wizard', content: 'Hi' }] }, 'messages', 'role "wizard"'],
    [C, { ...chat, messages: [{ role: 5, content: 'Hi' }] }, ['messages', 'role'], 'role 5'],
    [C, { ...chat, messages: [{ role: 'user', content: 5 }] }, ['messages', 'content'], 'content 5'],
    [C, { ...chat, messages: [U('Hi'), A('Hello')] }, 'messages', 'last message assistant'],
    [C, { ...chat, messages: [U('Hi'), S('late'), U('Hi')] }, 'messages', 'system after the first user message'],
    [C, { ...chat, messages: [U('Hi'), U('Hi again')] }, 'messages', 'two user messages in a row'],
    [C, { ...chat, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }] }, 'messages', 'image content part'],
    [C, { ...chat, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }] }] }, 'messages', 'audio content part'],
    [C, { ...chat, model: 5 }, 'model', 'model 5'],
    [C, { ...chat, temperature: 'hot' }, 'temperature', 'temperature "hot"'],
    [C, { ...chat, temperature: 3 }, null, 'temperature 3'],
    [C, { ...chat, temperature: -0.5 }, null, 'temperature -0.5'],
    [C, { ...chat, top_p: 0 }, null, 'top_p 0'],
    [C, { ...chat, top_p: 1.5 }, null, 'top_p 1.5'],
    [C, { ...chat, top_p: '1' }, 'top_p', 'top_p "1"'],
    [C, { ...chat, max_tokens: 0 }, null, 'max_tokens 0'],
    [C, { ...chat, max_tokens: 1.5 }, 'max_tokens', 'max_tokens 1.5'],
    [C, { ...chat, max_tokens: '10' }, 'max_tokens', 'max_tokens "10"'],
    [C, { ...chat, max_tokens: -1 }, null, 'max_tokens -1'],
    [C, { ...chat, max_tokens: undefined, max_completion_tokens: 0 }, null, 'max_completion_tokens 0'],
    [C, { ...chat, stop: 5 }, 'stop', 'stop 5'],
    [C, { ...chat, stop: ['a', 5] }, 'stop', 'stop ["a", 5]'],
    [C, { ...chat, stop: [''] }, null, 'stop [""]'],
    [C, { ...chat, stop: Array.from({ length: 17 }, (_, i) => `s${i}`) }, null, 'stop with 17 strings'],
    [C, { ...chat, seed: 'x' }, 'seed', 'seed "x"'],
    [C, { ...chat, seed: 1.5 }, 'seed', 'seed 1.5'],
    [C, { ...chat, logit_bias: { abc: 1 } }, 'logit_bias', 'logit_bias {"abc": 1}'],
    [C, { ...chat, logit_bias: { 5: 200 } }, 'logit_bias', 'logit_bias {"5": 200}'],
    [C, { ...chat, logit_bias: { 5: 'x' } }, 'logit_bias', 'logit_bias {"5": "x"}'],
    [C, { ...chat, logit_bias: [1] }, 'logit_bias', 'logit_bias [1]'],
    [C, { ...chat, stream: 'yes' }, 'stream', 'stream "yes"'],
    [C, { ...chat, stream: 1 }, 'stream', 'stream 1'],
    [C, { ...chat, stream: true, stream_options: { include_usage: 'yes' } }, ['stream_options', 'include_usage'], 'stream_options.include_usage "yes"'],
    [C, { ...chat, presence_penalty: 3 }, null, 'presence_penalty 3'],
    [C, { ...chat, frequency_penalty: -2.5 }, null, 'frequency_penalty -2.5'],
    [C, { ...chat, frequency_penalty: 'x' }, 'frequency_penalty', 'frequency_penalty "x"'],
    [C, { ...chat, top_k: 'x' }, 'top_k', 'top_k "x"'],
    [C, { ...chat, min_p: 'x' }, 'min_p', 'min_p "x"'],
    [C, { ...chat, repeat_penalty: 'x' }, 'repeat_penalty', 'repeat_penalty "x"'],
    [P, { ...compl, prompt: 5 }, 'prompt', 'prompt 5'],
    [P, { model: 'x', max_tokens: 1 }, 'prompt', 'prompt missing'],
    [P, { ...compl, prompt: ['a', 'b'] }, 'prompt', 'prompt array of two'],
    [P, { ...compl, prompt: [5] }, 'prompt', 'prompt [5]'],
    [P, { ...compl, echo: true }, null, 'echo: true'],
    [P, { ...compl, suffix: 'x' }, null, 'suffix'],
    [P, { ...compl, best_of: 2 }, null, 'best_of 2'],
    [P, { ...compl, logprobs: 1 }, null, 'logprobs 1'],
    [P, { ...compl, n: 2 }, null, 'n: 2'],
    [P, { ...compl, temperature: 'hot' }, 'temperature', 'temperature "hot"'],
    [OC, { ...ochat, options: { temperature: 'x' } }, null, 'options.temperature "x"'],
    [OC, { ...ochat, options: { mirostat: 1 } }, null, 'options.mirostat 1'],
    [OC, { ...ochat, options: [] }, null, 'options []'],
    [OC, { ...ochat, options: { num_predict: 'x' } }, null, 'options.num_predict "x"'],
    [OC, { ...ochat, options: { seed: 'x' } }, null, 'options.seed "x"'],
    [OC, { ...ochat, options: { stop: 5 } }, null, 'options.stop 5'],
    [OC, { ...ochat, format: {} }, null, 'format {}'],
    [OC, { ...ochat, format: { type: 'object', properties: {} } }, null, 'format a schema'],
    [OC, { ...ochat, messages: [{ role: 'user', content: 'Hi', images: ['aGk='] }] }, null, 'message images'],
    [OC, { ...ochat, tools: [{ type: 'function', function: { name: 'f' } }] }, null, 'tools'],
    [OC, { model: 'x', stream: false }, null, 'messages missing'],
    [OC, { ...ochat, messages: { role: 'user' } }, null, 'messages an object'],
    [OC, { ...ochat, messages: [{ role: 5, content: 'Hi' }] }, null, 'role 5'],
    [OC, { ...ochat, messages: [{ role: 'user', content: 5 }] }, null, 'content 5'],
    [OC, { ...ochat, messages: [U('Hi'), A('x')] }, null, 'last message assistant'],
    [OC, { ...ochat, stream: 1 }, null, 'stream 1'],
    [OG, { ...ogen, prompt: 5 }, null, 'prompt 5'],
    [OG, { ...ogen, images: ['aGk='] }, null, 'images'],
    [OG, { ...ogen, template: '{{ .Prompt }}' }, null, 'template'],
    [OG, { ...ogen, context: [1, 2, 3] }, null, 'context'],
    [OG, { ...ogen, suffix: 'x' }, null, 'suffix'],
    [OG, { ...ogen, format: {} }, null, 'format {}'],
    [OG, { ...ogen, options: { mirostat: 2 } }, null, 'options.mirostat 2'],
    [OG, { ...ogen, raw: 'yes' }, null, 'raw "yes"'],
    [OG, { ...ogen, system: 5 }, null, 'system 5'],
    [OG, { ...ogen, stream: 'yes' }, null, 'stream "yes"'],
    [OG, { ...ogen, options: { top_p: 'x' } }, null, 'options.top_p "x"'],
  ];
  for (const [path, body, param, label] of cases) {
    const r = await post(s, path, body, { timeout: 20000 * SCALE });
    const e = errorShape(path, r, param ?? undefined);
    check(`400 ${path} ${label}`, r.status === 400 && !e, `status ${r.status}; ${e || excerpt(r.text, 200)}`);
  }
}

// h. Prompt cache ---------------------------------------------------------------------------------
async function testPromptCache(s, nc) {
  let messages = [S('You are a wise teacher of the scriptures.'), U('Who was David?')];
  const turns = [], sent = [];
  for (const next of ['Who was his son?', 'What did he build?', null]) {
    sent.push(messages);
    const r = await post(s, '/v1/chat/completions', chatBody(messages, { max_tokens: 8 }));
    const u = r.json?.usage;
    const text = r.json?.choices?.[0]?.message?.content;
    turns.push({ prompt: u?.prompt_tokens, cached: u?.prompt_tokens_details?.cached_tokens, header: r.headers.get('x-cached-tokens'), text });
    if (!next) break;
    messages = [...messages, A(text ?? ''), U(next)];
  }
  const brief = turns.map(({ prompt, cached, header }) => ({ prompt, cached, header }));
  check('3-turn chat: X-Cached-Tokens header equals usage cached_tokens', turns.every(t => t.header === String(t.cached)), excerpt(brief));
  check('3-turn chat: each turn reuses the previous prompt and reply (cached_tokens >= the previous turn\'s prompt_tokens)',
    turns[1].cached >= turns[0].prompt && turns[2].cached >= turns[1].prompt && turns.every(t => t.cached <= t.prompt), excerpt(brief));
  // The cache is an optimisation: the same request gives the same prompt and reply whatever came before.
  const again = await post(s, '/v1/chat/completions', chatBody(sent[1], { max_tokens: 8 }));
  check('turn 2 sent again after turn 3: same prompt_tokens and same t=0 reply as the first time',
    again.json?.usage?.prompt_tokens === turns[1].prompt && again.json?.choices?.[0]?.message?.content === turns[1].text,
    `first ${excerpt({ prompt: turns[1].prompt, text: turns[1].text })}, again ${excerpt({ usage: again.json?.usage, text: again.json?.choices?.[0]?.message?.content })}`);
  const plain = [];
  for (const m of sent) {
    const r = await post(nc, '/v1/chat/completions', chatBody(m, { max_tokens: 8 }));
    plain.push({ prompt: r.json?.usage?.prompt_tokens, cached: r.json?.usage?.prompt_tokens_details?.cached_tokens, text: r.json?.choices?.[0]?.message?.content });
  }
  check('--no-cache: cached_tokens 0 every turn', plain.every(t => t.cached === 0), excerpt(plain));
  check('3-turn chat: the same replies (t=0) as a --no-cache server', plain.every((t, i) => t.text === turns[i].text),
    `cache ${excerpt(turns.map(t => t.text))}, --no-cache ${excerpt(plain.map(t => t.text))}`);

  const r = await post(s, '/v1/completions', { prompt: 'Zebras eat quinoa', max_tokens: 2, temperature: 0 });
  const c = r.json?.usage?.prompt_tokens_details?.cached_tokens;
  check('a prompt sharing nothing after BOS: cached_tokens <= 2', Number.isInteger(c) && c <= 2, show(r));
  const r2 = await post(s, '/v1/completions', { prompt: 'Zebras eat quinoa', max_tokens: 2, temperature: 0 });
  const u2 = r2.json?.usage;
  check('the same prompt again: cached_tokens is (almost) all of it', u2 && u2.prompt_tokens_details.cached_tokens >= u2.prompt_tokens - 1, show(r2));
}

// j. A client that goes away cancels its generation -------------------------------------------
async function testCancellation(s) {
  const body = JSON.stringify(chatBody([U('Tell me everything about the kings of Judah.')], { max_tokens: 2000, logit_bias: { [EOS]: -100 }, stream: true }));
  const cancelledRe = /^server: POST \/v1\/chat\/completions \d{3} prompt=(\d+) cached=\d+ generated=(\d+) cancelled \d+\.\d+ s$/m;
  let from = s.err.length;
  const t0 = Date.now();
  const res = await rawExchange(s.port, [rawRequest('POST', '/v1/chat/completions', { body, headers: { 'Content-Type': 'application/json' } }),
    async ({ waitFor, sock }) => { await waitFor(/data: [^\n]*\n\n[\s\S]*data: [^\n]*"content":"[^"]+/, 20000 * SCALE); sock.destroy(); }],
  { timeout: 30000 * SCALE, responses: 99 });
  const got = res.raw.toString('latin1').split('data: ').length - 1;
  let m = await s.waitLog(cancelledRe, 2000 * SCALE, from);
  const full = s.ctx - (m ? +m[1] : 0);
  check('stream closed after the first chunks: log says cancelled within 2 s, generated well below the limit',
    m && +m[2] < full / 2, `${got} events read in ${Date.now() - t0} ms; log ${m ? m[0] : `none; stderr tail ${excerpt(s.err.slice(from).slice(-400))}`} (limit ${full})`);
  let t1 = Date.now();
  let r = await post(s, '/v1/chat/completions', chatBody([U('Hi')], { max_tokens: 2 }), { timeout: 5000 * SCALE });
  check('the next request after a cancelled stream is served promptly', r.status === 200 && Date.now() - t1 < 2000 * SCALE, `${show(r)} in ${Date.now() - t1} ms`);

  // Non-streaming: the client aborts after 50 ms (200 ms let a 15M model finish its context first on a fast host).
  from = s.err.length;
  const nb = JSON.stringify(chatBody([U('Tell me everything about the kings of Israel.')], { max_tokens: 2000, logit_bias: { [EOS]: -100 } }));
  const res2 = await rawExchange(s.port, [rawRequest('POST', '/v1/chat/completions', { body: nb })], { timeout: 50 });
  m = await s.waitLog(cancelledRe, 2000 * SCALE, from);
  check('non-streaming request aborted after 50 ms: log says cancelled, generated below the limit',
    m && +m[2] < s.ctx - +m[1] && !res2.final.length, `response ${res2.final.length ? excerpt(res2.raw) : 'none'}; log ${m ? m[0] : `none; stderr tail ${excerpt(s.err.slice(from).slice(-400))}`}`);
  t1 = Date.now();
  r = await http(s, 'GET', '/health', undefined, { timeout: 5000 * SCALE });
  check('the next request after a cancelled non-stream request is served promptly', r.status === 200 && Date.now() - t1 < 2000 * SCALE, `${show(r)} in ${Date.now() - t1} ms`);
}

// k. Hostile HTTP over raw sockets -----------------------------------------------------------------
async function testHostile(s, big) {
  const P = s.port;
  const CHAT = '/v1/chat/completions';
  const okBody = JSON.stringify({ messages: [U('Hi')], max_tokens: 1 });
  const health = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
  const postRaw = (body, headers = {}, path = CHAT) => rawRequest('POST', path, { body, headers });
  const withJson = b => postRaw(Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8'));
  // [label, parts, acceptable statuses (null: no response), options]
  // options: json (expect a JSON error body, default true for >= 400), closes (framing: the
  // server must close), path (error family), check(res) extra problems, timeout, server.
  const cases = [
    ['truncated request line, then EOF', ['GET /hea', 'END'], [null, 400]],
    ['request line without version', ['GET /health\r\nHost: x\r\n\r\n'], [400], { closes: true }],
    ['request line with two spaces', ['GET  /health HTTP/1.1\r\nHost: x\r\n\r\n'], [400], { closes: true }],
    ['request line with a tab', ['GET\t/health HTTP/1.1\r\nHost: x\r\n\r\n'], [400], { closes: true }],
    ['lowercase method "get"', ['get /health HTTP/1.1\r\nHost: x\r\n\r\n'], [400, 405, 501]],
    ['garbage method "G@T"', ['G@T /health HTTP/1.1\r\nHost: x\r\n\r\n'], [400], { closes: true }],
    ['unknown method FOO on /health', ['FOO /health HTTP/1.1\r\nHost: x\r\n\r\n'], [405, 501]],
    ['absolute-form target http://x/health', ['GET http://x/health HTTP/1.1\r\nHost: x\r\n\r\n'], [200, 400, 404]],
    ['target not starting with /', ['GET health HTTP/1.1\r\nHost: x\r\n\r\n'], [400, 404]],
    ['HTTP/2.0', ['GET /health HTTP/2.0\r\nHost: x\r\n\r\n'], [505], { closes: true }],
    ['HTTP/1.2', ['GET /health HTTP/1.2\r\nHost: x\r\n\r\n'], [505], { closes: true }],
    ['HTTP/0.9', ['GET /health HTTP/0.9\r\nHost: x\r\n\r\n'], [505], { closes: true }],
    ['version "HTTP/x.y"', ['GET /health HTTP/x.y\r\nHost: x\r\n\r\n'], [400, 505], { closes: true }],
    ['lowercase "http/1.1"', ['GET /health http/1.1\r\nHost: x\r\n\r\n'], [400, 505], { closes: true }],
    ['HTTP/1.1 without Host', ['GET /health HTTP/1.1\r\n\r\n'], [400], { closes: true }],
    ['HTTP/1.0 without Host: fine, then closed', ['GET /health HTTP/1.0\r\n\r\n'], [200], { closes: true }],
    ['header without colon', ['GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'], [400], { closes: true }],
    ['space before colon', ['GET /health HTTP/1.1\r\nHost : x\r\n\r\n'], [400], { closes: true }],
    ['empty header name', ['GET /health HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n'], [400], { closes: true }],
    ['header name with "("', ['GET /health HTTP/1.1\r\nHost: x\r\nX(a): v\r\n\r\n'], [400], { closes: true }],
    ['obs-fold continuation line', ['GET /health HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n'], [400], { closes: true }],
    ['NUL byte in a header value', [Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n', 'latin1')], [400], { closes: true }],
    ['control char 0x01 in a header value', ['GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n'], [400], { closes: true }],
    ['bare CR in a header value', ['GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'], [400], { closes: true }],
    ['tab in a header value is fine', ['GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\tb\r\n\r\n'], [200]],
    ['20 KiB header value', [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20480)}\r\n\r\n`], [431], { closes: true }],
    ['150 headers', [`GET /health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 150 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`], [431], { closes: true }],
    ['101 header lines', [`GET /health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 100 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`], [431], { closes: true }],
    ['90 headers are fine', [`GET /health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 89 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`], [200]],
    ['9 KiB URL', [`GET /health?${'a'.repeat(9216)} HTTP/1.1\r\nHost: x\r\n\r\n`], [414], { closes: true }],
    ['9 KiB method', [`${'A'.repeat(9216)} /health HTTP/1.1\r\nHost: x\r\n\r\n`], [414, 400], { closes: true }],
    ['Content-Length: -1', [postRaw(okBody, { 'Content-Length': '-1' })], [400], { closes: true }],
    ['Content-Length: abc', [postRaw(okBody, { 'Content-Length': 'abc' })], [400], { closes: true }],
    ['Content-Length: +5', [postRaw('{}   ', { 'Content-Length': '+5' })], [400], { closes: true }],
    ['Content-Length: 1 2', [postRaw('{}   ', { 'Content-Length': '1 2' })], [400], { closes: true }],
    ['Content-Length: 99999999999999999999', [postRaw(okBody, { 'Content-Length': '99999999999999999999' })], [400, 413], { closes: true }],
    ['two different Content-Length', [`POST ${CHAT} HTTP/1.1\r\nHost: x\r\nContent-Length: ${okBody.length}\r\nContent-Length: 3\r\n\r\n${okBody}`], [400], { closes: true }],
    ['two equal Content-Length are fine', [`POST ${CHAT} HTTP/1.1\r\nHost: x\r\nContent-Length: ${okBody.length}\r\nContent-Length: ${okBody.length}\r\n\r\n${okBody}`], [200]],
    ['Content-Length + Transfer-Encoding: chunked', [postRaw(okBody, { 'Content-Length': String(okBody.length), 'Transfer-Encoding': 'chunked' })], [400], { closes: true }],
    ['Transfer-Encoding: gzip', [postRaw(okBody, { 'Transfer-Encoding': 'gzip' })], [501], { closes: true }],
    ['Transfer-Encoding: gzip, chunked', [postRaw(`${okBody.length.toString(16)}\r\n${okBody}\r\n0\r\n\r\n`, { 'Transfer-Encoding': 'gzip, chunked' })], [501], { closes: true }],
    ['chunked with bad hex size', [postRaw('zz\r\nhello\r\n0\r\n\r\n', { 'Transfer-Encoding': 'chunked' })], [400], { closes: true }],
    ['chunked with a missing CRLF after the data', [postRaw(`5\r\nhello0\r\n\r\n`, { 'Transfer-Encoding': 'chunked' })], [400], { closes: true }],
    ['chunked with an overflowing size', [postRaw(`ffffffffffffffffffffff\r\nx\r\n0\r\n\r\n`, { 'Transfer-Encoding': 'chunked' })], [400, 413], { closes: true }],
    ['chunked total over --max-body', [postRaw(Array.from({ length: 5 }, () => `4000\r\n${' '.repeat(16384)}\r\n`).join('') + '0\r\n\r\n', { 'Transfer-Encoding': 'chunked' })], [413], { closes: true }],
    ['chunked, valid: 200', [postRaw(`${okBody.slice(0, 10).length.toString(16)}\r\n${okBody.slice(0, 10)}\r\n${(okBody.length - 10).toString(16)}\r\n${okBody.slice(10)}\r\n0\r\n\r\n`, { 'Transfer-Encoding': 'chunked' })], [200]],
    ['POST without Content-Length: 411', [`POST ${CHAT} HTTP/1.1\r\nHost: x\r\n\r\n`], [411], { closes: true }],
    ['declared body 2x --max-body: 413 before the body', [`POST ${CHAT} HTTP/1.1\r\nHost: x\r\nContent-Length: 131072\r\n\r\n`], [413], { closes: true }],
    ['Expect: 100-continue: 100, then the answer', [`POST ${CHAT} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${okBody.length}\r\n\r\n`,
      async ({ waitFor, sock }) => { if (await waitFor(/^HTTP\/1\.1 100 Continue\r\n/, 3000)) sock.write(okBody); }], [200],
    { check: r => (r.responses[0]?.status === 100 ? '' : `first response ${r.responses[0]?.statusLine}`) }],
    ['Expect: 100-continue with a body over --max-body: 413, no 100', [`POST ${CHAT} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n`], [413],
      { closes: true, check: r => (r.responses.some(x => x.status === 100) ? 'sent 100 Continue' : '') }],
    ['JSON: empty body', [withJson('')], [400]],
    ['JSON: {', [withJson('{')], [400]],
    ['JSON: [1,2', [withJson('[1,2')], [400]],
    ['JSON: {"a":}', [withJson('{"a":}')], [400]],
    ['JSON: trailing comma', [withJson('{"messages":[{"role":"user","content":"Hi"},],"max_tokens":1}')], [400]],
    ['JSON: trailing comma in an object', [withJson('{"messages":[{"role":"user","content":"Hi"}],"max_tokens":1,}')], [400]],
    ['JSON: trailing garbage {} x', [withJson('{} x')], [400]],
    ['JSON: two objects', [withJson(`${okBody}${okBody}`)], [400]],
    ['JSON: single quotes', [withJson("{'messages':[{'role':'user','content':'Hi'}]}")], [400]],
    ['JSON: NaN', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":NaN}')], [400]],
    ['JSON: Infinity', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":Infinity}')], [400]],
    ['JSON: leading zero 01', [withJson('{"messages":[{"role":"user","content":"Hi"}],"max_tokens":01}')], [400]],
    ['JSON: number "1."', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":1.}')], [400]],
    ['JSON: number ".5"', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":.5}')], [400]],
    ['JSON: number "+1"', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":+1}')], [400]],
    ['JSON: number "1e"', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":1e}')], [400]],
    ['JSON: number 1e999 (temperature out of range)', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":1e999}')], [400]],
    ['JSON: tru', [withJson('{"messages":[{"role":"user","content":"Hi"}],"stream":tru}')], [400]],
    ['JSON: deep nesting, 100 [', [withJson(`{"messages":[{"role":"user","content":"Hi"}],"x":${'['.repeat(100)}${']'.repeat(100)}}`)], [400]],
    ['JSON: 60,000 [', [withJson('['.repeat(60000))], [400]],
    ['JSON: nesting 40 deep in an unknown field is fine', [withJson(`{"messages":[{"role":"user","content":"Hi"}],"max_tokens":1,"x":${'['.repeat(40)}${']'.repeat(40)}}`)], [200]],
    ['JSON: invalid UTF-8 C3 28', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]))], [400]],
    ['JSON: UTF-8-encoded surrogate ED A0 80', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}]}')]))], [400]],
    ['JSON: overlong C0 AF', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}]}')]))], [400]],
    ['JSON: F5 80 80 80 (beyond U+10FFFF)', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xf5, 0x80, 0x80, 0x80]), Buffer.from('"}]}')]))], [400]],
    ['JSON: truncated UTF-8 E2 82 before the quote', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}]}')]))], [400]],
    ['JSON: byte FF', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xff]), Buffer.from('"}]}')]))], [400]],
    ['JSON: invalid UTF-8 in a key', [withJson(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"Hi"}],"'), Buffer.from([0xc3, 0x28]), Buffer.from('":1}')]))], [400]],
    ['JSON: lone surrogate \\ud800', [withJson('{"messages":[{"role":"user","content":"a\\ud800b"}]}')], [400]],
    ['JSON: lone low surrogate \\udc00', [withJson('{"messages":[{"role":"user","content":"a\\udc00b"}]}')], [400]],
    ['JSON: high surrogate then \\u0041', [withJson('{"messages":[{"role":"user","content":"\\ud800\\u0041"}]}')], [400]],
    ['JSON: bad escape \\x', [withJson('{"messages":[{"role":"user","content":"\\x41"}]}')], [400]],
    ['JSON: short \\u escape', [withJson('{"messages":[{"role":"user","content":"\\u12"}]}')], [400]],
    ['JSON: raw control char in a string', [withJson('{"messages":[{"role":"user","content":"a\x01b"}]}')], [400]],
    ['JSON: raw newline in a string', [withJson('{"messages":[{"role":"user","content":"a\nb"}]}')], [400]],
    ['JSON: duplicate keys (the last wins, as in JSON.parse)', [withJson('{"messages":[{"role":"user","content":"Hi"}],"max_tokens":1,"max_tokens":2}')], [200]],
    ['JSON: top-level array', [withJson('[]')], [400]],
    ['JSON: top-level string', [withJson('"hello"')], [400]],
    ['JSON: top-level null', [withJson('null')], [400]],
    ['JSON: a valid surrogate pair and whitespace are fine', [withJson(' \t\n{"messages":[{"role":"user","content":"\\u00e9\\ud83d\\ude00 \u00e9"}],"max_tokens":1}\r\n ')], [200]],
    ['chat: messages an object', [withJson('{"messages":{"role":"user","content":"Hi"}}')], [400], { param: 'messages' }],
    ['chat: role 5', [withJson('{"messages":[{"role":5,"content":"Hi"}]}')], [400], { param: ['messages', 'role'] }],
    ['chat: content 5', [withJson('{"messages":[{"role":"user","content":5}]}')], [400], { param: ['messages', 'content'] }],
    ['chat: stream 1', [withJson('{"messages":[{"role":"user","content":"Hi"}],"stream":1}')], [400], { param: 'stream' }],
    ['chat: max_tokens -1', [withJson('{"messages":[{"role":"user","content":"Hi"}],"max_tokens":-1}')], [400]],
    ['chat: temperature true', [withJson('{"messages":[{"role":"user","content":"Hi"}],"temperature":true}')], [400], { param: 'temperature' }],
    ['/api/chat: options []', [postRaw('{"messages":[{"role":"user","content":"Hi"}],"options":[]}', {}, '/api/chat')], [400], { path: '/api/chat' }],
    ['/api/chat: invalid JSON', [postRaw('{"messages":', {}, '/api/chat')], [400], { path: '/api/chat' }],
    ['/api/chat: messages a string', [postRaw('{"messages":"Hi"}', {}, '/api/chat')], [400], { path: '/api/chat' }],
    ['/api/generate: empty body', [postRaw('', {}, '/api/generate')], [400], { path: '/api/generate' }],
    ['unknown path /nope: 404', ['GET /nope HTTP/1.1\r\nHost: x\r\n\r\n'], [404]],
    ['unknown path /v1/nope: 404', ['POST /v1/nope HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'], [404]],
    ['unknown path /api/nope: 404', ['GET /api/nope HTTP/1.1\r\nHost: x\r\n\r\n'], [404], { path: '/api/nope' }],
    ['GET /v1/chat/completions: 405 with Allow: POST', [`GET ${CHAT} HTTP/1.1\r\nHost: x\r\n\r\n`], [405], { check: r => (/POST/.test(r.final[0]?.headers.allow || '') ? '' : `Allow: ${r.final[0]?.headers.allow}`) }],
    ['DELETE /health: 405 with Allow: GET', ['DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n'], [405], { check: r => (/GET/.test(r.final[0]?.headers.allow || '') ? '' : `Allow: ${r.final[0]?.headers.allow}`) }],
    ['POST /health: 405', ['POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'], [405]],
    ['GET /api/chat: 405', ['GET /api/chat HTTP/1.1\r\nHost: x\r\n\r\n'], [405], { path: '/api/chat' }],
    ['pipelined GET /health + GET /v1/models in one write: both, in order', [health + 'GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n'], [200],
      { responses: 2, check: r => (r.final.length === 2 && r.final[0].json?.status === 'ok' && r.final[1].json?.object === 'list' ? '' : `got ${r.final.length} responses: ${excerpt(r.raw)}`) }],
    ['keep-alive: two requests one after the other on one connection', [health, async ({ waitFor, sock }) => { if (await waitFor(/"status"/, 3000)) sock.write(health); }], [200],
      { responses: 2, check: r => (r.final.length === 2 && r.final.every(x => x.status === 200) ? '' : `got ${r.final.length} responses`) }],
    ['keep-alive after errors: a 404, a 405, then /health on one connection', ['GET /nope HTTP/1.1\r\nHost: x\r\n\r\n',
      async ({ waitFor, sock }) => { if (await waitFor(/no such endpoint/, 3000)) sock.write('DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n'); },
      async ({ waitFor, sock }) => { if (await waitFor(/takes GET/, 3000)) sock.write(health); }], [404],
      { responses: 3, check: r => (r.final.map(x => x.status).join() === '404,405,200' ? '' : `got ${r.final.map(x => x.status).join()}`) }],
    ['Connection: close is honoured', ['GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], [200], { closes: true }],
    ['leading empty line before the request line', ['\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n'], [200, 400]],
  ];
  // Cases that wait for the 2 s --timeout run together, each on its own connection.
  const timed = [
    ['Content-Length larger than the body, then wait: 408 within timeout + 1 s', [postRaw('{"messages":', { 'Content-Length': '100' })], [408], { closes: true, within: 3300 }],
    ['slowloris: headers one byte every 300 ms: 408 within timeout + 1 s',
      [...Array.from('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(30), c => [c, 300]).flat()], [408], { closes: true, within: 3300, timeout: 12000 }],
    ['chunked body without the last chunk, then wait: 408', [postRaw('5\r\nhello\r\n', { 'Transfer-Encoding': 'chunked' })], [408], { closes: true, within: 3300 }],
    ['idle keep-alive connection after a response: closed silently', [health], [200],
      { waitClose: 4000, check: r => (r.closed && r.responses.length === 1 && r.elapsed < 3500 * SCALE ? '' : `closed ${r.closed} after ${r.elapsed} ms, ${r.responses.length} responses: ${excerpt(r.raw)}`) }],
    ['a connection that sends nothing: closed (408 or silently) within timeout + 1 s', [], [null, 408], { within: 3300, timeout: 6000 }],
  ];

  const runCase = async ([label, parts, want, o = {}], server = s) => {
    const res = await rawExchange(server.port, parts, { timeout: (o.timeout ?? 8000) * SCALE, responses: o.responses ?? 1, waitClose: o.waitClose ?? (o.closes ? 1500 : 0) });
    const fin = res.final[0];
    const status = fin ? fin.status : null;
    const p = [];
    if (!want.includes(status)) p.push(`status ${status ?? 'none'}, want ${want.join('/')}`);
    if (fin && status >= 400) {
      const e = errorShape(o.path ?? '/v1/', fin, o.param);
      if (e) p.push(e);
      if (!/^application\/json/.test(fin.headers['content-type'] || '')) p.push(`Content-Type ${fin.headers['content-type']}`);
    }
    if (fin && !fin.complete) p.push('incomplete response');
    if (o.closes && fin && !res.closed) p.push('connection not closed after the response');
    if (o.within && res.elapsed > o.within * SCALE) p.push(`took ${res.elapsed} ms`);
    if (o.check) { const e = o.check(res); if (e) p.push(e); }
    return { label, p, res };
  };
  const healthy = async () => {
    const h = await rawExchange(P, ['GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { timeout: 5000 * SCALE });
    return h.final[0]?.status === 200 ? '' : `then GET /health: ${h.final[0]?.statusLine ?? 'no response'}`;
  };
  for (const c of cases) {
    const { label, p, res } = await runCase(c);
    if (!s.alive()) { check(`hostile: ${label}`, false, `server died: ${JSON.stringify(s.exit)}; stderr ${excerpt(s.err.slice(-600))}`); return; }
    const h = await healthy();
    if (h) p.push(h);
    check(`hostile: ${label}`, !p.length, `${p.join('; ')}; raw ${excerpt(res.raw, 200)}`);
  }
  for (const { label, p, res } of await Promise.all(timed.map(c => runCase(c)))) check(`hostile: ${label}`, !p.length, `${p.join('; ')}; ${res.elapsed} ms; raw ${excerpt(res.raw, 200)}`);

  // The parser on the default --max-body server: 1,000,000 '[' is under 1 MiB.
  const deep = await runCase(['1,000,000 [', [withJson('['.repeat(1000000))], [400, 413], { timeout: 20000 }], big);
  check('hostile: JSON of 1,000,000 [ (default --max-body): 400 or 413', !deep.p.length && big.alive(), `${deep.p.join('; ')}; alive ${big.alive()}`);

  // 70 idle connections: beyond 64 the server answers 503 or closes.
  const socks = await Promise.all(Array.from({ length: 70 }, () => rawExchange(P, [], { timeout: 800 * SCALE })));
  const rejected = socks.filter(r => r.closed || r.final.length);
  const bad503 = rejected.filter(r => r.final.length && (r.final[0].status !== 503 || errorShape('/', r.final[0])));
  check(`hostile: 70 idle connections: at least 6 get 503 (JSON) or are closed (${rejected.length} were)`, rejected.length >= 6 && !bad503.length,
    `${rejected.length} rejected; ${bad503.map(r => excerpt(r.raw, 120)).join(' | ')}`);
  await sleep(200);
  const h = await healthy();
  check('hostile: /health works after the 70 connections are gone', !h, h);
  check('hostile server still running after the matrix', s.alive(), `exit ${JSON.stringify(s.exit)}; stderr ${excerpt(s.err.slice(-600))}`);
}

// i. Load and queue -------------------------------------------------------------------------------
async function testLoad(s) {
  const clients = LIGHT ? 4 : 16, perClient = LIGHT ? 3 : 10;
  const body = chatBody([U('Bless the LORD.')], { max_tokens: 4 });
  const first = await post(s, '/v1/chat/completions', body);
  const expected = first.json?.choices?.[0]?.message?.content;
  if (!check('load: the reference reply', first.status === 200 && typeof expected === 'string', show(first))) return;
  const tally = { ok: 0, busy: 0, wrongText: [], other: [] };
  const deadline = AbortSignal.timeout(60000 * SCALE);
  const one = async () => {
    try {
      const r = await http(s, 'POST', '/v1/chat/completions', body, { timeout: 60000 * SCALE });
      if (r.status === 200) {
        if (r.json?.choices?.[0]?.message?.content === expected) tally.ok++;
        else tally.wrongText.push(excerpt(r.text, 120));
      } else if (r.status === 503 && !errorShape('/v1/', r)) tally.busy++;
      else tally.other.push(show(r));
    } catch (e) { tally.other.push(`${e.message} ${e.cause?.code ?? e.cause?.message ?? ''}`); }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: clients }, async () => { for (let i = 0; i < perClient && !deadline.aborted; i++) await one(); }));
  const n = clients * perClient;
  check(`load: ${clients} clients x ${perClient} requests: all 200 with the same text or 503 JSON (${tally.ok} ok, ${tally.busy} busy, ${Date.now() - t0} ms)`,
    tally.ok + tally.busy === n && !deadline.aborted && tally.ok >= clients,
    `wrong text: ${tally.wrongText.slice(0, 3).join(' | ')}; other: ${tally.other.slice(0, 5).join(' | ')}${deadline.aborted ? '; overall timeout' : ''}`);
  const r = await http(s, 'GET', '/health', undefined, { timeout: 5000 * SCALE });
  check('load: /health afterwards', r.status === 200, show(r));
}

async function testQueueFull() {
  const q = await launch('queue1', [MODEL, '-z', TOK, '-j', '1', '--queue', '1', '-q']);
  // long enough that the six overlap (an ASan build is ~20x slower per token)
  const body = chatBody([U('Tell me about the prophets.')], { max_tokens: LIGHT ? 24 : 200, logit_bias: { [EOS]: -100 } });
  const rs = await Promise.all(Array.from({ length: 6 }, () => http(q, 'POST', '/v1/chat/completions', body, { timeout: 60000 * SCALE }).catch(e => ({ status: 0, text: e.message }))));
  const st = rs.map(r => r.status);
  const bad = rs.filter(r => r.status === 503 && errorShape('/v1/', r));
  check(`--queue 1, 6 concurrent slow requests: at least one 503 and one 200, nothing else (${st.join(' ')})`,
    st.includes(503) && st.includes(200) && st.every(x => x === 200 || x === 503) && !bad.length, rs.filter(r => r.status !== 200).map(show).slice(0, 3).join(' | '));
  check('-q: no per-request log lines', !/^server: POST /m.test(q.err), excerpt(q.err.slice(-300)));
}

async function testMemory(s) {
  const body = chatBody([U('Amen.')], { max_tokens: 1 });
  let after100 = 0, errors = 0;
  for (let i = 1; i <= 1000; i++) {
    const r = i % 2 ? await http(s, 'GET', '/health', undefined, { timeout: 10000 }) : await post(s, '/v1/chat/completions', body, { timeout: 10000 });
    if (r.status !== 200) errors++;
    if (i === 100) after100 = s.rssKiB();
  }
  const after1000 = s.rssKiB();
  check(`memory flat: 1,000 requests, VmRSS ${after100} KiB after 100, ${after1000} KiB after 1,000 (growth under 4 MiB)`,
    errors === 0 && after1000 - after100 < 4096, `${errors} failed requests, growth ${after1000 - after100} KiB`);
}

// ---------------------------------------------------------------------------------------------

async function finish() {
  // SIGTERM: every server exits 0; then no sanitizer report on any stderr.
  for (const s of servers) {
    const e = await s.stop(5000 * SCALE);
    check(`${s.label} server exits 0 on SIGTERM`, e.code === 0, JSON.stringify(e));
  }
  for (const s of servers) {
    const m = /(ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:)[^\n]*/.exec(s.err);
    check(`${s.label} server: no sanitizer report on stderr`, !m, m ? `${m[0]} ... ${excerpt(s.err.slice(m.index, m.index + 1500), 1500)}` : '');
  }
  console.log(`# ${((Date.now() - T0) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

process.on('unhandledRejection', e => { check('no unhandled rejection', false, e?.stack ?? String(e)); });
try { await main(); } catch (e) { check('suite ran to the end', false, e?.stack ?? String(e)); }
await finish();
