import { useState } from 'preact/hooks';
import type { Api } from './api.js';
import { FormMessage } from './fields.js';
import { type FieldMessages, useCommandForm } from './forms.js';
import type { Language, Translate } from './i18n.js';
import { Pending, unlessAbsent, useLoaded } from './loading.js';
import type { Session } from './session.js';

// A committee member's work: the files of the calls whose committee they sit on, each to score on
// the grid or to declare a conflict of interest on; then the ranking. Drawn from the national
// overview (which rollouts exist) and each call as the API shows it to a member of its committee.

interface Bilingual {
  readonly fr: string;
  readonly ar: string;
}

interface CallApplication {
  readonly applicationId: string;
  readonly associationId: string;
  readonly associationName: Bilingual;
  readonly province: string;
  readonly refusal: unknown;
}

interface Criterion {
  readonly criterionId: string;
  readonly label: Bilingual;
  readonly weight: number;
  readonly maxScore: number;
}

export interface CommitteeCall {
  readonly callId: string;
  readonly status: 'open' | 'closed';
  readonly applications?: readonly CallApplication[];
  readonly committee: {
    readonly status: string;
    readonly memberIds?: readonly string[];
    readonly conflicts?: readonly { readonly memberId: string; readonly applicationId: string }[];
    readonly scores?: readonly { readonly memberId: string; readonly applicationId: string }[];
    readonly ranking?: readonly {
      readonly rank: number;
      readonly associationId: string;
      readonly associationName: Bilingual;
    }[];
    readonly scoringGrid?: readonly Criterion[];
    readonly selectedAssociationIds?: readonly string[];
    readonly version: number;
  };
}

interface NationalOverview {
  readonly rollouts: readonly { readonly standing: { readonly rolloutId: string } }[];
}

/** The calls a rollout may have, by the route table's convention (`rollout-FM-2026` → `FM-2026-operator`). */
const callIdsOf = (rolloutId: string): string[] => {
  const base = rolloutId.replace(/^rollout-/, '');
  return [`${base}-operator`, `${base}-beneficiaries`];
};

/** Every call of the rollouts the national overview lists, as the API shows them to the caller. */
export const loadCalls = async (api: Api): Promise<CommitteeCall[]> => {
  const overview = await api.get<NationalOverview>('/views/national');
  const callIds = overview.rollouts.flatMap((rollout) => callIdsOf(rollout.standing.rolloutId));
  const calls = await Promise.all(
    callIds.map((callId) => unlessAbsent(api.get<CommitteeCall>(`/calls/${encodeURIComponent(callId)}`))),
  );
  return calls.filter((call): call is CommitteeCall => call !== undefined);
};

/** The calls whose committee the signed-in member sits on. */
export const loadCommitteeCalls = async (api: Api, subject: string): Promise<CommitteeCall[]> =>
  (await loadCalls(api)).filter((call) => call.committee.memberIds?.includes(subject) === true);

type FileState = 'to-do' | 'scored' | 'conflicted';

const fileStateOf = (call: CommitteeCall, applicationId: string, subject: string): FileState => {
  const mine = (entry: { memberId: string; applicationId: string }) =>
    entry.memberId === subject && entry.applicationId === applicationId;
  if (call.committee.conflicts?.some(mine)) return 'conflicted';
  if (call.committee.scores?.some(mine)) return 'scored';
  return 'to-do';
};

const eligibleFiles = (call: CommitteeCall) =>
  (call.applications ?? []).filter((application) => application.refusal === null);

/** How many files wait for the member, over every call. */
export const filesWaiting = (call: CommitteeCall, subject: string): number =>
  call.status === 'closed' && call.committee.status === 'appointed'
    ? eligibleFiles(call).filter((file) => fileStateOf(call, file.applicationId, subject) === 'to-do').length
    : 0;

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
}

export const CommitteeWork = ({ api, t, language, session }: Props) => {
  const [calls, failed, reload] = useLoaded(
    (): Promise<CommitteeCall[]> => loadCommitteeCalls(api, session.subject),
    [api, session.subject],
  );
  if (failed || calls === undefined) return <Pending t={t} failed={failed} />;
  const open = calls.filter((call) => call.status === 'closed' && call.committee.status !== 'not-appointed');
  if (open.length === 0) return <p data-testid="queue-empty">{t('queue.empty')}</p>;
  return (
    <>
      {open.map((call) => (
        <CallWork key={call.callId} {...{ api, t, language, session, call, reload }} />
      ))}
    </>
  );
};

