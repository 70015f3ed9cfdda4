import { type Agreement, Sign } from './agreements.js';
import type { Api } from './api.js';
import { isMessageKey, type Language, type Translate } from './i18n.js';
import { Pending, unlessAbsent, useLoaded } from './loading.js';
import type { Session } from './session.js';

// A signatory's work (the Wali, the Regional Council: role `signatory`, docs/adr/0074-signatory-screens.md):
// review the agreements of their region (title, kind, parties, who signed, in force or not) and
// sign those they are a party to, the one awaiting their signature first. Nothing operational:
// the API lets a signatory read and sign agreements and nothing else (functions/adapters/http/routes/rollouts.ts).
// Drawn from the national overview (the rollouts of the token's regions) and each rollout's
// agreements by their conventional ids (`<rolloutId>-<kind>`).

const KINDS = ['regional-partnership', 'partner'] as const;

interface Props {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly session: Session;
}

const label = (t: Translate, key: string, fallback: string): string =>
  isMessageKey(key) ? t(key) : fallback;

/** The region's agreements, those awaiting the signed-in party's signature first. */
export const loadRegionAgreements = async (api: Api, session: Session): Promise<Agreement[]> => {
  const overview = await api.get<{
    rollouts: { standing: { rolloutId: string; regionCode: string | null } }[];
  }>('/views/national');
  const ids = overview.rollouts
    .filter(({ standing }) => standing.regionCode !== null && session.regions.includes(standing.regionCode))
    .flatMap(({ standing }) => KINDS.map((kind) => `${standing.rolloutId}-${kind}`));
  const found = await Promise.all(
    // One not drafted yet (404): nothing to review there.
    ids.map((id) => unlessAbsent(api.get<Agreement>(`/agreements/${encodeURIComponent(id)}`))),
  );
  const awaits = (agreement: Agreement) =>
    agreement.pendingSignatories.some((party) => party.partyId === session.subject) ? 0 : 1;
  return found
    .filter((agreement): agreement is Agreement => agreement !== undefined)
    .sort((a, b) => awaits(a) - awaits(b));
};

export const SignatoryWork = ({ api, t, language, session }: Props) => {
  const [agreements, failed, reload] = useLoaded(
    (): Promise<Agreement[]> => loadRegionAgreements(api, session),
    [api, session],
  );
  if (failed || agreements === undefined) return <Pending t={t} failed={failed} />;
  if (agreements.length === 0) return <p data-testid="queue-empty">{t('queue.empty')}</p>;
  return (
    <section class="call" aria-labelledby="signatory-heading">
      <h2 id="signatory-heading">{t('signatory.title')}</h2>
      <ul class="files">
        {agreements.map((agreement) => {
          const party = agreement.parties.some((candidate) => candidate.partyId === session.subject);
          const awaiting = agreement.pendingSignatories.some(
            (candidate) => candidate.partyId === session.subject,
          );
          const id = `review-${agreement.agreementId}`;
          return (
            <li key={agreement.agreementId} data-review={agreement.agreementId}>
              <dl class="review" aria-labelledby={`${id}-title`}>
                <dt id={`${id}-title`}>{agreement.title?.[language] ?? agreement.agreementId}</dt>
                <dd>{label(t, `signatory.kind.${agreement.kind ?? ''}`, agreement.kind ?? '')}</dd>
                <dd data-testid="status">
                  {label(t, `signatory.status.${agreement.status ?? ''}`, agreement.status ?? '')}
                </dd>
                <dd data-testid="parties">
                  {t('signatory.parties', {
                    list: agreement.parties
                      .map((candidate) =>
                        t('signatory.party', {
                          partyId: candidate.partyId,
                          role: label(t, `party.${candidate.role}`, candidate.role),
                        }),
                      )
                      .join(t('list.separator')),
                  })}
                </dd>
                {awaiting ? (
                  <dd data-testid="your-turn">{t('signatory.yourTurn')}</dd>
                ) : party ? null : (
                  <dd>{t('signatory.notParty')}</dd>
                )}
              </dl>
              {party ? (
                <Sign api={api} t={t} session={session} agreement={agreement} reload={reload} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
};
