// End-to-end: the built dashboard, served by a real admin service, in real Chromium, against a real gateway.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../scripts/admin-process.mjs';
import { attack, eventually, seriousViolations, startEnvironment } from './env.mjs';

// Test runs save screenshots under artifacts/, so a test run never dirties the tree; AISPM_UPDATE_SCREENSHOTS=1 writes
// the ones the README shows (docs/screenshots).
const shots = process.env.AISPM_UPDATE_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'artifacts', 'screenshots');
const unique = (prefix) => prefix + '-' + Math.random().toString(36).slice(2, 8);
let env;

before(async () => {
  env = await startEnvironment();
  mkdirSync(shots, { recursive: true });
});
after(async () => {
  await env?.stop();
});

test('the dashboard: URL signs the browser in once, and a second use is refused', async () => {
  const page = await env.context.newPage();
  await page.goto(env.firstDashboardUrl);
  await page.getByRole('heading', { name: 'Overview', level: 2 }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the code is removed from the address bar');
  assert.equal(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length), 0, 'nothing is kept in web storage');
  await page.close();

  const again = await env.context.newPage();
  await again.goto(env.firstDashboardUrl);
  await again.getByText('already used or has expired').waitFor();
  assert.equal(await again.getByRole('navigation', { name: 'Views' }).count(), 0);
  await again.close();
});

test('an injection sent through the gateway shows in the live feed and as a finding within 5 s', async () => {
  const key = unique('live-key');
  const page = await env.open('/live');
  await page.getByTestId('stream-state').filter({ hasText: 'live' }).waitFor();
  const sent = Date.now();
  assert.equal(await env.chat(attack, { key }), 403, 'the gateway blocks it in enforce mode');
  await page.getByRole('button', { name: `Filter by key ${key}` }).first().waitFor({ timeout: 5000 });
  const live = Date.now() - sent;

  await page.getByRole('link', { name: 'Findings' }).click();
  await page.getByRole('cell', { name: 'key:' + key }).waitFor({ timeout: Math.max(500, 5000 - (Date.now() - sent)) });
  const finding = Date.now() - sent;
  assert.ok(finding < 5000, `finding after ${finding} ms`);
  console.log(`# live feed row after ${live} ms, finding row after ${finding} ms`);
  await page.getByRole('link', { name: 'Live events' }).click();
  await page.getByTestId('stream-state').filter({ hasText: 'live' }).waitFor();
  assert.equal(await env.chat(attack, { key, team: 'team-live' }), 403);
  await page.getByRole('button', { name: 'Filter by team team-live' }).waitFor({ timeout: 5000 });
  await page.screenshot({ path: join(shots, 'live.png') });
  await page.close();
});

