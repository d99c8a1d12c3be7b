// Loads CloudFormation YAML (short-form tags included) and checks a template against the CloudFormation resource
// specification that @aws-cdk/cfnspec ships: resource types, property names and types, required properties, and that
// every Ref, Fn::GetAtt, ${} in Fn::Sub, Fn::If and Condition names something that exists.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import cfnspec from '@aws-cdk/cfnspec';

const spec = cfnspec.specification();

const fn = (name) => (name === 'Ref' || name === 'Condition' ? name : 'Fn::' + name);
const shortTags = ['Ref', 'Condition', 'GetAtt', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or', 'Join', 'Select', 'Split',
  'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue'];
const types = [];
for (const tag of shortTags) {
  for (const kind of ['scalar', 'sequence', 'mapping']) {
    types.push(new yaml.Type('!' + tag, {
      kind,
      construct: (data) => {
        if (tag === 'GetAtt' && kind === 'scalar') {
          const dot = data.indexOf('.');
          return { 'Fn::GetAtt': [data.slice(0, dot), data.slice(dot + 1)] };
        }
        return { [fn(tag)]: data ?? (kind === 'scalar' ? '' : kind === 'sequence' ? [] : {}) };
      },
    }));
  }
}
export const cfnSchema = yaml.DEFAULT_SCHEMA.extend(types);

export function loadTemplate(path) {
  return yaml.load(readFileSync(path, 'utf8'), { schema: cfnSchema, filename: path });
}

export function parseTemplate(text) {
  return yaml.load(text, { schema: cfnSchema });
}

export const pseudoParameters = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition',
  'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

const topLevel = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings',
  'Conditions', 'Transform', 'Resources', 'Outputs']);
const resourceKeys = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy',
  'Metadata', 'CreationPolicy', 'UpdatePolicy']);
const parameterTypes = /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::Value<.+>)$/;

/** The single intrinsic function key of a value, or null. */
export function intrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition') ? keys[0] : null;
}

