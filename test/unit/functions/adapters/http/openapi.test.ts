import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../../../functions/adapters/http/openapi.js';
import { routeKeyOf } from '../../../../../functions/adapters/http/route.js';
import { tallyRoutes } from '../../../../support/http-test-routes.js';
import { type OpenApiOperation, operationsOf } from '../../../../support/openapi-operations.js';

describe('the OpenAPI document', () => {
  const document = openApiDocument(tallyRoutes);
  const operations = operationsOf(document);

  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const result = await validate(structuredClone(document) as never);

    // Assess
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('has one operation per route of the table, and no other', () => {
    expect(operations.map((operation) => operation.key).sort()).toEqual(tallyRoutes.map(routeKeyOf).sort());
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      tallyRoutes.map((route) => route.operationId).sort(),
    );
  });

  it('says who may call each operation: bearer JWT and roles, or public with no security', () => {
    const open = operations.find((operation) => operation.operationId === 'openTally');
    const health = operations.find((operation) => operation.operationId === 'health');
    expect(open?.security).toEqual([{ bearerJwt: [] }]);
    expect(open?.['x-naseej-roles']).toEqual(['ministry', 'coordinator']);
    expect(health?.security).toEqual([]);
    expect(health?.['x-naseej-roles']).toBe('public');
  });

  it('documents problem answers, ETags and the command headers', () => {
    const add = operations.find((operation) => operation.operationId === 'addToTally') as OpenApiOperation;
    expect(Object.keys(add.responses)).toEqual(
      expect.arrayContaining([
        '200',
        '201',
        '400',
        '401',
        '403',
        '404',
        '409',
        '412',
        '413',
        '415',
        '422',
        '500',
      ]),
    );
    expect(add.responses['412']).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(add.responses['200']).toMatchObject({ headers: { ETag: { $ref: '#/components/headers/ETag' } } });
    expect(add.parameters).toEqual(
      expect.arrayContaining([
        { name: 'tallyId', in: 'path', required: true, schema: expect.any(Object) },
        { $ref: '#/components/parameters/IfMatch' },
        { $ref: '#/components/parameters/IdempotencyKey' },
      ]),
    );
    expect(add.requestBody).toMatchObject({
      content: { 'application/json': { schema: { additionalProperties: false, required: ['amount'] } } },
    });
  });
});
