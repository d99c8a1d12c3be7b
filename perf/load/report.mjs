#!/usr/bin/env node
// Turns the measurements of one `./aispm bench compare` run into perf/RESULTS.md and perf/results.json.
// usage: report.mjs --raw raw.jsonl --machine machine.json [--micro DIR] --md RESULTS.md --json results.json
import fs from 'node:fs';
import path from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const need of ['raw', 'machine', 'md', 'json']) {
  if (!args[need]) {
    process.stderr.write('usage: report.mjs --raw raw.jsonl --machine machine.json [--micro DIR] --md OUT.md --json OUT.json\n');
    process.exit(2);
  }
}

const machine = JSON.parse(fs.readFileSync(args.machine, 'utf8'));
const m = {}; // m[system][scenario] = record
for (const line of fs.readFileSync(args.raw, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  (m[r.system] ??= {})[r.scenario] = r;
}

const SYSTEMS = ['direct', 'aispm', 'nginx', 'yarp', 'portkey'];
const LABEL = {
  direct: 'mock, direct', aispm: 'AiSpm gateway (AOT, enforce, all detectors)', nginx: 'nginx (1 worker, keep-alive)',
  yarp: 'YARP 2.3 (JIT, no inspection)', portkey: 'Portkey gateway', portkey_guardrail: 'Portkey + regex guardrail',
  aispm_monitor: 'AiSpm gateway (monitor mode)',
};
const get = (sys, scen) => m[sys]?.[scen]?.data;
const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const round = (x, d = 0) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
const fmt = (x, d = 0) => (x === null || x === undefined ? 'n/a' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));

function figures(sys) {
  const sat = get(sys, 'sat_small');
  const rate = get(sys, 'rate_2k');
  const stream = get(sys, 'stream');
  const requests = sat?.requests ?? null;
  const cpu = num(m[sys]?.sat_small?.cpu_s);
  return {
    rps: num(sat?.rps),
    sat_p50_us: num(sat?.latency?.p50_us), sat_p99_us: num(sat?.latency?.p99_us),
    sat_errors: sat ? sat.errors.connect + sat.errors.read + sat.errors.write + sat.errors.timeout + sat.errors.status : null,
    rps_16k: num(get(sys, 'sat_16k')?.rps),
    p50_us: num(rate?.latency?.p50_us), p99_us: num(rate?.latency?.p99_us), p999_us: num(rate?.latency?.p999_us),
    rate_achieved: num(rate?.rps), rate_offered: num(rate?.offered_rps),
    rate_non200: rate ? rate.benign.completed - (rate.benign.statuses['200'] ?? 0) : null,
    ttft_p50_us: num(stream?.ttft?.p50_us), ttft_p99_us: num(stream?.ttft?.p99_us),
    itl_p50_us: num(stream?.inter_token?.p50_us), itl_p99_us: num(stream?.inter_token?.p99_us),
    streams_ok: stream ? stream.ok_streams : null, streams: stream ? stream.streams : null,
    stream_statuses: stream ? Object.entries(stream.statuses).map(([k, v]) => `${v}× HTTP ${k}`).join(', ') : null,
    cpu_s_per_1k: cpu !== null && requests ? cpu / (requests / 1000) : null,
    rss_idle_mb: num(get(sys, 'idle')?.rss_mb), rss_mb: num(get(sys, 'peak')?.rss_peak_mb),
  };
}

const f = Object.fromEntries(SYSTEMS.filter((s) => m[s]).map((s) => [s, figures(s)]));
const d = f.direct;
const added = (s, k) => (f[s] && d && f[s][k] !== null && d[k] !== null ? f[s][k] - d[k] : null);
const ratio = (a, b) => (f[a]?.rps && f[b]?.rps ? f[a].rps / f[b].rps : null);

// results.json: exactly the schema the issue asks for.
const results = { systems: {}, ratios: {} };
for (const s of Object.keys(f)) {
  results.systems[s] = {
    rps: round(f[s].rps), p50_us: f[s].p50_us, p99_us: f[s].p99_us,
    added_p50_us: added(s, 'p50_us'), added_p99_us: added(s, 'p99_us'), rss_mb: f[s].rss_mb,
  };
}
results.ratios = {
  aispm_over_nginx: round(ratio('aispm', 'nginx'), 3), aispm_over_yarp: round(ratio('aispm', 'yarp'), 3),
  aispm_over_portkey: round(ratio('aispm', 'portkey'), 3),
};
fs.writeFileSync(args.json, JSON.stringify(results, null, 2) + '\n');

