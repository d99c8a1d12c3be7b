// The CloudFormation templates against the resource specification (no AWS account needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intrinsic, loadTemplate, parseTemplate, validateTemplate } from '../lib/cfn.mjs';
import { templates } from '../lib/paths.mjs';

// The values an entry can take: both branches of an Fn::If (less AWS::NoValue), or the entry itself.
const branches = (v) => (intrinsic(v) === 'Fn::If' ? v['Fn::If'].slice(1).filter((b) => b.Ref !== 'AWS::NoValue') : [v]);

for (const [name, path] of Object.entries(templates)) {
  test(`${name}.yaml: every resource type, property, required property and reference is valid`, () => {
    assert.deepEqual(validateTemplate(loadTemplate(path)), []);
  });
}

test('platform and edge agree on the exports the platform imports', () => {
  const edge = loadTemplate(templates.edge);
  const exported = Object.values(edge.Outputs).filter((o) => o.Export)
    .map((o) => o.Export.Name['Fn::Sub'].replace('${AWS::StackName}', '${EdgeStackName}'));
  const imported = new Set();
  JSON.stringify(loadTemplate(templates.platform), (k, v) => {
    if (k === 'Fn::ImportValue') imported.add(v['Fn::Sub']);
    return v;
  });
  assert.ok(imported.size >= 3);
  for (const i of imported) assert.ok(exported.includes(i), `platform imports ${i}, which edge does not export`);
});

test('the platform stack takes the existing VPC, subnets, cluster, ALB, execution role and namespace as parameters', () => {
  const t = loadTemplate(templates.platform);
  for (const p of ['VpcId', 'PrivateSubnetIds', 'ClusterName', 'AlbSecurityGroupId', 'ExecutionRoleName', 'CloudMapNamespaceId']) {
    assert.ok(p in t.Parameters, p);
  }
  const created = new Set(Object.values(t.Resources).map((r) => r.Type));
  for (const existing of ['AWS::EC2::VPC', 'AWS::ECS::Cluster', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ServiceDiscovery::PrivateDnsNamespace']) {
    assert.ok(!created.has(existing), `${existing} must be a parameter, not created`);
  }
});

test('secrets reach the containers as ECS secrets, never as plain environment', () => {
  const t = loadTemplate(templates.platform);
  const defs = Object.values(t.Resources).filter((r) => r.Type === 'AWS::ECS::TaskDefinition');
  assert.equal(defs.length, 2);
  for (const d of defs) {
    const app = d.Properties.ContainerDefinitions[0];
    assert.equal(app.ReadonlyRootFilesystem, true);
    assert.ok(app.Secrets.length >= 1);
    for (const s of app.Secrets) assert.deepEqual(Object.keys(s.ValueFrom), ['Ref']);
    for (const e of app.Environment.flatMap(branches)) assert.doesNotMatch(e.Name, /(TOKEN|KEY|SECRET|PASSWORD)$/, `${e.Name} looks like a secret in plain environment`);
    assert.ok(app.HealthCheck.Command.join(' ').match(/\/healthz|\/spm\/health/));
  }
});

test('the Guardian write statements are off by default', () => {
  const t = loadTemplate(templates.platform);
  for (const p of ['GuardianGuardrailWrites', 'GuardianAgentWrites']) assert.equal(t.Parameters[p].Default, 'false');
});

// The validator itself: each kind of mistake it must catch.
const base = `
Parameters:
  Env: { Type: String }
Conditions:
  On: !Equals [!Ref Env, "on"]
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: !Sub "\${Env}-t" }
`;
const broken = {
  'an unknown resource type': `${base}  X:\n    Type: AWS::SNS::Topik\n`,
  'an unknown property': `${base}  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicNam: a }\n`,
  'a missing required property': `${base}  X:\n    Type: AWS::SQS::QueuePolicy\n    Properties: { Queues: [a] }\n`,
  'a property of the wrong type': `${base}  X:\n    Type: AWS::SQS::Queue\n    Properties: { DelaySeconds: soon }\n`,
  'a Ref to nothing': `${base}  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !Ref Nope }\n`,
  'a GetAtt of a missing attribute': `${base}  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !GetAtt Topic.Nope }\n`,
  'a Sub variable that names nothing': `${base}  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !Sub "\${Nope}-x" }\n`,
  'an If on an undefined condition': `${base}  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !If [Off, a, b] }\n`,
  'an unguarded reference to a conditional resource':
    `${base}  Maybe:\n    Type: AWS::SNS::Topic\n    Condition: On\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !GetAtt Maybe.TopicName }\n`,
  'an unguarded Sub of a conditional resource':
    `${base}  Maybe:\n    Type: AWS::SNS::Topic\n    Condition: On\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !Sub "\${Maybe}-x" }\n`,
  'a nested property type error': `${base}  X:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      KeySchema: [{ AttributeName: id }]\n`,
};
test('the validator accepts a small valid template', () => {
  assert.deepEqual(validateTemplate(parseTemplate(base)), []);
  const guarded = `${base}  Maybe:\n    Type: AWS::SNS::Topic\n    Condition: On\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !If [On, !GetAtt Maybe.TopicName, !Ref AWS::NoValue] }\n`;
  assert.deepEqual(validateTemplate(parseTemplate(guarded)), []);
});
for (const [what, text] of Object.entries(broken)) {
  test(`the validator reports ${what}`, () => {
    assert.notDeepEqual(validateTemplate(parseTemplate(text)), []);
  });
}