/** Every error found in the template, as "path: message" strings; empty when it is valid. */
export function validateTemplate(t) {
  const errors = [];
  const err = (path, msg) => errors.push(`${path}: ${msg}`);
  if (t === null || typeof t !== 'object') return ['template: not a mapping'];
  for (const k of Object.keys(t)) if (!topLevel.has(k)) err(k, 'unknown top-level section');
  const params = t.Parameters ?? {};
  const resources = t.Resources ?? {};
  const conditions = t.Conditions ?? {};
  if (Object.keys(resources).length === 0) err('Resources', 'a template needs at least one resource');

  for (const [name, p] of Object.entries(params)) {
    if (!p || !parameterTypes.test(p.Type ?? '')) err(`Parameters.${name}`, `unknown parameter type ${p?.Type}`);
    if (p?.AllowedValues && p.Default !== undefined && !p.AllowedValues.map(String).includes(String(p.Default))) {
      err(`Parameters.${name}`, `default ${p.Default} is not among AllowedValues`);
    }
  }

  for (const [name, r] of Object.entries(resources)) {
    const path = `Resources.${name}`;
    for (const k of Object.keys(r ?? {})) if (!resourceKeys.has(k)) err(path, `unknown resource attribute ${k}`);
    const rs = spec.ResourceTypes[r?.Type];
    if (!rs) { err(path, `unknown resource type ${r?.Type}`); continue; }
    if (r.Condition !== undefined && !(r.Condition in conditions)) err(path, `condition ${r.Condition} is not defined`);
    for (const d of [r.DependsOn ?? []].flat()) if (!(d in resources)) err(path, `DependsOn ${d}: no such resource`);
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (r[policy] !== undefined && !['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate'].includes(r[policy])) err(path, `bad ${policy}`);
    }
    checkProperties(r.Properties ?? {}, rs.Properties ?? {}, r.Type, `${path}.Properties`, err);
  }

  // References anywhere in the template.
  const refOk = (n) => n in params || n in resources || pseudoParameters.has(n);
  const getAttOk = (res, attr, path) => {
    const r = resources[res];
    if (!r) return err(path, `Fn::GetAtt: no resource ${res}`);
    const attrs = spec.ResourceTypes[r.Type]?.Attributes ?? {};
    if (!(attr in attrs)) err(path, `Fn::GetAtt: ${r.Type} has no attribute ${attr}`);
  };
  walk(t, '', (value, path) => {
    const k = intrinsic(value);
    if (k === 'Ref') {
      if (typeof value.Ref !== 'string' || !refOk(value.Ref)) err(path, `Ref ${JSON.stringify(value.Ref)} names no parameter, resource or pseudo parameter`);
    } else if (k === 'Fn::GetAtt') {
      const [res, attr] = Array.isArray(value[k]) ? value[k] : [];
      if (typeof res !== 'string' || typeof attr !== 'string') err(path, 'Fn::GetAtt needs [resource, attribute]');
      else getAttOk(res, attr, path);
    } else if (k === 'Fn::Sub') {
      const [text, vars] = typeof value[k] === 'string' ? [value[k], {}] : value[k];
      if (typeof text !== 'string') return err(path, 'Fn::Sub needs a string');
      for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
        const v = m[1];
        if (v.startsWith('!')) continue;
        if (vars && v in vars) continue;
        if (refOk(v)) continue;
        const dot = v.indexOf('.');
        if (dot > 0 && !v.startsWith('AWS::')) getAttOk(v.slice(0, dot), v.slice(dot + 1), path);
        else err(path, `Fn::Sub variable \${${v}} names nothing`);
      }
    } else if (k === 'Fn::If') {
      const c = value[k]?.[0];
      if (!(c in conditions)) err(path, `Fn::If: condition ${c} is not defined`);
    } else if (k === 'Condition' && path.includes('Conditions')) {
      if (!(value.Condition in conditions)) err(path, `Condition ${value.Condition} is not defined`);
    }
  });

  // A resource that exists only under a condition may be referenced only where that condition holds: from a resource
  // or output with the same condition, or inside the true branch of an Fn::If on it (else the deployment fails
  // with "unresolved resource dependencies" when the condition is false).
  const conditional = Object.fromEntries(Object.entries(resources).filter(([, r]) => r?.Condition).map(([n, r]) => [n, r.Condition]));
  const checkGuarded = (value, path, held) => {
    if (value === null || typeof value !== 'object') return;
    const k = intrinsic(value);
    let target = null;
    if (k === 'Ref' && typeof value.Ref === 'string') target = value.Ref;
    else if (k === 'Fn::GetAtt' && Array.isArray(value[k])) target = value[k][0];
    else if (k === 'Fn::Sub') {
      const text = typeof value[k] === 'string' ? value[k] : value[k]?.[0];
      for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) {
        if (m[1] in conditional && !held.has(conditional[m[1]])) err(path, `\${${m[1]}} exists only when ${conditional[m[1]]}; guard it with Fn::If`);
      }
    }
    if (target && target in conditional && !held.has(conditional[target])) err(path, `${target} exists only when ${conditional[target]}; guard the reference with Fn::If`);
    if (k === 'Fn::If' && Array.isArray(value[k])) {
      const [c, yes, no] = value[k];
      checkGuarded(yes, `${path}[true]`, new Set([...held, c]));
      checkGuarded(no, `${path}[false]`, held);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => checkGuarded(v, `${path}[${i}]`, held));
    else for (const [key, v] of Object.entries(value)) checkGuarded(v, `${path}.${key}`, held);
  };
  for (const [name, r] of Object.entries(resources)) {
    checkGuarded(r?.Properties, `Resources.${name}.Properties`, new Set(r?.Condition ? [r.Condition] : []));
    for (const d of [r?.DependsOn ?? []].flat()) {
      if (d in conditional && conditional[d] !== r.Condition) err(`Resources.${name}`, `DependsOn ${d}, which exists only when ${conditional[d]}`);
    }
  }
  for (const [name, o] of Object.entries(t.Outputs ?? {})) checkGuarded(o, `Outputs.${name}`, new Set(o?.Condition ? [o.Condition] : []));

  for (const [name, o] of Object.entries(t.Outputs ?? {})) {
    if (o?.Value === undefined) err(`Outputs.${name}`, 'an output needs a Value');
    if (o?.Condition !== undefined && !(o.Condition in conditions)) err(`Outputs.${name}`, `condition ${o.Condition} is not defined`);
  }
  return errors;
}

function walk(value, path, visit) {
  if (value === null || typeof value !== 'object') return;
  visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, visit);
}

function propertyType(resourceType, typeName) {
  if (resourceType.includes('.')) resourceType = resourceType.slice(0, resourceType.indexOf('.'));
  return spec.PropertyTypes[`${resourceType}.${typeName}`] ?? spec.PropertyTypes[typeName];
}

