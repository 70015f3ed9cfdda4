// Who is signed in: the token the sign-in page handed back (`#token=<jwt>`), kept for the tab only
// (sessionStorage), and what its claims say. The page reads the claims to choose its screens; the
// API verifies the token itself on every request, so nothing here is trusted for access.

export const CLAIM = {
  roles: 'naseej:roles',
  regions: 'naseej:regions',
  association: 'naseej:association',
  rollout: 'naseej:rollout',
} as const;

export interface Session {
  readonly token: string;
  readonly subject: string;
  readonly roles: readonly string[];
  readonly regions: readonly string[];
  readonly associationId: string | undefined;
  readonly rolloutId: string | undefined;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const TOKEN_KEY = 'naseej.workspace.token';

const decodePart = (part: string): unknown => {
  const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
};

/** A list claim: an array (dev tokens), or a list as JSON text, as the user pool's trigger writes it (docs/adr/0073-workspace-sign-in.md). */
const asList = (value: unknown): string[] => {
  let items = value;
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      items = JSON.parse(value);
    } catch {
      items = undefined;
    }
  }
  return Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [];
};

const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The session a token describes, or undefined when it is unreadable or expired at `nowSeconds`. */
export const sessionOf = (token: string, nowSeconds: number): Session | undefined => {
  try {
    const claims = decodePart(token.split('.')[1] ?? '') as Record<string, unknown>;
    const expiresAt = typeof claims.exp === 'number' ? claims.exp : 0;
    if (typeof claims.sub !== 'string' || expiresAt <= nowSeconds) return undefined;
    return {
      token,
      subject: claims.sub,
      roles: asList(claims[CLAIM.roles]),
      regions: asList(claims[CLAIM.regions]),
      associationId: asText(claims[CLAIM.association]),
      rolloutId: asText(claims[CLAIM.rollout]),
      expiresAt,
    };
  } catch {
    return undefined;
  }
};

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
