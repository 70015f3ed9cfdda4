import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESERVED_PREFIXES } from '../../functions/adapters/dynamodb/item-layout.js';
import { agreementStreamId } from '../../functions/domain/agreements/agreements.js';
import { associationStreamId } from '../../functions/domain/associations/association.js';
import { callStreamId } from '../../functions/domain/call/call.js';
import { committeeStreamId } from '../../functions/domain/committee/committee.js';
import { documentStreamId } from '../../functions/domain/documents/document.js';
import { enrolmentStreamId } from '../../functions/domain/enrolment/enrolment.js';
import { grantsStreamId } from '../../functions/domain/grants/grants.js';
import { wavePlanStreamId } from '../../functions/domain/national/national.js';
import { rolloutStreamId } from '../../functions/domain/rollout/rollout.js';
import { trainersStreamId } from '../../functions/domain/trainers/trainers.js';
import { trainingPlanStreamId } from '../../functions/domain/training/plan.js';
import { trainingScheduleStreamId } from '../../functions/domain/training/schedule.js';
import { trainingStreamId } from '../../functions/domain/training/training.js';
import { ITEM_KEYS } from '../../infra/constructs/table-access.js';
import { buildAppForTest, deploymentTemplate, SYNTH_TIMEOUT_MS } from './support/cdk-app.js';

type Statement = {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
};
type Resource = { Type: string; Properties: Record<string, unknown> };

/** What one function's role may do to the event store table, as the template grants it. */
interface TableGrant {
  /** Actions allowed with no condition (reads). */
  readonly reads: string[];
  /** Write actions allowed, each with the partition-key patterns (`dynamodb:LeadingKeys`) it is limited to. */
  readonly writes: Record<string, string[]>;
  /** Actions denied on keys without `#` (commits). */
  readonly deniedOnCommits: string[];
}

const READS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:Query',
  'dynamodb:Scan',
];

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every function's description and the DynamoDB statements of its role's policies. */
const tableGrantsOf = (resources: Record<string, Resource>): Record<string, TableGrant> => {
  const grants: Record<string, TableGrant> = {};
  for (const fn of Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::Function')) {
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resources)
      .filter(
        (resource) =>
          resource.Type === 'AWS::IAM::Policy' &&
          (resource.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role),
      )
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('dynamodb:')));
    if (statements.length === 0) continue;
    const grant: TableGrant = { reads: [], writes: {}, deniedOnCommits: [] };
    for (const statement of statements) {
      const actions = asArray(statement.Action);
      if (statement.Effect === 'Deny') {
        expect(statement.Condition).toEqual({
          'ForAnyValue:StringNotLike': { 'dynamodb:LeadingKeys': ['*#*'] },
        });
        grant.deniedOnCommits.push(...actions);
      } else if (statement.Condition === undefined) {
        grant.reads.push(...actions);
      } else {
        expect(Object.keys(statement.Condition)).toEqual(['ForAllValues:StringLike']);
        const patterns = asArray(
          statement.Condition['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? [],
        );
        for (const action of actions) grant.writes[action] = [...patterns].sort();
      }
    }
    grant.reads.sort();
    grant.deniedOnCommits.sort();
    grants[fn.Properties.Description as string] = grant;
  }
  return grants;
};

/** Commits: one pattern per stream family (the stream id is the partition key). */
const COMMITS = [
  'agreement-*',
  'association-*',
  'call-*',
  'committee-*',
  'document-*',
  'enrolment-*',
  'grants-*',
  'national-waves-*',
  'rollout-*',
  'session-schedule-*',
  'trainers-*',
  'training-*',
];
/** An append: the commit and the registry of days. */
const APPEND = [...COMMITS, 'global#days'].sort();
const IDEMPOTENCY = ['idempotency#*#*'];
/** Every function that may not put a commit is denied these on commit keys. */
const NO_COMMIT_WRITE = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
/** An appending function is denied the rest. */
const APPEND_ONLY = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'];

const commandGroup = {
  writes: {
    'dynamodb:PutItem': [...APPEND, ...IDEMPOTENCY].sort(),
    'dynamodb:UpdateItem': IDEMPOTENCY,
    'dynamodb:DeleteItem': IDEMPOTENCY,
  },
  deniedOnCommits: APPEND_ONLY,
};
const appendingTask = { writes: { 'dynamodb:PutItem': APPEND }, deniedOnCommits: APPEND_ONLY };
const readOnly = { writes: {}, deniedOnCommits: NO_COMMIT_WRITE };
/** A determine task records its execution's generation (ADR 0031). */
const recordsGeneration = {
  writes: { 'dynamodb:UpdateItem': ['workflow#generation#*'] },
  deniedOnCommits: NO_COMMIT_WRITE,
};

