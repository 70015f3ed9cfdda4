import type { Api } from './api.js';
import type { Language, Translate } from './i18n.js';
import { Pending, Table, useLoaded } from './loading.js';
import { dateTime } from './ministry-rollouts.js';

// The files an association uploaded, listed back to it in its portal
// (docs/adr/0124-own-documents-listed.md): name, what it is attached to, type, size, SHA-256 (the
// hash the history keeps: the association can check its own copy against it) and when it arrived.

type AttachedTo =
  | { readonly kind: 'application'; readonly callId: string; readonly applicationId: string }
  | { readonly kind: 'appeal'; readonly callId: string; readonly appealId: string }
  | { readonly kind: 'agreement'; readonly agreementId: string }
  | { readonly kind: 'tranche-evidence'; readonly rolloutId: string; readonly tranche: number };

interface OwnDocument {
  readonly documentId: string;
  readonly fileName: string | null;
  readonly attachedTo: AttachedTo;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly acceptedAt: string;
}

const subjectOf = (t: Translate, attachedTo: AttachedTo): string => {
  switch (attachedTo.kind) {
    case 'application':
      return t('portal.documents.application', { callId: attachedTo.callId });
    case 'appeal':
      return t('portal.documents.appeal', { callId: attachedTo.callId });
    case 'agreement':
      return t('portal.documents.agreement', { agreementId: attachedTo.agreementId });
    default:
      return t('portal.documents.tranche', { tranche: attachedTo.tranche, rolloutId: attachedTo.rolloutId });
  }
};

export const OwnDocuments = ({
  api,
  t,
  language,
  associationId,
  drawn,
}: {
  readonly api: Api;
  readonly t: Translate;
  readonly language: Language;
  readonly associationId: string;
  /** Changes when the portal is drawn again (after an upload): the list is read again. */
  readonly drawn: unknown;
}) => {
  const [documents, failed] = useLoaded(async (): Promise<readonly OwnDocument[]> => {
    const answer = await api.get<{ documents: OwnDocument[] }>(
      `/associations/${encodeURIComponent(associationId)}/documents`,
    );
    return answer.documents;
  }, [api, associationId, drawn]);
  return (
    <section aria-labelledby="documents-heading" data-testid="documents">
      <h2 id="documents-heading">{t('portal.documents.title')}</h2>
      {failed || documents === undefined ? (
        <Pending t={t} failed={failed} />
      ) : documents.length === 0 ? (
        <p>{t('portal.documents.none')}</p>
      ) : (
        <Table
          columns={[
            t('portal.documents.name'),
            t('portal.documents.for'),
            t('portal.documents.type'),
            t('portal.documents.size'),
            t('portal.documents.sha256'),
            t('portal.documents.when'),
          ]}
        >
          {documents.map((document) => (
            <tr key={document.documentId} data-document={document.documentId}>
              <th scope="row" dir="auto">
                {document.fileName ?? t('portal.documents.unnamed', { documentId: document.documentId })}
              </th>
              <td>{subjectOf(t, document.attachedTo)}</td>
              <td dir="ltr">{document.contentType}</td>
              <td>{t('portal.documents.kB', { size: Math.max(1, Math.ceil(document.sizeBytes / 1024)) })}</td>
              <td dir="ltr" class="hash" data-testid="sha256">
                {document.sha256}
              </td>
              <td>{dateTime(language, document.acceptedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
};
