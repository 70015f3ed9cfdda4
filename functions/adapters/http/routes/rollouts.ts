import * as z from 'zod';
import { Instant } from '../../../../events/envelope.js';
import { Id, RegionCode } from '../../../../events/reference.js';
import {
  AgreementKind,
  AgreementParty,
  ProgramEdition,
  RolloutFigures,
  RolloutPhase,
  RolloutTargets,
} from '../../../../events/rollout/schemas.js';
import { draftAgreement, signAgreement } from '../../../application/commands/agreements.js';
import {
  advanceRolloutPhase,
  cancelRollout,
  completeRollout,
  escalateRollout,
  extendRolloutDeadline,
  launchRollout,
  setRolloutTargets,
} from '../../../application/commands/rollouts.js';
import { configureWavePlan, startNextWave } from '../../../application/commands/waves.js';
import { loadStream } from '../../../application/execute-command.js';
import { rolloutFigures } from '../../../application/rollout-facts.js';
import { rolloutScope } from '../../../application/scope.js';
import {
  agreementDecider,
  agreementStreamId,
  pendingSignatories,
  rolloutAgreementId,
} from '../../../domain/agreements/agreements.js';
import { DraftAgreementInput, SignAgreementInput } from '../../../domain/agreements/commands.js';
import { ConfigureWavePlanInput, StartNextWaveInput } from '../../../domain/national/commands.js';
import { wavePlanDecider, wavePlanStreamId } from '../../../domain/national/national.js';
import {
  AdvanceRolloutPhaseInput,
  CancelRolloutInput,
  EscalateRolloutInput,
  ExtendRolloutDeadlineInput,
  LaunchRolloutInput,
  SetRolloutTargetsInput,
} from '../../../domain/rollout/commands.js';
import { rolloutDecider } from '../../../domain/rollout/rollout.js';
import { handlerRoute, queryRoute } from '../command.js';
import type { HttpRoute } from '../route.js';
import { EVERY_ROLE, MINISTRY, MINISTRY_OR_COORDINATOR, RolloutParams } from './common.js';

const fromRolloutPath = ({ input }: { input: { params: { rolloutId: string } } }) =>
  rolloutScope(input.params.rolloutId);

