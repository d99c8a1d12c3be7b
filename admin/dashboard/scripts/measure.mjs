// `npm run measure` (after ./aispm build): the production build's initial JavaScript and CSS, gzipped (what
// index.html loads before any view), and the time to the first view being interactive in Chromium against a real
// admin service: from navigation start until the Overview shows its open-findings counts, median of 7 loads.
// With --seed: first ingests 100,000 events over 5,000 keys (5,000 findings) into the admin's SQLite through the
// ingest API, then also times the Findings view (navigation start to its first rows), median of 7 loads.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startAdmin, stopChild } from './admin-process.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const index = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const size = (ext) => initial.filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0);
console.log(`initial JS gzipped: ${(size('.js') / 1024).toFixed(1)} KB; initial CSS gzipped: ${(size('.css') / 1024).toFixed(1)} KB (${initial.join(', ')})`);

const seed = process.argv.includes('--seed');
const gatewayToken = 'measure-' + Math.random().toString(36).slice(2);
const admin = await startAdmin({ gatewayToken });

function report(what, times) {
  times.sort((a, b) => a - b);
  console.log(`${what}: median ${times[3].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[6].toFixed(0)} ms over 7 loads`);
}

if (seed) {
  const started = Date.now();
  const now = Date.now();
  const categories = ['prompt_injection', 'jailbreak', 'secret', 'pii'];
  for (let b = 0; b < 100; b++) {
    const events = [];
    for (let i = 0; i < 1000; i++) {
      const n = b * 1000 + i;
      const key = n % 5000;
      events.push({
        eventId: `m${n}`, timestamp: new Date(now - (100_000 - n) * 5000).toISOString(), gatewayId: 'gw-measure',
        ruleId: 'MEASURE-' + (n % 40), category: categories[key % 4], severity: ['low', 'medium', 'high', 'critical'][n % 4],
        action: n % 3 === 0 ? 'blocked' : 'flagged', phase: 'request', mode: 'enforce', evidence: 'ignore previous [REDACTED]',
        model: 'gpt-4o-mini', keyAlias: 'key-' + key, team: 'team-' + (key % 50),
      });
    }
    const res = await fetch(admin.url + '/spm/api/events:batch', {
      method: 'POST', headers: { Authorization: 'Bearer ' + gatewayToken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ gatewayId: 'gw-measure', events }),
    });
    if (!res.ok) throw new Error('ingest: ' + res.status + ' ' + (await res.text()));
  }
  console.log(`seeded 100,000 events (5,000 keys) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'aispm-measure-')), {
  executablePath: process.env.AISPM_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
try {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const res = await fetch(admin.url + '/spm/api/session/codes', { method: 'POST', headers: { Authorization: 'Bearer ' + admin.token } });
    const { url } = await res.json();
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('open-critical').waitFor();
    times.push(await page.evaluate(() => performance.now()));
    await page.close();
  }
  report('first view interactive (Overview with data, from navigation start)', times);
  if (seed) {
    const findings = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(admin.url + '/spm/api/session/codes', { method: 'POST', headers: { Authorization: 'Bearer ' + admin.token } });
      const { url } = await res.json();
      const page = await context.newPage();
      await page.goto(url.replace('/#', '/findings#'));
      await page.locator('a[data-row-link]').first().waitFor();
      findings.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    report('Findings view with 100,000 events and 5,000 findings (navigation start to its first rows)', findings);
  }
} finally {
  await context.close();
  await stopChild(admin.child);
}
