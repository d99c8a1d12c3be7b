#!/usr/bin/env node
// Open-model load generator and stream/start-up timer for ./aispm bench compare. Node, no dependencies.
//
//   rate     fixed offered rate (open model): requests leave on schedule whether or not earlier ones came back, so a
//            slow system shows up as latency, not as a lower offered load. Latency is timed from the moment each
//            request is written (like wrk/hey) and, separately, from its scheduled time (coordinated omission).
//   closed   N connections, each sends its next request when the previous one answered (saturation).
//   stream   N streamed chat completions, C at a time: time to first token and the gaps between tokens.
//   startup  spawns a server, reads its "name: http://..." line, posts until a proxied 200: start-up time, RSS.
//
// Every request is paired with its own response, so a mix of benign and attack bodies reports per kind exactly
// which status codes came back (the 10 % attack scenario checks blocks == attacks sent).
// Output: one JSON object on stdout.

import http from 'node:http';
import fs from 'node:fs';
import { spawn } from 'node:child_process';

const usage = `usage: loadgen.mjs rate    --url U --rate R --duration S [--connections C] [--body F] [--attack-body F --attack-every N] [--header 'k: v']...
       loadgen.mjs closed  --url U --connections C --duration S [--body F] [--attack-body F --attack-every N] [--header 'k: v']...
       loadgen.mjs stream  --url U --streams N [--concurrency C] [--body F] [--header 'k: v']...
       loadgen.mjs startup --ready-regex RE --path /v1/chat/completions [--body F] [--header 'k: v']... -- CMD ARGS...`;

