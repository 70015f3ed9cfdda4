import { useState } from 'preact/hooks';
import type { Api } from './api.js';
import { type CommitteeCall, loadCalls } from './committee.js';
import { FormMessage, TextField } from './fields.js';
import { useCommandForm } from './forms.js';
import type { Language, Translate } from './i18n.js';
import { Pending, useLoaded } from './loading.js';
import { CommitteeNames } from './ministry-committee-names.js';
import { CommitteesToAppoint } from './ministry-committees.js';
import { MinistryDecisions } from './ministry-decisions.js';
import { GrantsToAward } from './ministry-grants.js';
import { PartnersToOnboard } from './ministry-partners.js';
import { RolloutsAndWaves } from './ministry-rollouts.js';
import { AssociationsToVerify } from './ministry-verifications.js';
import type { Session } from './session.js';

// The ministry's work, as far as built: the selections its committees made, to publish with their
// minutes and the end of the appeal window. Drawn from the national overview and each call (the
// committee's version goes as If-Match).

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
}

/** The ministry's screens, each with its queue first: decisions awaited, selections to publish, committees to appoint, grants to award, rollouts and waves. */
export const MinistryWork = (props: Props) => (
  <>
    <MinistryDecisions {...props} />
    <SelectionsToPublish {...props} />
    <CommitteesToAppoint {...props} />
    <CommitteeNames {...props} />
    <GrantsToAward {...props} />
    <RolloutsAndWaves {...props} />
    <PartnersToOnboard {...props} />
    <AssociationsToVerify {...props} />
  </>
);

const SelectionsToPublish = (props: Props) => {
  const { api, t } = props;
  const [calls, failed, reload] = useLoaded((): Promise<CommitteeCall[]> => loadCalls(api), [api]);
  if (failed || calls === undefined) return <Pending t={t} failed={failed} />;
  const waiting = calls.filter(
    (call) => call.committee.status === 'selected' || call.committee.status === 'published',
  );
  return (
    <section class="call" aria-labelledby="selections-heading" data-screen="selections">
      <h2 id="selections-heading">{t('ministry.selections.title')}</h2>
      {waiting.length === 0 ? (
        <p data-testid="queue-empty">{t('ministry.selections.none')}</p>
      ) : (
        <ul class="files">
          {waiting.map((call) => (
            <li key={call.callId}>
              <Publish {...props} call={call} reload={reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const Publish = ({
  api,
  t,
  language,
  call,
  reload,
}: Props & { readonly call: CommitteeCall; readonly reload: () => Promise<void> }) => {
  const [draft, setDraft] = useState({ endsAt: '', fr: '', ar: '' });
  const form = useCommandForm({
    api,
    t,
    operationId: 'publishSelection',
    method: 'POST',
    path: `/calls/${encodeURIComponent(call.callId)}/committee/publication`,
    ifMatch: call.committee.version,
    reload,
    pointerOf: (problem) =>
      problem.code === 'APPEAL_WINDOW_NOT_IN_FUTURE' ? '/body/appealWindowEndsAt' : undefined,
  });
  const names = (call.committee.selectedAssociationIds ?? []).map(
    (associationId) =>
      call.applications?.find((application) => application.associationId === associationId)?.associationName[
        language
      ] ?? associationId,
  );
  const id = `publish-${call.callId}`;
  const field = (
    name: 'endsAt' | 'fr' | 'ar',
    pointer: string,
    label: string,
    type: 'datetime-local' | 'text',
  ) => (
    <TextField
      id={`${id}-${name}`}
      label={label}
      pointer={pointer}
      fields={form.fields}
      type={type}
      value={draft[name]}
      onInput={(value) => setDraft({ ...draft, [name]: value })}
    />
  );
  return (
    <article class="file" aria-labelledby={`${id}-heading`} data-call={call.callId}>
      <h3 id={`${id}-heading`}>{t('committee.call', { callId: call.callId })}</h3>
      <p data-testid="selected">{t('ministry.selected', { names: names.join(', ') })}</p>
      {call.committee.status === 'published' ? (
        <p class="done">{t('ministry.published')}</p>
      ) : (
        <form
          class="scores"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const endsAt = draft.endsAt === '' ? undefined : new Date(`${draft.endsAt}Z`);
            void form.submit({
              appealWindowEndsAt:
                endsAt === undefined || Number.isNaN(endsAt.getTime()) ? undefined : endsAt.toISOString(),
              minutes: { fr: draft.fr.trim(), ar: draft.ar.trim() },
            });
          }}
        >
          {field('endsAt', '/body/appealWindowEndsAt', t('ministry.appealWindowEndsAt'), 'datetime-local')}
          {field('fr', '/body/minutes/fr', t('ministry.minutesFr'), 'text')}
          {field('ar', '/body/minutes/ar', t('ministry.minutesAr'), 'text')}
          <button type="submit" disabled={form.busy}>
            {t('ministry.publish')}
          </button>
        </form>
      )}
      <FormMessage form={form} />
    </article>
  );
};
