// OpenID Connect sign-in for the dashboard: authorization code with PKCE (S256) against the issuer the admin service
// names, as a public client (no secret). The access token is returned to the caller and kept in memory only. One thing
// must outlive the round trip to the issuer, the PKCE verifier with its state: it waits in sessionStorage (this tab
// only) for the seconds the issuer takes, and is removed before the code is exchanged, so once signed in the browser's
// storage holds nothing (a verifier alone, without the code, is worth nothing either).
// No imports: the unit tests load this module as it is.

export interface OidcConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

export interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

export interface OidcTokens {
  accessToken: string;
  /** Milliseconds since the epoch, when the issuer said (expires_in). */
  expiresAt: number | null;
  returnTo: string;
}

/** Where the issuer sends the browser back: one fixed path, the one to register as the client's redirect URI. */
export const callbackPath = '/auth/callback';
const pendingKey = 'aispm.oidc.pending';

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: 43 characters, inside PKCE's 43-128 and its unreserved alphabet. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier (RFC 7636 4.2). */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

const trim = (url: string) => url.replace(/\/+$/, '');

/** The issuer's discovery document; refused when it names another issuer (OIDC Discovery 4.3). */
export async function discover(issuer: string, fetcher: typeof fetch = fetch): Promise<Discovery> {
  const res = await fetcher(trim(issuer) + '/.well-known/openid-configuration', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`The issuer's discovery document answered HTTP ${res.status}.`);
  const doc = (await res.json()) as Partial<Discovery>;
  if (typeof doc.issuer !== 'string' || trim(doc.issuer) !== trim(issuer)) throw new Error(`The discovery document names another issuer (${String(doc.issuer)}).`);
  if (typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') throw new Error('The discovery document lacks its endpoints.');
  return { issuer: doc.issuer, authorization_endpoint: doc.authorization_endpoint, token_endpoint: doc.token_endpoint };
}

export function authorizeUrl(discovery: Discovery, config: OidcConfig, redirectUri: string, state: string, challenge: string): string {
  const url = new URL(discovery.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/**
 * What the issuer's redirect carries, checked against what this tab sent: the state must match, and an `iss`
 * parameter, when sent (RFC 9207), must name the issuer (a mix-up defence). Returns the code or throws.
 */
export function readCallback(search: string, pending: Pending | null, issuer: string): string {
  const p = new URLSearchParams(search);
  const error = p.get('error');
  if (error) throw new Error(`The issuer refused the sign-in: ${p.get('error_description') ?? error}.`);
  if (!pending || p.get('state') !== pending.state) throw new Error('This sign-in answer was not started by this tab (state mismatch); sign in again.');
  const iss = p.get('iss');
  if (iss !== null && trim(iss) !== trim(issuer)) throw new Error(`The sign-in answer came from another issuer (${iss}).`);
  const code = p.get('code');
  if (!code) throw new Error('The sign-in answer has no code.');
  return code;
}

export function isCallback(): boolean {
  return window.location.pathname === callbackPath;
}

/** Sends the browser to the issuer; resolves never (the page is leaving). */
export async function beginSignIn(config: OidcConfig, returnTo: string): Promise<never> {
  const discovery = await discover(config.issuer);
  const pending: Pending = { state: randomToken(), verifier: randomToken(), returnTo };
  window.sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  window.location.assign(authorizeUrl(discovery, config, window.location.origin + callbackPath, pending.state, await challengeOf(pending.verifier)));
  return new Promise<never>(() => {});
}

function takePending(): Pending | null {
  const raw = window.sessionStorage.getItem(pendingKey);
  window.sessionStorage.removeItem(pendingKey);
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Pending;
    // Back to a path of this origin only ("//host" would be another origin).
    return { ...p, returnTo: safeReturn(p.returnTo) };
  } catch {
    return null;
  }
}

export function safeReturn(path: unknown): string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}

/** On the callback page: checks the answer, exchanges the code (with the verifier) and leaves the callback URL. */
export async function completeSignIn(config: OidcConfig): Promise<OidcTokens> {
  const pending = takePending();
  const search = window.location.search;
  // The code leaves the address bar and history whatever happens next: it is single-use and now spent or refused.
  window.history.replaceState(null, '', pending?.returnTo ?? '/');
  const code = readCallback(search, pending, config.issuer);
  const discovery = await discover(config.issuer);
  const res = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: window.location.origin + callbackPath,
      client_id: config.clientId,
      code_verifier: pending!.verifier,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!res.ok || typeof body.access_token !== 'string') {
    throw new Error(`The issuer did not give a token: ${body.error_description ?? body.error ?? 'HTTP ' + res.status}.`);
  }
  return {
    accessToken: body.access_token,
    expiresAt: typeof body.expires_in === 'number' ? Date.now() + body.expires_in * 1000 : null,
    returnTo: pending!.returnTo,
  };
}
