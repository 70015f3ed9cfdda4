import * as z from 'zod';
import { isPublic, isSignature, needsToken } from './access.js';
import { Problem } from './problem.js';
import type { AnyHttpRoute } from './route.js';

type JsonObject = Record<string, unknown>;

/** Title and version of the generated document. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

const DEFAULT_INFO: OpenApiInfo = {
  title: 'Naseej API',
  version: '0.1.0',
  description:
    'Commands and queries of the Naseej capacity-building program. Errors are RFC 9457 problem+json; ' +
    'commands accept `Idempotency-Key` and `If-Match`; resources carry an `ETag` (their stream version).',
};

/** Collects JSON Schemas into `components.schemas`, rewriting zod's `#/$defs/X` references. */
class SchemaComponents {
  readonly schemas: Record<string, JsonObject> = {};

  #add(name: string, schema: JsonObject, io: 'input' | 'output'): string {
    const existing = this.schemas[name];
    if (existing === undefined || JSON.stringify(existing) === JSON.stringify(schema)) {
      this.schemas[name] = schema;
      return name;
    }
    const variant = `${name}${io === 'input' ? 'Input' : 'Output'}`;
    this.schemas[variant] = schema;
    return variant;
  }

  /** The JSON Schema of a zod schema, its named parts moved to components (by their `meta({ id })`). */
  toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
    const converted = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      target: 'draft-2020-12',
    }) as JsonObject;
    const {
      $schema: _dialect,
      $defs,
      ...root
    } = converted as JsonObject & { $defs?: Record<string, JsonObject> };
    const renames = new Map<string, string>();
    const definitions = Object.entries($defs ?? {});
    // Names first (so references between definitions can be rewritten), then the definitions.
    for (const [name] of definitions) renames.set(name, name);
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => {
          if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
            const name = item.slice('#/$defs/'.length);
            return [key, `#/components/schemas/${renames.get(name) ?? name}`];
          }
          if (key === 'id' && typeof item === 'string') return ['x-schema-id', item];
          return [key, rewrite(item)];
        }),
      );
    };
    for (const [name, definition] of definitions) {
      renames.set(name, this.#add(name, rewrite(definition) as JsonObject, io));
    }
    return rewrite(root) as JsonObject;
  }
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const headerRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/** Which error answers a route can give, from its kind, access and request. */
const errorResponses = (route: AnyHttpRoute): Record<string, unknown> => {
  const responses: Record<string, unknown> = {
    '400': problemResponse('The request does not match the schema (each bad field is named in `errors`)'),
  };
  if (isSignature(route.access)) {
    responses['401'] = problemResponse(
      'The Standard Webhooks signature is missing, forged, stale or rotated out',
    );
    responses['403'] = problemResponse('The partner reports for a rollout that is not its own');
  } else if (!isPublic(route.access)) {
    responses['401'] = problemResponse('No valid bearer token');
    responses['403'] = problemResponse(
      'The token has none of the allowed roles, or the resource is out of its scope',
    );
  }
  responses['404'] = problemResponse('No such resource');
  if (route.kind === 'command') {
    responses['409'] = problemResponse('The state does not allow it, or the resource kept changing');
    responses['412'] = problemResponse('`If-Match` names a version the resource is no longer at');
  }
  if (route.request.body !== undefined) {
    responses['413'] = problemResponse('The body is too large');
    responses['415'] = problemResponse('The body is not JSON');
  }
  responses['422'] = problemResponse(
    route.kind === 'command'
      ? 'A rule of the program refuses the command, or the Idempotency-Key was used for another request'
      : 'The request cannot be answered as asked',
  );
  responses['500'] = problemResponse(
    'Unexpected error; the answer carries no internals, quote the correlation id',
  );
  return responses;
};

const parametersOf = (
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  components: SchemaComponents,
): JsonObject[] => {
  if (schema === undefined) return [];
  const json = components.toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' ? true : required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

/**
 * The OpenAPI 3.1 document of a route table: one operation per route, its schemas from zod
 * (`z.toJSONSchema`), bearer JWT security (none on public routes), the allowed roles
 * (`x-naseej-roles`), problem+json errors, and the ETag, If-Match, Idempotency-Key and
 * correlation id headers.
 */
export const openApiDocument = (routes: readonly AnyHttpRoute[], info: OpenApiInfo = DEFAULT_INFO) => {
  const components = new SchemaComponents();
  // Registers the Problem schema (it has an id) under components.schemas.
  components.toSchema(Problem, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [
      ...parametersOf(route.request.params, 'path', components),
      ...parametersOf(route.request.query, 'query', components),
      headerRef('CorrelationId'),
    ];
    if (route.kind === 'command') parameters.push(headerRef('IfMatch'), headerRef('IdempotencyKey'));
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        headers: {
          'x-correlation-id': { $ref: '#/components/headers/CorrelationId' },
          ...(spec.etag ? { ETag: { $ref: '#/components/headers/ETag' } } : {}),
        },
        ...(spec.schema === undefined
          ? {}
          : { content: { 'application/json': { schema: components.toSchema(spec.schema, 'output') } } }),
      };
    }
    Object.assign(responses, errorResponses(route));
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      ...(route.tags.length > 0 ? { tags: [...route.tags] } : {}),
      security: needsToken(route.access) ? [{ bearerJwt: [] }] : [],
      'x-naseej-roles': isPublic(route.access) ? 'public' : [...route.access.roles],
      ...(isSignature(route.access)
        ? {
            'x-naseej-signature': 'standard-webhooks',
            description: `${route.description ?? route.summary}. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature over the raw body); no bearer token.`,
          }
        : {}),
      parameters,
      ...(route.request.body === undefined
        ? {}
        : {
            requestBody: {
              // A body the route may go without (an approval dated now) is not required.
              required: !route.request.body.safeParse(undefined).success,
              content: { 'application/json': { schema: components.toSchema(route.request.body, 'input') } },
            },
          }),
      responses,
    };
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { ...info },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearerJwt: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An OIDC access token. Roles in `naseej:roles`; a coordinator's regions in `naseej:regions`; a " +
            "partner's association and rollout in `naseej:association` and `naseej:rollout`.",
        },
      },
      parameters: {
        CorrelationId: {
          name: 'x-correlation-id',
          in: 'header',
          required: false,
          description: 'Carried into every event recorded for this request; a new one is made when absent',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The ETag (stream version) the change expects; 412 when the resource moved on',
          schema: { type: 'string', examples: ['"3"'] },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Makes a retry safe: the same key returns the first answer; with another body, 422',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:+/=-]{1,200}$' },
        },
      },
      headers: {
        ETag: { description: 'The resource version (its stream version)', schema: { type: 'string' } },
        CorrelationId: { description: 'The correlation id of this request', schema: { type: 'string' } },
      },
      schemas: components.schemas,
    },
  };
};
