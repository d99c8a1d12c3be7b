// The kustomize base and example overlay, rendered by `kubectl kustomize` as a cluster would receive them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { repoRoot } from '../lib/paths.mjs';

const rendered = execFileSync('kubectl', ['kustomize', join(repoRoot, 'infra', 'k8s', 'overlays', 'example')],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const objects = yaml.loadAll(rendered).filter(Boolean);
const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const byKind = (kind) => objects.filter((o) => o.kind === kind);
const gateway = find('Deployment', 'aispm-gateway');
const admin = find('Deployment', 'aispm-admin');

// The gateway's peak RSS under load, as perf/RESULTS.md reports it.
const results = readFileSync(join(repoRoot, 'perf', 'RESULTS.md'), 'utf8');
const peakRssMb = Number(/peak under load \(VmHWM\): ([\d.]+) MB/.exec(results)?.[1]);

function mebibytes(q) {
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  assert.ok(m, `unexpected quantity ${q}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

test('the overlay renders every object the gateway and admin need, in the overlay namespace', () => {
  const kinds = objects.map((o) => o.kind).sort();
  assert.deepEqual(kinds, ['ConfigMap', 'Deployment', 'Deployment', 'HorizontalPodAutoscaler', 'Namespace',
    'PersistentVolumeClaim', 'PodDisruptionBudget', 'Secret', 'Service', 'Service']);
  for (const o of objects.filter((x) => x.kind !== 'Namespace')) assert.equal(o.metadata.namespace, 'aispm', `${o.kind}/${o.metadata.name}`);
  assert.equal(gateway.spec.template.spec.containers[0].image, 'registry.example.com/aispm/gateway:2026.12.0');
  assert.equal(admin.spec.template.spec.containers[0].image, 'registry.example.com/aispm/admin:2026.12.0');
});

test('gateway probes: liveness /healthz, readiness /readyz; admin readiness /spm/health', () => {
  const g = gateway.spec.template.spec.containers[0];
  assert.equal(g.livenessProbe.httpGet.path, '/healthz');
  assert.equal(g.readinessProbe.httpGet.path, '/readyz');
  assert.equal(g.startupProbe.httpGet.path, '/healthz');
  const a = admin.spec.template.spec.containers[0];
  assert.equal(a.readinessProbe.httpGet.path, '/spm/health');
  for (const c of [g, a]) {
    for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
      const port = p.httpGet?.port ?? p.tcpSocket?.port;
      assert.ok(c.ports.some((x) => x.name === port), `probe port ${port} is not a named container port`);
    }
  }
});

test('gateway resources are sized from perf/RESULTS.md (memory request above the measured peak RSS)', () => {
  assert.ok(peakRssMb > 0, 'perf/RESULTS.md states no peak RSS');
  const r = gateway.spec.template.spec.containers[0].resources;
  assert.ok(r.requests.cpu, 'a CPU request (the HPA computes utilization from it)');
  assert.ok(mebibytes(r.requests.memory) >= peakRssMb, `request ${r.requests.memory} below the ${peakRssMb} MB peak`);
  assert.ok(mebibytes(r.limits.memory) >= 2 * peakRssMb, `limit ${r.limits.memory} leaves no headroom over ${peakRssMb} MB`);
});

test('every pod runs as non-root on a read-only root file system with no privileges', () => {
  for (const d of byKind('Deployment')) {
    const pod = d.spec.template.spec;
    assert.equal(pod.securityContext.runAsNonRoot, true, d.metadata.name);
    assert.notEqual(pod.securityContext.runAsUser, 0);
    assert.equal(pod.automountServiceAccountToken, false);
    for (const c of pod.containers) {
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, c.name);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
      for (const m of c.volumeMounts ?? []) assert.ok(pod.volumes.some((v) => v.name === m.name), `mount ${m.name} has no volume`);
    }
  }
  assert.equal(find('Namespace', 'aispm').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('services, HPA and PDB select what exists', () => {
  const podLabels = (d) => d.spec.template.metadata.labels;
  const matches = (selector, labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  for (const s of byKind('Service')) {
    const d = byKind('Deployment').find((x) => matches(s.spec.selector, podLabels(x)));
    assert.ok(d, `service ${s.metadata.name} selects no pods`);
    for (const p of s.spec.ports) assert.ok(d.spec.template.spec.containers[0].ports.some((x) => x.name === p.targetPort));
  }
  const hpa = find('HorizontalPodAutoscaler', 'aispm-gateway');
  assert.equal(hpa.spec.scaleTargetRef.name, 'aispm-gateway');
  assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
  assert.equal(hpa.spec.minReplicas, 3, 'the overlay patch applies');
  const pdb = find('PodDisruptionBudget', 'aispm-gateway');
  assert.ok(matches(pdb.spec.selector.matchLabels, podLabels(gateway)));
  assert.ok(pdb.spec.minAvailable < hpa.spec.minReplicas, 'a PDB as large as the replica count blocks node drains');
});

test('secrets and config maps the pods reference exist (with their generated names), and the token is never a literal env value', () => {
  const names = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
  for (const d of byKind('Deployment')) {
    const pod = d.spec.template.spec;
    for (const c of pod.containers) {
      for (const e of c.env) {
        if (e.valueFrom?.secretKeyRef) assert.ok(names.has(`Secret/${e.valueFrom.secretKeyRef.name}`), e.name);
        if (/TOKEN$|KEY$|SECRET$/.test(e.name)) assert.ok(e.valueFrom?.secretKeyRef, `${e.name} must come from a Secret`);
      }
    }
    for (const v of pod.volumes) {
      if (v.configMap) assert.ok(names.has(`ConfigMap/${v.configMap.name}`), v.configMap.name);
      if (v.persistentVolumeClaim) assert.ok(names.has(`PersistentVolumeClaim/${v.persistentVolumeClaim.claimName}`));
    }
  }
});

test("the gateway's configuration routes every model to a declared upstream and reports to the admin service", () => {
  const cm = byKind('ConfigMap').find((o) => o.metadata.name.startsWith('aispm-gateway-config'));
  const config = JSON.parse(cm.data['gateway.json']);
  for (const r of config.routes) assert.ok(r.upstream in config.upstreams, r.upstream);
  const adminService = find('Service', 'aispm-admin');
  assert.equal(config.admin.baseUrl, `http://${adminService.metadata.name}:${adminService.spec.ports[0].port}`);
  const env = Object.fromEntries(gateway.spec.template.spec.containers[0].env.map((e) => [e.name, e]));
  assert.ok(env[config.admin.tokenEnv]?.valueFrom?.secretKeyRef, 'the token variable the config names is set from the Secret');
});

// The real gateway (the Release build ./aispm test makes) loads the rendered ConfigMap with the rendered Deployment's
// environment and Secret, as the pod would; the rules folder is swapped for one small shipped pack to keep it fast.
function gatewayCheck(mutate = (c) => c) {
  const dll = join(repoRoot, 'gateway', 'AiSpm.Gateway', 'bin', 'Release', 'net10.0', 'AiSpm.Gateway.dll');
  assert.ok(existsSync(dll), `${dll} does not exist: run ./aispm test, or dotnet build AiSpm.sln -c Release first`);
  const dir = mkdtempSync(join(tmpdir(), 'aispm-k8s-'));
  try {
    const cm = byKind('ConfigMap').find((o) => o.metadata.name.startsWith('aispm-gateway-config'));
    writeFileSync(join(dir, 'gateway.json'), JSON.stringify(mutate(JSON.parse(cm.data['gateway.json']))));
    mkdirSync(join(dir, 'rules'));
    copyFileSync(join(repoRoot, 'config', 'rules', 'tool_misuse.json'), join(dir, 'rules', 'tool_misuse.json'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AISPM_')));
    for (const e of gateway.spec.template.spec.containers[0].env) {
      const ref = e.valueFrom?.secretKeyRef;
      env[e.name] = ref ? Buffer.from(find('Secret', ref.name).data[ref.key], 'base64').toString() : e.value;
    }
    Object.assign(env, {
      AISPM_GATEWAY_CONFIG: join(dir, 'gateway.json'),
      AISPM_GATEWAY__RULESDIRECTORY: join(dir, 'rules'),
      AISPM_GATEWAY__ADMIN__SPOOLDIRECTORY: join(dir, 'spool'),
      AISPM_HS_CACHE_DIR: join(dir, 'cache'),
    });
    return spawnSync('dotnet', [dll, '--check'], { env, encoding: 'utf8', timeout: 120000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the gateway accepts the rendered configuration, environment and secret (AiSpm.Gateway --check)', () => {
  const ok = gatewayCheck();
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^ok: configuration valid/);
  const broken = gatewayCheck((c) => ({ ...c, routes: [{ model: '*', upstream: 'nowhere' }] }));
  assert.equal(broken.status, 2, 'a route to an undeclared upstream must be refused');
});
