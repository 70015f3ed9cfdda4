// The claims of a token as the workspace reads them to choose its screens (no DOM here, so Node
// tests read it too): a dev token's lists are arrays, a Cognito access token's are JSON text, as
// the user pool's trigger writes them (docs/adr/0073-workspace-sign-in.md). Nothing here is
// trusted for access: the API verifies the token itself on every request.

import { CLAIM } from '../../functions/adapters/http/claim-names.js';

export { CLAIM };

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
