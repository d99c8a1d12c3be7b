// The deployment documents cannot drift from what they describe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markerPattern } from '../lib/code-operations.mjs';
import { actionsFile, repoRoot } from '../lib/paths.mjs';

const read = (p) => readFileSync(join(repoRoot, p), 'utf8');
const actions = JSON.parse(readFileSync(actionsFile, 'utf8'));

test('docs/deploy.md lists every granted IAM action with its reason', () => {
  const doc = read('docs/deploy.md');
  for (const o of actions.operations) {
    assert.ok(doc.includes(`| \`${o.action}\` | ${o.why} |`), `${o.action} (${o.statement}) is missing or its reason differs`);
  }
  for (const o of actions.notGranted) assert.ok(doc.includes(o.operation), `not granted: ${o.operation}`);
});

test('the marker docs/extending.md shows is the one the IAM test collects', () => {
  const doc = read('docs/extending.md');
  const example = /```csharp\n([\s\S]*?)```/.exec(doc)[1];
  assert.deepEqual([...example.matchAll(markerPattern)].map((m) => `${m[1]}:${m[2]}`), ['bedrock:ListGuardrails', 'bedrock:GetGuardrail']);
});

test('the README links the deployment documents, and every relative link in them resolves', () => {
  const readme = read('README.md');
  for (const d of ['docs/deploy.md', 'docs/bedrock-security.md', 'docs/extending.md']) {
    assert.ok(readme.includes(`](${d})`), `README does not link ${d}`);
    for (const m of read(d).matchAll(/\]\((?!https?:)([^)#]+)(#[^)]*)?\)/g)) {
      assert.ok(existsSync(join(repoRoot, 'docs', m[1])), `${d}: broken link ${m[1]}`);
    }
  }
});
