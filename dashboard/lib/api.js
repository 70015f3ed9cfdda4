// Everything the dashboard reads comes through here: the API base URL from config.json (same origin
// when empty, so the page works as served by the local server and as a static site in front of
// the API), and an optional bearer token for the parts that need one (live feed, audit trail).

const TOKEN_KEY = 'naseej.dashboard.token';

/** The deployment's settings: `apiBaseUrl` (default: same origin) and `pollIntervalMs` (default 1000). */
export const loadConfig = async () => {
  let config = {};
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    if (response.ok) config = await response.json();
  } catch {
    // No config.json: the defaults below (same origin) are what the local server needs.
  }
  const apiBaseUrl = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl.replace(/\/+$/, '') : '';
  const pollIntervalMs =
    Number.isInteger(config.pollIntervalMs) && config.pollIntervalMs >= 250 ? config.pollIntervalMs : 1000;
  return { apiBaseUrl, pollIntervalMs, token: typeof config.token === 'string' ? config.token : null };
};

/**
 * The bearer token: one handed over in the address (`#token=…`, which the page then removes from
 * the address bar so it is not bookmarked or shared), else the one kept for this browser session,
 * else the deployment's (config.json), else none (public data only).
 */
export const initialToken = (configToken) => {
  const fromAddress = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromAddress) {
    keepToken(fromAddress);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromAddress;
  }
  try {
    const kept = sessionStorage.getItem(TOKEN_KEY);
    if (kept) return kept;
  } catch {
    // Storage disabled: the token lasts for the page only.
  }
  return configToken;
};

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const jsonOfPart = (part) => {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (char) =>
      char.charCodeAt(0),
    );
    const value = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
};

/**
 * What is wrong with a token before it is kept, as the page can tell (the API checks its signature):
 * `{ problem: null }` when it looks like a JWT still valid at `nowMs`, else the problem, one of
 * `empty`, `parts` (not three base64url parts separated by dots; `parts` says how many),
 * `header` (not JSON naming its `alg`), `payload` (not a JSON object) or `expired` (`expiredAt`).
 */
export const checkToken = (token, nowMs = Date.now()) => {
  if (!token) return { problem: 'empty' };
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
    return { problem: 'parts', parts: parts.length };
  const header = jsonOfPart(parts[0]);
  if (header === null || typeof header.alg !== 'string' || header.alg === '') return { problem: 'header' };
  const payload = jsonOfPart(parts[1]);
  if (payload === null) return { problem: 'payload' };
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= nowMs)
    return { problem: 'expired', expiredAt: new Date(payload.exp * 1000).toISOString() };
  return { problem: null };
};

/** Keeps a token for this browser session (null forgets it). */
export const keepToken = (token) => {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // See initialToken.
  }
};

/** A small client of the HTTP API: `get(path)` answers `{ ok, status, body }` and never throws. */
export const apiClient = (baseUrl, tokenOf) => ({
  baseUrl,
  get: async (path) => {
    const headers = { accept: 'application/json' };
    const token = tokenOf();
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await fetch(`${baseUrl}${path}`, { headers, cache: 'no-store' });
      const text = await response.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { ok: response.ok, status: response.status, body };
    } catch {
      return { ok: false, status: 0, body: null };
    }
  },
});
