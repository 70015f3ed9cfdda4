import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { catalog, encodeEvent, isEventSchemaError, upcastEvent } from '../../../events/catalog.js';
import type { EventSchema } from '../../../events/define.js';
import { EVENT_SUMMARIES, summaryOf } from '../../../events/summaries.js';
import { catalogDocuments } from '../../../scripts/catalog-documents.js';

const fixturesDir = join(import.meta.dirname, '..', '..', '..', 'events', 'fixtures');
const docsDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'catalog');
const fixtureFiles = readdirSync(fixturesDir).filter((name) => name.endsWith('.json'));
const readFixture = (schema: EventSchema): unknown =>
  JSON.parse(readFileSync(join(fixturesDir, `${schema.type}.v${schema.version}.json`), 'utf8'));

const versionsOf = (type: string) => {
  const family = catalog.find((candidate) => candidate.type === type);
  return family ? [...family.previous, family.latest] : [];
};

/** Irregular past participles that end an event name without "-ed". */
const irregularPast = new Set([
  'Held',
  'Set',
  'Paid',
  'Made',
  'Sent',
  'Won',
  'Taken',
  'Given',
  'Begun',
  'Built',
  'Withdrawn',
]);
const personalDataKey = /phone|e-?mail|firstName|lastName|fullName|surname|birth|cin$|nationalId|address/i;

const propertyKeys = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(propertyKeys);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own =
    record.properties && typeof record.properties === 'object' ? Object.keys(record.properties) : [];
  return [...own, ...Object.values(record).flatMap(propertyKeys)];
};

describe('the event catalog', () => {
  it('holds every event of the program, each type once', () => {
    const types = catalog.map((family) => family.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(catalog.map((family) => [family.type, family] as const))('%s', (type, family) => {
    const versions = versionsOf(type);

    it('is named in the past tense, in PascalCase', () => {
      expect(type).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      const lastWord = type.match(/[A-Z][a-z0-9]*$/)?.[0] ?? '';
      expect(lastWord.endsWith('ed') || irregularPast.has(lastWord), `${type} ends in ${lastWord}`).toBe(
        true,
      );
    });

    it('numbers its versions 1..latest with an upcaster from each older one', () => {
      expect(versions.map((schema) => schema.version)).toEqual(versions.map((_, index) => index + 1));
      for (const older of family.previous) {
        expect(family.upcasters.some((upcaster) => upcaster.from === older.version)).toBe(true);
      }
      for (const schema of versions) expect(summaryOf(schema).length).toBeGreaterThan(10);
    });

    it.each(versions.map((schema) => [schema.version, schema] as const))(
      'v%i has a fixture that its schema accepts and that reads as the latest version',
      (_version, schema) => {
        const fixture = readFixture(schema);
        expect(schema.data.safeParse(fixture).success).toBe(true);
        const read = upcastEvent(type, schema.version, fixture);
        expect(read.schemaVersion).toBe(family.latest.version);
        expect(family.latest.data.safeParse(read.data).success).toBe(true);
      },
    );

    it('refuses data with an unknown field', () => {
      const fixture = readFixture(family.latest) as Record<string, unknown>;
      expect(() => encodeEvent({ type, data: { ...fixture, unexpectedField: 1 } })).toThrow();
    });

    it('keeps personal data out of the event data', () => {
      const keys = propertyKeys(z.toJSONSchema(family.latest.data, { io: 'input' }));
      expect(keys.filter((key) => personalDataKey.test(key))).toEqual([]);
    });
  });

  it('has no fixture for a type or version that is not in the catalog', () => {
    const known = new Set(
      catalog.flatMap((family) => versionsOf(family.type).map((s) => `${s.type}.v${s.version}.json`)),
    );
    expect(fixtureFiles.filter((name) => !known.has(name))).toEqual([]);
  });

  it('has a summary for no type or version that is not in the catalog', () => {
    const versions = catalog.flatMap((family) =>
      [...family.previous, family.latest].map((schema) => `${schema.type}@${schema.version}`),
    );
    expect(Object.keys(EVENT_SUMMARIES).filter((key) => !versions.includes(key))).toEqual([]);
  });

  it('refuses an unknown event type with a typed error', () => {
    let thrown: unknown;
    try {
      encodeEvent({ type: 'NothingHappened', data: {} });
    } catch (error) {
      thrown = error;
    }
    expect(isEventSchemaError(thrown)).toBe(true);
  });

  it('is published up to date in docs/catalog (run `npm run catalog` after changing an event)', () => {
    const expected = catalogDocuments();
    const onDisk = Object.fromEntries(
      [
        'asyncapi.json',
        ...readdirSync(join(docsDir, 'json-schema')).map((name) => `json-schema/${name}`),
      ].map((name) => [name, readFileSync(join(docsDir, name), 'utf8')]),
    );
    expect(Object.keys(onDisk).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected)) expect(onDisk[name], name).toBe(content);
  });
});
