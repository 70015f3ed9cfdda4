import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, isEventSchemaError, upcastEvent } from '../../../../events/catalog.js';
import { REGIONS } from '../../../../events/reference.js';
import { RolloutLaunchedV1 } from '../../../../events/rollout/RolloutLaunched.v1.js';
import {
  EDITION_OF_V1_ROLLOUTS,
  upcastRolloutLaunchedV1,
} from '../../../../events/rollout/RolloutLaunched.v2.js';
import { RolloutLaunchedV3 } from '../../../../events/rollout/RolloutLaunched.v3.js';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'events', 'fixtures', name), 'utf8'),
  );

const targets = { associations: 30, membersPerAssociation: 4, trainers: 15, horizon: 600 };

describe('RolloutLaunched v1 → v2 → v3', () => {
  it("reads a stored v1 (region by French name) as v3 (region code and edition; its date is its envelope's)", () => {
    // Prepare
    const storedV1 = { rolloutId: 'rollout-FM-2026', region: 'Fès-Meknès', targets };

    // Act
    const read = upcastEvent('RolloutLaunched', 1, storedV1);

    // Assess
    expect(read).toEqual({
      schemaVersion: 3,
      data: {
        rolloutId: 'rollout-FM-2026',
        regionCode: 'FM',
        edition: EDITION_OF_V1_ROLLOUTS,
        targets,
        launchedAt: null,
        lateEntry: null,
      },
    });
  });

  it('reads the v1 fixture as the v2 fixture', () => {
    expect(upcastRolloutLaunchedV1(fixture('RolloutLaunched.v1.json'))).toEqual(
      fixture('RolloutLaunched.v2.json'),
    );
  });

  it('reads the v2 fixture as a v3 launch dated by its envelope (launchedAt null), never a late entry', () => {
    expect(upcastEvent('RolloutLaunched', 2, fixture('RolloutLaunched.v2.json'))).toEqual({
      schemaVersion: 3,
      data: {
        rolloutId: 'rollout-FM-2026',
        regionCode: 'FM',
        edition: '2026',
        targets,
        launchedAt: null,
        lateEntry: null,
      },
    });
  });

  it("writes a v3 launch at its true date: the envelope's occurredAt is launchedAt", () => {
    expect(encodeEvent({ type: 'RolloutLaunched', data: fixture('RolloutLaunched.v3.json') })).toMatchObject({
      schemaVersion: 3,
      occurredAt: '2023-01-16T09:00:00.000Z',
    });
  });

  it.each(REGIONS.map((region) => [region.fr, region.code] as const))('maps %s to %s', (french, code) => {
    const read = upcastEvent('RolloutLaunched', 1, { rolloutId: `rollout-${code}`, region: french, targets });
    expect(read.data).toMatchObject({ regionCode: code });
  });

  it('decodes a stored v1 event into a typed v2 one, keeping its envelope', () => {
    // Prepare
    const stored = {
      streamId: 'rollout-GON-2026',
      version: 1,
      type: 'RolloutLaunched',
      schemaVersion: 1,
      data: { rolloutId: 'rollout-GON-2026', region: 'Guelmim-Oued Noun', targets },
    };

    // Act
    const decoded = decodeEvent(stored);

    // Assess
    expect(decoded.streamId).toBe('rollout-GON-2026');
    expect(decoded.schemaVersion).toBe(3);
    expect(decoded.type === 'RolloutLaunched' && decoded.data.regionCode).toBe('GON');
  });

  it('refuses a stored v1 naming no known region', () => {
    let thrown: unknown;
    try {
      upcastEvent('RolloutLaunched', 1, { rolloutId: 'rollout-X', region: 'Atlantis', targets });
    } catch (error) {
      thrown = error;
    }
    expect(isEventSchemaError(thrown)).toBe(true);
  });

  it('writes only the latest version: a v1 payload is refused on write', () => {
    expect(RolloutLaunchedV1.version).toBe(1);
    expect(
      encodeEvent({ type: 'RolloutLaunched', data: fixture('RolloutLaunched.v3.json') }).schemaVersion,
    ).toBe(RolloutLaunchedV3.version);
    expect(() =>
      encodeEvent({ type: 'RolloutLaunched', data: fixture('RolloutLaunched.v1.json') }),
    ).toThrow();
    expect(() =>
      encodeEvent({ type: 'RolloutLaunched', data: fixture('RolloutLaunched.v2.json') }),
    ).toThrow();
  });
});
