// Every page of docs/use-cases (today the hospitality one, group-sales-event-management.md) is a test: this starts
// ./aispm up itself (on free ports, with its own run and data folders, so a developer's running up is left alone;
// AISPM_UP_BUILT=1 because ./aispm test built already), then runs the page's sh blocks in order with bash and compares
// what each prints with the text block the page shows under it (a step marked eventually is retried for up to 30 s,
// and must print the same again 2.5 s after it first does). Editing the page's outcomes without the product changing,
// or the product without the page, fails here.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareOutput, lineMatches, parseWalkthrough } from './walkthrough-doc.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const pages = readdirSync(join(root, 'docs', 'use-cases')).filter((f) => f.endsWith('.md')).sort().map((f) => 'docs/use-cases/' + f);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ./aispm up in its own process group; resolves with the "name: value" lines it printed once the last one
// (webhook-log) appears.
function startUp(env) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'aispm'), 'up'], { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const printed = {};
    let log = '';
    const timer = setTimeout(() => {
      stopUp(child);
      reject(new Error(`./aispm up did not print webhook-log within 150 s:\n${log}`));
    }, 150_000);
    child.stderr.on('data', (d) => { log += d; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`./aispm up exited with ${code} before it printed its services:\n${log}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      log += line + '\n';
      const m = /^([a-z-]+): (.+)$/.exec(line);
      if (!m) return;
      printed[m[1]] = m[2].trim();
      if (m[1] === 'webhook-log') {
        clearTimeout(timer);
        resolve({ child, printed, log: () => log });
      }
    });
  });
}

async function stopUp(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // up's own trap stops its services on TERM; the whole group gets it too, so nothing outlives the test.
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 15_000);
  await exited;
  clearTimeout(timer);
}

function bash(script, cwd, env) {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: { ...process.env, ...env }, timeout: 30_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the parser of walkthrough pages', () => {
  test('… matches any text and nothing else is loose', () => {
    assert.ok(lineMatches('{"id":"f_…","n":1}', '{"id":"f_8d33","n":1}'));
    assert.ok(!lineMatches('{"id":"f_…","n":1}', '{"id":"f_8d33","n":2}'));
    assert.ok(!lineMatches('403', '4030'));
    assert.equal(compareOutput(['a', 'b'], 'a\nb\n'), null);
    assert.match(compareOutput(['a'], 'a\nb\n'), /printed 2 line/);
  });

  test('steps, their outputs and markers are read in order', () => {
    const { setup, steps } = parseWalkthrough([
      '<!-- walkthrough: setup -->', '```sh', 'X=1', '```', 'prose', '```sh', 'echo $X', '```', '', '```text', '1', '```',
      '<!-- walkthrough: eventually -->', '```sh', 'true', '```',
    ].join('\n'));
    assert.equal(setup, 'X=1');
    assert.deepEqual(steps.map((s) => [s.command, s.expected, s.eventually]), [['echo $X', ['1'], false], ['true', null, true]]);
  });
});

test('the hospitality walkthrough is among the pages', () => {
  assert.ok(pages.includes('docs/use-cases/group-sales-event-management.md'), pages.join(', '));
});

for (const page of pages) describe(`the walkthrough ${page} on ./aispm up`, { timeout: 170_000 }, () => {
  const walkthrough = parseWalkthrough(readFileSync(join(root, page), 'utf8'));
  let up;
  let work;
  const env = {};

  before(async () => {
    for (const project of ['tests/AiSpm.MockUpstream', 'tests/AiSpm.DemoEstate', 'admin/AiSpm.Admin', 'gateway/AiSpm.Gateway']) {
      const name = project.split('/')[1];
      const dll = join(root, project, 'bin', 'Release', 'net10.0', name + '.dll');
      assert.ok(existsSync(dll), `${dll} does not exist: run ./aispm test, or dotnet build AiSpm.sln -c Release first`);
    }

    work = mkdtempSync(join(tmpdir(), 'aispm-walkthrough-'));
    env.AISPM_RUN_DIR = join(work, 'run');
    const [upstream, webhook, admin, gateway] = [await freePort(), await freePort(), await freePort(), await freePort()];
    up = await startUp({
      ...env, AISPM_UP_BUILT: '1', AISPM_DATA_DIR: join(work, 'data'),
      AISPM_UPSTREAM_PORT: String(upstream), AISPM_WEBHOOK_PORT: String(webhook), AISPM_ADMIN_PORT: String(admin), AISPM_GATEWAY_PORT: String(gateway),
    });
    // The page reads these from up's run folder; without the demo estate there is no walkthrough, so that is a failure.
    for (const name of ['gateway', 'admin', 'admin-token', 'demo-estate', 'securityhub']) {
      assert.ok(up.printed[name], `./aispm up printed no ${name}: line:\n${up.log()}`);
    }
  });

  after(async () => {
    if (up) await stopUp(up.child);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the page has its setup and a checked outcome for each step of the story', () => {
    assert.ok(walkthrough.setup, 'no <!-- walkthrough: setup --> block');
    const checked = walkthrough.steps.filter((s) => s.expected !== null);
    // The hospitality story has 14 outcomes to show (detection, posture, the Guardian, Security Hub); a page cut down to
    // fewer would pass while showing less.
    const least = page.endsWith('/group-sales-event-management.md') ? 14 : 1;
    assert.ok(checked.length >= least, `only ${checked.length} steps show an outcome`);
  });

  for (const step of walkthrough.steps) {
    const title = `line ${step.line}: ${step.command.split('\n').find((l) => l.trim() !== '').trim().slice(0, 90)}`;
    test(title, async () => {
      const script = 'set -euo pipefail\n' + walkthrough.setup + '\n' + step.command + '\n';
      const attempt = async () => {
        const run = await bash(script, work, env);
        const why = run.code !== 0
          ? `exited with ${run.code}: ${run.stderr}`
          : step.expected === null ? null : compareOutput(step.expected, run.stdout);
        return { run, why };
      };
      const deadline = Date.now() + (step.eventually ? 30_000 : 0);
      for (;;) {
        const { run, why } = await attempt();
        if (why === null) break;
        if (Date.now() >= deadline) assert.fail(`${page} line ${step.line}: ${why}\nprinted:\n${run.stdout}`);
        await new Promise((r) => setTimeout(r, 500));
      }

      if (step.eventually) {
        // Once it holds it must keep holding: a page showing a passing state (the answer before the gateway took the
        // new policy, say) would otherwise match on the first try. Longer than the gateway's 1 s policy poll.
        await new Promise((r) => setTimeout(r, 2500));
        const { run, why } = await attempt();
        if (why !== null) assert.fail(`${page} line ${step.line}: matched, then 2.5 s later: ${why}\nprinted:\n${run.stdout}`);
      }
    });
  }
});
