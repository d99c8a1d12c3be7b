// Collects the AWS operations the C# code calls, so that a call without its IAM permission fails a test.
// Three sources (docs/extending.md, "Calling an AWS API"):
// - the marker AwsOperation("service", "Operation"), as an attribute or a value, where the service is the botocore
//   service name (the folder in ../shared/aws-models: bedrock, bedrock-agent, bedrock-agentcore-control, ...);
// - the scanner's operation table: `AwsService X = new("service", ...)` and `AwsOperation Y = new(X, "Operation", ...)`
//   in one file (scanner/AiSpm.Scanner/Aws/AwsOperations.cs), read as markers;
// - calls on an AWS SDK client interface the admin already uses (IAmazonDynamoDB), as `client.OperationAsync(`;
// - a safety net for code that calls AWS without the marker: any string literal equal to an operation name of a
//   service in ../shared/aws-models ("ListGuardrails"), attributed to that service (when several services have the
//   operation, to the one the same file names in a literal; otherwise it is reported as ambiguous).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const markerPattern = /AwsOperation\(\s*"([a-z0-9-]+)"\s*,\s*"([A-Za-z0-9]+)"\s*\)/g;
const serviceDeclaration = /AwsService\s+(\w+)\s*=\s*new\(\s*"([a-z0-9-]+)"/g;
const operationDeclaration = /AwsOperation\s+\w+\s*=\s*new\(\s*(\w+)\s*,\s*"([A-Za-z0-9]+)"/g;
const sdkClients = [{ interface: /\bIAmazonDynamoDB\b/, service: 'dynamodb' }];
const sdkCall = /\b_?client\.([A-Z][A-Za-z0-9]+)Async\(/g;
const literal = /"([A-Za-z0-9.-]+)"/g;

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

/** Operation name -> services whose botocore model has it; service -> the names a file may call it by. */
export function loadModels(modelsDir) {
  const operations = new Map();
  const names = new Map();
  let services = [];
  try { services = readdirSync(modelsDir).filter((s) => statSync(join(modelsDir, s)).isDirectory()); } catch { /* none */ }
  for (const service of services) {
    const [version] = readdirSync(join(modelsDir, service));
    const model = JSON.parse(readFileSync(join(modelsDir, service, version, 'service-2.json'), 'utf8'));
    names.set(service, new Set([service, model.metadata.endpointPrefix, model.metadata.signingName].filter(Boolean)));
    for (const op of Object.keys(model.operations)) operations.set(op, [...(operations.get(op) ?? []), service]);
  }
  return { operations, names };
}

/**
 * [{ service, operation, file, source }] for every AWS operation named in the C# sources under the given folders;
 * source is marker, sdk, literal, or ambiguous (a literal several services share, service unknown).
 */
export function codeOperations(root, folders, models = { operations: new Map(), names: new Map() }) {
  const found = [];
  for (const folder of folders) {
    for (const file of csFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(root, file);
      for (const m of text.matchAll(markerPattern)) found.push({ service: m[1], operation: m[2], file: rel, source: 'marker' });
      const serviceVariables = new Map([...text.matchAll(serviceDeclaration)].map((m) => [m[1], m[2]]));
      const declared = new Set();
      for (const m of text.matchAll(operationDeclaration)) {
        const service = serviceVariables.get(m[1]);
        if (!service) continue;
        found.push({ service, operation: m[2], file: rel, source: 'marker' });
        declared.add(m[2]);
      }
      for (const client of sdkClients) {
        if (!client.interface.test(text)) continue;
        for (const m of text.matchAll(sdkCall)) found.push({ service: client.service, operation: m[1], file: rel, source: 'sdk' });
      }
      const literals = new Set([...text.matchAll(literal)].map((m) => m[1]));
      const named = [...models.names].filter(([, n]) => [...n].some((x) => literals.has(x))).map(([s]) => s);
      for (const lit of literals) {
        const candidates = models.operations.get(lit);
        if (!candidates || declared.has(lit)) continue;
        const chosen = candidates.length === 1 ? candidates : candidates.filter((s) => named.includes(s));
        if (chosen.length === 0) found.push({ service: candidates.join('|'), operation: lit, file: rel, source: 'ambiguous' });
        for (const s of chosen) found.push({ service: s, operation: lit, file: rel, source: 'literal' });
      }
    }
  }
  return found;
}

/**
 * What is wrong between the code's operations and infra/aws-actions.json: an operation in code that is neither
 * granted nor listed as deliberately not granted; an operation name whose service cannot be told; and, for a service
 * the code names with a marker or an SDK call, a granted operation the code no longer calls (a stale permission).
 */
export function permissionGaps(codeOps, actions) {
  const key = (s, o) => `${s}:${o}`;
  const granted = new Set(actions.operations.filter((o) => o.operation).map((o) => key(o.service, o.operation)));
  const notGranted = new Set(actions.notGranted.map((o) => key(o.service, o.operation)));
  const explicit = codeOps.filter((o) => o.source === 'marker' || o.source === 'sdk');
  const inCode = new Set(explicit.map((o) => key(o.service, o.operation)));
  const servicesInCode = new Set(explicit.map((o) => o.service));
  const ambiguous = codeOps.filter((o) => o.source === 'ambiguous')
    .map((o) => `${o.file}: "${o.operation}" is an operation of ${o.service.split('|').join(' and ')}: name it with AwsOperation("service", "${o.operation}")`);
  const missing = codeOps.filter((o) => o.source !== 'ambiguous' && !granted.has(key(o.service, o.operation)) && !notGranted.has(key(o.service, o.operation)))
    .map((o) => `${o.file}: ${o.service}:${o.operation} has no entry in infra/aws-actions.json`);
  // Stale checks cover the statements whose callers are the admin's own code. Tracing and secrets are called by the
  // ADOT sidecar and by ECS; the Guardian writes are granted only on request and may precede the code that uses them.
  // Literals do not count here: a call built from a path names no operation, so its absence proves nothing.
  const fromCode = new Set(['Discovery', 'Sinks', 'Storage']);
  const stale = actions.operations
    .filter((o) => o.operation && fromCode.has(o.statement) && servicesInCode.has(o.service) && !inCode.has(key(o.service, o.operation)))
    .map((o) => `${o.service}:${o.operation} is granted but the code no longer calls it`);
  return [...new Set([...missing, ...ambiguous])].concat(stale);
}
