import type { Problem } from './types';

/** An HTTP error from the admin API, with its problem document when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

export interface ApiResult<T> {
  data: T;
  etag: string | null;
}

/** The token lives in the session's React state only; the client is built from it, never from storage. */
export class ApiClient {
  constructor(
    private readonly token: string | null,
    private readonly onUnauthorized: () => void,
  ) {}

  headers(extra?: Record<string, string>): Record<string, string> {
    return { ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async send<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<ApiResult<T>> {
    const init: RequestInit = { method, headers: this.headers(body === undefined ? extraHeaders : { 'Content-Type': 'application/json', ...extraHeaders }) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(path, init);
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok) {
      let problem: Problem | null = null;
      try {
        problem = (await res.json()) as Problem;
      } catch {
        problem = null;
      }
      throw new ApiError(res.status, problem);
    }
    // 204 (a delete) has no body to read.
    return { data: (res.status === 204 ? undefined : await res.json()) as T, etag: res.headers.get('ETag') };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.send<T>('GET', path)).data;
  }
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** An error's message with a validation problem's field errors ("rego: ..."), when the API sent them. */
export function errorText(error: Error): string {
  if (!(error instanceof ApiError) || !error.problem) return error.message;
  const problem: object = error.problem;
  const errors = 'errors' in problem && typeof problem.errors === 'object' && problem.errors !== null ? (problem.errors as Record<string, unknown>) : {};
  const fields = Object.entries(errors).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join('; ') : String(v)}`);
  return [error.message, ...fields].join('\n');
}
