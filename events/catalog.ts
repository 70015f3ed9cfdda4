import type { z } from 'zod';
import { type AssociationEvent, associationFamilies } from './associations/index.js';
import type { EventFamily, EventSchema } from './define.js';
import { type DocumentEvent, documentFamilies } from './documents/index.js';
import { type GrantsEvent, grantsFamilies } from './grants/index.js';
import { type RolloutEvent, rolloutFamilies } from './rollout/index.js';
import { type SelectionEvent, selectionFamilies } from './selection/index.js';
import { type TrainingEvent, trainingFamilies } from './training/index.js';

/** Every event of the program, as deciders produce it and readers receive it (latest versions). */
export type NaseejEvent =
  | RolloutEvent
  | SelectionEvent
  | TrainingEvent
  | GrantsEvent
  | DocumentEvent
  | AssociationEvent;
export type NaseejEventType = NaseejEvent['type'];

/** The whole catalog: one family per event type. */
export const catalog: readonly EventFamily[] = [
  ...rolloutFamilies,
  ...selectionFamilies,
  ...trainingFamilies,
  ...grantsFamilies,
  ...documentFamilies,
  ...associationFamilies,
];

const byType = new Map<string, EventFamily>();
for (const family of catalog) {
  if (byType.has(family.type)) throw new Error(`Event type ${family.type} is declared twice in the catalog`);
  byType.set(family.type, family);
}

export const EVENT_SCHEMA_ERROR = 'EVENT_SCHEMA_ERROR';

/** An event's data does not match its schema, or its type or version is not in the catalog. */
export interface EventSchemaError extends Error {
  readonly code: typeof EVENT_SCHEMA_ERROR;
  readonly eventType: string;
  readonly schemaVersion: number | undefined;
  readonly issues: readonly { path: string; message: string }[];
}

export const isEventSchemaError = (error: unknown): error is EventSchemaError =>
  error instanceof Error && (error as { code?: unknown }).code === EVENT_SCHEMA_ERROR;

const schemaError = (
  eventType: string,
  schemaVersion: number | undefined,
  message: string,
  issues: readonly z.core.$ZodIssue[] = [],
): EventSchemaError =>
  Object.assign(new Error(message), {
    name: 'EventSchemaError',
    code: EVENT_SCHEMA_ERROR,
    eventType,
    schemaVersion,
    issues: issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  }) as EventSchemaError;

export const familyOf = (type: string): EventFamily => {
  const family = byType.get(type);
  if (!family) throw schemaError(type, undefined, `Unknown event type ${type}`);
  return family;
};

const schemaOf = (family: EventFamily, version: number): EventSchema => {
  if (family.latest.version === version) return family.latest;
  const schema = family.previous.find((candidate) => candidate.version === version);
  if (!schema)
    throw schemaError(family.type, version, `Unknown version ${version} of event type ${family.type}`);
  return schema;
};

const parseWith = (schema: EventSchema, data: unknown): unknown => {
  const parsed = schema.data.safeParse(data);
  if (!parsed.success) {
    throw schemaError(
      schema.type,
      schema.version,
      `Invalid data for ${schema.type} v${schema.version}`,
      parsed.error.issues,
    );
  }
  return parsed.data;
};

/**
 * Checks an event about to be written against the latest version of its schema and returns what
 * the store records: the type, the schema version, the parsed data and, when the schema reads one
 * from the data, the instant the fact happened (the envelope's `occurredAt`).
 */
export const encodeEvent = (event: { type: string; data: unknown }) => {
  const family = familyOf(event.type);
  const data = parseWith(family.latest, event.data);
  const occurredAt = family.latest.occurredAt?.(data);
  return {
    type: family.type,
    schemaVersion: family.latest.version,
    data,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
};

/**
 * Turns stored data of any known version into the data of the latest version: it validates the
 * stored version, applies each upcaster in turn, and validates the result. Readers always see this.
 */
export const upcastEvent = (type: string, schemaVersion: number, data: unknown) => {
  const family = familyOf(type);
  let version = schemaVersion;
  let current = parseWith(schemaOf(family, version), data);
  while (version < family.latest.version) {
    const upcaster = family.upcasters.find((candidate) => candidate.from === version);
    if (!upcaster) throw schemaError(type, version, `No upcaster from v${version} of ${type}`);
    version += 1;
    current = parseWith(schemaOf(family, version), upcaster.upcast(current));
  }
  return { schemaVersion: version, data: current };
};

/** Decodes a stored event into a typed one; the argument's envelope is kept, its data upcast. */
export const decodeEvent = <T extends { type: string; schemaVersion: number; data: unknown }>(stored: T) => {
  const { schemaVersion, data } = upcastEvent(stored.type, stored.schemaVersion, stored.data);
  return { ...stored, schemaVersion, data } as Omit<T, 'type' | 'data'> & NaseejEvent;
};
