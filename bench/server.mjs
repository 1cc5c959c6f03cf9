#!/usr/bin/env node
// Benchmark for examples/server.c. From the repo root:  node bench/server.mjs
// Env: SERVER_BIN (./server), BENCH_MODEL (models/kjv15M.q8_0.bin), BENCH_TOKENIZER (tokenizer.bin),
// BENCH_THREADS (-j; default OMP_NUM_THREADS, else every CPU), BENCH_ROUNDS (3).
// Prints a markdown table: requests/s for short chats, time to first token, and what the prompt
// cache saves on a 10-turn chat (against a --no-cache server). Each figure is a median of rounds;
// every section also has a time budget, so a slow (or busy) machine still finishes in ~2 minutes.
// One server runs at a time: an idle server's OpenMP threads would compete with the measured one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, http, median, percentile } from '../tests/server/lib.mjs';

const SERVER_BIN = process.env.SERVER_BIN || './server';
const MODEL = process.env.BENCH_MODEL || 'models/kjv15M.q8_0.bin';
const TOK = process.env.BENCH_TOKENIZER || 'tokenizer.bin';
const THREADS = +(process.env.BENCH_THREADS || process.env.OMP_NUM_THREADS || os.availableParallelism());
const ROUNDS = +(process.env.BENCH_ROUNDS || 3);

// Short, different user messages, so each request processes its own prompt (only the template's
// first tokens are shared with the previous request).
const QUESTIONS = [
  'Who was Moses?', 'Who was David?', 'What is faith?', 'Who built the ark?', 'Where is Zion?',
  'Who was Ruth?', 'What is mercy?', 'Who was Elijah?', 'What is a psalm?', 'Who was Samson?',
  'Who was Noah?', 'What is grace?', 'Who was Esther?', 'Where is Bethel?', 'Who was Aaron?',
  'What is wisdom?', 'Who was Jonah?', 'Who was Isaac?', 'What is sin?', 'Who was Deborah?',
];
const U = content => ({ role: 'user', content });
const A = content => ({ role: 'assistant', content });
let qi = 0;
const nextQuestion = () => QUESTIONS[qi++ % QUESTIONS.length];

async function chat(s, messages, extra = {}) {
  const r = await http(s, 'POST', '/v1/chat/completions', { model: 'x', messages, temperature: 0, ...extra }, { timeout: 120000 });
  if (r.status !== 200) throw new Error(`status ${r.status}: ${r.text.slice(0, 200)}`);
  return r.json;
}

/** Requests per second: `clients` concurrent loops of sequential requests, for about `ms`. */
async function throughput(s, clients, maxTokens, ms) {
  const t0 = performance.now();
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() - t0 < ms || n < clients) { await chat(s, [U(nextQuestion())], { max_tokens: maxTokens }); n++; }
  }));
  return n / ((performance.now() - t0) / 1000);
}

/** Calls fn() `rounds` times, or fewer (at least once) if `budgetMs` runs out; returns the results. */
async function rounds(n, budgetMs, fn) {
  const t0 = performance.now(), out = [];
  while (out.length < n && (out.length === 0 || performance.now() - t0 < budgetMs)) out.push(await fn());
  return out;
}

