import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { RegionCode } from '../events/reference.js';
import { CLAIM, type HttpRole, type PartnerScope } from '../functions/http/claims.js';

/** The local issuer and audience; the deployed API uses the real OIDC provider's. */
export const DEV_ISSUER = 'https://auth.naseej.local';
export const DEV_AUDIENCE = 'naseej-api';
/** The file (in the key folder) that keeps the local signing key between runs. */
export const DEV_KEY_FILE = 'dev-signing-key.json';

const ALGORITHM = 'ES256';

export interface DevAuthOptions {
  /** Where the key pair is kept; without it, a fresh key lives in memory only. */
  readonly folder?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** The clock tokens are minted and checked against (seconds are what JWTs count). */
  readonly clock?: () => Date;
}

/** What a dev token says: who, which roles and, for scoped roles, which regions or partner scope. */
export interface DevTokenRequest {
  readonly subject: string;
  readonly roles: readonly HttpRole[];
  readonly regions?: readonly RegionCode[];
  readonly partner?: PartnerScope;
  /** Lifetime in seconds (default one hour); negative mints an already expired token, for tests. */
  readonly expiresInSeconds?: number;
  /** When the token says it was issued (default now), for tests of tokens dated otherwise. */
  readonly issuedAt?: Date;
  readonly issuer?: string;
  readonly audience?: string;
}

/** A token for each role, as the local runtime prints them (coordinator of FM, partner of one rollout). */
export const DEV_PRINCIPALS: Readonly<Record<HttpRole, DevTokenRequest>> = {
  ministry: { subject: 'dev-ministry-1', roles: ['ministry'] },
  coordinator: { subject: 'dev-coordinator-fm', roles: ['coordinator'], regions: ['FM'] },
  'committee-member': { subject: 'dev-committee-member-1', roles: ['committee-member'] },
  partner: {
    subject: 'dev-partner-amsed',
    roles: ['partner'],
    partner: { associationId: 'assoc-amsed', rolloutId: 'rollout-FM-2026' },
  },
  'finance-preparer': { subject: 'dev-finance-preparer-1', roles: ['finance-preparer'] },
  'finance-approver': { subject: 'dev-finance-approver-1', roles: ['finance-approver'] },
  'finance-payer': { subject: 'dev-finance-payer-1', roles: ['finance-payer'] },
  reader: { subject: 'dev-reader-1', roles: ['reader'] },
  wali: { subject: 'dev-wali-fm', roles: ['wali'], regions: ['FM'] },
  'regional-council': { subject: 'dev-regional-council-fm', roles: ['regional-council'], regions: ['FM'] },
};

/**
 * Why a token is refused, as far as its bearer may be told: it expired, it was not issued for this
 * server (another key, issuer or audience), or it is unusable. Nothing more is said.
 */
export type TokenRefusal = 'expired' | 'foreign' | 'invalid';

/**
 * Reads a jose verification error as a `TokenRefusal`. jose checks the claims only once the
 * signature holds, so only a token this server signed is ever called expired.
 */
export const tokenRefusalOf = (error: unknown): TokenRefusal => {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'foreign';
  if (error instanceof errors.JWTClaimValidationFailed && (error.claim === 'iss' || error.claim === 'aud')) {
    return 'foreign';
  }
  return 'invalid';
};

const loadOrCreatePrivateJwk = async (folder: string | undefined): Promise<JWK> => {
  const path = folder === undefined ? undefined : join(folder, DEV_KEY_FILE);
  if (path !== undefined) {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as JWK;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const privateJwk: JWK = { ...jwk, alg: ALGORITHM, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
  if (path !== undefined && folder !== undefined) {
    await mkdir(folder, { recursive: true });
    await writeFile(path, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
  }
  return privateJwk;
};

/**
 * The local identity provider: an ES256 key pair (created once, or loaded from a folder), its
 * JWKS, token minting per role, and verification with jose (signature, issuer, audience, expiry),
 * as the HTTP API's JWT authorizer does on AWS.
 */
export class DevAuth {
  readonly issuer: string;
  readonly audience: string;
  readonly #privateJwk: JWK;
  readonly #publicJwk: JWK;
  readonly #clock: () => Date;
  /**
   * Made once: a key set caches the keys it has imported, and the signing key is imported once,
   * so that a token costs a signature (or its check) and not a key import too.
   */
  readonly #keySet: ReturnType<typeof createLocalJWKSet>;
  #signingKey: ReturnType<typeof importJWK> | undefined;

  private constructor(privateJwk: JWK, options: DevAuthOptions) {
    this.issuer = options.issuer ?? DEV_ISSUER;
    this.audience = options.audience ?? DEV_AUDIENCE;
    this.#privateJwk = privateJwk;
    const { d: _private, ...publicJwk } = privateJwk;
    this.#publicJwk = publicJwk;
    this.#clock = options.clock ?? (() => new Date());
    this.#keySet = createLocalJWKSet(this.jwks());
  }

  /** Creates the key pair, or loads it from `options.folder` when it was created before. */
  static async create(options: DevAuthOptions = {}): Promise<DevAuth> {
    return new DevAuth(await loadOrCreatePrivateJwk(options.folder), options);
  }

  /** The public keys, as `/.well-known/jwks.json` would serve them. */
  jwks(): JSONWebKeySet {
    return { keys: [{ ...this.#publicJwk }] };
  }

  /** Mints a signed token for a principal. */
  async mint(request: DevTokenRequest): Promise<string> {
    const now = Math.floor((request.issuedAt ?? this.#clock()).getTime() / 1000);
    const claims: JWTPayload = { [CLAIM.roles]: [...request.roles] };
    if (request.regions !== undefined) claims[CLAIM.regions] = [...request.regions];
    if (request.partner !== undefined) {
      claims[CLAIM.association] = request.partner.associationId;
      claims[CLAIM.rollout] = request.partner.rolloutId;
    }
    this.#signingKey ??= importJWK(this.#privateJwk, ALGORITHM);
    const key = await this.#signingKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: this.#privateJwk.kid ?? '', typ: 'JWT' })
      .setSubject(request.subject)
      .setIssuer(request.issuer ?? this.issuer)
      .setAudience(request.audience ?? this.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (request.expiresInSeconds ?? 3600))
      .sign(key);
  }

  /** One token per role (see `DEV_PRINCIPALS`), for the local runtime to print. */
  async mintDevTokens(): Promise<Record<HttpRole, string>> {
    const entries = await Promise.all(
      Object.entries(DEV_PRINCIPALS).map(
        async ([role, request]) => [role, await this.mint(request)] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<HttpRole, string>;
  }

  /** Why `verify` refused a token (see `tokenRefusalOf`). */
  refusalOf(error: unknown): TokenRefusal {
    return tokenRefusalOf(error);
  }

  /** Verifies a token (ES256 signature, issuer, audience, expiry) and returns its claims; throws otherwise. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.#keySet, {
      issuer: this.issuer,
      audience: this.audience,
      algorithms: [ALGORITHM],
      currentDate: this.#clock(),
      requiredClaims: ['sub', 'exp'],
    });
    return payload;
  }
}
