// End-to-end on ./aispm up's demo estate (discovery of the fake AWS, LiteLLM and Temporal, the shipped controls, the
// Guardian in recommend mode): the views over posture and the Guardian, in real Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../scripts/admin-process.mjs';
import { attack, eventually, seriousViolations, startEstate } from './env.mjs';

const shots = process.env.AISPM_UPDATE_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'artifacts', 'screenshots');
const guardrailControl = 'AISPM-BEDROCK-GUARDRAIL-001';
const weakGuardrail = 'arn:aws:bedrock:us-east-1:210987654321:guardrail/gr-pricing-basic';
let env;

before(async () => {
  env = await startEstate();
  mkdirSync(shots, { recursive: true });
  // Discovery runs at start; the shipped controls are evaluated once the estate is in the inventory.
  await eventually(async () => {
    const r = await env.api('GET', '/spm/api/controls/' + guardrailControl);
    return r.status === 200 && (r.json.results ?? []).some((x) => x.resourceId === weakGuardrail && x.status === 'failing');
  }, 60_000, 'the guardrail control evaluated over the estate');
});
after(async () => {
  await env?.stop();
});

test('the Controls view shows the weak demo guardrail failing its prompt-attack control, with the reason and remediation', async () => {
  const page = await env.open('/controls?framework=owasp-llm');
  await page.getByRole('heading', { name: 'Controls', level: 2 }).waitFor();
  await page.getByTestId('posture-score').filter({ hasText: '%' }).waitFor();
  const table = page.getByRole('table', { name: 'Controls mapped to OWASP Top 10 for LLM Applications 2025' });
  const row = table.getByRole('row').filter({ hasText: guardrailControl });
  await row.waitFor();
  assert.ok(Number(await row.getByRole('cell').nth(3).innerText()) >= 1, 'the control has failing resources');
  await page.screenshot({ path: join(shots, 'controls.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the controls list');

  await row.getByRole('link').click();
  await page.waitForURL((u) => u.pathname === '/controls/' + guardrailControl);
  await page.locator('label').filter({ hasText: /^failing$/ }).click();
  await page.waitForURL((u) => u.searchParams.get('status') === 'failing');
  const results = page.getByRole('table', { name: "Every resource's result" });
  const failing = results.getByRole('row').filter({ hasText: weakGuardrail });
  await failing.waitFor();
  assert.match(await failing.innerText(), /failing/i);
  await page.getByRole('heading', { name: 'Remediation' }).waitFor();
  await page.getByText('aws bedrock update-guardrail', { exact: false }).first().waitFor();
  assert.match(await page.getByLabel('Rego source').innerText(), /package aispm\.controls\.bedrock_guardrail_prompt_attack/);
  await page.screenshot({ path: join(shots, 'control.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the control page');
  await page.close();
});

test('an admin dry-runs a custom control, sees the resources it would fail, saves it, and it joins the list', async () => {
  const id = 'E2E-GUARDRAIL-ANY';
  const rego = [
    '# METADATA', '# title: E2E every guardrail fails', '# description: A test control.', '# custom:', `#   id: ${id}`,
    '#   severity: low', '#   resource_kind: guardrail', '#   frameworks:', '#     - owasp-agentic:ASI01', '#   remediation: Nothing to do.',
    'package aispm.controls.e2e_guardrail_any', '', 'import future.keywords', '', 'default risky := true', '',
  ].join('\n');
  const page = await env.open('/controls/new');
  await page.getByRole('textbox', { name: 'Rego', exact: true }).fill(rego);
  await page.getByRole('button', { name: 'Dry run' }).click();
  const wouldFail = page.getByRole('table', { name: 'Resources that would not pass' });
  await wouldFail.getByRole('row').filter({ hasText: weakGuardrail }).waitFor();
  assert.equal((await env.api('GET', '/spm/api/controls/' + id)).status, 404, 'a dry run stores nothing');
  assert.deepEqual(await seriousViolations(page), [], 'axe on the editor with a dry run');
  await page.screenshot({ path: join(shots, 'control-editor.png'), fullPage: true });

  await page.getByRole('button', { name: 'Save control' }).click();
  await page.waitForURL((u) => u.pathname === '/controls/' + id);
  await page.getByRole('heading', { name: 'E2E every guardrail fails', level: 2 }).waitFor();
  const stored = await env.api('GET', '/spm/api/controls/' + id);
  assert.equal(stored.status, 200);
  assert.ok(stored.json.results.some((r) => r.resourceId === weakGuardrail && r.status === 'failing'));
  await page.getByRole('link', { name: '← Controls' }).click();
  await page.getByRole('table', { name: 'Controls mapped to OWASP Agentic AI' }).getByRole('row').filter({ hasText: id }).waitFor();
  await page.close();
});

test('after an injection burst from one key, an analyst runs a pass, approves the gateway_enforce action, and sees it executed and audited', async () => {
  const key = 'guardian-key-' + Math.random().toString(36).slice(2, 8);
  // As in the walkthrough: the gateways in monitor mode, so enforcing for one key is a change worth proposing.
  assert.equal((await env.api('PUT', '/spm/api/defender/mode', { mode: 'monitor' })).status, 200);
  for (let i = 0; i < 5; i++) await env.chat(attack, { key });
  await eventually(async () => (await env.api('GET', '/spm/api/findings?limit=1000')).json.items.some((f) => f.principal === 'key:' + key), 10_000, 'the finding');

  const page = await env.open('/guardian');
  await page.getByRole('heading', { name: 'Guardian', level: 2 }).waitFor();
  await page.getByTestId('guardian-mode').filter({ hasText: 'recommend' }).waitFor();
  await page.getByRole('button', { name: 'Run a pass' }).click();
  await page.getByRole('status').filter({ hasText: 'Pass (recommend)' }).waitFor();
  const approve = page.getByRole('button', { name: `Approve gateway_enforce on key:${key}` });
  await approve.waitFor();
  await page.getByRole('textbox', { name: `Reason for gateway_enforce on key:${key}` }).fill('injection burst from one key');
  await page.screenshot({ path: join(shots, 'guardian.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the Guardian view with a pending action');
  await approve.click();

  const decided = page.getByRole('table', { name: 'Decided actions, newest first' }).getByRole('row').filter({ hasText: 'key:' + key });
  await decided.filter({ hasText: 'executed' }).waitFor({ timeout: 10_000 });
  await decided.getByRole('link', { name: `executed: audit trail of gateway_enforce on key:${key}` }).click();
  await page.waitForURL((u) => u.searchParams.has('action'));
  const trail = page.getByRole('table', { name: 'Audit trail' });
  await trail.getByRole('row').filter({ hasText: 'injection burst from one key' }).waitFor();
  const steps = await trail.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.children[1]?.textContent));
  for (const step of ['proposed', 'approved', 'executed']) assert.ok(steps.includes(step), `audit step ${step} in ${steps.join(', ')}`);
  assert.deepEqual(await seriousViolations(page), [], 'axe on the Guardian view with an executed action');

  const actions = await env.api('GET', '/spm/api/guardian/actions');
  const action = actions.json.items.find((a) => a.target === 'key:' + key && a.kind === 'gateway_enforce');
  assert.equal(action.state, 'executed');
  assert.equal(action.updatedBy, 'local-admin');
  const policy = await env.api('GET', '/spm/api/policies');
  assert.ok(policy.json.modeOverrides.some((o) => o.key === key && o.mode === 'enforce'), 'the key-scoped override is in the policy');
  await page.close();
});

test('the Integrations view shows the sinks and discovery connectors, and an admin\'s scan now adds a manual run', async () => {
  const page = await env.open('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 2 }).waitFor();
  const sinks = page.getByRole('table', { name: 'Sinks' });
  await sinks.getByRole('row').filter({ hasText: 'local-webhook' }).waitFor();
  await sinks.getByRole('row').filter({ hasText: 'demo-securityhub' }).waitFor();
  const connectors = page.getByRole('table', { name: 'Discovery connectors' });
  for (const name of ['aws', 'litellm', 'temporal']) await connectors.getByRole('row').filter({ hasText: name }).first().waitFor();
  const before = (await env.api('GET', '/spm/api/discovery/runs?limit=500')).json.items.filter((r) => r.trigger === 'manual').length;

  await page.getByRole('button', { name: 'Scan now' }).click();
  await page.getByRole('status').filter({ hasText: /^Scan .+ assets/ }).waitFor({ timeout: 60_000 });
  const after = (await env.api('GET', '/spm/api/discovery/runs?limit=500')).json.items.filter((r) => r.trigger === 'manual').length;
  assert.equal(after, before + 1, 'one manual run more');
  await page.getByRole('table', { name: 'Discovery runs, newest first' }).getByRole('row').filter({ hasText: 'manual' }).first().waitFor();

  await sinks.getByRole('button', { name: /^Dead letters of local-webhook/ }).click();
  await page.waitForURL((u) => u.searchParams.get('sink') === 'local-webhook');
  await page.getByRole('heading', { name: 'Dead letters of local-webhook' }).waitFor();
  await page.screenshot({ path: join(shots, 'integrations.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the Integrations view');
  await page.close();
});

test('the asset graph draws the demo estate, filters by kind and opens an asset, all in the URL', async () => {
  const graph = await env.api('GET', '/spm/api/graph?limit=2000');
  assert.ok(graph.json.nodes.length >= 10, `${graph.json.nodes.length} nodes`);
  const page = await env.open('/graph');
  await page.getByRole('heading', { name: 'Asset graph', level: 2 }).waitFor();
  await page.getByTestId('graph-size').filter({ hasText: `${graph.json.nodes.length} assets` }).waitFor();
  await page.locator('canvas').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'graph.png') });
  assert.deepEqual(await seriousViolations(page), [], 'axe on the graph');

  await page.getByLabel('Kind', { exact: true }).selectOption('guardrail');
  await page.waitForURL((u) => u.searchParams.get('kind') === 'guardrail');
  await page.getByLabel('Asset', { exact: true }).selectOption(weakGuardrail);
  await page.waitForURL((u) => u.searchParams.get('asset') === weakGuardrail);
  const panel = page.getByRole('region', { name: 'Selected asset' });
  await panel.getByRole('heading', { name: /pricing-basic/ }).waitFor();
  await panel.getByText(/^Edges: (?:[1-9]\d* out, \d+|\d+ out, [1-9]\d*) in$/).waitFor();
  await page.close();
});

test('the Controls, control, Guardian, Integrations and graph views fit 390 px on the demo estate, axe clean', async () => {
  const views = [
    { path: '/controls', name: 'controls', ready: (p) => p.getByTestId('posture-score').filter({ hasText: '%' }) },
    { path: '/controls/' + guardrailControl, name: 'control', ready: (p) => p.getByRole('heading', { name: 'Remediation' }) },
    { path: '/guardian', name: 'guardian', ready: (p) => p.getByRole('table', { name: 'Audit trail' }) },
    { path: '/integrations', name: 'integrations', ready: (p) => p.getByRole('table', { name: 'Discovery connectors' }) },
    { path: '/graph', name: 'graph', ready: (p) => p.locator('canvas').first() },
  ];
  for (const v of views) {
    const page = await env.open(v.path, 390);
    await v.ready(page).waitFor();
    assert.deepEqual(await seriousViolations(page), [], `${v.path} at 390 px`);
    const by = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(by <= 0, `${v.path} at 390 px scrolls sideways by ${by} px`);
    await page.screenshot({ path: join(shots, `${v.name}-390.png`) });
    await page.close();
  }
});