test('a finding status changed with a reason in its page is what the API returns', async () => {
  const key = unique('ack-key');
  assert.equal(await env.chat(attack, { key }), 403);
  const found = await eventually(async () => {
    const r = await env.api('GET', '/spm/api/findings?status=open&limit=1000');
    return r.json.items.find((f) => f.principal === 'key:' + key);
  }, 5000, 'the finding');

  const page = await env.open('/findings?status=open');
  await page.getByRole('row').filter({ hasText: 'key:' + key }).getByRole('link').click();
  await page.getByTestId('finding-status').filter({ hasText: 'open' }).waitFor();
  const events = page.getByRole('table', { name: 'Latest events of this finding' });
  await events.getByRole('cell', { name: 'E2E-IGNORE-PREVIOUS' }).first().waitFor();
  assert.equal(await events.getByRole('row').count(), 1 + Number(found.count), 'one row per event of the finding, under the header');
  await page.getByRole('textbox', { name: 'Reason' }).fill('Red-team exercise, expected');
  await page.getByRole('button', { name: 'Save status' }).click();
  await page.getByTestId('finding-status').filter({ hasText: 'acknowledged' }).waitFor();
  await page.screenshot({ path: join(shots, 'finding.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the finding page');

  const after = await env.api('GET', '/spm/api/findings/' + found.id);
  assert.equal(after.json.status, 'acknowledged');
  assert.equal(after.json.statusReason, 'Red-team exercise, expected');
  assert.equal(after.json.statusBy, 'local-admin');
  await page.close();
});

test('switching a team to monitor in the Policy view makes the gateway forward that team\'s next attack', async () => {
  const team = unique('team');
  const key = unique('policy-key');
  assert.equal(await env.chat(attack, { key, team }), 403, 'enforce mode blocks it first');

  const page = await env.open('/policy');
  await page.getByRole('button', { name: 'Add to mode overrides' }).click();
  await page.getByRole('textbox', { name: 'Mode overrides 1 Team' }).fill(team);
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved as version' }).waitFor();
  await page.screenshot({ path: join(shots, 'policy.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the policy form with an override row');

  const policy = await env.api('GET', '/spm/api/policies');
  assert.deepEqual(policy.json.modeOverrides.map((o) => [o.team, o.mode]), [[team, 'monitor']]);
  await eventually(async () => (await env.chat(attack, { key, team })) === 200, 5000, 'the attack forwarded in monitor mode');
  assert.equal(await env.chat(attack, { key, team: unique('other-team') }), 403, 'other teams stay enforced');
  await page.close();
});

test('saving over a policy changed meanwhile shows the difference and overwrites nothing', async () => {
  const page = await env.open('/policy');
  await page.getByRole('button', { name: 'Add to suppressions' }).click();
  await page.getByRole('textbox', { name: 'Suppressions 1 Rule' }).fill('E2E-IGNORE-PREVIOUS');

  const current = await env.api('GET', '/spm/api/policies');
  const theirs = { ...current.json, enabledRulePacks: ['dashboard-e2e'], updatedAt: null, updatedBy: null };
  assert.equal((await env.api('PUT', '/spm/api/policies', theirs, { 'If-Match': current.etag })).status, 200);

  await page.getByRole('button', { name: 'Save policy' }).click();
  const conflict = page.getByTestId('policy-conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /suppressions: yours[\s\S]*E2E-IGNORE-PREVIOUS/);
  assert.match(await conflict.innerText(), /enabledRulePacks: saved[\s\S]*dashboard-e2e/);
  const stored = await env.api('GET', '/spm/api/policies');
  assert.deepEqual(stored.json.suppressions, [], 'the other save was not overwritten');
  assert.deepEqual(stored.json.enabledRulePacks, ['dashboard-e2e']);
  await page.close();
});

test('the findings table is navigable by keyboard: Tab to a row, arrows between rows, Enter opens it', async () => {
  for (const k of [unique('kbd-a'), unique('kbd-b')]) assert.equal(await env.chat(attack, { key: k }), 403);
  await eventually(async () => (await env.api('GET', '/spm/api/findings?limit=1000')).json.items.length >= 3, 5000, 'three findings');

  const page = await env.open('/findings');
  await page.getByRole('link', { name: 'Findings' }).first().waitFor();
  const rowLinks = page.locator('a[data-row-link]');
  await rowLinks.nth(2).waitFor();
  let onRow = false;
  for (let i = 0; i < 60 && !onRow; i++) {
    await page.keyboard.press('Tab');
    onRow = await page.evaluate(() => document.activeElement?.hasAttribute('data-row-link') ?? false);
  }
  assert.ok(onRow, 'Tab reaches the first row');
  const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(first, await rowLinks.nth(0).getAttribute('href'));
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(second, await rowLinks.nth(1).getAttribute('href'));
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), first);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === first);
  await page.getByRole('heading', { name: 'Evidence (redacted)' }).waitFor();
  await page.close();
});

test('clicking a cell filters the findings by it, in the URL', async () => {
  const page = await env.open('/findings');
  await page.getByRole('button', { name: 'Filter by type prompt_injection_activity' }).first().click();
  await page.waitForURL((u) => u.searchParams.get('type') === 'prompt_injection_activity');
  await page.getByRole('button', { name: 'Filter by status acknowledged' }).first().click();
  await page.waitForURL((u) => u.searchParams.get('status') === 'acknowledged');
  // The previous filter's rows stay, marked busy, until the filtered page arrives.
  await page.locator('table[aria-label="Findings, most recently seen first"][aria-busy="false"]').waitFor();
  const rows = page.locator('a[data-row-link]');
  await rows.first().waitFor();
  const api = await env.api('GET', '/spm/api/findings?type=prompt_injection_activity&status=acknowledged&limit=50');
  assert.ok(api.json.items.length >= 1);
  await eventually(async () => (await rows.count()) === api.json.items.length, 5000, `${api.json.items.length} rows, as the API answers`);
  await page.close();
});

const views = [
  { path: '/', name: 'overview', heading: 'Overview' },
  { path: '/findings', name: 'findings', heading: 'Findings' },
  { path: '/live', name: 'live-empty', heading: 'Live events' },
  { path: '/policy', name: 'policy-form', heading: 'Gateway policy' },
  { path: '/inventory', name: 'inventory', heading: 'Inventory' },
  { path: '/graph', name: 'graph-empty', heading: 'Asset graph' },
  { path: '/controls', name: 'controls-empty', heading: 'Controls' },
  { path: '/guardian', name: 'guardian-empty', heading: 'Guardian' },
  { path: '/integrations', name: 'integrations-empty', heading: 'Integrations' },
];

for (const width of [1280, 390]) {
  test(`every view has no serious or critical axe violations and fits ${width} px`, async () => {
    // Data on every view, so the checks see the tables and the chart filled.
    const key = unique('axe-key');
    assert.equal(await env.chat(attack, { key, team: 'axe-team' }), 403);
    await eventually(async () => (await env.api('GET', '/spm/api/findings?limit=1000')).json.items.some((f) => f.principal === 'key:' + key), 5000, 'the finding');
    for (const v of views) {
      const page = await env.open(v.path, width);
      await page.getByRole('heading', { name: v.heading, level: 2 }).waitFor();
      if (v.path === '/') await page.getByRole('img', { name: /Blocked attacks per category/ }).waitFor();
      if (v.path === '/findings') await page.locator('a[data-row-link]').first().waitFor();
      if (v.path === '/inventory') await page.getByRole('cell', { name: key }).waitFor();
      if (v.path === '/live') await page.getByTestId('stream-state').filter({ hasText: 'live' }).waitFor();
      if (v.path === '/policy') await page.getByRole('button', { name: 'Save policy' }).waitFor();
      if (v.path === '/controls') await page.getByTestId('posture-score').waitFor();
      if (v.path === '/graph') await page.getByTestId('graph-size').waitFor();
      if (v.path === '/guardian') await page.getByRole('table', { name: 'Audit trail' }).waitFor();
      if (v.path === '/integrations') await page.getByRole('table', { name: 'Discovery runs, newest first' }).waitFor();
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], `${v.path} at ${width} px`);
      const overflow = await page.evaluate(() => {
        const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
        return { by: document.documentElement.scrollWidth - window.innerWidth, what: wide.slice(-3).map((e) => e.tagName + '.' + e.className) };
      });
      assert.ok(overflow.by <= 0, `${v.path} at ${width} px scrolls sideways by ${overflow.by} px: ${overflow.what.join(', ')}`);
      await page.screenshot({ path: join(shots, `${v.name}${width === 390 ? '-390' : ''}.png`), fullPage: width === 1280 });
      await page.close();
    }
  });
}
