import { useEffect, useState } from 'preact/hooks';
import { type CommitteeCall, loadCalls } from './committee.js';
import { isolated, type NamesScreenProps, PersonNameCard } from './person-name.js';

// The names of the committees' members, which the ministry records (it appoints the committees) for
// the minutes (docs/adr/0139-names-screens.md): a call whose committee is appointed, one of its
// members, then their name read, recorded with their consent, corrected or erased.

export const CommitteeNames = ({ api, t, language }: NamesScreenProps) => {
  const [calls, setCalls] = useState<readonly CommitteeCall[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [callId, setCallId] = useState('');
  const [memberId, setMemberId] = useState('');
  useEffect(() => {
    loadCalls(api)
      .then((all) => setCalls(all.filter((call) => (call.committee.memberIds ?? []).length > 0)))
      .catch(() => setFailed(true));
  }, [api]);
  const body = () => {
    if (failed) return <p role="alert">{t('queue.failed')}</p>;
    if (calls === undefined) return <p aria-busy="true">{t('app.loading')}</p>;
    if (calls.length === 0) return <p>{t('names.noCommittee')}</p>;
    const members = calls.find((call) => call.callId === callId)?.committee.memberIds ?? [];
    return (
      <>
        <div class="field">
          <label for="committee-names-call">{t('names.call')}</label>
          <select
            id="committee-names-call"
            value={callId}
            onChange={(event) => {
              setCallId((event.target as HTMLSelectElement).value);
              setMemberId('');
            }}
          >
            <option value="">{t('names.choose')}</option>
            {calls.map((call) => (
              <option key={call.callId} value={call.callId}>
                {call.callId}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="committee-names-member">{t('names.committeeMember')}</label>
          <select
            id="committee-names-member"
            value={memberId}
            disabled={members.length === 0}
            onChange={(event) => setMemberId((event.target as HTMLSelectElement).value)}
          >
            <option value="">{t('names.choose')}</option>
            {members.map((member) => (
              <option key={member} value={member}>
                {member}
              </option>
            ))}
          </select>
        </div>
        {callId === '' || memberId === '' ? null : (
          <article class="file" aria-labelledby="committee-name-heading">
            <h3 id="committee-name-heading">{t('names.of', { personId: isolated(memberId) })}</h3>
            <PersonNameCard
              key={`${callId}/${memberId}`}
              api={api}
              t={t}
              language={language}
              id="committee-name"
              path={`/calls/${encodeURIComponent(callId)}/committee/members/${encodeURIComponent(memberId)}/name`}
              purpose="committee-minutes"
              record="recordCommitteeMemberName"
              erase="eraseCommitteeMemberName"
            />
          </article>
        )}
      </>
    );
  };
  return (
    <section class="call" aria-labelledby="committee-names-heading" data-screen="committee-names">
      <h2 id="committee-names-heading">{t('names.committeeTitle')}</h2>
      <p>{t('names.committeeIntro')}</p>
      {body()}
    </section>
  );
};