const CallWork = ({
  api,
  t,
  language,
  session,
  call,
  reload,
}: Props & { readonly call: CommitteeCall; readonly reload: () => Promise<void> }) => {
  const waiting = filesWaiting(call, session.subject);
  const headingId = `call-${call.callId}`;
  const ranking = call.committee.ranking ?? [];
  return (
    <section class="call" aria-labelledby={headingId} data-call={call.callId}>
      <h2 id={headingId}>{t('committee.call', { callId: call.callId })}</h2>
      <p data-testid="waiting">
        {waiting > 0 ? t('committee.filesWaiting', { count: waiting }) : t('committee.allDone')}
      </p>
      <ul class="files">
        {eligibleFiles(call).map((file) => (
          <li key={file.applicationId}>
            <FileWork {...{ api, t, language, session, call, file, reload }} />
          </li>
        ))}
      </ul>
      {ranking.length > 0 ? (
        <>
          <h3>{t('committee.ranking')}</h3>
          <ol class="ranking" data-testid="ranking">
            {ranking.map((entry) => (
              <li key={entry.associationId}>{entry.associationName[language]}</li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
};

const FieldError = ({ id, message }: { readonly id: string; readonly message: string | undefined }) =>
  message === undefined ? null : (
    <span class="field-error" id={id}>
      {message}
    </span>
  );

const FileWork = ({
  api,
  t,
  language,
  session,
  call,
  file,
  reload,
}: Props & {
  readonly call: CommitteeCall;
  readonly file: CallApplication;
  readonly reload: () => Promise<void>;
}) => {
  const grid = call.committee.scoringGrid ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const base = `/calls/${encodeURIComponent(call.callId)}/committee`;
  const scoreIndex = (criterionId: unknown) =>
    grid.findIndex((criterion) => criterion.criterionId === criterionId);
  const scoring = useCommandForm({
    api,
    t,
    operationId: 'submitScores',
    method: 'POST',
    path: `${base}/scores`,
    ifMatch: call.committee.version,
    reload,
    pointerOf: (problem) => {
      const index = scoreIndex(problem.details?.criterionId);
      return index < 0 ? undefined : `/body/scores/${index}/score`;
    },
  });
  const conflict = useCommandForm({
    api,
    t,
    operationId: 'declareConflict',
    method: 'POST',
    path: `${base}/conflicts`,
    ifMatch: call.committee.version,
    reload,
  });
  const state = fileStateOf(call, file.applicationId, session.subject);
  const headingId = `file-${file.applicationId}`;
  const open = call.committee.status === 'appointed' && state === 'to-do';
  const fields: FieldMessages = scoring.fields;
  return (
    <article class="file" aria-labelledby={headingId} data-file={file.applicationId} data-state={state}>
      <h3 id={headingId}>{file.associationName[language]}</h3>
      <p class="muted">
        {t('committee.file', { applicationId: file.applicationId })} ·{' '}
        {t('committee.province', { province: file.province })}
      </p>
      {state === 'conflicted' ? <p class="done">{t('committee.conflictDeclared')}</p> : null}
      {state === 'scored' ? <p class="done">{t('committee.scored')}</p> : null}
      {open ? (
        <>
          <form
            class="scores"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void scoring.submit({
                applicationId: file.applicationId,
                scores: grid.map((criterion) => {
                  const raw = (values[criterion.criterionId] ?? '').trim();
                  return { criterionId: criterion.criterionId, score: raw === '' ? undefined : Number(raw) };
                }),
              });
            }}
          >
            {grid.map((criterion, index) => {
              const inputId = `${file.applicationId}-${criterion.criterionId}`;
              const pointer = `/body/scores/${index}/score`;
              const error = fields[pointer];
              return (
                <div class="field" key={criterion.criterionId}>
                  <label for={inputId}>
                    {t('committee.criterion', { label: criterion.label[language], max: criterion.maxScore })}
                  </label>
                  <input
                    id={inputId}
                    name={pointer}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={criterion.maxScore}
                    step={1}
                    value={values[criterion.criterionId] ?? ''}
                    aria-invalid={error === undefined ? undefined : 'true'}
                    aria-describedby={error === undefined ? undefined : `${inputId}-error`}
                    onInput={(event) =>
                      setValues({
                        ...values,
                        [criterion.criterionId]: (event.target as HTMLInputElement).value,
                      })
                    }
                  />
                  <FieldError id={`${inputId}-error`} message={error} />
                </div>
              );
            })}
            <button type="submit" disabled={scoring.busy || conflict.busy}>
              {t('committee.submitScores')}
            </button>
          </form>
          <button
            type="button"
            class="secondary"
            disabled={scoring.busy || conflict.busy}
            onClick={() => void conflict.submit({ applicationId: file.applicationId })}
          >
            {t('committee.declareConflict')}
          </button>
        </>
      ) : null}
      <FormMessage form={scoring.message === undefined ? conflict : scoring} />
    </article>
  );
};
