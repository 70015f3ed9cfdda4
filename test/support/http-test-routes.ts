import * as z from 'zod';
import { Id, RegionCode } from '../../events/reference.js';
import { handlerRoute, queryRoute } from '../../functions/adapters/http/command.js';
import type { HttpRoute } from '../../functions/adapters/http/route.js';
import { commandHandler } from '../../functions/application/command-handler.js';
import { type EventCodec, loadStream } from '../../functions/application/execute-command.js';
import type { Decider } from '../../functions/domain/shared/decider.js';
import { domainError } from '../../functions/domain/shared/errors.js';

// A tiny test-only domain, a "tally" of a region and an association, to prove the HTTP machinery
// (validation, access, scope, idempotency, concurrency, errors) without depending on the program's
// deciders. Its events are not in the catalog: the routes use the codec below.

const TallyOpenedData = z.strictObject({
  tallyId: Id,
  region: RegionCode,
  associationId: Id,
  label: z.string().min(1).max(100),
});
const TallyIncrementedData = z.strictObject({ tallyId: Id, amount: z.number().int().min(1).max(100) });

export type TallyEvent =
  | { type: 'TallyOpened'; data: z.infer<typeof TallyOpenedData> }
  | { type: 'TallyIncremented'; data: z.infer<typeof TallyIncrementedData> };

export type TallyCommand =
  | { type: 'OpenTally'; data: z.infer<typeof TallyOpenedData> }
  | { type: 'AddToTally'; data: z.infer<typeof TallyIncrementedData> }
  | { type: 'BreakTally'; data: { tallyId: string } };

export interface TallyState {
  readonly opened: boolean;
  readonly region: RegionCode | undefined;
  readonly associationId: string | undefined;
  readonly label: string;
  readonly total: number;
}

/** A secret the failing route puts in its error: a 500 must never show it. */
export const INTERNAL_SECRET = 'postgres://admin:s3cret@db.internal:5432';

export const tallyDecider: Decider<TallyCommand, TallyState, TallyEvent> = {
  initialState: () => ({ opened: false, region: undefined, associationId: undefined, label: '', total: 0 }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'TallyOpened':
        return {
          ...state,
          opened: true,
          region: event.data.region,
          associationId: event.data.associationId,
          label: event.data.label,
        };
      case 'TallyIncremented':
        return { ...state, total: state.total + event.data.amount };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenTally':
        if (state.opened) throw domainError('conflict', 'TALLY_ALREADY_OPEN', 'This tally is already open');
        return [{ type: 'TallyOpened', data: command.data }];
      case 'AddToTally':
        if (!state.opened) throw domainError('not-found', 'TALLY_NOT_FOUND', 'No such tally');
        if (state.total + command.data.amount > 1000) {
          throw domainError('invalid', 'TALLY_LIMIT', 'A tally never goes over 1000', { total: state.total });
        }
        return [{ type: 'TallyIncremented', data: command.data }];
      case 'BreakTally':
        throw new Error(`Connection to ${INTERNAL_SECRET} refused`);
    }
  },
};

const schemas = { TallyOpened: TallyOpenedData, TallyIncremented: TallyIncrementedData } as const;

/** The tally's codec: data checked on write and read against the schemas above. */
export const tallyCodec: EventCodec<TallyEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: schemas[event.type].parse(event.data) }),
  decode: (stored) => {
    const type = stored.type as TallyEvent['type'];
    return { type, data: schemas[type].parse(stored.data) } as TallyEvent;
  },
};

export const tallyStreamId = (tallyId: string): string => `tally-${tallyId}`;

/** The tally's command handlers, as the program's are declared (application/commands/). */
const tally = commandHandler(tallyDecider, { codec: tallyCodec });
const stream = ({ tallyId }: { readonly tallyId: string }) => tallyStreamId(tallyId);
export const openTally = tally('OpenTally', { stream });
export const addToTally = tally('AddToTally', { stream });
export const breakTally = tally('BreakTally', { stream });

const TallyParams = z.strictObject({ tallyId: Id });
const OpenTallyBody = z.strictObject({
  region: RegionCode,
  associationId: Id,
  label: z.string().min(1).max(100),
});
const AddToTallyBody = z.strictObject({ amount: z.number().int().min(1).max(100) });
const TallyView = z
  .strictObject({
    tallyId: z.string(),
    region: RegionCode,
    label: z.string(),
    total: z.number().int(),
    associationId: z.string().optional(),
  })
  .meta({ id: 'TestTally' });

const tallyScope = (state: TallyState) => ({ region: state.region, associationId: state.associationId });

/** The test route table: open, add to, break and read a tally, and a public health check. */
export const tallyRoutes: readonly HttpRoute[] = [
  handlerRoute(openTally)({
    method: 'POST',
    path: '/tallies/{tallyId}',
    operationId: 'openTally',
    summary: 'Open a tally in a region',
    tags: ['test'],
    access: { roles: ['ministry', 'coordinator'] },
    request: { params: TallyParams, body: OpenTallyBody },
    data: ({ params, body }) => ({ tallyId: params.tallyId, ...body }),
    // Being created, the tally's region is the one asked for; once open, the recorded one.
    scope: ({ input, state }) => ({ region: state.region ?? input.body.region }),
  }),
  handlerRoute(addToTally)({
    method: 'POST',
    path: '/tallies/{tallyId}/additions',
    operationId: 'addToTally',
    summary: 'Add to a tally',
    tags: ['test'],
    access: { roles: ['ministry', 'coordinator', 'partner'] },
    request: { params: TallyParams, body: AddToTallyBody },
    maxBodyBytes: 1024,
    data: ({ params, body }) => ({ tallyId: params.tallyId, amount: body.amount }),
    scope: ({ state }) => tallyScope(state),
  }),
  handlerRoute(breakTally)({
    method: 'POST',
    path: '/tallies/{tallyId}/breakdowns',
    operationId: 'breakTally',
    summary: 'Fail on purpose (tests that a 500 shows no internals)',
    tags: ['test'],
    access: { roles: ['ministry'] },
    request: { params: TallyParams },
    data: ({ params }) => ({ tallyId: params.tallyId }),
  }),
  queryRoute({
    method: 'GET',
    path: '/tallies/{tallyId}',
    operationId: 'getTally',
    summary: 'Read a tally',
    tags: ['test'],
    access: { roles: ['ministry', 'coordinator', 'partner', 'reader'] },
    request: { params: TallyParams },
    load: async ({ params }, deps) => {
      const loaded = await loadStream(
        deps.store,
        tallyStreamId(params.tallyId),
        tallyDecider,
        tallyCodec.decode,
      );
      return loaded.version === 0 ? undefined : { ...loaded, tallyId: params.tallyId };
    },
    scope: ({ resource }) => tallyScope(resource.state),
    respond: ({ resource, role }) => ({
      tallyId: resource.tallyId,
      region: resource.state.region as RegionCode,
      label: resource.state.label,
      total: resource.state.total,
      // Readers do not see which association a tally belongs to (a role may see less).
      ...(role === 'reader' ? {} : { associationId: resource.state.associationId }),
    }),
    response: TallyView,
    etag: (resource) => resource.version,
  }),
  queryRoute({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Is the API up',
    tags: ['test'],
    access: { public: true },
    load: async () => ({ status: 'ok' as const }),
    respond: ({ resource }) => resource,
    response: z.strictObject({ status: z.literal('ok') }),
  }),
];
