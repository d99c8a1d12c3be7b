// End-to-end: saved views on Findings and the Red team view, on a real admin service (local auth, SQLite) in real
// Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../scripts/admin-process.mjs';
import { detection, eventually, ingest, seriousViolations, startAdminOnly } from './env.mjs';

const shots = process.env.AISPM_UPDATE_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'artifacts', 'screenshots');
let env;

before(async () => {
  env = await startAdminOnly();
  mkdirSync(shots, { recursive: true });
});
after(async () => {
  await env?.stop();
});

async function fitsAndPassesAxe(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
  const by = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(by <= 0, `${what} scrolls sideways by ${by} px`);
}

test('a filter set saved under a name is listed, opens the same filters, survives as a deep link, and can be deleted', async () => {
  await ingest(env.adminUrl, [detection('saved-high', { severity: 'high' }), detection('saved-low', { severity: 'low', category: 'secret' })]);
  await eventually(async () => (await env.api('GET', '/spm/api/findings?limit=100')).json.items.length >= 2, 5000, 'two findings');

  const page = await env.open('/findings?status=open&severity=high');
  await page.getByRole('cell', { name: 'key:saved-high' }).waitFor();
  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByRole('textbox', { name: 'View name' }).fill('Open and high');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('combobox', { name: 'Saved view' }).and(page.locator('[value="Open and high"]')).waitFor();
  const stored = await env.api('GET', '/spm/api/saved-views/findings');
  assert.deepEqual(stored.json.items.map((v) => [v.name, v.query]), [['Open and high', 'severity=high&status=open']]);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((u) => u.search === '');
  await page.getByRole('cell', { name: 'key:saved-low' }).waitFor();
  await page.getByRole('combobox', { name: 'Saved view' }).click();
  await page.getByRole('option', { name: 'Open and high' }).click();
  await page.waitForURL((u) => u.searchParams.get('severity') === 'high' && u.searchParams.get('status') === 'open');
  await page.locator('table[aria-busy="false"]').getByRole('cell', { name: 'key:saved-high' }).waitFor();
  assert.equal(await page.getByRole('cell', { name: 'key:saved-low' }).count(), 0, 'the saved filters apply');
  await page.screenshot({ path: join(shots, 'findings-saved-view.png') });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the findings with a saved view open');

  // The URL is still the whole state: a link with the same filters shows the same view, named.
  const linked = await env.open('/findings?severity=high&status=open');
  await linked.getByRole('combobox', { name: 'Saved view' }).and(linked.locator('[value="Open and high"]')).waitFor();
  await linked.getByRole('button', { name: 'Delete saved view Open and high' }).click();
  await eventually(async () => (await env.api('GET', '/spm/api/saved-views/findings')).json.items.length === 0, 5000, 'the view deleted');
  await linked.getByRole('combobox', { name: 'Saved view' }).and(linked.locator('[placeholder="None saved yet"]')).waitFor();
  await linked.close();
  await page.close();
});

test('an analyst starts red-team runs, reads detection and false-positive rates per category, and compares two runs', async () => {
  const page = await env.open('/redteam');
  await page.getByText('No red-team runs yet.').waitFor();
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.getByRole('status').filter({ hasText: /^Run rt-\S+ finished/ }).waitFor({ timeout: 120_000 });
  await page.waitForURL((u) => u.searchParams.has('run'));
  const first = new URL(page.url()).searchParams.get('run');
  const run = (await env.api('GET', '/spm/api/redteam/runs/' + first)).json;
  assert.equal(run.corpus, 'builtin');
  assert.equal(run.startedBy, 'local-admin');

  const perCategory = page.getByRole('table', { name: `Detection per category of run ${first}` });
  for (const c of run.categories) {
    const row = perCategory.getByRole('row').filter({ has: page.getByRole('cell', { name: c.name, exact: true }) });
    assert.match(await row.innerText(), new RegExp(`${(c.rate * 100).toFixed(1)}%`), `${c.name} as the API reports it`);
  }
  const benign = perCategory.getByRole('row').filter({ hasText: 'benign' });
  assert.match(await benign.innerText(), new RegExp(`${(run.benign.fpr * 100).toFixed(1)}%`), 'the false-positive rate as the API reports it');
  await page.getByRole('img', { name: `Detection rate per category and false-positive rate on benign rows of run ${first}` }).locator('svg').waitFor();
  await page.screenshot({ path: join(shots, 'redteam.png'), fullPage: true });
  await fitsAndPassesAxe(page, 'the Red team view with a run');

  // A second run, compared with the first (the run selected when it started is its baseline).
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL((u) => u.searchParams.get('baseline') === first && u.searchParams.get('run') !== first, { timeout: 120_000 });
  const second = new URL(page.url()).searchParams.get('run');
  const cmp = (await env.api('GET', `/spm/api/redteam/runs/${second}/compare/${first}`)).json;
  const table = page.getByRole('table', { name: 'Rates then and now' });
  await table.waitFor();
  assert.equal(await table.getByRole('row').count(), 1 + cmp.categories.length + 1, 'a row per category and one for false positives');
  await page.getByTestId('flipped-count').filter({ hasText: cmp.flipped.length === 0 ? 'No row changed its outcome.' : `${cmp.flipped.length} rows` }).waitFor();
  await page.getByRole('img', { name: `Detection and false-positive rates of run ${second} against baseline ${first}` }).locator('svg').waitFor();
  await page.screenshot({ path: join(shots, 'redteam-compare.png'), fullPage: true });

  // Both runs listed; each is a link, so what is shown is in the URL.
  const runs = page.getByRole('table', { name: 'Red-team runs, newest first' });
  assert.equal(await runs.getByRole('row').count(), 3);
  await runs.getByRole('link', { name: `(${first})`, exact: false }).click();
  await page.waitForURL((u) => u.searchParams.get('run') === first && !u.searchParams.has('baseline'));
  await page.getByRole('table', { name: `Detection per category of run ${first}` }).waitFor();
  await page.close();

  const narrow = await env.open(`/redteam?run=${second}&baseline=${first}`, 390);
  await narrow.getByRole('table', { name: 'Rates then and now' }).waitFor();
  await fitsAndPassesAxe(narrow, 'the run comparison at 390 px');
  await narrow.screenshot({ path: join(shots, 'redteam-390.png') });
  await narrow.close();
});
