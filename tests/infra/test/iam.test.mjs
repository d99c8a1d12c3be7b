// IAM: the templates grant exactly what infra/aws-actions.json lists, and the list covers every AWS operation the
// code calls (so a new connector call without its permission fails here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, policyStatements } from '../lib/cfn.mjs';
import { codeOperations, loadModels, permissionGaps } from '../lib/code-operations.mjs';
import { actionsFile, repoRoot, templates } from '../lib/paths.mjs';

const actions = JSON.parse(readFileSync(actionsFile, 'utf8'));
const granted = Object.values(templates).flatMap((p) => policyStatements(loadTemplate(p)));
const list = (x) => [x].flat();
const modelsDir = join(process.env.AISPM_SHARED ?? join(repoRoot, '..', 'shared'), 'aws-models');
const models = loadModels(modelsDir);

function withSources(files, body) {
  const root = mkdtempSync(join(tmpdir(), 'aispm-iam-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('every action in the list is well formed, explained and unique', () => {
  const prefixes = { 'bedrock-agent': 'bedrock', 'bedrock-agentcore-control': 'bedrock-agentcore' };
  const seen = new Set();
  for (const o of actions.operations) {
    assert.ok(o.statement in actions.statements, `${o.action}: unknown statement ${o.statement}`);
    assert.ok(o.why && o.why.length > 20, `${o.action}: say why it is needed`);
    assert.ok(!seen.has(`${o.statement} ${o.action}`), `${o.action} listed twice`);
    seen.add(`${o.statement} ${o.action}`);
    if (o.operation) assert.equal(o.action, `${prefixes[o.service] ?? o.service}:${o.operation}`);
    else assert.ok(actions.operations.some((p) => `${p.service}:${p.operation}` === o.requiredBy), `${o.action}: requiredBy names no listed operation`);
  }
});

test('no statement allows a wildcard action, NotAction or Deny tricks', () => {
  assert.ok(granted.length > 0);
  for (const g of granted) {
    assert.equal(g.statement.Effect, 'Allow', g.path);
    assert.equal(g.statement.NotAction, undefined, g.path);
    assert.equal(g.statement.NotResource, undefined, g.path);
    for (const a of list(g.statement.Action)) assert.doesNotMatch(a, /\*/, `${g.path}: wildcard action ${a}`);
  }
});

test('every statement the templates grant is in the list, with the same actions, role and condition', () => {
  for (const g of granted) {
    const sid = g.statement.Sid;
    const meta = actions.statements[sid];
    assert.ok(meta, `${g.path}: statement ${sid} is not in infra/aws-actions.json`);
    assert.ok(meta.roles.includes(g.owner), `${g.path}: ${sid} is granted to ${g.owner}, the list says ${meta.roles}`);
    assert.equal(g.condition, meta.condition, `${g.path}: ${sid} condition`);
    const expected = actions.operations.filter((o) => o.statement === sid).map((o) => o.action).sort();
    assert.deepEqual([...list(g.statement.Action)].sort(), expected, `${g.path}: ${sid} actions`);
  }
  for (const [sid, meta] of Object.entries(actions.statements)) {
    for (const role of meta.roles) {
      assert.ok(granted.some((g) => g.statement.Sid === sid && g.owner === role), `${sid} is listed for ${role} but not granted`);
    }
  }
});

test('the admin role allows exactly the listed discovery, sink, storage and Guardian actions', () => {
  const admin = new Set(granted.filter((g) => g.owner === 'AdminTaskRole').flatMap((g) => list(g.statement.Action)));
  const expected = new Set(actions.operations.filter((o) => actions.statements[o.statement].roles.includes('AdminTaskRole')).map((o) => o.action));
  assert.deepEqual([...admin].sort(), [...expected].sort());
  for (const a of ['securityhub:BatchImportFindings', 'sns:Publish', 'events:PutEvents', 'bedrock:ListGuardrails', 'guardduty:GetFindings']) assert.ok(admin.has(a), a);
});

test('Guardian write actions are granted only behind their off-by-default conditions', () => {
  for (const g of granted.filter((x) => /^Guardian/.test(x.statement.Sid))) {
    assert.match(g.condition ?? '', /^AllowGuardian/, g.path);
  }
  const writes = /:(Update|Create|Delete|Put|Prepare|Pass)/;
  for (const g of granted.filter((x) => x.statement.Sid === 'Discovery')) {
    for (const a of list(g.statement.Action)) assert.doesNotMatch(a, writes, `discovery must be read-only: ${a}`);
  }
});

test('every AWS operation the code calls has its permission (or is listed as deliberately not granted)', () => {
  assert.ok(models.operations.size > 1000, `botocore models not found in ${modelsDir}`);
  const ops = codeOperations(repoRoot, ['admin', 'scanner'], models);
  // DynamoDB calls exist today; the scanner's AwsOperation markers join them when it lands.
  assert.ok(ops.some((o) => o.service === 'dynamodb'), 'the collector found none of the admin store\'s DynamoDB calls');
  assert.deepEqual(permissionGaps(ops, actions), []);
});

test('a marked connector call without its permission is reported, and so is a permission the code stopped using', () => {
  withSources({
    'scanner/Bedrock/GuardrailCalls.cs': `
internal static class GuardrailCalls
{
    [AwsOperation("bedrock", "ListGuardrails")] public static void List() { }
    public static readonly AwsOperation Delete = new AwsOperation("bedrock", "DeleteGuardrail");
}`,
  }, (root) => {
    const ops = codeOperations(root, ['admin', 'scanner']);
    assert.deepEqual(ops.map((o) => `${o.service}:${o.operation}`), ['bedrock:ListGuardrails', 'bedrock:DeleteGuardrail']);
    const gaps = permissionGaps(ops, actions);
    assert.ok(gaps.some((g) => g.includes('bedrock:DeleteGuardrail has no entry')), gaps.join('\n'));
    assert.ok(gaps.some((g) => g.startsWith('bedrock:GetGuardrail is granted but')), gaps.join('\n'));
    assert.ok(!gaps.some((g) => g.includes('ListGuardrails')));
  });
});

test('an AWS call without the marker is still caught by its operation name, and an ambiguous name asks for the marker', () => {
  withSources({
    'scanner/Aws/SageMakerClient.cs': 'var r = await SendAsync("sagemaker", "DeleteEndpoint", body);',
    'scanner/Aws/GuardDutyClient.cs': 'const string Service = "guardduty"; await CallAsync(Service, "GetFindings");',
    'scanner/Aws/Unnamed.cs': 'await CallAsync(service, "GetFindings");',
    'scanner/Aws/Prose.cs': '// ListGuardrails in a comment is not a call; "list guardrails" is not an operation name',
  }, (root) => {
    const ops = codeOperations(root, ['scanner'], models);
    const gaps = permissionGaps(ops, actions);
    assert.ok(gaps.some((g) => g.includes('sagemaker:DeleteEndpoint has no entry')), gaps.join('\n'));
    assert.ok(!gaps.some((g) => g.includes('GuardDutyClient')), 'guardduty:GetFindings is granted');
    assert.ok(gaps.some((g) => g.includes('Unnamed.cs: "GetFindings" is an operation of') && g.includes('guardduty')), gaps.join('\n'));
    assert.ok(!gaps.some((g) => g.includes('Prose.cs')));
    assert.ok(!gaps.some((g) => g.includes('is granted but')), 'literals alone never make a permission stale');
    assert.equal(gaps.length, 2, gaps.join('\n'));
  });
});

test("every listed operation exists in botocore's model of its service, under the service's IAM prefix", () => {
  // Services the list names that ../shared/aws-models does not hold; their names are checked by the template test only.
  const withoutModel = new Set(['dynamodb', 'secretsmanager']);
  const entries = [...actions.operations.filter((o) => o.operation), ...actions.notGranted];
  const services = [...new Set(entries.map((o) => o.service))];
  assert.ok(services.filter((s) => !withoutModel.has(s)).length >= 10);
  for (const service of services) {
    let dirs;
    try { dirs = readdirSync(join(modelsDir, service)); } catch { dirs = []; }
    if (withoutModel.has(service)) {
      assert.equal(dirs.length, 0, `${service} now has a model: take it out of withoutModel`);
      continue;
    }
    assert.equal(dirs.length, 1, `no botocore model for ${service} in ${modelsDir}`);
    const model = JSON.parse(readFileSync(join(modelsDir, service, dirs[0], 'service-2.json'), 'utf8'));
    const prefix = model.metadata.signingName ?? model.metadata.endpointPrefix;
    for (const o of entries.filter((e) => e.service === service)) {
      assert.ok(o.operation in model.operations, `${service} has no operation ${o.operation}`);
      if (o.action) assert.equal(o.action, `${prefix}:${o.operation}`, `${service}:${o.operation}`);
    }
  }
});