// Block correctness: every attack answered 403 by the gateway in enforce mode, no benign request blocked.
function mixCheck(sys, scen, expectBlocks) {
  const r = get(sys, scen);
  if (!r) return null;
  const blockedAttacks = Object.entries(r.attack.statuses).filter(([k]) => k === '403' || k === '446').reduce((a, [, v]) => a + v, 0);
  const blockedBenign = Object.entries(r.benign.statuses).filter(([k]) => k === '403' || k === '446').reduce((a, [, v]) => a + v, 0);
  const errors = r.attack.errors + r.benign.errors;
  const ok = expectBlocks
    ? blockedAttacks === r.attack.sent && r.attack.completed === r.attack.sent && blockedBenign === 0 && errors === 0
    : blockedAttacks === 0 && blockedBenign === 0 && errors === 0;
  return { sys, scen, rps: r.rps, sent: r.attack.sent, blockedAttacks, benignSent: r.benign.sent, blockedBenign, errors, ok, statuses: { attack: r.attack.statuses, benign: r.benign.statuses } };
}

// Zero-allocation figure from the latest `./aispm bench micro` run, when there is one.
function microAllocations() {
  if (!args.micro || !fs.existsSync(args.micro)) return null;
  const rows = [];
  for (const file of fs.readdirSync(args.micro).filter((x) => x.endsWith('-report-full.json'))) {
    const j = JSON.parse(fs.readFileSync(path.join(args.micro, file), 'utf8'));
    for (const b of j.Benchmarks ?? []) {
      if (['ScanText', 'ScanRequestBody', 'StreamScanDeltas'].includes(b.Method) && b.Statistics) {
        rows.push({ name: `${b.Type}.${b.Method}(${b.Parameters})`, bytes: b.Memory?.BytesAllocatedPerOperation ?? null, ns: b.Statistics.Mean });
      }
    }
  }
  return rows.length ? rows : null;
}

const target = (met, text, miss) => `| ${text} | ${met === null ? 'not measured' : met ? '**met**' : '**missed**'} | ${miss ?? ''} |`;
const lines = [];
const w = (s = '') => lines.push(s);
const a = f.aispm;

