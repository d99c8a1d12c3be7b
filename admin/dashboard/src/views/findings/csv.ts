import type { Finding } from '../../api/types';

const csvColumns = ['id', 'type', 'title', 'category', 'severity', 'status', 'principal', 'keyAlias', 'team', 'count', 'firstSeen', 'lastSeen', 'ruleIds', 'models', 'statusReason', 'statusBy', 'statusAt'] as const;

function csvCell(v: unknown): string {
  const s = Array.isArray(v) ? v.join(' ') : v === null || v === undefined ? '' : String(v);
  // Quote everything; a leading formula character is neutralised so a spreadsheet does not run it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function toCsv(items: readonly Finding[]): string {
  const lines = [csvColumns.join(',')];
  for (const f of items) lines.push(csvColumns.map((c) => csvCell(f[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}
