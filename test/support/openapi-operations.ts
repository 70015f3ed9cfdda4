import type { openApiDocument } from '../../functions/adapters/http/openapi.js';

/** What the tests read of an operation of the OpenAPI document. */
export type OpenApiOperation = {
  /** `METHOD /path`, as `routeKeyOf` names a route. */
  key: string;
  operationId: string;
  security: unknown[];
  'x-naseej-roles': unknown;
  responses: Record<string, unknown>;
  requestBody?: unknown;
  parameters: { $ref?: string; name?: string; in?: string }[];
};

/** Every operation of an OpenAPI document, each with its route key. */
export const operationsOf = (document: ReturnType<typeof openApiDocument>): OpenApiOperation[] =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      ...(operation as Omit<OpenApiOperation, 'key'>),
    })),
  );
