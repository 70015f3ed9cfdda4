import { useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { HttpRoute } from '../../functions/adapters/http/route.js';
import { associationGrantRoutes } from '../../functions/adapters/http/routes/association-grants.js';
import { associationRoutes } from '../../functions/adapters/http/routes/associations.js';
import { grantRoutes } from '../../functions/adapters/http/routes/grants.js';
import { rolloutRoutes } from '../../functions/adapters/http/routes/rollouts.js';
import { selectionRoutes } from '../../functions/adapters/http/routes/selection.js';
import { trainingRoutes } from '../../functions/adapters/http/routes/training.js';
import { type Api, ApiProblem, type ProblemDetails } from './api.js';
import { BODIES_OUTSIDE_ROUTE_GROUPS } from './form-bodies.js';
import { isMessageKey, type Translate } from './i18n.js';

// Forms from one source: a form checks its body with the very zod schema the route table declares
// for the operation (functions/adapters/http/routes), so no rule is written twice; what only the server can
// tell (a score above the grid's maximum, a stale screen) comes back as problem details, shown in
// the reader's language beside the field they name.

const ROUTES: readonly HttpRoute[] = [
  ...selectionRoutes,
  ...trainingRoutes,
  ...grantRoutes,
  ...rolloutRoutes,
  ...(associationRoutes as readonly HttpRoute[]),
  ...associationGrantRoutes,
];

/** The operations the workspace sends, by the route table's operationId. */
export type OperationId =
  | 'declareConflict'
  | 'submitScores'
  | 'enrolBeneficiary'
  | 'nominateMember'
  | 'requestTranche'
  | 'approveTranche'
  | 'payTranche'
  | 'reportSession'
  | 'publishSelection'
  | 'signAgreement'
  // The associations' portal (portal.tsx).
  | 'registerAssociation'
  | 'applyToCall'
  | 'appealSelection'
  | 'signGrantConvention'
  | 'submitGrantReport'
  // The ministry's verification queue (ministry-verifications.tsx).
  | 'verifyAssociation'
  | 'refuseAssociationVerification'
  // The ministry's screens (docs/adr/0075-ministry-screens.md).
  | 'launchRollout'
  | 'configureWavePlan'
  | 'startNextWave'
  | 'extendRolloutDeadline'
  | 'cancelRollout'
  | 'extendCallWait'
  | 'cancelCall'
  | 'appointCommittee'
  | 'decideAppeal'
  | 'awardGrant'
  | 'registerPartnerWebhookSecret'
  | 'retirePartnerWebhookSecret'
  // People's names (person-name.tsx, docs/adr/0139-names-screens.md).
  | 'recordMemberName'
  | 'eraseMemberName'
  | 'recordCommitteeMemberName'
  | 'eraseCommitteeMemberName';

const routeOf = (operationId: OperationId): HttpRoute => {
  const route = ROUTES.find((candidate) => candidate.operationId === operationId);
  if (route === undefined) throw new Error(`No route ${operationId} in the route table`);
  return route;
};

/** The request body schema of an operation, as the route table declares it (none: the route takes no body). */
export const bodySchemaOf = (operationId: OperationId): z.ZodType | undefined =>
  BODIES_OUTSIDE_ROUTE_GROUPS.has(operationId)
    ? BODIES_OUTSIDE_ROUTE_GROUPS.get(operationId)
    : routeOf(operationId).request.body;

/** Field messages by RFC 6901 pointer from the request's root (`/body/scores/0/score`), as the API names them. */
export type FieldMessages = Readonly<Record<string, string>>;

const messageOfIssue = (issue: z.core.$ZodIssue, t: Translate): string => {
  switch (issue.code) {
    case 'invalid_type':
      // As functions/adapters/http/validation.ts reads it: zod says "received undefined" of a missing field.
      if (issue.message.endsWith('received undefined')) return t('field.required');
      return issue.expected === 'int' || issue.expected === 'number'
        ? t('field.integer')
        : t('field.invalid');
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? t('field.required')
        : t('field.tooSmall', { minimum: Number(issue.minimum) });
    case 'too_big':
      return t('field.tooBig', { maximum: Number(issue.maximum) });
    default:
      return t('field.invalid');
  }
};

/** Checks a body against the operation's schema: the bad fields, each with a message in the reader's language. */
export const checkBody = (operationId: OperationId, body: unknown, t: Translate): FieldMessages => {
  const schema = bodySchemaOf(operationId);
  if (schema === undefined) return {};
  const parsed = schema.safeParse(body);
  if (parsed.success) return {};
  const messages: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const pointer = `/${['body', ...issue.path.map(String)].join('/')}`;
    messages[pointer] ??= messageOfIssue(issue, t);
  }
  return messages;
};

