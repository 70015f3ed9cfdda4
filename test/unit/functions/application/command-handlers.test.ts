import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../../../functions/adapters/http/claims.js';
import { handlerRoute } from '../../../../functions/adapters/http/command.js';
import { rolloutRoutes } from '../../../../functions/adapters/http/routes/rollouts.js';
import { trainingRoutes } from '../../../../functions/adapters/http/routes/training.js';
import { InMemoryEventStore } from '../../../../functions/adapters/in-memory/event-store.js';
import { InMemoryPersonalDataVault } from '../../../../functions/adapters/in-memory/personal-data.js';
import {
  type AnyCommandHandler,
  commandHandler,
  handleCommand,
} from '../../../../functions/application/command-handler.js';
import { draftAgreement, signAgreement } from '../../../../functions/application/commands/agreements.js';
import {
  type RegistrationInput,
  registerAssociation,
} from '../../../../functions/application/commands/associations.js';
import { openRolloutCall } from '../../../../functions/application/commands/calls.js';
import { commitCoFunderBudget } from '../../../../functions/application/commands/grants.js';
import { launchRollout } from '../../../../functions/application/commands/rollouts.js';
import {
  reportAttendance,
  reportCascadeSession,
  reportModuleCompletion,
  reportSession,
  reportTrainerModuleCompletion,
} from '../../../../functions/application/commands/training.js';
import { configureWavePlan, startNextWave } from '../../../../functions/application/commands/waves.js';
import { executeCommand } from '../../../../functions/application/execute-command.js';
import {
  executePartnerReport,
  PARTNER_REPORT_HANDLERS,
} from '../../../../functions/application/partner-reports/execute-report.js';
import { rolloutDecider } from '../../../../functions/domain/rollout/rollout.js';
import { trainingScheduleDecider } from '../../../../functions/domain/training/schedule.js';
import { startNextWave as startNextWaveTask } from '../../../../workflows/tasks/national-waves.js';
import type { WorkflowServices } from '../../../../workflows/tasks/services.js';

// One handler per command: an HTTP route, a partner webhook and a workflow task only translate
// their input and call `handleCommand` with the command's one handler. `handleCommand` is wrapped
// here to record which handler each entry point reached, with which data.

const reached = vi.hoisted(() => [] as { handler: unknown; data: unknown; key?: unknown }[]);
vi.mock('../../../../functions/application/command-handler.js', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../../../functions/application/command-handler.js')>();
  return {
    ...original,
    handleCommand: ((services, handler, data, call, ...key) => {
      reached.push({ handler, data, ...(key.length === 0 ? {} : { key: key[0] }) });
      return original.handleCommand(services, handler, data, call, ...key);
    }) satisfies typeof original.handleCommand,
  };
});

const ROLLOUT_ID = 'rollout-FM-2026';
const NOW = '2026-03-02T09:00:00.000Z';
const services = () => {
  let id = 0;
  return {
    store: new InMemoryEventStore(),
    clock: () => NOW,
    newId: () => {
      id += 1;
      return `id-${id}`;
    },
  };
};
const operator: Principal = {
  subject: 'partner-amsed',
  roles: ['partner'],
  regions: [],
  partner: { associationId: 'amsed', rolloutId: ROLLOUT_ID },
};

const routeOf = (operationId: string) => {
  const route = [...trainingRoutes, ...rolloutRoutes].find(
    (candidate) => candidate.operationId === operationId,
  );
  if (route === undefined) throw new Error(`No route ${operationId}`);
  return route;
};

beforeEach(() => {
  reached.length = 0;
});

/** The given of several tests: the ministry launches the Fès-Meknès rollout of 2026 by its handler. */
const launchFesMeknes = (world: ReturnType<typeof services>, by: Parameters<typeof handleCommand>[3]) =>
  handleCommand(
    world,
    launchRollout,
    {
      regionCode: 'FM',
      edition: '2026',
      targets: { associations: 1, membersPerAssociation: 1, trainers: 1, horizon: 600 },
    },
    by,
  );

/** Who sends the command and its correlation: the ministry's user. */
const byTheMinistry = (correlationId: string) => ({
  actor: { id: 'user-ministry-1', role: 'ministry' as const },
  correlationId,
});

