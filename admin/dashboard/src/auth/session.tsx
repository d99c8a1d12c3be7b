import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { AuthConfig, Me, Session } from '../api/types';
import { beginSignIn, completeSignIn, isCallback, type OidcConfig } from './oidc';

export type Role = 'viewer' | 'analyst' | 'admin';

interface SessionState {
  token: string | null;
  user: string;
  roles: readonly string[];
}

interface SessionValue {
  api: ApiClient;
  user: string;
  /** True when the session's roles include this one (roles include the ones below them). */
  can: (role: Role) => boolean;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** Why the browser is signed out, and the way back in when there is one (OIDC: through the issuer again). */
export interface SignedOutState {
  reason: string;
  signIn: (() => void) | null;
}

type Phase = { kind: 'signing-in' } | { kind: 'signed-out'; reason: string } | { kind: 'signed-in'; session: SessionState };

/** Reads the one-time code from the URL fragment (#code=...) and removes it from the address bar and history. */
function takeCodeFromUrl(): string | null {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const code = hash.get('code');
  if (code) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return code;
}

function oidcConfig(config: AuthConfig): OidcConfig {
  if (!config.issuer || !config.clientId) {
    throw new Error('The admin service uses OIDC but names no dashboard client (auth:dashboardClientId); the dashboard cannot sign in.');
  }
  return { issuer: config.issuer, clientId: config.clientId, scope: config.scope ?? 'openid' };
}

/** Who the token stands for, by the admin service's own reading of it (roles come from its group mapping). */
async function whoIs(token: string): Promise<SessionState> {
  try {
    const me = await new ApiClient(token, () => {}).get<Me>('/spm/api/me');
    return { token, user: me.user, roles: me.roles };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      throw new Error('You are signed in, but your groups give you no AiSpm role (viewer, analyst or admin). Ask an admin to map one of your groups in auth:groupRoles.');
    }
    throw e;
  }
}

/**
 * Signs the browser in by the admin service's auth mode: OIDC (back from the issuer with a code, or off to it),
 * local (the code from the `dashboard:` URL, exchanged once for the token), or off (straight in).
 */
async function signIn(config: AuthConfig): Promise<SessionState> {
  if (config.mode === 'oidc') {
    const oidc = oidcConfig(config);
    if (!isCallback()) return beginSignIn(oidc, window.location.pathname + window.location.search);
    const tokens = await completeSignIn(oidc);
    return whoIs(tokens.accessToken);
  }
  const code = takeCodeFromUrl();
  const anonymous = new ApiClient(null, () => {});
  try {
    if (code) {
      const s = await anonymous.send<Session>('POST', '/spm/api/session', { code });
      return { token: s.data.token, user: s.data.user, roles: s.data.roles };
    }
    const me = await anonymous.get<Me>('/spm/api/me');
    return { token: null, user: me.user, roles: me.roles };
  } catch (e) {
    throw new Error(
      e instanceof ApiError && e.status === 401 && code
        ? 'This sign-in link was already used or has expired. Run ./aispm dashboard for a new one.'
        : 'Open the dashboard through the link the admin service printed (the "dashboard:" line of ./aispm up).',
    );
  }
}

async function loadConfig(): Promise<AuthConfig> {
  try {
    return await new ApiClient(null, () => {}).get<AuthConfig>('/spm/api/auth/config');
  } catch (e) {
    throw new Error(`The admin service did not say how to sign in (${e instanceof Error ? e.message : String(e)}).`);
  }
}

// The local code is single-use and an OIDC code too: one attempt per page load, however often the effect runs
// (StrictMode runs it twice).
let configLoad: Promise<AuthConfig> | null = null;
let signingIn: Promise<SessionState> | null = null;

/**
 * The session: the token stays in this component's state only (a reload signs out, and under OIDC signs straight back
 * in through the issuer's own session).
 */
export function SessionProvider({ children, signedOut }: { children: ReactNode; signedOut: (state: SignedOutState) => ReactNode }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'signing-in' });
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const signOut = useCallback(() => setPhase({ kind: 'signed-out', reason: 'Signed out.' }), []);
  const expire = useCallback(() => setPhase({ kind: 'signed-out', reason: 'The session expired or was refused (401).' }), []);

  useEffect(() => {
    let cancelled = false;
    configLoad ??= loadConfig();
    signingIn ??= configLoad.then(signIn);
    configLoad.then((c) => !cancelled && setConfig(c), () => {});
    signingIn.then(
      (session) => !cancelled && setPhase({ kind: 'signed-in', session }),
      (e: unknown) => !cancelled && setPhase({ kind: 'signed-out', reason: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const value = useMemo<SessionValue | null>(() => {
    if (phase.kind !== 'signed-in') return null;
    const { token, user, roles } = phase.session;
    return { api: new ApiClient(token, expire), user, can: (role) => roles.includes(role), signOut };
  }, [phase, expire, signOut]);

  if (phase.kind === 'signing-in') return null;
  if (phase.kind === 'signed-out' || !value) {
    const again =
      config?.mode === 'oidc' && config.issuer && config.clientId
        ? () => {
            const oidc = oidcConfig(config);
            const here = isCallback() ? '/' : window.location.pathname + window.location.search;
            beginSignIn(oidc, here).catch((e: unknown) => setPhase({ kind: 'signed-out', reason: e instanceof Error ? e.message : String(e) }));
          }
        : null;
    return <>{signedOut({ reason: phase.kind === 'signed-out' ? phase.reason : '', signIn: again })}</>;
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
