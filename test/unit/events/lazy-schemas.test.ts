import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The event catalog builds each event's zod schema the first time it is read, not at import
// (events/define.ts, docs/adr/0063-import-time.md). Counted by `eventSchemasBuilt()`, never timed.
// Each test imports the catalog afresh, as a cold Lambda does.

const freshCatalog = async () => {
  vi.resetModules();
  const define = await import('../../../events/define.js');
  const catalog = await import('../../../events/catalog.js');
  return { ...define, ...catalog };
};

describe('the event catalog builds its schemas on first use', () => {
  beforeAll(async () => {
    // Transforms the modules once (TypeScript); each test then only evaluates them again.
    await import('../../../events/catalog.js');
  });

  beforeEach(() => {
    vi.resetModules();
  });

  it('builds no event schema when it is imported', async () => {
    // Act
    const { eventSchemasBuilt, catalog } = await freshCatalog();

    // Assess: every version declared (49 when this was written, more since), none built.
    expect(catalog.flatMap((family) => [family.latest, ...family.previous]).length).toBeGreaterThanOrEqual(
      49,
    );
    expect(eventSchemasBuilt()).toBe(0);
  });

  it('builds only the schema of the event it decodes, once', async () => {
    // Prepare
    const { eventSchemasBuilt, decodeEvent } = await freshCatalog();
    const stored = {
      type: 'AgreementInForceRecorded',
      schemaVersion: 1,
      data: {
        agreementId: 'rollout-FM-2026-regional-partnership',
        kind: 'regional-partnership',
        rolloutId: 'rollout-FM-2026',
        inForceAt: '2026-03-04T10:30:00.000Z',
      },
    };

    // Act
    const first = decodeEvent(stored);
    const afterFirst = eventSchemasBuilt();
    decodeEvent(stored);

    // Assess
    expect(first.data).toEqual(stored.data);
    expect(afterFirst).toBe(1);
    expect(eventSchemasBuilt()).toBe(1);
  });

  it('builds the schemas of every version on the way when it upcasts an old event', async () => {
    // Prepare
    const { eventSchemasBuilt, decodeEvent } = await freshCatalog();

    // Act
    const read = decodeEvent({
      type: 'RolloutLaunched',
      schemaVersion: 1,
      data: {
        rolloutId: 'rollout-FM-2026',
        region: 'Fès-Meknès',
        targets: { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 },
      },
    });

    // Assess
    expect(read.schemaVersion).toBe(3);
    expect(read.data).toEqual({
      rolloutId: 'rollout-FM-2026',
      regionCode: 'FM',
      edition: '2026',
      targets: { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 },
      launchedAt: null,
      lateEntry: null,
    });
    expect(eventSchemasBuilt()).toBe(3);
  });

  it('refuses bad data exactly as before, naming the field', async () => {
    // Prepare
    const { encodeEvent } = await freshCatalog();

    // Act
    const encode = () =>
      encodeEvent({
        type: 'AgreementSigned',
        data: {
          agreementId: 'a-1',
          partyId: 'p-1',
          role: 'wali',
          signedAt: 'yesterday',
          capacity: null,
          text: null,
          lateEntry: null,
        },
      });

    // Assess
    expect(encode).toThrow(
      expect.objectContaining({
        code: 'EVENT_SCHEMA_ERROR',
        issues: [expect.objectContaining({ path: 'signedAt' })],
      }),
    );
  });

  it('declares every event version lazily (`get data()`), new ones included', async () => {
    // Prepare
    const { catalog } = await freshCatalog();

    // Act
    const eager = catalog
      .flatMap((family) => [family.latest, ...family.previous])
      .filter((schema) => Object.getOwnPropertyDescriptor(schema, 'data')?.get === undefined)
      .map((schema) => `${schema.type} v${schema.version}`);

    // Assess: a plain `data: z.strictObject(...)` is built at import; write `get data() { return ...; }`.
    expect(eager).toEqual([]);
  });
});
