// End-to-end on ./aispm up's demo estate (discovery of the fake AWS, LiteLLM and Temporal, the shipped controls, the
// Guardian in recommend mode): the views over posture and the Guardian, in real Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../scripts/admin-process.mjs';
import { eventually, seriousViolations, startEstate } from './env.mjs';

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
  await page.getByRole('radio', { name: 'failing' }).check({ force: true });
  await page.waitForURL((u) => u.searchParams.get('status') === 'failing');
  const results = page.getByRole('table', { name: "Every resource's result" });
  const failing = results.getByRole('row').filter({ hasText: weakGuardrail });
  await failing.waitFor();
  assert.match(await failing.innerText(), /failing/);
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
  await page.getByRole('textbox', { name: 'Rego' }).fill(rego);
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
