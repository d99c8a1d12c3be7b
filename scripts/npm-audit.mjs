// npm audit --omit=dev for one shipped JavaScript package folder, for ./aispm test.
// Exit 1 only on real advisories. An audit endpoint that does not answer (offline, or a registry mirror that refuses
// the bulk advisory POST with 405, as the build machines' does) is reported as a warning and exits 0: an unreachable
// service says nothing about the packages, and failing on it would make every offline run red.
// Usage: node scripts/npm-audit.mjs DIR
import { spawnSync } from 'node:child_process';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/npm-audit.mjs DIR');
  process.exit(2);
}

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = {};
}

const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? report?.error?.summary ?? (run.stderr || run.error?.message || 'no answer').trim().split('\n')[0];
  console.warn(`npm audit: ${dir}: the audit endpoint did not answer (${why}); not audited`);
  process.exit(0);
}

const levels = Object.entries(counts).filter(([k, n]) => k !== 'total' && n > 0);
const total = levels.reduce((a, [, n]) => a + n, 0);
if (total === 0) {
  console.log(`npm audit: ${dir}: no advisories`);
  process.exit(0);
}

console.error(`npm audit: ${dir}: ${total} advisories (${levels.map(([k, n]) => `${n} ${k}`).join(', ')})`);
for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
  console.error(`  ${name} ${v.range ?? ''} (${v.severity})`);
}
process.exit(1);
