import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.js';
import { type CommitteeCall, loadCalls } from './committee.js';
import { bilingualOf, CommandCard, type Draft, instantOf } from './fields.js';
import { isMessageKey, type Language, phaseName, type Translate } from './i18n.js';
import { dateTime, type NationalOverview } from './ministry-rollouts.js';

// The decisions awaiting the ministry (docs/adr/0075-ministry-screens.md): a rollout whose phase
// wait ended badly (escalated: extend its deadline, or cancel it; `GET /rollouts/{id}`'s version as
// If-Match), a call's escalated wait (extend it, or cancel the call; the call's version), and the
// appeals lodged against a published selection (uphold or dismiss; the committee's version).

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

interface Rollout {
  readonly rolloutId: string;
  readonly escalation: { readonly phase: string; readonly reason: string; readonly since: string } | null;
  readonly version: number;
}

type Call = CommitteeCall & {
  readonly version: number;
  readonly escalation: { readonly step: string; readonly reason: string; readonly since: string } | null;
  readonly committee: CommitteeCall['committee'] & {
    readonly appeals?: readonly {
      readonly appealId: string;
      readonly associationId: string;
      readonly outcome: string | null;
    }[];
  };
};

interface Work {
  readonly rollouts: readonly Rollout[];
  readonly calls: readonly Call[];
}

/** A reason's or a call step's words (`ministry.decisions.<kind>.<value>`); the value itself when unknown. */
const reasonOf = (t: Translate, value: string, kind: 'reason' | 'step' = 'reason') => {
  const key = `ministry.decisions.${kind}.${value}`;
  return isMessageKey(key) ? t(key) : value;
};

const reasonFields = (t: Translate) =>
  [
    { name: 'reasonFr', pointer: '/body/reason/fr', label: t('ministry.decisions.reasonFr') },
    { name: 'reasonAr', pointer: '/body/reason/ar', label: t('ministry.decisions.reasonAr') },
  ] as const;

export const MinistryDecisions = ({ api, t, language }: Props) => {
  const [work, setWork] = useState<Work | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  // National calls (the contact centre's) have free ids no read model lists yet: followed by id.
  const [followed, setFollowed] = useState<readonly string[]>([]);
  const [typed, setTyped] = useState('');
  const reload = useCallback(async () => {
    try {
      const national = (
        await Promise.all(
          followed.map((callId) =>
            api.get<Call>(`/calls/${encodeURIComponent(callId)}`).catch((error: unknown) => {
              if (error instanceof ApiProblem && error.problem.status < 500) return undefined;
              throw error;
            }),
          ),
        )
      ).filter((call): call is Call => call !== undefined);
      const overview = await api.get<NationalOverview>('/views/national');
      const escalated = overview.rollouts.filter(({ standing }) => standing.escalatedPhase !== null);
      const rollouts = await Promise.all(
        escalated.map(({ standing }) =>
          api.get<Rollout>(`/rollouts/${encodeURIComponent(standing.rolloutId)}`),
        ),
      );
      const calls = [...((await loadCalls(api)) as Call[]), ...national];
      setWork({
        rollouts: rollouts.filter((rollout) => rollout.escalation !== null),
        calls: calls.filter(
          (call) =>
            call.escalation !== null ||
            call.committee.appeals?.some((appeal) => appeal.outcome === null) === true,
        ),
      });
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [api, followed]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const body = () => {
    if (failed) return <p role="alert">{t('queue.failed')}</p>;
    if (work === undefined) return <p aria-busy="true">{t('app.loading')}</p>;
    if (work.rollouts.length === 0 && work.calls.length === 0) return <p>{t('ministry.decisions.none')}</p>;
    return (
      <ul class="files">
        {work.rollouts.map((rollout) => (
          <li key={rollout.rolloutId}>
            <RolloutDecision {...{ api, t, language, rollout, reload }} />
          </li>
        ))}
        {work.calls
          .filter((call) => call.escalation !== null)
          .map((call) => (
            <li key={`wait-${call.callId}`}>
              <CallDecision {...{ api, t, language, call, reload }} />
            </li>
          ))}
        {work.calls.flatMap((call) =>
          (call.committee.appeals ?? [])
            .filter((appeal) => appeal.outcome === null)
            .map((appeal) => (
              <li key={`appeal-${call.callId}-${appeal.appealId}`}>
                <AppealDecision {...{ api, t, language, call, appeal, reload }} />
              </li>
            )),
        )}
      </ul>
    );
  };
  return (
    <section class="call" aria-labelledby="decisions-heading" data-screen="decisions">
      <h2 id="decisions-heading">{t('ministry.decisions.title')}</h2>
      {body()}
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          const callId = typed.trim();
          if (callId !== '' && !followed.includes(callId)) setFollowed([...followed, callId]);
        }}
      >
        <div class="field">
          <label for="follow-call">{t('ministry.decisions.followCall')}</label>
          <input
            id="follow-call"
            value={typed}
            autocomplete="off"
            onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" class="secondary">
          {t('ministry.decisions.follow')}
        </button>
      </form>
    </section>
  );
};

const RolloutDecision = ({
  api,
  t,
  language,
  rollout,
  reload,
}: Props & { readonly rollout: Rollout; readonly reload: () => Promise<void> }) => {
  const escalation = rollout.escalation;
  if (escalation === null) return null;
  const id = `decide-${rollout.rolloutId}`;
  const path = `/rollouts/${encodeURIComponent(rollout.rolloutId)}`;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-decision={rollout.rolloutId}>
      <h3 id={`${id}-heading`}>
        {t('ministry.decisions.rollout', {
          rolloutId: rollout.rolloutId,
          phase: phaseName(language, escalation.phase),
          reason: reasonOf(t, escalation.reason),
          since: dateTime(language, escalation.since),
        })}
      </h3>
      <CommandCard
        api={api}
        t={t}
        id={`${id}-extend`}
        operationId="extendRolloutDeadline"
        method="POST"
        path={`${path}/deadline-extensions`}
        ifMatch={rollout.version}
        reload={reload}
        pointerOf={(problem) =>
          problem.code === 'ROLLOUT_DEADLINE_NOT_IN_FUTURE' ? '/body/deadline' : undefined
        }
        fields={[
          {
            name: 'deadline',
            pointer: '/body/deadline',
            label: t('ministry.decisions.deadline'),
            type: 'datetime-local',
          },
          ...reasonFields(t),
        ]}
        toBody={(draft: Draft) => ({
          deadline: instantOf(draft.deadline),
          reason: bilingualOf(draft.reasonFr, draft.reasonAr),
        })}
        submitLabel={t('ministry.decisions.extend')}
      />
      <CommandCard
        api={api}
        t={t}
        id={`${id}-cancel`}
        operationId="cancelRollout"
        method="POST"
        path={`${path}/cancellation`}
        ifMatch={rollout.version}
        reload={reload}
        fields={reasonFields(t)}
        toBody={(draft: Draft) => ({
          reason: { fr: (draft.reasonFr ?? '').trim(), ar: (draft.reasonAr ?? '').trim() },
        })}
        submitLabel={t('ministry.decisions.cancel')}
      />
    </article>
  );
};