/** The problem's own message in the reader's language: by its code when the workspace knows it. */
export const problemMessage = (problem: ProblemDetails, t: Translate): string => {
  const key = `problem.${problem.code}`;
  if (isMessageKey(key)) {
    const params = Object.fromEntries(
      Object.entries(problem.details ?? {}).filter(
        (entry): entry is [string, string | number] =>
          typeof entry[1] === 'string' || typeof entry[1] === 'number',
      ),
    );
    return t(key, params);
  }
  return t('problem.generic', { detail: problem.detail });
};

export interface CommandForm {
  readonly busy: boolean;
  readonly accepted: boolean;
  readonly fields: FieldMessages;
  readonly message: string | undefined;
  submit(body: unknown): Promise<void>;
}

export interface CommandFormOptions {
  readonly api: Api;
  readonly t: Translate;
  readonly operationId: OperationId;
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  /** The version of the resource the screen shows (sent as If-Match). */
  readonly ifMatch: number | undefined;
  /** Where a domain problem belongs on this form (e.g. the criterion a score problem names). */
  readonly pointerOf?: (problem: ProblemDetails) => string | undefined;
  /** Called after the command was accepted, and after a stale refusal (to draw the screen again). */
  readonly reload: () => Promise<void>;
  /** Given the accepted command's answer (e.g. a secret shown once), before the reload. */
  readonly onAccepted?: (answer: unknown) => void;
}

/**
 * A form sending one command: checks the body with the route's schema, sends it once per intent
 * (a second click while it is on its way does nothing; the same body sent again reuses its
 * Idempotency-Key), with If-Match; a 412 redraws the screen and says so.
 */
export const useCommandForm = (options: CommandFormOptions): CommandForm => {
  const [state, setState] = useState<Omit<CommandForm, 'submit'>>({
    busy: false,
    accepted: false,
    fields: {},
    message: undefined,
  });
  const inFlight = useRef(false);
  const intent = useRef<{ body: string; key: string } | undefined>(undefined);
  const { t } = options;
  const submit = async (body: unknown) => {
    if (inFlight.current) return;
    const fields = checkBody(options.operationId, body, t);
    if (Object.keys(fields).length > 0) {
      setState({ busy: false, accepted: false, fields, message: t('form.fixFields') });
      return;
    }
    // A command with no body (an approval) is one intent too; the path is part of it (a partner id typed).
    const text = `${options.method} ${options.path} ${body === undefined ? '' : JSON.stringify(body)}`;
    if (intent.current === undefined || intent.current.body !== text) {
      intent.current = { body: text, key: crypto.randomUUID() };
    }
    inFlight.current = true;
    setState({ busy: true, accepted: false, fields: {}, message: t('form.sending') });
    try {
      const { key } = intent.current;
      const answer = await options.api.command(options.method, options.path, body, {
        idempotencyKey: key,
        ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }),
      });
      intent.current = undefined;
      options.onAccepted?.(answer);
      await options.reload();
      setState({ busy: false, accepted: true, fields: {}, message: t('form.accepted') });
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        // The network failed: the same intent keeps its key, so sending again cannot act twice.
        setState({ busy: false, accepted: false, fields: {}, message: t('form.failed') });
        return;
      }
      intent.current = undefined;
      const problem = error.problem;
      if (problem.status === 412) {
        await options.reload();
        setState({ busy: false, accepted: false, fields: {}, message: t('form.stale') });
        return;
      }
      const fields: Record<string, string> = {};
      for (const bad of problem.errors ?? []) fields[bad.pointer] ??= t('field.invalid');
      const pointer = options.pointerOf?.(problem);
      if (pointer !== undefined) fields[pointer] = problemMessage(problem, t);
      setState({ busy: false, accepted: false, fields, message: problemMessage(problem, t) });
    } finally {
      inFlight.current = false;
    }
  };
  return { ...state, submit };
};