function fail(message) {
  process.stderr.write(`loadgen: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const mode = argv[0];
  if (!['rate', 'closed', 'stream', 'startup'].includes(mode)) fail(`unknown mode '${mode ?? ''}'`);
  const o = { mode, headers: {}, connections: 32, concurrency: 8, streams: 100, attackEvery: 0, command: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    const num = () => {
      const v = Number(next());
      if (!Number.isFinite(v) || v <= 0) fail(`${a} needs a positive number`);
      return v;
    };
    switch (a) {
      case '--url': o.url = new URL(next()); break;
      case '--rate': o.rate = num(); break;
      case '--duration': o.duration = num(); break;
      case '--connections': o.connections = Math.floor(num()); break;
      case '--concurrency': o.concurrency = Math.floor(num()); break;
      case '--streams': o.streams = Math.floor(num()); break;
      case '--body': o.body = fs.readFileSync(next()); break;
      case '--attack-body': o.attackBody = fs.readFileSync(next()); break;
      case '--attack-every': o.attackEvery = Math.floor(num()); break;
      case '--ready-regex': o.readyRegex = new RegExp(next()); break;
      case '--path': o.path = next(); break;
      case '--timeout': o.timeout = num(); break;
      case '--header': {
        const h = next();
        const at = h.indexOf(':');
        if (at <= 0) fail(`bad header '${h}'`);
        o.headers[h.slice(0, at).trim().toLowerCase()] = h.slice(at + 1).trim();
        break;
      }
      case '--': o.command = argv.slice(i + 1); i = argv.length; break;
      default: fail(`unknown argument '${a}'`);
    }
  }
  o.body ??= Buffer.from('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}');
  if (o.attackEvery > 0 && !o.attackBody) fail('--attack-every needs --attack-body');
  if (mode !== 'startup' && !o.url) fail('--url is required');
  if ((mode === 'rate' || mode === 'closed') && !o.duration) fail('--duration is required');
  if (mode === 'rate' && !o.rate) fail('--rate is required');
  if (mode === 'startup' && (!o.readyRegex || !o.path || o.command.length === 0)) fail('startup needs --ready-regex, --path and -- CMD');
  return o;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

// Sorted-array percentile (nearest rank): exact, and cheap enough for the request counts used here.
function summarize(values) {
  if (values.length === 0) return { count: 0 };
  const v = Float64Array.from(values).sort();
  const at = (p) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
  let sum = 0;
  for (const x of v) sum += x;
  return {
    count: v.length, mean_us: Math.round(sum / v.length), p50_us: at(50), p90_us: at(90), p99_us: at(99),
    p999_us: at(99.9), max_us: v[v.length - 1],
  };
}

function makeAgent(connections) {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'fifo' });
}

function requestOnce(agent, url, headers, body, onDone) {
  const started = nowUs();
  const req = http.request(url, {
    method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
  }, (res) => {
    res.on('data', () => {});
    res.on('end', () => onDone(res.statusCode, nowUs() - started, null));
    res.on('error', (e) => onDone(0, nowUs() - started, e));
  });
  req.on('error', (e) => onDone(0, nowUs() - started, e));
  req.end(body);
}

function newTally() {
  return { sent: 0, completed: 0, statuses: {}, errors: 0 };
}

function record(tally, status, error) {
  tally.completed++;
  if (error) tally.errors++;
  const key = String(status);
  tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
}

function pick(o, n) {
  const attack = o.attackEvery > 0 && n % o.attackEvery === o.attackEvery - 1;
  return attack ? { kind: 'attack', body: o.attackBody } : { kind: 'benign', body: o.body };
}

function finish(o, t0, latencies, scheduled, tallies, extra = {}) {
  const elapsed = (nowUs() - t0) / 1e6;
  const completed = tallies.benign.completed + tallies.attack.completed;
  const out = {
    mode: o.mode, url: o.url.href, duration_s: +elapsed.toFixed(3), completed,
    rps: Math.round(completed / elapsed), latency: summarize(latencies),
    ...extra, benign: tallies.benign, attack: tallies.attack,
  };
  if (scheduled) out.latency_from_schedule = summarize(scheduled);
  process.stdout.write(JSON.stringify(out) + '\n');
}

async function runRate(o) {
  const agent = makeAgent(o.connections);
  const tallies = { benign: newTally(), attack: newTally() };
  const latencies = [];
  const scheduled = [];
  const intervalUs = 1e6 / o.rate;
  const t0 = nowUs();
  const endUs = t0 + o.duration * 1e6;
  let n = 0;
  let inFlight = 0;
  let dropped = 0;
  const maxInFlight = o.connections * 4;
  await new Promise((resolve) => {
    const tick = () => {
      const now = nowUs();
      // Send every request whose scheduled time has come; one late timer tick sends a small burst, as an open
      // arrival process would.
      while (t0 + n * intervalUs <= now && t0 + n * intervalUs < endUs) {
        const due = t0 + n * intervalUs;
        const { kind, body } = pick(o, n);
        n++;
        if (inFlight >= maxInFlight) { dropped++; continue; }
        inFlight++;
        tallies[kind].sent++;
        requestOnce(agent, o.url, o.headers, body, (status, us, error) => {
          inFlight--;
          record(tallies[kind], status, error);
          if (!error) { latencies.push(us); scheduled.push(nowUs() - due); }
          if (nowUs() >= endUs && inFlight === 0) resolve();
        });
      }
      // A 1 ms timer, not a spin: the generator shares its core with the mock.
      if (now < endUs) setTimeout(tick, 1);
      else if (inFlight === 0) resolve();
    };
    tick();
  });
  agent.destroy();
  finish(o, t0, latencies, scheduled, tallies, { offered_rps: o.rate, not_sent_over_capacity: dropped });
}

async function runClosed(o) {
  const agent = makeAgent(o.connections);
  const tallies = { benign: newTally(), attack: newTally() };
  const latencies = [];
  const t0 = nowUs();
  const endUs = t0 + o.duration * 1e6;
  let n = 0;
  await Promise.all(Array.from({ length: o.connections }, () => new Promise((resolve) => {
    const loop = () => {
      if (nowUs() >= endUs) { resolve(); return; }
      const { kind, body } = pick(o, n++);
      tallies[kind].sent++;
      requestOnce(agent, o.url, o.headers, body, (status, us, error) => {
        record(tallies[kind], status, error);
        if (!error) latencies.push(us);
        loop();
      });
    };
    loop();
  })));
  agent.destroy();
  finish(o, t0, latencies, null, tallies, { connections: o.connections });
}

// One streamed completion: TTFT = first SSE event carrying a content delta; gaps = between content events.
function oneStream(agent, o) {
  return new Promise((resolve) => {
    const started = nowUs();
    let first = 0;
    let last = 0;
    let events = 0;
    const gaps = [];
    let buffered = '';
    const req = http.request(o.url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': o.body.length, ...o.headers },
    }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffered += chunk;
        let at;
        while ((at = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, at);
          buffered = buffered.slice(at + 2);
          if (!event.includes('"content"') && !event.includes('"delta"')) continue;
          const t = nowUs();
          if (events === 0) first = t - started;
          else gaps.push(t - last);
          last = t;
          events++;
        }
      });
      res.on('end', () => resolve({ status: res.statusCode, ttft: first, gaps, events, total: nowUs() - started }));
      res.on('error', () => resolve({ status: 0, ttft: 0, gaps, events, total: 0 }));
    });
    req.on('error', () => resolve({ status: 0, ttft: 0, gaps: [], events: 0, total: 0 }));
    req.end(o.body);
  });
}

async function runStream(o) {
  const agent = makeAgent(o.concurrency);
  const t0 = nowUs();
  const ttfts = [];
  const gaps = [];
  const totals = [];
  const statuses = {};
  let started = 0;
  let okStreams = 0;
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (started < o.streams) {
      started++;
      const r = await oneStream(agent, o);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200 && r.events > 0) {
        okStreams++;
        ttfts.push(r.ttft);
        totals.push(r.total);
        for (const g of r.gaps) gaps.push(g);
      }
    }
  }));
  agent.destroy();
  process.stdout.write(JSON.stringify({
    mode: 'stream', url: o.url.href, duration_s: +((nowUs() - t0) / 1e6).toFixed(3), streams: o.streams,
    ok_streams: okStreams, statuses, ttft: summarize(ttfts), inter_token: summarize(gaps), total: summarize(totals),
  }) + '\n');
}

function rssKb(pid, field) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

async function runStartup(o) {
  const timeoutMs = (o.timeout ?? 30) * 1000;
  const t0 = nowUs();
  const child = spawn(o.command[0], o.command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${o.readyRegex} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready; stderr: ${stderr}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(o.readyRegex);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  }).catch((e) => { child.kill('SIGKILL'); fail(e.message); });
  const listeningUs = nowUs() - t0;
  const agent = makeAgent(1);
  const target = new URL(o.path, url);
  let status = 0;
  let attempts = 0;
  while (status !== 200) {
    if (nowUs() - t0 > timeoutMs * 1000) { child.kill('SIGKILL'); fail(`no 200 from ${target} within ${timeoutMs} ms (last status ${status})`); }
    attempts++;
    status = await new Promise((resolve) => requestOnce(agent, target, o.headers, o.body, (s) => resolve(s)));
  }
  const firstProxiedUs = nowUs() - t0;
  await new Promise((r) => setTimeout(r, 500));
  const idleRssKb = rssKb(child.pid, 'VmRSS');
  agent.destroy();
  child.kill('SIGTERM');
  process.stdout.write(JSON.stringify({
    mode: 'startup', url, listening_ms: +(listeningUs / 1000).toFixed(2), first_proxied_ms: +(firstProxiedUs / 1000).toFixed(2),
    attempts, idle_rss_mb: idleRssKb === null ? null : +(idleRssKb / 1024).toFixed(1),
  }) + '\n');
}

const o = parseArgs(process.argv.slice(2));
({ rate: runRate, closed: runClosed, stream: runStream, startup: runStartup })[o.mode](o).catch((e) => fail(e.stack ?? String(e)));