const CallDecision = ({
  api,
  t,
  language,
  call,
  reload,
}: Props & { readonly call: Call; readonly reload: () => Promise<void> }) => {
  const escalation = call.escalation;
  if (escalation === null) return null;
  const id = `decide-${call.callId}`;
  const path = `/calls/${encodeURIComponent(call.callId)}`;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-decision={call.callId}>
      <h3 id={`${id}-heading`}>
        {t('ministry.decisions.call', {
          callId: call.callId,
          step: reasonOf(t, escalation.step, 'step'),
          reason: reasonOf(t, escalation.reason),
          since: dateTime(language, escalation.since),
        })}
      </h3>
      <CommandCard
        api={api}
        t={t}
        id={`${id}-extend`}
        operationId="extendCallWait"
        method="POST"
        path={`${path}/wait-extensions`}
        ifMatch={call.version}
        reload={reload}
        pointerOf={(problem) => (problem.code === 'DEADLINE_NOT_IN_FUTURE' ? '/body/until' : undefined)}
        fields={[
          {
            name: 'until',
            pointer: '/body/until',
            label: t('ministry.decisions.until'),
            type: 'datetime-local',
          },
          ...reasonFields(t),
        ]}
        toBody={(draft: Draft) => ({
          until: instantOf(draft.until),
          reason: bilingualOf(draft.reasonFr, draft.reasonAr),
        })}
        submitLabel={t('ministry.decisions.extend')}
      />
      <CommandCard
        api={api}
        t={t}
        id={`${id}-cancel`}
        operationId="cancelCall"
        method="POST"
        path={`${path}/cancellation`}
        ifMatch={call.version}
        reload={reload}
        fields={reasonFields(t)}
        toBody={(draft: Draft) => ({
          reason: { fr: (draft.reasonFr ?? '').trim(), ar: (draft.reasonAr ?? '').trim() },
        })}
        submitLabel={t('ministry.decisions.cancel')}
      />
    </article>
  );
};

const AppealDecision = ({
  api,
  t,
  language,
  call,
  appeal,
  reload,
}: Props & {
  readonly call: Call;
  readonly appeal: { readonly appealId: string; readonly associationId: string };
  readonly reload: () => Promise<void>;
}) => {
  const id = `appeal-${call.callId}-${appeal.appealId}`;
  const name =
    call.applications?.find((application) => application.associationId === appeal.associationId)
      ?.associationName[language] ?? appeal.associationId;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-appeal={appeal.appealId}>
      <h3 id={`${id}-heading`}>
        {t('ministry.decisions.appeal', {
          appealId: appeal.appealId,
          association: name,
          callId: call.callId,
        })}
      </h3>
      <CommandCard
        api={api}
        t={t}
        id={id}
        operationId="decideAppeal"
        method="POST"
        path={`/calls/${encodeURIComponent(call.callId)}/appeals/${encodeURIComponent(appeal.appealId)}/decision`}
        ifMatch={call.committee.version}
        reload={reload}
        initial={{ outcome: 'dismissed' }}
        fields={[
          {
            name: 'outcome',
            pointer: '/body/outcome',
            label: t('ministry.decisions.outcome'),
            type: 'select',
            options: (['dismissed', 'upheld'] as const).map((outcome) => ({
              value: outcome,
              label: t(`ministry.decisions.outcome.${outcome}`),
            })),
          },
          ...reasonFields(t),
        ]}
        toBody={(draft: Draft) => ({
          outcome: draft.outcome,
          reason: { fr: (draft.reasonFr ?? '').trim(), ar: (draft.reasonAr ?? '').trim() },
        })}
        submitLabel={t('ministry.decisions.decide')}
      />
    </article>
  );
};
