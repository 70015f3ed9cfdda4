import { useState } from 'preact/hooks';
import type { Api } from './api.js';
import { type CommitteeCall, loadCalls } from './committee.js';
import { bilingualOf, CommandCard, type Draft, instantOf } from './fields.js';
import type { OperationId } from './forms.js';
import { isMessageKey, type Language, phaseName, type Translate } from './i18n.js';
import { Pending, unlessAbsent, useLoaded } from './loading.js';
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
  // National calls (the contact centre's) have free ids no read model lists yet: followed by id.
  const [followed, setFollowed] = useState<readonly string[]>([]);
  const [typed, setTyped] = useState('');
  const [work, failed, reload] = useLoaded(async (): Promise<Work> => {
    const national = (
      await Promise.all(
        followed.map((callId) =>
          unlessAbsent(api.get<Call>(`/calls/${encodeURIComponent(callId)}`), (status) => status < 500),
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
    return {
      rollouts: rollouts.filter((rollout) => rollout.escalation !== null),
      calls: calls.filter(
        (call) =>
          call.escalation !== null ||
          call.committee.appeals?.some((appeal) => appeal.outcome === null) === true,
      ),
    };
  }, [api, followed]);
  const body = () => {
    if (failed || work === undefined) return <Pending t={t} failed={failed} />;
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

/** A reason both languages of which are required (a cancellation's, an appeal's decision's). */
const requiredReasonOf = (draft: Draft) => ({
  fr: (draft.reasonFr ?? '').trim(),
  ar: (draft.reasonAr ?? '').trim(),
});

/**
 * An escalated wait, a rollout's phase or a call's step: extend it to a new date (the field `date`
 * names, refused at its field when the API answers `futureCode`), or cancel what waits.
 */
const EscalatedWait = ({
  api,
  t,
  subject,
  heading,
  path,
  version,
  reload,
  extend,
  cancelOperationId,
}: Omit<Props, 'language'> & {
  /** The rollout's or the call's id. */
  readonly subject: string;
  readonly heading: string;
  readonly path: string;
  readonly version: number;
  readonly reload: () => Promise<void>;
  readonly extend: {
    readonly operationId: OperationId;
    readonly path: string;
    readonly date: 'deadline' | 'until';
    readonly futureCode: string;
  };
  readonly cancelOperationId: OperationId;
}) => {
  const id = `decide-${subject}`;
  const pointer = `/body/${extend.date}`;
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-decision={subject}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <CommandCard
        api={api}
        t={t}
        id={`${id}-extend`}
        operationId={extend.operationId}
        method="POST"
        path={`${path}${extend.path}`}
        ifMatch={version}
        reload={reload}
        pointerOf={(problem) => (problem.code === extend.futureCode ? pointer : undefined)}
        fields={[
          {
            name: extend.date,
            pointer,
            label: t(`ministry.decisions.${extend.date}`),
            type: 'datetime-local',
          },
          ...reasonFields(t),
        ]}
        toBody={(draft: Draft) => ({
          [extend.date]: instantOf(draft[extend.date]),
          reason: bilingualOf(draft.reasonFr, draft.reasonAr),
        })}
        submitLabel={t('ministry.decisions.extend')}
      />
      <CommandCard
        api={api}
        t={t}
        id={`${id}-cancel`}
        operationId={cancelOperationId}
        method="POST"
        path={`${path}/cancellation`}
        ifMatch={version}
        reload={reload}
        fields={reasonFields(t)}
        toBody={(draft: Draft) => ({ reason: requiredReasonOf(draft) })}
        submitLabel={t('ministry.decisions.cancel')}
      />
    </article>
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
  return (
    <EscalatedWait
      {...{ api, t, reload }}
      subject={rollout.rolloutId}
      heading={t('ministry.decisions.rollout', {
        rolloutId: rollout.rolloutId,
        phase: phaseName(language, escalation.phase),
        reason: reasonOf(t, escalation.reason),
        since: dateTime(language, escalation.since),
      })}
      path={`/rollouts/${encodeURIComponent(rollout.rolloutId)}`}
      version={rollout.version}
      extend={{
        operationId: 'extendRolloutDeadline',
        path: '/deadline-extensions',
        date: 'deadline',
        futureCode: 'ROLLOUT_DEADLINE_NOT_IN_FUTURE',
      }}
      cancelOperationId="cancelRollout"
    />
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
  return (
    <EscalatedWait
      {...{ api, t, reload }}
      subject={call.callId}
      heading={t('ministry.decisions.call', {
        callId: call.callId,
        step: reasonOf(t, escalation.step, 'step'),
        reason: reasonOf(t, escalation.reason),
        since: dateTime(language, escalation.since),
      })}
      path={`/calls/${encodeURIComponent(call.callId)}`}
      version={call.version}
      extend={{
        operationId: 'extendCallWait',
        path: '/wait-extensions',
        date: 'until',
        futureCode: 'DEADLINE_NOT_IN_FUTURE',
      }}
      cancelOperationId="cancelCall"
    />
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
          reason: requiredReasonOf(draft),
        })}
        submitLabel={t('ministry.decisions.decide')}
      />
    </article>
  );
};
