// Collects the AWS operations the C# code calls, so that a call without its IAM permission fails a test.
// Two sources (docs/extending.md, "Calling an AWS API"):
// - the marker AwsOperation("service", "Operation"), as an attribute or a value, where the service is the botocore
//   service name (the folder in ../shared/aws-models: bedrock, bedrock-agent, bedrock-agentcore-control, ...);
// - calls on an AWS SDK client interface the admin already uses (IAmazonDynamoDB), as `client.OperationAsync(`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const markerPattern = /AwsOperation\(\s*"([a-z0-9-]+)"\s*,\s*"([A-Za-z0-9]+)"\s*\)/g;
const sdkClients = [{ interface: /\bIAmazonDynamoDB\b/, service: 'dynamodb' }];
const sdkCall = /\b_?client\.([A-Z][A-Za-z0-9]+)Async\(/g;

function* csFiles(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const e of entries) {
    if (e === 'bin' || e === 'obj' || e === 'node_modules' || e.startsWith('.')) continue;
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) yield* csFiles(p);
    else if (e.endsWith('.cs')) yield p;
  }
}

/** [{ service, operation, file }] for every AWS operation named in the C# sources under the given folders. */
export function codeOperations(root, folders) {
  const found = [];
  for (const folder of folders) {
    for (const file of csFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(root, file);
      for (const m of text.matchAll(markerPattern)) found.push({ service: m[1], operation: m[2], file: rel });
      for (const client of sdkClients) {
        if (!client.interface.test(text)) continue;
        for (const m of text.matchAll(sdkCall)) found.push({ service: client.service, operation: m[1], file: rel });
      }
    }
  }
  return found;
}

/**
 * What is wrong between the code's operations and infra/aws-actions.json: an operation in code that is neither
 * granted nor listed as deliberately not granted; and, for a service the code names at least once, a granted
 * operation the code no longer calls (a stale permission).
 */
export function permissionGaps(codeOps, actions) {
  const key = (s, o) => `${s}:${o}`;
  const granted = new Set(actions.operations.filter((o) => o.operation).map((o) => key(o.service, o.operation)));
  const notGranted = new Set(actions.notGranted.map((o) => key(o.service, o.operation)));
  const inCode = new Set(codeOps.map((o) => key(o.service, o.operation)));
  const servicesInCode = new Set(codeOps.map((o) => o.service));
  const missing = codeOps.filter((o) => !granted.has(key(o.service, o.operation)) && !notGranted.has(key(o.service, o.operation)))
    .map((o) => `${o.file}: ${o.service}:${o.operation} has no entry in infra/aws-actions.json`);
  // Stale checks cover the statements whose callers are the admin's own code. Tracing and secrets are called by the
  // ADOT sidecar and by ECS; the Guardian writes are granted only on request and may precede the code that uses them.
  const fromCode = new Set(['Discovery', 'Sinks', 'Storage']);
  const stale = actions.operations
    .filter((o) => o.operation && fromCode.has(o.statement) && servicesInCode.has(o.service) && !inCode.has(key(o.service, o.operation)))
    .map((o) => `${o.service}:${o.operation} is granted but the code no longer calls it`);
  return [...new Set(missing)].concat(stale);
}