/** Per function (by description): what it may write, on which partition keys, and what is denied. */
const EXPECTED: Record<string, Omit<TableGrant, 'reads'>> = {
  'Naseej HTTP routes: rollouts': commandGroup,
  // The associations' portal runs here: its registration keeps a representative's names in the vault (ADR 0106);
  // and people's names, recorded (put) and erased (an update that leaves a tombstone, ADR 0126).
  'Naseej HTTP routes: selection': {
    ...commandGroup,
    writes: {
      ...commandGroup.writes,
      'dynamodb:PutItem': [...APPEND, ...IDEMPOTENCY, 'person#*'].sort(),
      'dynamodb:UpdateItem': [...IDEMPOTENCY, 'person#*'].sort(),
    },
  },
  'Naseej HTTP routes: training': commandGroup,
  'Naseej HTTP routes: grants': commandGroup,
  'Naseej HTTP routes: events': {
    writes: { 'dynamodb:PutItem': ['feed-cursor#*'] },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej HTTP routes: webhooks': {
    writes: {
      'dynamodb:PutItem': [...APPEND, 'webhook#*#*'].sort(),
      'dynamodb:DeleteItem': ['webhook#*#*'],
    },
    deniedOnCommits: APPEND_ONLY,
  },
  'Naseej HTTP routes: partners': {
    writes: {
      'dynamodb:PutItem': ['delivery#parked', 'idempotency#*#*', 'partner-secret#*', 'subscription#all'],
      'dynamodb:UpdateItem': IDEMPOTENCY,
      'dynamodb:DeleteItem': IDEMPOTENCY,
    },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej HTTP routes: readModels': readOnly,
  'Naseej HTTP routes: integrity': {
    writes: {
      'dynamodb:PutItem': ['digest#days', 'digest#manifest#*', 'idempotency#*#*'],
      'dynamodb:UpdateItem': IDEMPOTENCY,
      'dynamodb:DeleteItem': IDEMPOTENCY,
    },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej HTTP routes: documents': readOnly,
  'Naseej HTTP routes: attachments': commandGroup,
  'Naseej bus target projections: updates the read models': {
    writes: { 'dynamodb:PutItem': ['view#*#*'] },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej outbound partner webhooks: signs, delivers, retries, parks': {
    writes: { 'dynamodb:PutItem': ['delivery#parked'] },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej bus target workflow-callback: starts executions, resumes parked waits': {
    writes: { 'dynamodb:DeleteItem': ['tasktoken#*#*'] },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej workflow task DeterminePhase': recordsGeneration,
  'Naseej workflow task AdvancePhase': appendingTask,
  'Naseej workflow task CloseCall': appendingTask,
  'Naseej workflow task Escalate': appendingTask,
  'Naseej workflow task CompleteRollout': appendingTask,
  'Naseej workflow task ParkTaskToken': {
    writes: { 'dynamodb:PutItem': ['tasktoken#*#*'], 'dynamodb:DeleteItem': ['tasktoken#*#*'] },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  'Naseej workflow task DetermineWave': recordsGeneration,
  'Naseej workflow task StartNextWave': appendingTask,
  'Naseej workflow task DetermineContactCentreStep': recordsGeneration,
  'Naseej workflow task EscalateSelection': appendingTask,
  'Naseej workflow task RemindAppealWindowClosing': appendingTask,
  'Naseej bus target notifications: tells each recipient once, in the workspace and by e-mail (SES)': {
    writes: {
      'dynamodb:PutItem': ['inbox#*', 'notification#*#*'],
      'dynamodb:UpdateItem': ['notification#*#*'],
      'dynamodb:DeleteItem': ['notification#*#*'],
    },
    deniedOnCommits: NO_COMMIT_WRITE,
  },
  // docs/adr/0033-recipients-from-sign-in.md: the entry, its memberships and the address in the vault.
  "Naseej user pool trigger: writes the API's claims into the access token, keeps the person's recipient entry":
    {
      writes: {
        'dynamodb:PutItem': ['person#*', 'recipient#*', 'recipients#association#*', 'recipients#role#*'],
        'dynamodb:DeleteItem': ['recipients#association#*', 'recipients#role#*'],
      },
      deniedOnCommits: NO_COMMIT_WRITE,
    },
};

/** IAM's StringLike: `*` is any run of characters, `?` any one. */
const stringLike = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
  ).test(value);

describe('access of each function to the event store table', () => {
  let built: ReturnType<typeof buildAppForTest>;
  let resources: Record<string, Resource>;
  let grants: Record<string, TableGrant>;

  beforeAll(() => {
    // Prepare, Act: the app as `cdk synth` builds it.
    built = buildAppForTest(undefined, { builtinValidation: false });
    // The whole deployment: the route functions are in the API's nested stack, the table is not.
    resources = deploymentTemplate(built.stack).Resources as Record<string, Resource>;
    grants = tableGrantsOf(resources);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => built.cleanup());

  it('grants each function the writes its code paths make, on their partition keys, and nothing wider', () => {
    // Assess: every function but the commit splitter (which reads no table) is listed, with exactly these.
    const writesAndDenials = Object.fromEntries(
      Object.entries(grants).map(([fn, { writes, deniedOnCommits }]) => [fn, { writes, deniedOnCommits }]),
    );
    expect(writesAndDenials).toEqual(EXPECTED);
  });

  it('lets every function read as before, and no write is allowed without a partition-key condition', () => {
    // Assess
    for (const [fn, grant] of Object.entries(grants))
      expect({ fn, reads: grant.reads }).toEqual({ fn, reads: READS });
  });

  it('lets only the code paths that append put commits, and no one update or delete them', () => {
    // Assess
    const appenders = Object.entries(grants)
      .filter(([, grant]) => (grant.writes['dynamodb:PutItem'] ?? []).includes('rollout-*'))
      .map(([fn]) => fn)
      .sort();
    expect(appenders).toEqual([
      'Naseej HTTP routes: attachments',
      'Naseej HTTP routes: grants',
      'Naseej HTTP routes: rollouts',
      'Naseej HTTP routes: selection',
      'Naseej HTTP routes: training',
      'Naseej HTTP routes: webhooks',
      'Naseej workflow task AdvancePhase',
      'Naseej workflow task CloseCall',
      'Naseej workflow task CompleteRollout',
      'Naseej workflow task Escalate',
      'Naseej workflow task EscalateSelection',
      'Naseej workflow task RemindAppealWindowClosing',
      'Naseej workflow task StartNextWave',
    ]);
    for (const [fn, grant] of Object.entries(grants)) {
      for (const action of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
        const keys = grant.writes[action] ?? [];
        expect({ fn, action, commitKeys: keys.filter((key) => !key.includes('#')) }).toEqual({
          fn,
          action,
          commitKeys: [],
        });
      }
    }
  });

  it('limits writes and denials to the table itself (indexes are read only)', () => {
    // Assess
    const table = Object.entries(resources).find(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
    const tableArn = { 'Fn::GetAtt': [table?.[0], 'Arn'] };
    const writeResources = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter(
        (statement) =>
          statement.Condition?.['ForAllValues:StringLike'] !== undefined ||
          statement.Condition?.['ForAnyValue:StringNotLike'] !== undefined,
      )
      .map((statement) => statement.Resource);
    // 31 allows (CDK merges the actions of one function that share a condition) and 25 denies, the
    // three of the attachments group (a command group, as rollouts or grants), and the three of the
    // user pool's trigger (put, delete and the denial, ADR 0033); and the selection group's update
    // of people's names (ADR 0126), no longer merged with its delete of idempotency records.
    expect(writeResources.length).toBe(63);
    for (const resource of writeResources) expect(resource).toEqual(tableArn);
  });
});

describe('the key patterns', () => {
  const streamIds = [
    agreementStreamId('AG-1'),
    associationStreamId('assoc-sefrou-nour'),
    callStreamId('call-FM-2026'),
    committeeStreamId('call-FM-2026'),
    documentStreamId('doc-FM-2026-operator-file-01-statutes'),
    enrolmentStreamId('rollout-FM-2026'),
    grantsStreamId('rollout-FM-2026'),
    wavePlanStreamId('2026'),
    rolloutStreamId('FM', '2026'),
    trainersStreamId('rollout-FM-2026'),
    trainingScheduleStreamId('rollout-FM-2026'),
    trainingStreamId('rollout-FM-2026', 'assoc-1'),
    // `training-plan-<rollout>`: a `training` stream for the key patterns (docs/adr/0087).
    trainingPlanStreamId('rollout-FM-2026'),
  ];

  it('cover every stream the domain names, and only with the commit patterns', () => {
    // Prepare: the stream id builders of functions/domain, found in the sources.
    const domain = join(import.meta.dirname, '../../functions/domain');
    const builders = readdirSync(domain, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [
        ...readFileSync(join(domain, file), 'utf8').matchAll(/export const (\w+StreamId) =/g),
      ])
      .map((match) => match[1]);

    // Assess: the twelve builders above, each id matched by exactly one commit pattern, none by `*#*`.
    expect(builders.sort()).toEqual([
      'agreementStreamId',
      'associationStreamId',
      'callStreamId',
      'committeeStreamId',
      'documentStreamId',
      'enrolmentStreamId',
      'grantsStreamId',
      'rolloutStreamId',
      'trainersStreamId',
      'trainingPlanStreamId',
      'trainingScheduleStreamId',
      'trainingStreamId',
      'wavePlanStreamId',
    ]);
    for (const streamId of streamIds) {
      expect({
        streamId,
        matches: COMMITS.filter((pattern) => stringLike(pattern, streamId)).length,
      }).toEqual({
        streamId,
        matches: 1,
      });
      expect(stringLike('*#*', streamId)).toBe(false);
    }
  });

  it('never take another record of the table for a commit', () => {
    // Assess: every reserved prefix holds a `#`, and no commit pattern matches a key of another kind.
    for (const prefix of RESERVED_PREFIXES) expect(stringLike('*#*', `${prefix}x`)).toBe(true);
    const otherKeys = Object.entries(ITEM_KEYS)
      .filter(([kind]) => kind !== 'commit')
      .flatMap(([, patterns]) => patterns);
    for (const key of otherKeys) {
      expect({
        key,
        commit: COMMITS.some((pattern) => stringLike(pattern, key.replaceAll('*', 'x'))),
      }).toEqual({
        key,
        commit: false,
      });
    }
  });
});
