import { fileURLToPath } from 'node:url';
import type { DevTokenRequest } from '../../local/dev-auth.js';
import { type Runtime, startRuntime } from '../../local/runtime.js';
import { fetchAs } from './fetch-as.js';

/** The dashboard's folder, served as is (no build step). */
export const DASHBOARD_FOLDER = fileURLToPath(new URL('../../dashboard', import.meta.url));

/** An answer as the end-to-end test reads it. */
export interface E2eAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, their schemas are checked by the routes
  readonly json: any;
  readonly text: string;
}

/** The embedded runtime in memory, as the browser test drives it. */
export interface DashboardTestServer {
  readonly runtime: Runtime;
  /** The dashboard's address (`…/dashboard/`). */
  readonly dashboardUrl: string;
  token(request: DevTokenRequest): Promise<string>;
  /** Sends a JSON request to the API; throws unless it answers 2xx. */
  send(method: string, path: string, token: string, body?: unknown): Promise<E2eAnswer>;
  /** Waits until the rollout's workflow has moved it to `phase` (or throws after `timeoutMs`). */
  waitForPhase(rolloutId: string, phase: string, token: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a JSON request to the API at `baseUrl` as the holder of `token`; throws unless it answers 2xx. */
export const sendJson = async (
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<E2eAnswer> => {
  const response = await fetchAs(`${baseUrl}${path}`, token, method, body);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return { status: response.status, text, json: text.length > 0 ? JSON.parse(text) : undefined };
};

/**
 * Starts the embedded runtime (`npm start`) in memory on a free port, quiet: dynalite, the change
 * feed and bus, the workflows, the projections, and the HTTP server with the API and the dashboard.
 */
export const startDashboardTestServer = async (): Promise<DashboardTestServer> => {
  const runtime = await startRuntime({ inMemory: true, port: 0, quiet: true });
  const send = (method: string, path: string, token: string, body?: unknown) =>
    sendJson(runtime.url, method, path, token, body);
  return {
    runtime,
    dashboardUrl: `${runtime.url}/dashboard/`,
    token: (request) => runtime.auth.mint(request),
    send,
    waitForPhase: async (rolloutId, phase, token, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rollout = await send('GET', `/rollouts/${rolloutId}`, token);
        if (rollout.json.phase === phase) return;
        if (Date.now() > deadline) {
          throw new Error(`${rolloutId} is in phase ${rollout.json.phase}, still not ${phase}`);
        }
        await pause(100);
      }
    },
    close: () => runtime.stop(),
  };
};
