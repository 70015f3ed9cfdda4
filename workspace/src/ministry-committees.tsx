import type { Api } from './api.js';
import { type CommitteeCall, loadCalls } from './committee.js';
import { CommandCard, type Draft, type FieldSpec, integerOf, listOf } from './fields.js';
import type { Language, Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';

// The committees the ministry appoints (docs/adr/0075-ministry-screens.md): each call whose
// committee is not appointed yet, with how many applications it received; the form names the
// members, the chair, the quorum and the scoring grid (up to three criteria here; a row left empty
// is left out). The committee's version goes as If-Match.

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
}

type Call = CommitteeCall & { readonly counts: { readonly received: number } };

const CRITERIA = [0, 1, 2] as const;

/** Where the API's refusals of an appointment belong on the form. */
const COMMITTEE_POINTERS: Readonly<Record<string, string>> = {
  CHAIR_NOT_A_MEMBER: '/body/chairId',
  QUORUM_EXCEEDS_MEMBERS: '/body/quorum',
  DUPLICATE_MEMBER: '/body/memberIds',
  DUPLICATE_CRITERION: '/body/scoringGrid',
};

const criterionFields = (t: Translate, index: number): FieldSpec[] => {
  const n = index + 1;
  const at = `/body/scoringGrid/${index}`;
  return [
    { name: `c${index}-id`, pointer: `${at}/criterionId`, label: t('ministry.committees.criterion', { n }) },
    { name: `c${index}-fr`, pointer: `${at}/label/fr`, label: t('ministry.committees.labelFr', { n }) },
    { name: `c${index}-ar`, pointer: `${at}/label/ar`, label: t('ministry.committees.labelAr', { n }) },
    {
      name: `c${index}-weight`,
      pointer: `${at}/weight`,
      label: t('ministry.committees.weight', { n }),
      type: 'number',
    },
    {
      name: `c${index}-max`,
      pointer: `${at}/maxScore`,
      label: t('ministry.committees.maxScore', { n }),
      type: 'number',
    },
  ];
};

const gridOf = (draft: Draft) =>
  CRITERIA.map((index) => ({
    id: draft[`c${index}-id`] ?? '',
    fr: draft[`c${index}-fr`] ?? '',
    ar: draft[`c${index}-ar`] ?? '',
    weight: draft[`c${index}-weight`] ?? '',
    max: draft[`c${index}-max`] ?? '',
  }))
    // Only the first rows are sent: a row left empty ends the grid (so pointers keep their index).
    .filter((_row, index, rows) =>
      rows.slice(index).some((later) => Object.values(later).some((value) => value.trim() !== '')),
    )
    .map((row) => ({
      criterionId: row.id.trim(),
      label: { fr: row.fr.trim(), ar: row.ar.trim() },
      weight: integerOf(row.weight),
      maxScore: integerOf(row.max),
    }));

export const CommitteesToAppoint = ({ api, t }: Props) => {
  const [calls, failed, reload] = useLoaded(
    async (): Promise<Call[]> =>
      ((await loadCalls(api)) as Call[]).filter((call) => call.committee.status === 'not-appointed'),
    [api],
  );
  const body = () => {
    if (failed || calls === undefined) return <Pending t={t} failed={failed} />;
    if (calls.length === 0) return <p>{t('ministry.committees.none')}</p>;
    return (
      <ul class="files">
        {calls.map((call) => (
          <li key={call.callId}>
            <article
              class="file"
              aria-labelledby={`appoint-${call.callId}-heading`}
              data-appoint={call.callId}
            >
              <h3 id={`appoint-${call.callId}-heading`}>
                {t('ministry.committees.call', { callId: call.callId, received: call.counts.received })}
              </h3>
              <CommandCard
                api={api}
                t={t}
                id={`appoint-${call.callId}`}
                operationId="appointCommittee"
                method="PUT"
                path={`/calls/${encodeURIComponent(call.callId)}/committee`}
                ifMatch={call.committee.version}
                reload={reload}
                pointerOf={(problem) => COMMITTEE_POINTERS[problem.code]}
                fields={[
                  {
                    name: 'members',
                    pointer: '/body/memberIds',
                    label: t('ministry.committees.members'),
                    hint: t('ministry.committees.membersHint'),
                  },
                  { name: 'chair', pointer: '/body/chairId', label: t('ministry.committees.chair') },
                  {
                    name: 'quorum',
                    pointer: '/body/quorum',
                    label: t('ministry.committees.quorum'),
                    type: 'number',
                  },
                  ...CRITERIA.flatMap((index) => criterionFields(t, index)),
                ]}
                toBody={(draft: Draft) => ({
                  memberIds: listOf(draft.members),
                  chairId: (draft.chair ?? '').trim(),
                  quorum: integerOf(draft.quorum),
                  scoringGrid: gridOf(draft),
                })}
                submitLabel={t('ministry.committees.appoint')}
              />
            </article>
          </li>
        ))}
      </ul>
    );
  };
  return (
    <section class="call" aria-labelledby="committees-heading" data-screen="committees">
      <h2 id="committees-heading">{t('ministry.committees.title')}</h2>
      {body()}
    </section>
  );
};
