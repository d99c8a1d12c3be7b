import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { Me, Session } from '../api/types';

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

type Phase = { kind: 'signing-in' } | { kind: 'signed-out'; reason: string } | { kind: 'signed-in'; session: SessionState };

/** Reads the one-time code from the URL fragment (#code=...) and removes it from the address bar and history. */
function takeCodeFromUrl(): string | null {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const code = hash.get('code');
  if (code) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return code;
}

/** Exchanges the URL's code (or, without one, asks who we are: that works only with auth off). */
async function signIn(): Promise<SessionState> {
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

// The code is single-use: one exchange per page load, however often the effect runs (StrictMode runs it twice).
let signingIn: Promise<SessionState> | null = null;

/**
 * Signs the browser in: under local auth with the code from the `dashboard:` URL (exchanged once for the token);
 * when the admin runs without auth, straight in. The token stays in this component's state: a reload signs out.
 */
export function SessionProvider({ children, signedOut }: { children: ReactNode; signedOut: (reason: string) => ReactNode }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'signing-in' });
  const signOut = useCallback(() => setPhase({ kind: 'signed-out', reason: 'Signed out.' }), []);
  const expire = useCallback(() => setPhase({ kind: 'signed-out', reason: 'The session expired or was refused (401).' }), []);

  useEffect(() => {
    let cancelled = false;
    signingIn ??= signIn();
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
  if (phase.kind === 'signed-out' || !value) return <>{signedOut(phase.kind === 'signed-out' ? phase.reason : '')}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