/** ms from sending a streaming request to its first non-empty content delta. */
async function timeToFirstToken(s, question) {
  const t0 = performance.now();
  const res = await fetch(`${s.url}/v1/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(60000),
    body: JSON.stringify({ model: 'x', messages: [U(question)], temperature: 0, max_tokens: 8, stream: true }),
  });
  const dec = new TextDecoder();
  let buf = '', first = null;
  for await (const chunk of res.body) {
    buf += dec.decode(chunk, { stream: true });
    let i;
    while (first === null && (i = buf.indexOf('\n\n')) >= 0) {
      const ev = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (!ev.startsWith('data: {')) continue;
      if (JSON.parse(ev.slice(6)).choices?.[0]?.delta?.content) first = performance.now() - t0;
    }
  }
  if (first === null) throw new Error('no content delta');
  return first;
}

/** A 10-turn chat, each turn sending the whole conversation back: prompt tokens, reused, seconds. */
async function tenTurns(s) {
  const messages = [];
  let prompt = 0, cached = 0;
  const t0 = performance.now();
  for (let turn = 0; turn < 10; turn++) {
    messages.push(U(QUESTIONS[turn]));
    const r = await chat(s, messages, { max_tokens: 6 });
    prompt += r.usage.prompt_tokens;
    cached += r.usage.prompt_tokens_details.cached_tokens;
    messages.push(A(r.choices[0].message.content));
  }
  return { prompt, cached, seconds: (performance.now() - t0) / 1000 };
}

function cpuModel() {
  const m = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  return m ? m[1] : os.cpus()[0]?.model ?? 'unknown';
}

const started = performance.now();
const common = [MODEL, '-z', TOK, '-j', String(THREADS), '-q'];
const rows = [];
let ctx = 0, usedRounds = [];
let s = await startServer(SERVER_BIN, common);
try {
  ctx = s.ctx;
  await chat(s, [U('Hello')], { max_tokens: 2 }); // warm-up: page the model in
  for (const maxTokens of [1, 8]) {
    for (const clients of [1, 4]) {
      const rps = await rounds(ROUNDS, 10000, () => throughput(s, clients, maxTokens, 2500));
      usedRounds.push(rps.length);
      rows.push([`short chat, max_tokens ${maxTokens}, ${clients === 1 ? '1 client, sequential (keep-alive)' : `${clients} concurrent clients`}`, `${median(rps).toFixed(1)} requests/s`]);
    }
  }
  const ttft = await rounds(30, 20000, () => timeToFirstToken(s, nextQuestion()));
  rows.push([`time to first token, streaming, short prompt: median (${ttft.length} requests)`, `${median(ttft).toFixed(1)} ms`]);
  rows.push(['time to first token: p90', `${percentile(ttft, 90).toFixed(1)} ms`]);

  const withCache = await rounds(ROUNDS, 20000, () => tenTurns(s));
  await s.stop();
  s = await startServer(SERVER_BIN, [...common, '--no-cache']);
  await chat(s, [U('Hello')], { max_tokens: 2 });
  const without = await rounds(ROUNDS, 20000, () => tenTurns(s));
  usedRounds.push(withCache.length, without.length);
  const mid = runs => runs.find(x => x.seconds === median(runs.map(y => y.seconds)));
  const a = mid(withCache), b = mid(without);
  rows.push(['10-turn chat: prompt tokens sent (sum over turns)', `${a.prompt}`]);
  rows.push(['10-turn chat: prompt tokens reused from the KV cache', `${a.cached} (${((100 * a.cached) / a.prompt).toFixed(0)}%)`]);
  rows.push(['10-turn chat: prompt tokens processed, cache vs --no-cache', `${a.prompt - a.cached} vs ${b.prompt - b.cached}`]);
  rows.push(['10-turn chat: seconds, cache vs --no-cache', `${a.seconds.toFixed(3)} vs ${b.seconds.toFixed(3)}`]);
  rows.push(['10-turn chat: time ratio (--no-cache / cache)', `${(b.seconds / a.seconds).toFixed(2)}x`]);
} finally {
  await s.stop();
}
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`## server benchmark: ${path.basename(MODEL)} (context ${ctx})`);
console.log('');
console.log(`CPU: ${cpuModel()}, ${os.availableParallelism()} CPUs; server threads: -j ${THREADS}; ` +
  `medians of ${Math.min(...usedRounds) === Math.max(...usedRounds) ? ROUNDS : `${Math.min(...usedRounds)}-${Math.max(...usedRounds)}`} rounds; load average ${load}`);
console.log('');
console.log('| measurement | result |');
console.log('|---|---|');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
console.log('');
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