w('# AiSpm performance results');
w();
w(`Generated by \`./aispm bench compare${machine.quick ? ' --quick' : ''}\` on ${machine.date} (commit ${machine.commit}).`);
w(machine.quick ? 'Quick run: short durations, figures are indicative only.' : 'Full run.');
w('Measured on a shared 2-core development machine while other builds were running unless stated otherwise: re-run on a quiet machine before quoting a figure.');
w();
w('## Machine and versions');
w();
w(`- CPU: ${machine.cpu}, ${machine.cores} cores; kernel ${machine.kernel}`);
w(`- .NET SDK ${machine.dotnet}; Node ${machine.node}; nginx ${machine.nginx}; wrk ${machine.wrk}; YARP ${machine.yarp}; Portkey gateway ${machine.portkey}`);
w(`- Pinning (taskset): system under test on core ${machine.pinning.sut}; mock upstream on core ${machine.pinning.mock}; load generator on core ${machine.pinning.load}. In the "direct" row the mock itself is the system, still on core ${machine.pinning.mock}, sharing it with the load generator.`);
w(`- Load: saturation = wrk, 1 thread, ${machine.connections} connections, ${machine.durations.sat_s} s, 4 varied small chat prompts (after ${machine.durations.warm_s} s warm-up); fixed rate = perf/load/loadgen.mjs open model at ${machine.rate} req/s for ${machine.durations.rate_s} s with 2 KB prompts; streams = ${machine.durations.streams} streamed completions, 8 at a time, 16 tokens 1 ms apart.`);
w('- Mock upstream: tests/AiSpm.MockUpstream (JIT, Release), cached responses.');
w();
w('## Side by side');
w();
w('| system | req/s (saturation) | p50 / p99 / p99.9 at fixed rate (µs) | added p50 / p99 over direct (µs) | req/s 16 KB | TTFT p50 / p99 (µs) | added TTFT p99 (µs) | CPU s per 1,000 req | RSS idle / peak (MB) |');
w('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const s of Object.keys(f)) {
  const x = f[s];
  const sustained = x.rate_achieved !== null && x.rate_offered !== null && x.rate_achieved < 0.95 * x.rate_offered ? ` (only ${fmt(x.rate_achieved)} req/s sustained)` : '';
  w(`| ${LABEL[s]} | ${fmt(x.rps)} | ${fmt(x.p50_us)} / ${fmt(x.p99_us)} / ${fmt(x.p999_us)}${sustained} | ${s === 'direct' ? '-' : `${fmt(added(s, 'p50_us'))} / ${fmt(added(s, 'p99_us'))}`} | ${fmt(x.rps_16k)} | ${fmt(x.ttft_p50_us)} / ${fmt(x.ttft_p99_us)} | ${s === 'direct' ? '-' : fmt(added(s, 'ttft_p99_us'))} | ${fmt(x.cpu_s_per_1k, 3)} | ${fmt(x.rss_idle_mb, 1)} / ${fmt(x.rss_mb, 1)} |`);
}
for (const s of ['portkey_guardrail', 'aispm_monitor']) {
  const sat = get(s, 'sat_small');
  if (sat) w(`| ${LABEL[s]} | ${fmt(sat.rps)} | saturation p50 ${fmt(sat.latency.p50_us)} / p99 ${fmt(sat.latency.p99_us)} | | | | | | |`);
}
w();
w(`Ratios of saturation throughput: AiSpm/nginx **${fmt(results.ratios.aispm_over_nginx, 2)}**, AiSpm/YARP **${fmt(results.ratios.aispm_over_yarp, 2)}**, AiSpm/Portkey **${fmt(results.ratios.aispm_over_portkey, 2)}**.`);
w();
const errs = Object.keys(f).filter((s) => f[s].sat_errors || f[s].rate_non200 || (f[s].streams && f[s].streams_ok < f[s].streams));
for (const s of errs) {
  const x = f[s];
  w(`- ${LABEL[s]}: saturation errors or non-2xx ${fmt(x.sat_errors)}; non-200 at fixed rate ${fmt(x.rate_non200)} (statuses ${JSON.stringify(get(s, 'rate_2k')?.benign?.statuses ?? {})}); streams OK ${x.streams_ok}/${x.streams} (${x.stream_statuses}). Figures for a system that answered errors measure the error path, not proxying.`);
}
w();

w('## Blocks under load (10 % attacks: a 2 KB prompt with an injection and an AWS access key id)');
w();
w('| system | scenario | req/s | attacks sent | attacks blocked | benign sent | benign blocked | errors | correct |');
w('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [sys, expect] of [['aispm', true], ['aispm_monitor', false], ['portkey_guardrail', true]]) {
  for (const scen of ['mix_rate', 'mix_sat']) {
    const c = mixCheck(sys, scen, expect);
    if (c) w(`| ${LABEL[sys]} | ${scen === 'mix_rate' ? 'fixed rate' : 'saturation'} | ${fmt(c.rps)} | ${c.sent} | ${c.blockedAttacks} | ${c.benignSent} | ${c.blockedBenign} | ${c.errors} | ${c.ok ? 'yes' : `**no** (statuses ${JSON.stringify(c.statuses)})`} |`);
  }
}
w();
w('Enforce mode must block exactly the attacks (403 `aispm_blocked`); monitor mode must block nothing. Portkey answers 446 when its guardrail denies.');
w();

const startup = get('aispm', 'startup');
w('## Start-up and memory (AOT gateway)');
w();
if (startup) {
  w(`- Process start to listening: ${fmt(startup.listening_ms, 1)} ms; to first proxied 200: **${fmt(startup.first_proxied_ms, 1)} ms** (${startup.attempts} attempt(s)).`);
  w(`- RSS idle after start-up: ${fmt(startup.idle_rss_mb, 1)} MB; after warm-up: ${fmt(a?.rss_idle_mb, 1)} MB; peak under load (VmHWM): ${fmt(a?.rss_mb, 1)} MB.`);
} else {
  w('- not measured in this run');
}
w();

