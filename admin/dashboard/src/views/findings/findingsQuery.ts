import type { ApiClient } from '../../api/client';
import { query } from '../../api/client';
import type { Finding, FindingPage } from '../../api/types';
export { toCsv } from './csv';

/** The filters the admin API applies server-side; they live in the URL so a link reproduces the view. */
export const serverFilters = ['status', 'severity', 'type'] as const;
export type ServerFilter = (typeof serverFilters)[number];

/** The part of the URL a saved view keeps: every filter (the page's text search too), not the page cursor. */
export function savedQuery(params: URLSearchParams): string {
  const p = new URLSearchParams(params);
  p.delete('cursor');
  p.sort();
  return p.toString();
}

export function findingsPath(params: URLSearchParams, limit: number, cursor?: string | null): string {
  const p: Record<string, string | number | null> = { limit, cursor: cursor ?? null };
  for (const f of serverFilters) p[f] = params.get(f);
  return '/spm/api/findings' + query(p);
}

/** Every finding of the current filter, page by page, for export (bounded so a click cannot run away). */
export async function allFindings(api: ApiClient, params: URLSearchParams, maxPages = 100): Promise<Finding[]> {
  const out: Finding[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: FindingPage = await api.get<FindingPage>(findingsPath(params, 1000, cursor));
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
