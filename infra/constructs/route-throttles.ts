import { isPublic, isSignature } from '../../functions/adapters/http/access.js';
import type { HttpRoute } from '../../functions/adapters/http/route.js';

/** What a route is for, as far as its request budget goes. */
export type ThrottleClass = 'command' | 'webhook' | 'read' | 'public';

/** A token bucket: requests per second and the bucket's size. */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * The budget of each route, per class. API Gateway keeps one token bucket per route key when the
 * stage names it in its route settings, so every route below has its own: a crowd of viewers
 * polling a read can exhaust that read's bucket and never a command's or a partner's webhook.
 * The numbers (docs/operations.md, "Throttles", gives the arithmetic):
 * - webhook: a partner reports a session's attendance for every member at once; 50/s clears the
 *   2,400 members of a 600-association rollout in under a minute, and Standard Webhooks senders
 *   retry a 429.
 * - command: staff decisions, typed by people (a few hundred staff across 12 regions, one action
 *   every few seconds at most); 25/s per route is far above that, and bounds what one leaked token
 *   can write.
 * - read: the staff dashboard polls its feed and views once a second: 100/s per route serves 100
 *   open dashboards at once.
 * - public: open data, public aggregates and certificate checks, for anyone: 20/s per route, so
 *   that the anonymous side of the API can cost at most this much Lambda time whatever happens.
 */
export const THROTTLES: Readonly<Record<ThrottleClass, RouteThrottle>> = {
  webhook: { rateLimit: 50, burstLimit: 200 },
  command: { rateLimit: 25, burstLimit: 50 },
  read: { rateLimit: 100, burstLimit: 200 },
  public: { rateLimit: 20, burstLimit: 40 },
};

/** The class of a route of the route table. */
export const throttleClassOf = (route: Pick<HttpRoute, 'method' | 'access'>): ThrottleClass => {
  if (isSignature(route.access)) return 'webhook';
  if (isPublic(route.access)) return 'public';
  return route.method === 'GET' ? 'read' : 'command';
};
