import { useState } from 'preact/hooks';
import { isolated, type NamesScreenProps, PersonNameCard } from './person-name.js';

// An association's members' names in its portal (docs/adr/0139-names-screens.md): it names the
// rollout and the member (the ids it nominated them under), then reads, records or corrects the
// name with the member's consent, or erases it on the member's request.

export const MemberNames = ({ api, t, language }: NamesScreenProps) => {
  const [typed, setTyped] = useState({ rolloutId: '', memberId: '' });
  const [shown, setShown] = useState<{ rolloutId: string; memberId: string } | undefined>(undefined);
  const input = (name: 'rolloutId' | 'memberId', label: string) => (
    <div class="field">
      <label for={`member-names-${name}`}>{label}</label>
      <input
        id={`member-names-${name}`}
        type="text"
        dir="ltr"
        autocomplete="off"
        value={typed[name]}
        onInput={(event) => setTyped({ ...typed, [name]: (event.target as HTMLInputElement).value })}
      />
    </div>
  );
  return (
    <section aria-labelledby="member-names-heading" data-testid="member-names">
      <h2 id="member-names-heading">{t('names.title')}</h2>
      <p>{t('names.intro')}</p>
      <form
        class="scores"
        id="member-names"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const rolloutId = typed.rolloutId.trim();
          const memberId = typed.memberId.trim();
          if (rolloutId !== '' && memberId !== '') setShown({ rolloutId, memberId });
        }}
      >
        {input('rolloutId', t('names.rollout'))}
        {input('memberId', t('names.member'))}
        <button type="submit" class="secondary">
          {t('names.show')}
        </button>
      </form>
      {shown === undefined ? null : (
        <article class="file" aria-labelledby="member-name-heading">
          <h3 id="member-name-heading">{t('names.of', { personId: isolated(shown.memberId) })}</h3>
          <PersonNameCard
            key={`${shown.rolloutId}/${shown.memberId}`}
            api={api}
            t={t}
            language={language}
            id="member-name"
            path={`/rollouts/${encodeURIComponent(shown.rolloutId)}/members/${encodeURIComponent(shown.memberId)}/name`}
            purpose="certificates"
            record="recordMemberName"
            erase="eraseMemberName"
          />
        </article>
      )}
    </section>
  );
};
