// Starts the mock upstream and the gateway from their Release build outputs (built by ./aispm test), each on port 0,
// and reads the "upstream: URL" / "gateway: URL" line each prints once it listens.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

function repoRoot() {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'AiSpm.sln'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('AiSpm.sln not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

const root = repoRoot();

function output(project, dll) {
  const path = join(root, project, 'bin', 'Release', 'net10.0', dll);
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist: run ./aispm test, or dotnet build AiSpm.sln -c Release first`);
  }
  return path;
}

function start(args, announce, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('dotnet', args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not announce '${announce}' within 45 s:\n${log}`));
    }, 45_000);
    child.stderr.on('data', (d) => { log += d; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before announcing '${announce}':\n${log}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      log += line + '\n';
      if (line.startsWith(announce)) {
        clearTimeout(timer);
        resolve({ child, url: line.slice(announce.length).trim().replace(/\/$/, '') });
      }
    });
  });
}

function closedPort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// A one-rule pack that matches only a canary no test sends: these tests are about proxying, not detection.
const canaryPack = {
  pack: 'functional-test-canary',
  version: '1.0.0',
  rules: [{
    id: 'FT-CANARY', title: 'Functional-test canary', category: 'secret', severity: 'low', phase: 'both',
    patterns: [{ regex: 'AISPM-FT-CANARY-[0-9]{8}', flags: '' }], literals: [], validator: null, min_entropy: null,
    redact: false, tags: {}, description: 'Never sent by the proxy tests.', remediation: 'None.',
  }],
};

export async function startEnvironment() {
  const mockDll = output('tests/AiSpm.MockUpstream', 'AiSpm.MockUpstream.dll');
  const gatewayDll = output('gateway/AiSpm.Gateway', 'AiSpm.Gateway.dll');
  const dir = mkdtempSync(join(tmpdir(), 'aispm-js-'));
  const rulesDir = mkdtempSync(join(dir, 'rules-'));
  writeFileSync(join(rulesDir, 'canary.json'), JSON.stringify(canaryPack));

  const mock = await start([mockDll, '--listen', 'http://127.0.0.1:0'], 'upstream: ');
  let gateway;
  try {
    const v1 = mock.url + '/v1';
    const config = {
      listen: 'http://127.0.0.1:0',
      mode: 'enforce',
      rulesDirectory: rulesDir,
      upstreams: {
        mock: { baseUrl: v1, auth: { mode: 'passthrough' } },
        closed: { baseUrl: `http://127.0.0.1:${await closedPort()}/v1`, auth: { mode: 'passthrough' } },
      },
      // GET /v1/models names no model; the gateway sends it to the first route's upstream, so that one is the mock.
      routes: [
        { model: 'gpt-*', upstream: 'mock' },
        { model: 'refused-*', upstream: 'closed' },
        { model: 'text-embedding-*', upstream: 'mock' },
      ],
    };
    const configPath = join(dir, 'gateway.json');
    writeFileSync(configPath, JSON.stringify(config));
    gateway = await start([gatewayDll, '--config', configPath, '--listen', 'http://127.0.0.1:0'], 'gateway: ');
  } catch (e) {
    mock.child.kill('SIGKILL');
    throw e;
  }

  return {
    mockUrl: mock.url,
    gatewayUrl: gateway.url,
    async stop() {
      for (const p of [gateway.child, mock.child]) {
        if (p.exitCode === null) {
          const exited = new Promise((r) => p.once('exit', r));
          p.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (p.exitCode === null) p.kill('SIGKILL');
        }
      }
    },
  };
}
