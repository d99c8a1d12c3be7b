// ./aispm deploy: --dry-run prints every command and the rendered parameters; a real run drives the AWS CLI (here a
// fake `aws` on PATH that records its arguments); bad parameter files stop before any AWS call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.mjs';

const example = join(repoRoot, 'infra', 'cloudformation', 'params.example.json');
const exampleValues = JSON.parse(readFileSync(example, 'utf8'));

function deploy(args, env = {}) {
  const r = spawnSync(join(repoRoot, 'aispm'), ['deploy', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function withParams(values, body) {
  const dir = mkdtempSync(join(tmpdir(), 'aispm-deploy-'));
  try {
    const file = join(dir, 'params.json');
    writeFileSync(file, JSON.stringify(values));
    return body(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const commands = (out) => out.split('\n').filter((l) => l.startsWith('+ ')).map((l) => l.slice(2));

test('--dry-run prints the rendered parameters of both stacks and every AWS command, edge before platform', () => {
  const r = deploy(['--stack-name', 'demo', '--params', example, '--dry-run']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /parameters of demo-edge:\n(.*\n)*\s+AlbDnsName=internal-platform/);
  assert.match(r.out, /parameters of demo-platform:\n(.*\n)*\s+EdgeStackName=demo-edge\n/);
  assert.match(r.out, /GatewayDesiredCount=2 \(template default\)/);
  const cmds = commands(r.out);
  assert.equal(cmds.length, 5);
  assert.match(cmds[0], /^aws cloudformation validate-template --template-body file:\/\/.*edge\.yaml/);
  assert.match(cmds[1], /^aws cloudformation deploy --stack-name demo-edge .*edge\.yaml/);
  assert.doesNotMatch(cmds[1], /CAPABILITY/);
  assert.match(cmds[2], /validate-template .*platform\.yaml/);
  assert.match(cmds[3], /^aws cloudformation deploy --stack-name demo-platform .*--capabilities CAPABILITY_NAMED_IAM .*EdgeStackName=demo-edge/);
  assert.match(cmds[3], /PrivateSubnetIds=subnet-0123456789abcdef0\\,subnet-0fedcba9876543210/);
  assert.match(cmds[4], /describe-stacks --stack-name demo-platform/);
});

test('a real run calls the AWS CLI with exactly the printed commands (fake aws on PATH)', () => {
  withParams(exampleValues, (file, dir) => {
    const log = join(dir, 'aws.log');
    writeFileSync(join(dir, 'aws'), `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >>"${log}"\necho ok\n`);
    chmodSync(join(dir, 'aws'), 0o755);
    const r = deploy(['--stack-name', 'demo', '--params', file, '--region', 'eu-west-1', '--s3-bucket', 'artifacts-bucket'],
      { PATH: `${dir}:${process.env.PATH}` });
    assert.equal(r.code, 0, r.err);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    assert.deepEqual(calls.map((c) => c.split(' ').slice(0, 4).join(' ')), [
      '--region eu-west-1 cloudformation validate-template',
      '--region eu-west-1 cloudformation package',
      '--region eu-west-1 cloudformation deploy',
      '--region eu-west-1 cloudformation validate-template',
      '--region eu-west-1 cloudformation package',
      '--region eu-west-1 cloudformation deploy',
      '--region eu-west-1 cloudformation describe-stacks',
    ]);
    assert.match(calls[2], /--template-file \S+edge\.packaged\.yaml/);
    assert.match(calls[5], /--stack-name demo-platform .*CAPABILITY_NAMED_IAM .*ClusterName=platform/);
  });
});

test('without the AWS CLI a real run stops with a message; --dry-run does not need it', () => {
  const r = deploy(['--stack-name', 'demo', '--params', example], { PATH: '/usr/bin:/bin' });
  if (spawnSync('bash', ['-c', 'command -v aws'], { env: { PATH: '/usr/bin:/bin' } }).status === 0) {
    // This machine has aws in /usr/bin: the message cannot be provoked by PATH alone; check the guard exists instead.
    assert.match(readFileSync(join(repoRoot, 'scripts', 'cmd', 'deploy.sh'), 'utf8'), /command -v aws .*\|\| die/);
    return;
  }
  assert.notEqual(r.code, 0);
  assert.match(r.err, /AWS CLI \(aws\) is not on PATH/);
});

test('bad parameter files are refused with every error, before any AWS call', () => {
  const bad = { ...exampleValues, VpcIdd: 'vpc-1', EnableTracing: 'yes', GatewayDesiredCount: 0 };
  delete bad.ClusterName;
  withParams(bad, (file) => {
    const r = deploy(['--stack-name', 'demo', '--params', file, '--dry-run']);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /VpcIdd is a parameter of neither stack/);
    assert.match(r.err, /platform stack: ClusterName: required, no default/);
    assert.match(r.err, /EnableTracing: yes is not one of true, false/);
    assert.match(r.err, /GatewayDesiredCount: below 1/);
    assert.equal(commands(r.out).length, 0);
  });
});

test('missing or malformed arguments are refused', () => {
  assert.notEqual(deploy(['--params', example, '--dry-run']).code, 0);
  assert.notEqual(deploy(['--stack-name', '1bad', '--params', example, '--dry-run']).code, 0);
  assert.notEqual(deploy(['--stack-name', 'demo', '--params', '/nonexistent.json', '--dry-run']).code, 0);
  assert.notEqual(deploy(['--stack-name', 'demo', '--params', example, '--bogus']).code, 0);
});
