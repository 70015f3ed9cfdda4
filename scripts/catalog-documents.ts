import * as z from 'zod';
import { catalog } from '../events/catalog.js';
import type { EventSchema } from '../events/define.js';
import { EventEnvelope } from '../events/envelope.js';
import { summaryOf } from '../events/summaries.js';

/**
 * Builds the published descriptions of the event catalog: one JSON Schema (draft 2020-12) per
 * event type and version, and an AsyncAPI 3 document of what Naseej publishes on its bus.
 * Pure: `scripts/export-catalog.ts` writes them to docs/catalog/, and a test checks that the
 * committed files are up to date.
 */

const jsonSchemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });

const envelopeWithout = () => {
  const { $schema: _ignored, ...envelope } = jsonSchemaOf(EventEnvelope.omit({ data: true })) as Record<
    string,
    unknown
  >;
  return envelope;
};

const eventSchemaDocument = (schema: EventSchema, latest: boolean) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://naseej.ma/events/${schema.type}.v${schema.version}.json`,
  title: `${schema.type} v${schema.version}`,
  description: summaryOf(schema),
  'x-latest': latest,
  data: (({ $schema: _ignored, ...rest }) => rest)(jsonSchemaOf(schema.data) as Record<string, unknown>),
});

/** File name → JSON document, for every event type and version, plus the envelope. */
export const jsonSchemaFiles = (): Record<string, unknown> => {
  const files: Record<string, unknown> = {
    'envelope.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://naseej.ma/events/envelope.json',
      title: 'Event envelope',
      description: 'Shared by every recorded event; `data` is described by the event type and version.',
      ...envelopeWithout(),
    },
  };
  for (const family of catalog) {
    for (const schema of family.previous)
      files[`${schema.type}.v${schema.version}.json`] = eventSchemaDocument(schema, false);
    files[`${family.type}.v${family.latest.version}.json`] = eventSchemaDocument(family.latest, true);
  }
  return files;
};

/** The AsyncAPI 3.0 document: one channel (the `naseej` bus), one message per event type. */
export const asyncApiDocument = () => {
  const messages: Record<string, unknown> = {};
  for (const family of catalog) {
    messages[family.type] = {
      name: family.type,
      title: family.type,
      summary: summaryOf(family.latest),
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: { 'detail-type': { const: family.type }, source: { const: 'naseej' } },
      },
      payload: {
        allOf: [
          envelopeWithout(),
          {
            type: 'object',
            properties: {
              type: { const: family.type },
              schemaVersion: { const: family.latest.version },
              data: (({ $schema: _ignored, ...rest }) => rest)(
                jsonSchemaOf(family.latest.data) as Record<string, unknown>,
              ),
            },
          },
        ],
      },
    };
  }
  const messageRefs = Object.fromEntries(
    Object.keys(messages).map((type) => [type, { $ref: `#/components/messages/${type}` }]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Naseej domain events',
      version: '1.0.0',
      description:
        'Events of the national program for strengthening civil-society associations, published on the ' +
        '`naseej` EventBridge bus (source `naseej`, detail-type = event type, detail = envelope). ' +
        'Readers always receive the latest schema version of each event.',
    },
    channels: {
      naseejBus: { address: 'naseej', title: 'The naseej event bus', messages: messageRefs },
    },
    operations: {
      publishDomainEvents: {
        action: 'send',
        channel: { $ref: '#/channels/naseejBus' },
        messages: Object.keys(messages).map((type) => ({ $ref: `#/channels/naseejBus/messages/${type}` })),
      },
    },
    components: { messages },
  };
};

/** Every file under docs/catalog/, as it should be on disk. */
export const catalogDocuments = (): Record<string, string> => {
  const files: Record<string, string> = {};
  for (const [name, document] of Object.entries(jsonSchemaFiles())) {
    files[`json-schema/${name}`] = `${JSON.stringify(document, null, 2)}\n`;
  }
  files['asyncapi.json'] = `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;
  return files;
};
