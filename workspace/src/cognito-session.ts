import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  beginSignIn,
  type CognitoConfig,
  completeSignIn,
  logoutUrlOf,
  refreshDelayMs,
  refreshTokens,
  revokeRefreshToken,
  type Tokens,
} from './oidc.js';
import { type Session, sessionOf } from './session.js';

// The workspace's session on AWS (docs/adr/0076-workspace-pkce-sign-in.md): the tokens of the
// authorization code flow, in memory only (this hook's state, never storage), the session read
// from the access token, a refresh two minutes before it expires, and the sign-out (the refresh
// token revoked, then the managed login's logout). Locally, with no `cognito` in config.json, the
// dev sign-in's `#token=` is used instead (session.ts).

export interface CognitoSession {
  readonly session: Session | undefined;
  /** Why the last sign-in failed (an OAuth error code), if it did. */
  readonly failure: string | undefined;
  /** The access token now (refreshed in place). */
  readonly token: () => string;
  signIn(language: string): Promise<void>;
  signOut(): Promise<void>;
  /** The API refused the token: forget it. */
  end(): void;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export const useCognitoSession = (config: CognitoConfig | undefined): CognitoSession | undefined => {
  const [tokens, setTokens] = useState<Tokens | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const current = useRef<Tokens | undefined>(undefined);
  current.current = tokens;
  // Back from the managed login: `?code=&state=` (or `?error=`) in the address.
  useEffect(() => {
    if (config === undefined) return;
    completeSignIn(config, location.href, sessionStorage)
      .then((answer) => {
        if (answer !== undefined) setTokens(answer);
      })
      .catch((error: unknown) =>
        setFailure(error instanceof Error && 'code' in error ? String(error.code) : 'failed'),
      )
      .finally(() => {
        const url = new URL(location.href);
        if (url.searchParams.has('code') || url.searchParams.has('error')) {
          history.replaceState(null, '', url.pathname);
        }
      });
  }, [config]);
  // Refreshed before it expires; a refused refresh ends the session.
  useEffect(() => {
    if (config === undefined || tokens?.refreshToken === undefined) return;
    const refreshToken = tokens.refreshToken;
    const timer = setTimeout(
      () => {
        refreshTokens(config, refreshToken)
          .then(setTokens)
          .catch(() => {
            setTokens(undefined);
            setFailure('refresh_failed');
          });
      },
      refreshDelayMs(tokens.expiresAt, nowSeconds()),
    );
    return () => clearTimeout(timer);
  }, [config, tokens]);
  const token = useCallback(() => current.current?.accessToken ?? '', []);
  if (config === undefined) return undefined;
  return {
    session: tokens === undefined ? undefined : sessionOf(tokens.accessToken, nowSeconds()),
    failure,
    token,
    signIn: async (language) => {
      location.assign(await beginSignIn(config, sessionStorage, language));
    },
    signOut: async () => {
      const refreshToken = current.current?.refreshToken;
      setTokens(undefined);
      // Best effort: the managed login's logout ends its own session whatever the revocation says.
      if (refreshToken !== undefined) await revokeRefreshToken(config, refreshToken).catch(() => undefined);
      location.assign(logoutUrlOf(config));
    },
    end: () => setTokens(undefined),
  };
};