const micro = microAllocations();
w('## Targets');
w();
w('| target | result | figure |');
w('| --- | --- | --- |');
if (a && d) {
  const p50 = added('aispm', 'p50_us');
  const p99 = added('aispm', 'p99_us');
  w(target(p50 === null ? null : p50 <= 50, 'added p50 ≤ 50 µs at 2,000 req/s, 2 KB, enforce', `${fmt(p50)} µs${p50 > 50 ? ` (over by ${fmt(p50 - 50)} µs)` : ''}`));
  w(target(p99 === null ? null : p99 <= 500, 'added p99 ≤ 500 µs at 2,000 req/s, 2 KB, enforce', `${fmt(p99)} µs${p99 > 500 ? ` (over by ${fmt(p99 - 500)} µs)` : ''}`));
  const rn = results.ratios.aispm_over_nginx; const ry = results.ratios.aispm_over_yarp; const rp = results.ratios.aispm_over_portkey;
  w(target(rn === null ? null : rn >= 0.8, 'saturation ≥ 0.8 × nginx', `${fmt(rn, 2)} ×${rn !== null && rn < 0.8 ? ` (short by ${fmt((0.8 - rn) * 100, 0)} points)` : ''}`));
  w(target(ry === null ? null : ry >= 1, 'saturation ≥ YARP', `${fmt(ry, 2)} ×${ry !== null && ry < 1 ? ` (short by ${fmt((1 - ry) * 100, 0)} %)` : ''}`));
  w(target(rp === null ? null : rp >= 5, 'saturation ≥ 5 × Portkey', `${fmt(rp, 2)} ×`));
  const t = added('aispm', 'ttft_p99_us');
  w(target(t === null ? null : t <= 1000, 'added time to first token p99 ≤ 1 ms', `${fmt(t)} µs${t > 1000 ? ` (over by ${fmt(t - 1000)} µs)` : ''}`));
}
if (micro) {
  const worst = micro.reduce((x, y) => ((y.bytes ?? 0) > (x.bytes ?? 0) ? y : x));
  w(target(micro.every((r) => r.bytes === 0), '0 B allocated per scan (detection path, `./aispm bench micro`)', `max ${fmt(worst.bytes)} B/op (${worst.name}) over ${micro.length} scan benchmarks`));
} else {
  w(target(null, '0 B allocated per scan (detection path)', 'run `./aispm bench micro` first'));
}
if (startup) w(target(startup.first_proxied_ms <= 100, 'cold start to first proxied request ≤ 100 ms', `${fmt(startup.first_proxied_ms, 1)} ms${startup.first_proxied_ms > 100 ? ` (over by ${fmt(startup.first_proxied_ms - 100, 1)} ms)` : ''}`));
if (a?.rss_mb !== null && a?.rss_mb !== undefined) w(target(a.rss_mb <= 64, 'RSS ≤ 64 MB under load', `${fmt(a.rss_mb, 1)} MB${a.rss_mb > 64 ? ` (over by ${fmt(a.rss_mb - 64, 1)} MB)` : ''}`));
w();
w('Where a target is missed on this machine, first re-run on a quiet machine: with 2 cores, the mock and the load generator share one core, and other processes (compilers) add noise to the tails. Then profile the gateway under the same load: `./aispm bench profile` (`perf record -g` on the AOT binary).');
w();
// What the profile shows is analysis, not a measurement of this run: it lives in perf/PROFILE.md and is copied in,
// so every regenerated RESULTS.md keeps it next to the targets it explains.
const profile = path.join(path.dirname(args.md), 'PROFILE.md');
if (fs.existsSync(profile)) {
  for (const line of fs.readFileSync(profile, 'utf8').replace(/\n+$/, '').split('\n')) w(line.replace(/^# /, '## '));
  w();
}
w('Raw measurements: `perf/results-raw.jsonl`; machine-readable summary: `perf/results.json`.');
fs.writeFileSync(args.md, lines.join('\n') + '\n');
process.stdout.write(lines.join('\n') + '\n');
