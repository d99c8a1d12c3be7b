// Both Dockerfiles: pinned bases, a non-root user, a health check that really asks the health endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { healthcheckCommand, isPinned, parseDockerfile } from '../lib/dockerfile.mjs';
import { repoRoot } from '../lib/paths.mjs';

const images = {
  'Dockerfile.aot': { port: 8080, health: '/healthz' },
  'Dockerfile.admin': { port: 8090, health: '/spm/health' },
};

test('the pin check tells exact tags and digests from floating tags', () => {
  assert.ok(isPinned('mcr.microsoft.com/dotnet/aspnet:10.0.12-noble'));
  assert.ok(isPinned(`node@sha256:${'a'.repeat(64)}`));
  for (const floating of ['node', 'node:latest', 'mcr.microsoft.com/dotnet/sdk:10.0-noble', 'node:22-bookworm-slim']) {
    assert.ok(!isPinned(floating), floating);
  }
});

for (const [file, expected] of Object.entries(images)) {
  const stages = parseDockerfile(join(repoRoot, file));
  const final = stages.at(-1);

  test(`${file}: multi-stage, every base image pinned, every COPY --from names a stage`, () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    const names = new Set(stages.map((s) => s.name));
    for (const s of stages) assert.ok(isPinned(s.image) || names.has(s.image), `FROM ${s.image} is not pinned`);
    for (const s of stages) {
      for (const i of s.instructions.filter((x) => x.instruction === 'COPY')) {
        const from = /--from=(\S+)/.exec(i.args)?.[1];
        if (from) assert.ok(names.has(from), `COPY --from=${from}: no such stage`);
      }
      assert.ok(!s.instructions.some((i) => i.instruction === 'ADD' && /https?:/.test(i.args)), 'no ADD of a URL');
    }
  });

  test(`${file}: the final stage runs as a non-root user`, () => {
    const users = final.instructions.filter((i) => i.instruction === 'USER');
    assert.ok(users.length > 0, 'USER missing in the final stage');
    assert.doesNotMatch(users.at(-1).args, /^(root|0)(:|$)/);
  });

  test(`${file}: exposes its port and checks ${expected.health}`, () => {
    assert.ok(final.instructions.some((i) => i.instruction === 'EXPOSE' && i.args.split(/\s+/).includes(String(expected.port))));
    const cmd = healthcheckCommand(final);
    assert.ok(cmd, 'HEALTHCHECK CMD [...] missing');
    assert.ok(cmd.join(' ').includes(`/${expected.port}`) && cmd.join(' ').includes(expected.health));
  });

  test(`${file}: the health check command passes on 200 and fails on 503 or no listener`, async () => {
    // Run the image's own command against a local server on a free port (bash's /dev/tcp, as in the image).
    const run = async (status) => {
      const server = createServer((req, res) => {
        res.writeHead(req.url === expected.health ? status : 404);
        res.end('x');
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const port = server.address().port;
      const cmd = healthcheckCommand(final).map((a) => a.replace(`/${expected.port}`, `/${port}`));
      try {
        // Asynchronous, so this process's server can answer while the command waits.
        return await new Promise((resolve) => {
          spawn(cmd[0], cmd.slice(1), { stdio: 'ignore', timeout: 5000 }).on('exit', resolve);
        });
      } finally {
        server.close();
      }
    };
    assert.equal(await run(200), 0);
    assert.notEqual(await run(503), 0);
  });
}

test('Dockerfile.admin puts the built dashboard in the image when the checkout has one', () => {
  const stages = parseDockerfile(join(repoRoot, 'Dockerfile.admin'));
  const copies = stages.at(-1).instructions.filter((i) => i.instruction === 'COPY').map((i) => i.args);
  assert.ok(copies.some((c) => c.includes('--from=dashboard') && c.includes('admin/dashboard/dist')));
  const build = stages.find((s) => s.name === 'dashboard').instructions.map((i) => i.args).join('\n');
  assert.match(build, /npm ci/);
  assert.ok(existsSync(join(repoRoot, 'Dockerfile.admin.dockerignore')));
});

test('no health check answers 200 without a listener', () => {
  const cmd = healthcheckCommand(parseDockerfile(join(repoRoot, 'Dockerfile.admin')).at(-1)).map((a) => a.replace('/8090', '/1'));
  assert.notEqual(spawnSync(cmd[0], cmd.slice(1), { stdio: 'ignore', timeout: 5000 }).status, 0);
});