/** A rollout as people read it: phase, deadline, escalation, and its figures against its targets. */
export const RolloutView = z
  .strictObject({
    rolloutId: z.string(),
    regionCode: RegionCode,
    edition: z.string(),
    status: z.enum(['active', 'closed', 'cancelled']),
    phase: RolloutPhase,
    deadline: Instant.nullable(),
    escalation: z.strictObject({ phase: RolloutPhase, reason: z.string(), since: Instant }).nullable(),
    targets: RolloutTargets,
    /** Final figures once closed; live figures (from enrolment, training, trainers, grants) before. */
    figures: RolloutFigures,
    figuresAreFinal: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Rollout' });

const AgreementView = z
  .strictObject({
    agreementId: z.string(),
    kind: AgreementKind,
    rolloutId: z.string().nullable(),
    title: z.strictObject({ fr: z.string(), ar: z.string() }),
    status: z.enum(['awaiting-signatures', 'in-force']),
    parties: z.array(AgreementParty),
    signedBy: z.array(z.string()),
    pendingSignatories: z.array(AgreementParty),
    version: z.number().int(),
  })
  .meta({ id: 'Agreement' });

const WavePlanView = z
  .strictObject({
    edition: z.string(),
    status: z.enum(['unplanned', 'configured']),
    regions: z.array(RegionCode),
    started: z.array(z.strictObject({ regionCode: RegionCode, rolloutId: z.string() })),
    version: z.number().int(),
  })
  .meta({ id: 'WavePlan' });

const EditionParams = z.strictObject({ edition: ProgramEdition });
const AgreementParams = z.strictObject({ agreementId: Id });

/** Routes of a region's rollout, its agreements and the national plan of waves. */
export const rolloutRoutes: readonly HttpRoute[] = [
  handlerRoute(launchRollout)({
    method: 'POST',
    path: '/rollouts',
    operationId: 'launchRollout',
    summary: "Launch a region's rollout for an edition, with its targets",
    tags: ['rollouts'],
    access: MINISTRY,
    request: { body: LaunchRolloutInput },
    data: ({ body }) => body,
  }),
  queryRoute({
    method: 'GET',
    path: '/rollouts/{rolloutId}',
    operationId: 'getRollout',
    summary: 'A rollout: its phase, deadline and figures against its targets',
    tags: ['rollouts'],
    access: { roles: EVERY_ROLE },
    request: { params: RolloutParams },
    load: async ({ params }, deps) => {
      const loaded = await loadStream(deps.store, params.rolloutId, rolloutDecider);
      if (loaded.state.status === 'not-launched') return undefined;
      const figures = loaded.state.figures ?? (await rolloutFigures(deps.store, params.rolloutId));
      return { rollout: loaded.state, version: loaded.version, figures };
    },
    scope: ({ resource }) => rolloutScope(resource.rollout.rolloutId),
    respond: ({ resource: { rollout, version, figures } }) => ({
      rolloutId: rollout.rolloutId,
      regionCode: rollout.regionCode,
      edition: rollout.edition,
      status: rollout.status,
      phase: rollout.phase,
      deadline: rollout.deadline,
      escalation: rollout.escalation,
      targets: rollout.targets,
      figures,
      figuresAreFinal: rollout.figures !== null,
      version,
    }),
    response: RolloutView,
    etag: (resource) => resource.version,
  }),
  handlerRoute(setRolloutTargets)({
    method: 'PUT',
    path: '/rollouts/{rolloutId}/targets',
    operationId: 'setRolloutTargets',
    summary: "Revise a rollout's targets",
    tags: ['rollouts'],
    access: MINISTRY,
    request: { params: RolloutParams, body: SetRolloutTargetsInput },
    key: ({ params }) => ({ rolloutId: params.rolloutId }),
    data: ({ body }) => body,
  }),
  handlerRoute(advanceRolloutPhase)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/phase-advances',
    operationId: 'advanceRolloutPhase',
    summary: 'Move a rollout to its next phase (the entry condition is read from the other aggregates)',
    tags: ['rollouts'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: AdvanceRolloutPhaseInput },
    key: ({ params }) => ({ rolloutId: params.rolloutId }),
    data: ({ body }) => body,
    scope: fromRolloutPath,
  }),
  handlerRoute(escalateRollout)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/escalations',
    operationId: 'escalateRollout',
    summary: "Escalate a rollout whose phase's wait ended badly (the workflow does it on a timeout)",
    tags: ['rollouts'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams, body: EscalateRolloutInput },
    key: ({ params }) => ({ rolloutId: params.rolloutId }),
    data: ({ body }) => body,
    scope: fromRolloutPath,
  }),
  handlerRoute(extendRolloutDeadline)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/deadline-extensions',
    operationId: 'extendRolloutDeadline',
    summary: 'Answer an escalation with a new deadline for the current phase',
    tags: ['rollouts'],
    access: MINISTRY,
    request: { params: RolloutParams, body: ExtendRolloutDeadlineInput },
    key: ({ params }) => ({ rolloutId: params.rolloutId }),
    data: ({ body }) => body,
  }),
  handlerRoute(cancelRollout)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/cancellation',
    operationId: 'cancelRollout',
    summary: 'Cancel a rollout, with a reason',
    tags: ['rollouts'],
    access: MINISTRY,
    request: { params: RolloutParams, body: CancelRolloutInput },
    key: ({ params }) => ({ rolloutId: params.rolloutId }),
    data: ({ body }) => body,
  }),
  handlerRoute(completeRollout)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/completion',
    operationId: 'completeRollout',
    summary: 'Close a rollout once its grants are settled, recording its final figures',
    tags: ['rollouts'],
    access: MINISTRY_OR_COORDINATOR,
    request: { params: RolloutParams },
    key: ({ params }) => ({ rolloutId: params.rolloutId }),
    data: () => ({}),
    scope: fromRolloutPath,
  }),

  // Agreements: a rollout's agreements take conventional ids (`<rolloutId>-<kind>[-<coFunderId>]`).
  handlerRoute(draftAgreement)({
    method: 'POST',
    path: '/rollouts/{rolloutId}/agreements',
    operationId: 'draftAgreement',
    summary: "Draw up one of a rollout's agreements with its parties",
    tags: ['agreements'],
    access: MINISTRY_OR_COORDINATOR,
    request: {
      params: RolloutParams,
      body: DraftAgreementInput.omit({ agreementId: true, rolloutId: true }).extend({
        /** Names the co-funder of a co-funding agreement (a rollout has one per co-funder). */
        coFunderId: Id.optional(),
      }),
    },
    data: ({ params, body }) => {
      const { coFunderId, ...rest } = body;
      return {
        ...rest,
        agreementId: rolloutAgreementId(params.rolloutId, body.kind, coFunderId),
        rolloutId: params.rolloutId,
      };
    },
    scope: fromRolloutPath,
  }),
  queryRoute({
    method: 'GET',
    path: '/agreements/{agreementId}',
    operationId: 'getAgreement',
    summary: 'An agreement, its parties and who signed it',
    tags: ['agreements'],
    access: { roles: ['ministry', 'coordinator', 'partner', 'signatory', 'reader'] },
    request: { params: AgreementParams },
    load: async ({ params }, deps) => {
      const loaded = await loadStream(deps.store, agreementStreamId(params.agreementId), agreementDecider);
      return loaded.state.status === 'none'
        ? undefined
        : { agreement: loaded.state, version: loaded.version };
    },
    scope: ({ resource }) => rolloutScope(resource.agreement.rolloutId),
    respond: ({ resource: { agreement, version } }) => ({
      agreementId: agreement.agreementId,
      kind: agreement.kind,
      rolloutId: agreement.rolloutId,
      title: agreement.title,
      status: agreement.status,
      parties: [...agreement.parties],
      signedBy: [...agreement.signedBy],
      pendingSignatories: pendingSignatories(agreement),
      version,
    }),
    response: AgreementView,
    etag: (resource) => resource.version,
  }),
  handlerRoute(signAgreement)({
    method: 'POST',
    path: '/agreements/{agreementId}/signatures',
    operationId: 'signAgreement',
    summary:
      'Sign an agreement as the acting party (the token names the party), in a capacity, on a date, covering a text',
    description:
      "The signing account is the token's subject; it must be a party. Institutions of a region (the " +
      'Wali, the Regional Council) sign with signatory accounts of that region, which operate nothing; ' +
      'the operator signs with its partner token.',
    tags: ['agreements'],
    access: { roles: ['ministry', 'coordinator', 'partner', 'signatory'] },
    // A signature states its capacity; its date and its text may be given (issue 20, ADR 0129).
    request: { params: AgreementParams, body: SignAgreementInput },
    key: ({ params }) => ({ agreementId: params.agreementId }),
    data: ({ body }) => body,
    scope: ({ state }) => rolloutScope(state.status === 'none' ? undefined : state.rolloutId),
  }),

  // The national plan of waves.
  handlerRoute(configureWavePlan)({
    method: 'PUT',
    path: '/waves/{edition}/plan',
    operationId: 'configureWavePlan',
    summary: 'Set the order of regional waves and the rule for starting the next',
    tags: ['waves'],
    access: MINISTRY,
    request: { params: EditionParams, body: ConfigureWavePlanInput.omit({ edition: true }) },
    data: ({ params, body }) => ({ ...body, edition: params.edition }),
  }),
  handlerRoute(startNextWave)({
    method: 'POST',
    path: '/waves/{edition}/starts',
    operationId: 'startNextWave',
    summary: "Start the next region's wave, naming it",
    tags: ['waves'],
    access: MINISTRY,
    request: { params: EditionParams, body: StartNextWaveInput },
    key: ({ params }) => ({ edition: params.edition }),
    data: ({ body }) => body,
  }),
  queryRoute({
    method: 'GET',
    path: '/waves/{edition}',
    operationId: 'getWavePlan',
    summary: 'The national plan of regional waves and the waves started',
    tags: ['waves'],
    access: { roles: ['ministry', 'reader'] },
    request: { params: EditionParams },
    load: async ({ params }, deps) => {
      const loaded = await loadStream(deps.store, wavePlanStreamId(params.edition), wavePlanDecider);
      return { ...loaded, edition: params.edition };
    },
    respond: ({ resource: { state, version, edition } }) => ({
      edition,
      status: state.status,
      regions: state.status === 'unplanned' ? [] : [...state.regions],
      started: state.status === 'unplanned' ? [] : state.started.map((wave) => ({ ...wave })),
      version,
    }),
    response: WavePlanView,
    etag: (resource) => resource.version,
  }),
];
