// Who is signed in: the token the sign-in page handed back (`#token=<jwt>`), kept for the tab only
// (sessionStorage), and what its claims say. The page reads the claims to choose its screens; the
// API verifies the token itself on every request, so nothing here is trusted for access.

import { type Session, sessionOf } from './token-claims.js';

export { CLAIM, type Session, sessionOf } from './token-claims.js';

const TOKEN_KEY = 'naseej.workspace.token';

/** Takes a token handed back in the address (`#token=`) out of it, keeps it for the tab, and answers the session. */
export const restoreSession = (): Session | undefined => {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return undefined;
  const session = sessionOf(token, Date.now() / 1000);
  if (session === undefined) sessionStorage.removeItem(TOKEN_KEY);
  return session;
};

export const endSession = (): void => sessionStorage.removeItem(TOKEN_KEY);