describe('one handler per command', () => {
  it('gives each partner report the handler of the HTTP route that takes the same report by token', () => {
    expect(routeOf('reportSession').handler).toBe(reportSession);
    expect(routeOf('reportAttendance').handler).toBe(reportAttendance);
    expect(routeOf('reportModuleCompletion').handler).toBe(reportModuleCompletion);
    expect(routeOf('reportTrainerModuleCompletion').handler).toBe(reportTrainerModuleCompletion);
    expect(routeOf('reportCascadeSession').handler).toBe(reportCascadeSession);
    expect(PARTNER_REPORT_HANDLERS).toEqual({
      'session.held': reportSession,
      'attendance.reported': reportAttendance,
      'module.completed': reportModuleCompletion,
      'trainer-module.completed': reportTrainerModuleCompletion,
      'cascade-session.held': reportCascadeSession,
    } satisfies Record<string, AnyCommandHandler>);
  });

  it('runs a session reported by route and by webhook through the same handler, with the same data, to the same stream', async () => {
    // Prepare
    const world = services();
    await executeCommand(world, rolloutDecider, {
      streamId: ROLLOUT_ID,
      command: {
        type: 'LaunchRollout',
        data: {
          regionCode: 'FM',
          edition: '2026',
          targets: { associations: 1, membersPerAssociation: 1, trainers: 1, horizon: 600 },
        },
      },
      ...byTheMinistry('launch'),
    });
    const session = { sessionId: 'session-m1-1', module: 'M1' as const, date: '2026-03-02', province: 'Fès' };

    // Act
    const byRoute = await routeOf('reportSession').handle(
      {
        params: { rolloutId: ROLLOUT_ID },
        query: {},
        body: session,
        principal: operator,
        correlationId: 'by-route',
        ifMatch: undefined,
        commandId: undefined,
      },
      { ...world },
    );
    const byWebhook = executePartnerReport(
      world,
      { type: 'session.held', data: { ...session, sessionId: 'session-m1-2', rolloutId: ROLLOUT_ID } },
      { actor: { id: 'partner-amsed', role: 'partner' }, correlationId: 'by-webhook', commandId: 'wh-1' },
    );

    // Assess
    expect(byRoute).toMatchObject({ status: 201, body: { streamId: 'session-schedule-rollout-FM-2026' } });
    expect(await byWebhook).toMatchObject({ streamId: 'session-schedule-rollout-FM-2026', version: 2 });
    expect(reached.map(({ data }) => data)).toEqual([
      { ...session, rolloutId: ROLLOUT_ID },
      { ...session, sessionId: 'session-m1-2', rolloutId: ROLLOUT_ID },
    ]);
    // The very same handler object, not one alike.
    expect(reached[0]?.handler).toBe(reportSession);
    expect(reached[1]?.handler).toBe(reportSession);
  });

  it("refuses a co-funder's commitment to a rollout never launched, and records nothing", async () => {
    // Prepare
    const world = services();
    const data = {
      rolloutId: ROLLOUT_ID,
      coFunderId: 'cofunder-1',
      name: { fr: 'Fondation', ar: 'مؤسسة' },
      amount: 100_000,
    };

    // Act
    const outcome = handleCommand(world, commitCoFunderBudget, data, byTheMinistry('commit'));

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: 'ROLLOUT_NOT_FOUND' });
    expect((await world.store.readGlobal(null)).events).toEqual([]);
  });

  it('refuses to draw up an agreement of a rollout never launched, and records nothing', async () => {
    // Prepare
    const world = services();
    const data = {
      agreementId: `${ROLLOUT_ID}-partner`,
      kind: 'partner' as const,
      rolloutId: ROLLOUT_ID,
      title: { fr: 'Convention', ar: 'اتفاقية' },
      parties: [
        { partyId: 'ministry', role: 'ministry' as const },
        { partyId: 'partner-amsed', role: 'operator' as const },
      ],
    };

    // Act
    const outcome = handleCommand(world, draftAgreement, data, byTheMinistry('draft'));

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: 'ROLLOUT_NOT_FOUND' });
    expect((await world.store.readGlobal(null)).events).toEqual([]);
  });

  it("signs an agreement named by its path: the route gives the handler the path's id as its key", async () => {
    // Prepare
    const world = services();
    const agreementId = 'agreement-national-1';
    await handleCommand(
      world,
      draftAgreement,
      {
        agreementId,
        kind: 'partner',
        title: { fr: 'Convention', ar: 'اتفاقية' },
        parties: [
          { partyId: 'user-ministry-1', role: 'ministry' },
          { partyId: 'partner-amsed', role: 'operator' },
        ],
      },
      { actor: { id: 'user-ministry-1', role: 'ministry' }, correlationId: 'draft' },
    );
    reached.length = 0;
    // A signature states its capacity (issue 20, ADR 0129).
    const signature = { capacity: { office: 'minister', title: { fr: 'Ministre', ar: 'الوزير' } } };

    // Act
    const signed = await routeOf('signAgreement').handle(
      {
        params: { agreementId },
        query: {},
        body: signature,
        principal: { subject: 'user-ministry-1', roles: ['ministry'], regions: [], partner: undefined },
        correlationId: 'sign',
        ifMatch: undefined,
        commandId: undefined,
      },
      { ...world },
    );

    // Assess
    expect(signed).toMatchObject({
      status: 200,
      body: { streamId: 'agreement-agreement-national-1', version: 2 },
    });
    expect(reached).toEqual([
      {
        handler: signAgreement,
        data: { capacity: { office: 'minister', title: { fr: 'Ministre', ar: 'الوزير' } } },
        key: { agreementId },
      },
    ]);
    expect((await world.store.readGlobal(null)).events.map((event) => event.type)).toEqual([
      'AgreementDrafted',
      'AgreementSigned',
    ]);
  });

  it('does not compile a keyed handler called without its key, nor a route that leaves out the key', () => {
    const call = { actor: { id: 'user-ministry-1', role: 'ministry' }, correlationId: 'sign' } as const;
    // @ts-expect-error SignAgreement's stream is named by its key: a call without it does not compile.
    const withoutKey = () => handleCommand(services(), signAgreement, {}, call);
    expect(typeof withoutKey).toBe('function');
  });

  it("starts the waves by route and by the workflow's task through the same handler, the previous wave read from the plan", async () => {
    // Prepare
    const world = services();
    const ministry = { actor: { id: 'user-ministry-1', role: 'ministry' }, correlationId: 'plan' } as const;
    await handleCommand(
      world,
      configureWavePlan,
      {
        edition: '2026',
        regions: ['FM', 'MS'],
        nextWaveRule: { kind: 'previous-reached-phase', phase: 'launch' },
      },
      ministry,
    );
    const ministryPrincipal: Principal = {
      subject: 'user-ministry-1',
      roles: ['ministry'],
      regions: [],
      partner: undefined,
    };
    const byRoute = await routeOf('startNextWave').handle(
      {
        params: { edition: '2026' },
        query: {},
        body: { regionCode: 'FM' },
        principal: ministryPrincipal,
        correlationId: 'first-wave',
        ifMatch: undefined,
        commandId: undefined,
      },
      { ...world },
    );
    await launchFesMeknes(world, ministry);
    reached.length = 0;

    // Act
    const byTask = await startNextWaveTask(world as unknown as WorkflowServices, {
      edition: '2026',
      regionCode: 'MS',
    });

    // Assess
    expect(byRoute).toMatchObject({ status: 200, body: { streamId: 'national-waves-2026', version: 2 } });
    expect(byTask).toEqual({ appended: 1 });
    expect(routeOf('startNextWave').handler).toBe(startNextWave);
    expect(reached).toEqual([
      { handler: startNextWave, data: { regionCode: 'MS' }, key: { edition: '2026' } },
    ]);
    const waves = (await world.store.readGlobal(null)).events.filter((event) => event.type === 'WaveStarted');
    expect(waves.map((event) => event.data)).toEqual([
      expect.objectContaining({ regionCode: 'FM', trigger: 'first-wave', previousRolloutId: null }),
      expect.objectContaining({
        regionCode: 'MS',
        trigger: 'previous-reached-phase',
        previousRolloutId: 'rollout-FM-2026',
        previousPhase: 'launch',
      }),
    ]);
  });

  it("opens a rollout's call with its conventional id and the launched rollout's region, refused for a rollout never launched", async () => {
    // Prepare
    const world = services();
    const ministry = { actor: { id: 'user-ministry-1', role: 'ministry' }, correlationId: 'call' } as const;
    const terms = {
      rolloutId: ROLLOUT_ID,
      purpose: 'regional-operator' as const,
      title: { fr: 'Appel', ar: 'طلب' },
      deadline: '2026-04-30T23:59:59.000Z',
      eligibilityRules: [],
    };
    const refused = handleCommand(world, openRolloutCall, terms, ministry);
    await expect(refused).rejects.toMatchObject({ code: 'ROLLOUT_NOT_FOUND' });
    expect((await world.store.readGlobal(null)).events).toEqual([]);
    await launchFesMeknes(world, ministry);

    // Act
    const opened = await handleCommand(
      world,
      openRolloutCall,
      { ...terms, rolloutId: 'rollout-FM-2026' },
      ministry,
    );

    // Assess
    expect(opened.streamId).toBe('call-FM-2026-operator');
    expect(opened.events.map((event) => event.type)).toEqual(['CallOpened']);
    expect((await world.store.readGlobal(null)).events.at(-1)?.data).toMatchObject({
      callId: 'FM-2026-operator',
      rolloutId: 'rollout-FM-2026',
      regionCode: 'FM',
      purpose: 'regional-operator',
    });
  });

  it('registers an association through a handler that declares the vault: names in the vault, its id in the event', async () => {
    // Prepare
    const world = { ...services(), personalData: new InMemoryPersonalDataVault() };
    const declaration: RegistrationInput = {
      associationId: 'assoc-sefrou-nour',
      registrationNumber: 'FM/SEF/2019-0142',
      name: { fr: 'Association Nour Sefrou', ar: 'جمعية نور صفرو' },
      seat: { street: '12, rue Al Massira', province: 'Sefrou', regionCode: 'FM' },
      legalRepresentative: {
        displayName: { fr: 'Nour Alaoui', ar: 'نور العلوي' },
        function: { fr: 'Présidente', ar: 'الرئيسة' },
      },
    };

    // Act
    await handleCommand(world, registerAssociation, declaration, {
      actor: { id: 'user-nour', role: 'association' },
      correlationId: 'register',
    });

    // Assess
    const [registered] = (await world.store.readGlobal(null)).events;
    expect(registered?.data).toMatchObject({
      legalRepresentative: {
        personId: 'legal-representative-assoc-sefrou-nour',
        function: { fr: 'Présidente', ar: 'الرئيسة' },
      },
    });
    expect(JSON.stringify(registered?.data)).not.toContain('Nour Alaoui');
    expect(await world.personalData.lookup('legal-representative-assoc-sefrou-nour')).toMatchObject({
      status: 'known',
      person: { displayName: { fr: 'Nour Alaoui', ar: 'نور العلوي' } },
    });
  });

  it('does not compile a handler that needs the vault, run or routed without it', () => {
    const call = { actor: { id: 'user-nour', role: 'association' }, correlationId: 'register' } as const;
    const declaration = {} as RegistrationInput;
    // @ts-expect-error registerAssociation declares the vault: the store, the clock and ids are not enough.
    const withoutVault = () => handleCommand(services(), registerAssociation, declaration, call);
    const routedWithoutVault = () =>
      // @ts-expect-error a route group whose dependencies have no vault cannot route it.
      handlerRoute(registerAssociation)({
        method: 'PUT',
        path: '/associations/{associationId}/registration',
        operationId: 'registerAssociation',
        summary: 'Register',
        access: { roles: ['ministry'] },
        data: () => declaration,
      });
    expect([typeof withoutVault, typeof routedWithoutVault]).toEqual(['function', 'function']);
  });

  it('does not compile a handler that leaves out the facts its command carries', () => {
    const schedule = commandHandler(trainingScheduleDecider);
    // @ts-expect-error ReportSession carries facts: its handler must say how they are loaded.
    const withoutFacts = schedule('ReportSession', {
      stream: ({ rolloutId }) => `session-schedule-${rolloutId}`,
    });
    expect(withoutFacts.type).toBe('ReportSession');
  });
});
