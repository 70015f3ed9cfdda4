import { RegionCode } from '../../events/reference.js';
import type { ProgramEdition } from '../../events/rollout/schemas.js';

// Every id the program derives from another is built and parsed here, and nowhere else: a rollout
// id from its region and edition, each aggregate's stream id from the id it belongs to, the
// conventional ids of a rollout's calls and agreements, and a workflow execution's generation
// name. Builders return branded types, so a stream id cannot be passed where a rollout id is
// expected; parsers take plain strings (ids arrive as text from paths, events and tokens).

declare const brand: unique symbol;
/** A string known to be an id of one kind (a compile-time mark; the value is the plain string). */
export type Branded<Kind extends string> = string & { readonly [brand]: Kind };

/** A region's rollout for one edition: `rollout-<region>-<edition>`, e.g. `rollout-FM-2026`. */
export type RolloutId = Branded<'RolloutId'>;
/** The id of an event stream in the store. */
export type StreamId = Branded<'StreamId'>;
/** The id of a call for expression of interest (operator, beneficiaries, contact centre, …). */
export type CallId = Branded<'CallId'>;
/** The id of an agreement. */
export type AgreementId = Branded<'AgreementId'>;

const ROLLOUT_PREFIX = 'rollout-';
const ROLLOUT_ID = /^rollout-([A-Z]+)-(.+)$/;

/** The rollout of a region for an edition. */
export const rolloutId = (regionCode: RegionCode, edition: ProgramEdition): RolloutId =>
  `${ROLLOUT_PREFIX}${regionCode}-${edition}` as RolloutId;

/** A rollout id's region and edition, or undefined for a text of another form. */
export const parseRolloutId = (
  text: string | null | undefined,
): { readonly regionCode: RegionCode; readonly edition: string } | undefined => {
  const found = ROLLOUT_ID.exec(text ?? '');
  if (found === null) return undefined;
  const region = RegionCode.safeParse(found[1]);
  return region.success ? { regionCode: region.data, edition: found[2] as string } : undefined;
};

/** The region of a rollout id (`rollout-FM-2026` → `FM`), or undefined for an id of another form. */
export const regionOfRolloutId = (text: string | null | undefined): RegionCode | undefined =>
  parseRolloutId(text)?.regionCode;

/** Whether a text is a rollout id (the subject of a region's workflow). */
export const isRolloutId = (text: string | null | undefined): text is RolloutId =>
  parseRolloutId(text) !== undefined;

/** A rollout id without its prefix (`rollout-FM-2026` → `FM-2026`): the stem of its calls' ids. */
const rolloutStem = (id: string): string =>
  id.startsWith(ROLLOUT_PREFIX) ? id.slice(ROLLOUT_PREFIX.length) : id;

/** The call that chooses a rollout's operator: `rollout-FM-2026` → `FM-2026-operator`. */
export const operatorCallIdOf = (id: string): CallId => `${rolloutStem(id)}-operator` as CallId;

/** The call that chooses a rollout's beneficiary associations: `rollout-FM-2026` → `FM-2026-beneficiaries`. */
export const beneficiaryCallIdOf = (id: string): CallId => `${rolloutStem(id)}-beneficiaries` as CallId;

/**
 * A rollout's single agreement of a kind (its regional partnership, its partner agreement), so the
 * workflow finds it from the rollout id alone; co-funding agreements add the co-funder's id.
 */
export const rolloutAgreementId = (id: string, kind: string, coFunderId?: string): AgreementId =>
  (coFunderId === undefined ? `${id}-${kind}` : `${id}-${kind}-${coFunderId}`) as AgreementId;

// The streams, one builder per aggregate.
export const rolloutStreamId = (regionCode: RegionCode, edition: ProgramEdition): StreamId =>
  rolloutId(regionCode, edition) as string as StreamId;
export const agreementStreamId = (agreementId: string): StreamId => `agreement-${agreementId}` as StreamId;
export const callStreamId = (callId: string): StreamId => `call-${callId}` as StreamId;
export const committeeStreamId = (callId: string): StreamId => `committee-${callId}` as StreamId;
export const enrolmentStreamId = (id: string): StreamId => `enrolment-${id}` as StreamId;
export const grantsStreamId = (id: string): StreamId => `grants-${id}` as StreamId;
export const trainersStreamId = (id: string): StreamId => `trainers-${id}` as StreamId;
export const trainingScheduleStreamId = (id: string): StreamId => `session-schedule-${id}` as StreamId;
export const trainingStreamId = (id: string, associationId: string): StreamId =>
  `training-${id}-${associationId}` as StreamId;
export const wavePlanStreamId = (edition: ProgramEdition): StreamId =>
  `national-waves-${edition}` as StreamId;

/** The wave a national plan's phase names (`wave-2` → 2), or undefined for another phase. */
export const waveOfPhase = (phase: string): number | undefined => {
  const found = /^wave-(\d+)$/.exec(phase);
  return found === null ? undefined : Number(found[1]);
};

/** The execution name of a subject's workflow generation `n` (0: the subject itself; ADR 0031). */
export const generationName = (subjectId: string, generation: number): string =>
  generation === 0 ? subjectId : `${subjectId}-g${generation}`;

/** The generation an execution name is, for its subject; undefined when it is not one of the subject's. */
export const generationOf = (subjectId: string, executionName: string): number | undefined => {
  if (executionName === subjectId) return 0;
  const suffix = executionName.startsWith(`${subjectId}-g`) ? executionName.slice(subjectId.length + 2) : '';
  return /^[1-9][0-9]*$/.test(suffix) ? Number(suffix) : undefined;
};

/**
 * A call's round (issue 20): 1 from its opening, each relaunch adds one. A relaunched
 * contact-centre call runs in an execution of its own, `<callId>-r<round>`; the first keeps the
 * call's id.
 */
export const callRoundExecutionName = (callId: string, round: number): string =>
  round <= 1 ? callId : `${callId}-r${round}`;

/** The command id that closes a call's round at its deadline (one per round, so a relaunch closes again). */
export const closeCallCommandId = (callId: string, round: number): string =>
  round <= 1 ? `${callId}:close-call` : `${callId}:close-call:r${round}`;
