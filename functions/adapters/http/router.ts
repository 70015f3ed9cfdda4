import { type AnyHttpRoute, pathParameterNames, routeKeyOf } from './route.js';

/** A route found for a method and path, with the path's parameters (decoded). */
export interface RouteMatch {
  readonly route: AnyHttpRoute;
  readonly pathParameters: Record<string, string>;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CompiledRoute {
  readonly route: AnyHttpRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compile = (route: AnyHttpRoute): CompiledRoute => {
  const source = route.path
    .split(/(\{[A-Za-z][A-Za-z0-9]*\})/)
    .map((part) => (/^\{[A-Za-z][A-Za-z0-9]*\}$/.test(part) ? '([^/]+)' : escapeRegExp(part)))
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names: pathParameterNames(route.path) };
};

/**
 * Finds routes by method and concrete path, as API Gateway does: `match` returns the route and its
 * decoded path parameters, `allowedMethods` the methods a path has (for 405 against 404).
 */
export class Router {
  readonly #compiled: readonly CompiledRoute[];
  readonly #byKey: ReadonlyMap<string, AnyHttpRoute>;

  constructor(routes: readonly AnyHttpRoute[]) {
    this.#compiled = routes.map(compile);
    this.#byKey = new Map(routes.map((route) => [routeKeyOf(route), route]));
  }

  /** The route API Gateway named (`POST /rollouts/{rolloutId}`). */
  byRouteKey(routeKey: string): AnyHttpRoute | undefined {
    return this.#byKey.get(routeKey);
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const compiled of this.#compiled) {
      if (compiled.route.method !== method) continue;
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      let decodable = true;
      compiled.names.forEach((name, index) => {
        try {
          pathParameters[name] = decodeURIComponent(found[index + 1] ?? '');
        } catch {
          decodable = false;
        }
      });
      if (decodable) return { route: compiled.route, pathParameters };
    }
    return undefined;
  }

  allowedMethods(path: string): string[] {
    return this.#compiled.filter((compiled) => compiled.pattern.test(path)).map((c) => c.route.method);
  }
}
