// `npm run measure` (after ./aispm build): the production build's initial JavaScript and CSS, gzipped (what
// index.html loads before any view), and the time to the first view being interactive in Chromium against a real
// admin service: from navigation start until the Overview shows its open-findings counts, median of 7 loads.
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

const admin = await startAdmin();
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
  times.sort((a, b) => a - b);
  console.log(`first view interactive (Overview with data, from navigation start): median ${times[3].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[6].toFixed(0)} ms over 7 loads`);
} finally {
  await context.close();
  await stopChild(admin.child);
}
