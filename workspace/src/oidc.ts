// Signing in on AWS: the OAuth 2.0 authorization code flow with PKCE (RFC 7636, S256) against the
// user pool's managed login (docs/adr/0073-workspace-sign-in.md decision 5, docs/adr/0076-workspace-pkce-sign-in.md).
// The workspace is a public client (no secret): it sends the person to `authorizeUrl` with a
// challenge and a state, gets `?code=&state=` back at its redirect URI, and exchanges the code at
// `tokenUrl` with the verifier only it holds. Tokens are kept in memory only (never in storage):
// a reload signs in again through the managed login's own session. Only the verifier and the
// state cross the redirect, in sessionStorage, and are removed when the person comes back.
// Nothing here reads the DOM, so the unit tests run it in Node against a real local server.

/** What the deployment writes into the workspace's config.json (infra/constructs/dashboard-site.ts). */
export interface CognitoConfig {
  readonly clientId: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly logoutUrl: string;
  readonly redirectUri: string;
  readonly logoutUri: string;
  readonly scopes: readonly string[];
  /** Cognito's revocation endpoint; by default `<domain>/oauth2/revoke`, next to the token endpoint. */
  readonly revokeUrl?: string;
}

/** The tokens of a signed-in person, as the token endpoint answers them. */
export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string | undefined;
  /** Absent from a refresh's answer: the refresh token stays the one first issued. */
  readonly refreshToken: string | undefined;
  /** Seconds since the epoch, from `expires_in` at the time of the answer. */
  readonly expiresAt: number;
}

export class SignInError extends Error {
  /** The OAuth error code (`invalid_grant`, …), or `state_mismatch` / `no_pending_sign_in` / `http_<status>`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Where the verifier and state wait during the redirect (the tab's sessionStorage in the browser). */
export interface PendingStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PENDING_KEY = 'naseej.workspace.pkce';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const base64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};

/** A random string of the URL-safe alphabet from `byteCount` random bytes (32 bytes: 43 characters). */
export const randomToken = (byteCount = 32): string => {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  return base64Url(bytes);
};

/**
 * A PKCE code verifier: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 section 4.1);
 * 32 random bytes in base64url, as the RFC recommends.
 */
export const createVerifier = (): string => randomToken(32);

/** The S256 challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))) (RFC 7636 section 4.2). */
export const challengeOf = async (verifier: string): Promise<string> => {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new SignInError('invalid_verifier', 'A code verifier is 43 to 128 unreserved characters');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
};

/** The managed login's address for this sign-in: the client, the redirect, the scopes, the state and the S256 challenge. */
export const authorizeUrlOf = (
  config: CognitoConfig,
  request: { readonly state: string; readonly challenge: string; readonly language?: string },
): string => {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', request.state);
  url.searchParams.set('code_challenge', request.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  // Managed login shows its pages in this language when it has it.
  if (request.language !== undefined) url.searchParams.set('lang', request.language);
  return url.toString();
};

/** Starts a sign-in: keeps a fresh verifier and state for the return, and answers where to send the person. */
export const beginSignIn = async (
  config: CognitoConfig,
  store: PendingStore,
  language?: string,
): Promise<string> => {
  const verifier = createVerifier();
  const state = randomToken(16);
  store.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  return authorizeUrlOf(config, {
    state,
    challenge: await challengeOf(verifier),
    ...(language === undefined ? {} : { language }),
  });
};

const tokensOf = async (response: Response, nowSeconds: number): Promise<Tokens> => {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    throw new SignInError(code, typeof body.error_description === 'string' ? body.error_description : code);
  }
  if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
    throw new SignInError('invalid_response', 'The token endpoint answered no access token');
  }
  return {
    accessToken: body.access_token,
    idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: nowSeconds + body.expires_in,
  };
};

const postForm = (fetcher: Fetch, url: string, form: Record<string, string>) =>
  fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });

/** Exchanges an authorization code for tokens, proving the sign-in began here with the verifier. */
export const exchangeCode = async (
  config: CognitoConfig,
  code: string,
  verifier: string,
  options: { readonly fetch?: Fetch; readonly nowSeconds?: number } = {},
): Promise<Tokens> =>
  tokensOf(
    await postForm(options.fetch ?? fetch, config.tokenUrl, {
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }),
    options.nowSeconds ?? Math.floor(Date.now() / 1000),
  );

/**
 * Completes a sign-in from the address the managed login sent the person back to: the state must
 * be the one this tab sent (else another site started it), the code is exchanged once, and the
 * pending verifier is removed whatever happens. Undefined when the address carries no answer.
 */
export const completeSignIn = async (
  config: CognitoConfig,
  address: string,
  store: PendingStore,
  options: { readonly fetch?: Fetch; readonly nowSeconds?: number } = {},
): Promise<Tokens | undefined> => {
  const params = new URL(address).searchParams;
  const code = params.get('code');
  const error = params.get('error');
  if (code === null && error === null) return undefined;
  const pending = store.getItem(PENDING_KEY);
  store.removeItem(PENDING_KEY);
  if (error !== null) throw new SignInError(error, params.get('error_description') ?? error);
  if (pending === null) throw new SignInError('no_pending_sign_in', 'No sign-in was started in this tab');
  const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
  if (params.get('state') !== state) {
    throw new SignInError('state_mismatch', 'The answer is not for the sign-in this tab started');
  }
  return exchangeCode(config, code as string, verifier, options);
};

/** New tokens from the refresh token (Cognito answers no new refresh token: the first one is kept). */
export const refreshTokens = async (
  config: CognitoConfig,
  refreshToken: string,
  options: { readonly fetch?: Fetch; readonly nowSeconds?: number } = {},
): Promise<Tokens> => {
  const tokens = await tokensOf(
    await postForm(options.fetch ?? fetch, config.tokenUrl, {
      grant_type: 'refresh_token',
      client_id: config.clientId,
      refresh_token: refreshToken,
    }),
    options.nowSeconds ?? Math.floor(Date.now() / 1000),
  );
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
};

/** Seconds before the access token expires at which it is refreshed. */
export const REFRESH_MARGIN_SECONDS = 120;

/** How long to wait before refreshing tokens expiring at `expiresAt` (never negative). */
export const refreshDelayMs = (expiresAt: number, nowSeconds: number): number =>
  Math.max(0, (expiresAt - REFRESH_MARGIN_SECONDS - nowSeconds) * 1000);

/** Revokes the refresh token (and the access tokens it issued), so a sign-out holds at once. */
export const revokeRefreshToken = async (
  config: CognitoConfig,
  refreshToken: string,
  options: { readonly fetch?: Fetch } = {},
): Promise<void> => {
  const url = config.revokeUrl ?? config.tokenUrl.replace(/\/oauth2\/token$/, '/oauth2/revoke');
  const response = await postForm(options.fetch ?? fetch, url, {
    token: refreshToken,
    client_id: config.clientId,
  });
  if (!response.ok) throw new SignInError(`http_${response.status}`, 'The refresh token was not revoked');
};

/** The managed login's sign-out address, coming back to the workspace. */
export const logoutUrlOf = (config: CognitoConfig): string => {
  const url = new URL(config.logoutUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('logout_uri', config.logoutUri);
  return url.toString();
};