function checkProperties(props, specProps, ownerType, path, err) {
  if (intrinsic(props)) return checkIntrinsicBranches(props, (v) => checkProperties(v, specProps, ownerType, path, err));
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return err(path, 'expected a mapping of properties');
  for (const [name, value] of Object.entries(props)) {
    const ps = specProps[name];
    if (!ps) { err(`${path}.${name}`, `${ownerType} has no property ${name}`); continue; }
    checkValue(value, ps, ownerType, `${path}.${name}`, err);
  }
  for (const [name, ps] of Object.entries(specProps)) {
    if (ps.Required && !(name in props)) err(path, `required property ${name} is missing`);
  }
}

function checkIntrinsicBranches(value, check) {
  // Fn::If: both branches must be valid (AWS::NoValue removes the property); other functions compute the value.
  if (intrinsic(value) === 'Fn::If') {
    for (const branch of value['Fn::If'].slice(1)) {
      if (intrinsic(branch) === 'Ref' && branch.Ref === 'AWS::NoValue') continue;
      check(branch);
    }
  }
}

function checkValue(value, ps, ownerType, path, err) {
  if (intrinsic(value)) return checkIntrinsicBranches(value, (v) => checkValue(v, ps, ownerType, path, err));
  if (ps.PrimitiveType) return checkPrimitive(value, ps.PrimitiveType, path, err);
  if (ps.Type === 'List') {
    if (!Array.isArray(value)) return err(path, 'expected a list');
    value.forEach((item, i) => {
      if (intrinsic(item)) return checkIntrinsicBranches(item, (v) => checkValue(v, itemSpec(ps), ownerType, `${path}[${i}]`, err));
      checkValue(item, itemSpec(ps), ownerType, `${path}[${i}]`, err);
    });
    return;
  }
  if (ps.Type === 'Map') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return err(path, 'expected a map');
    for (const [k, v] of Object.entries(value)) checkValue(v, itemSpec(ps), ownerType, `${path}.${k}`, err);
    return;
  }
  const pt = propertyType(ownerType, ps.Type);
  if (!pt) return err(path, `spec has no property type ${ps.Type}`);
  if (pt.PrimitiveType) return checkPrimitive(value, pt.PrimitiveType, path, err);
  checkProperties(value, pt.Properties ?? {}, ownerType, path, err);
}

function itemSpec(ps) {
  return ps.PrimitiveItemType ? { PrimitiveType: ps.PrimitiveItemType } : { Type: ps.ItemType };
}

function checkPrimitive(value, type, path, err) {
  const ok = {
    String: () => ['string', 'number', 'boolean'].includes(typeof value),
    Integer: () => Number.isInteger(Number(value)) && value !== '' && typeof value !== 'boolean',
    Long: () => Number.isInteger(Number(value)) && value !== '' && typeof value !== 'boolean',
    Double: () => !Number.isNaN(Number(value)) && value !== '' && typeof value !== 'boolean',
    Boolean: () => typeof value === 'boolean' || value === 'true' || value === 'false',
    Timestamp: () => typeof value === 'string',
    Json: () => typeof value === 'object' || typeof value === 'string',
  }[type];
  if (ok && !ok()) err(path, `expected ${type}, got ${JSON.stringify(value)}`);
}

/** Every IAM policy statement granted by the template: { owner, sid, condition, statement }. */
export function policyStatements(t) {
  const out = [];
  const add = (owner, doc, condition, path) => {
    for (const [i, s] of [doc?.Statement ?? []].flat().entries()) {
      if (intrinsic(s) === 'Fn::If') {
        const [cond, yes, no] = s['Fn::If'];
        if (!(intrinsic(yes) === 'Ref' && yes.Ref === 'AWS::NoValue')) out.push({ owner, condition: cond, statement: yes, path: `${path}[${i}]` });
        if (!(intrinsic(no) === 'Ref' && no.Ref === 'AWS::NoValue')) out.push({ owner, condition: `!${cond}`, statement: no, path: `${path}[${i}]` });
      } else {
        out.push({ owner, condition, statement: s, path: `${path}[${i}]` });
      }
    }
  };
  for (const [name, r] of Object.entries(t.Resources ?? {})) {
    if (r.Type === 'AWS::IAM::Role') {
      let policies = r.Properties?.Policies ?? [];
      let condition = r.Condition ?? null;
      if (intrinsic(policies) === 'Fn::If') {
        condition = policies['Fn::If'][0];
        policies = policies['Fn::If'][1];
      }
      for (const p of policies) add(name, p.PolicyDocument, condition, `Resources.${name}`);
    } else if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = r.Properties?.Roles ?? [];
      const owner = roles.some((x) => intrinsic(x) === 'Ref' && x.Ref === 'ExecutionRoleName') ? 'ExecutionRole' : name;
      add(owner, r.Properties?.PolicyDocument, r.Condition ?? null, `Resources.${name}`);
    }
  }
  return out;
}
