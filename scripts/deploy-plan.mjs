// ./aispm deploy's local half: checks both templates against the CloudFormation resource specification and renders
// each stack's parameters from one parameter file. Writes <out>/edge.params and <out>/platform.params (Key=Value,
// one a line) and prints the rendered parameters. Exit 1 with every error when anything is wrong.
// usage: node scripts/deploy-plan.mjs --params FILE --stack-name NAME --out DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, validateTemplate } from '../tests/infra/lib/cfn.mjs';
import { renderParameters, unknownKeys } from '../tests/infra/lib/params.mjs';
import { templates } from '../tests/infra/lib/paths.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
let values;
try {
  values = JSON.parse(readFileSync(args.params, 'utf8'));
} catch (e) {
  console.error(`deploy: cannot read the parameter file ${args.params}: ${e.message}`);
  process.exit(1);
}
if (values === null || typeof values !== 'object' || Array.isArray(values)) {
  console.error('deploy: the parameter file must hold one JSON object of ParameterKey: value');
  process.exit(1);
}

const errors = [];
const loaded = {};
for (const [name, path] of Object.entries(templates)) {
  loaded[name] = loadTemplate(path);
  for (const e of validateTemplate(loaded[name])) errors.push(`${name}.yaml: ${e}`);
}
for (const k of unknownKeys(values, Object.values(loaded))) errors.push(`${args.params}: ${k} is a parameter of neither stack`);
const fixed = { edge: {}, platform: { EdgeStackName: `${args['stack-name']}-edge` } };
const rendered = {};
for (const name of ['edge', 'platform']) {
  rendered[name] = renderParameters(loaded[name], values, fixed[name]);
  for (const e of rendered[name].errors) errors.push(`${name} stack: ${e}`);
}
if (errors.length > 0) {
  for (const e of errors) console.error(`deploy: ${e}`);
  process.exit(1);
}

for (const name of ['edge', 'platform']) {
  const r = rendered[name];
  writeFileSync(join(args.out, `${name}.params`), r.given.map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  console.log(`parameters of ${args['stack-name']}-${name}:`);
  for (const [k, v] of r.given) console.log(`  ${k}=${r.noEcho.has(k) ? '****' : v}`);
  for (const [k, v] of r.defaults) console.log(`  ${k}=${r.noEcho.has(k) ? '****' : v} (template default)`);
}
