// Starts the admin service from its Release build output on a free loopback port (SQLite in a fresh folder) and
// reads the lines it prints on stdout: "admin-token: JWT", "admin: URL", "dashboard: URL".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'AiSpm.sln'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('AiSpm.sln not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
})();

export function releaseDll(project) {
  const path = join(repoRoot, project, 'bin', 'Release', 'net10.0', project.split('/').pop() + '.dll');
  if (!existsSync(path)) throw new Error(`${path} does not exist: run ./aispm build first`);
  return path;
}

/** Spawns `dotnet args`, resolving once every line prefix in `announce` was printed; values keyed by prefix. */
export function startDotnet(args, announce, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('dotnet', args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const found = {};
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not announce ${announce.join(', ')} within 60 s:\n${log}`));
    }, 60_000);
    child.stderr.on('data', (d) => { log += d; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${log}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      log += line + '\n';
      for (const prefix of announce) {
        if (line.startsWith(prefix)) found[prefix] = line.slice(prefix.length).trim();
      }
      if (announce.every((p) => p in found)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, found, log: () => log });
      }
    });
  });
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function startAdmin({ gatewayToken, extraArgs = [] } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'aispm-dash-admin-'));
  const env = gatewayToken ? { AISPM_ADMIN__AUTH__GATEWAYTOKEN: gatewayToken } : {};
  const p = await startDotnet(
    [releaseDll('admin/AiSpm.Admin'), '--local', '--listen', 'http://127.0.0.1:0', '--data', data, ...extraArgs],
    ['admin-token: ', 'admin: ', 'dashboard: '], env);
  return { child: p.child, token: p.found['admin-token: '], url: p.found['admin: '].replace(/\/$/, ''), dashboardUrl: p.found['dashboard: '], log: p.log };
}
