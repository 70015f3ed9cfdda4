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
