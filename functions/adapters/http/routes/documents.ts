import * as z from 'zod';
import { Id } from '../../../../events/reference.js';
import type { Certificate, CertificateKind } from '../../../application/documents/certificates.js';
import {
  annualReportHtml,
  certificateHtml,
  type DocumentLanguage,
  minutesHtml,
  noticeHtml,
  type PageOptions,
  verificationHtml,
} from '../../../application/documents/html.js';
import {
  certificateRegistryOf,
  type DocumentDependencies,
  loadMinutes,
  namesOf,
  peopleOfMinutes,
  qrSvgOf,
  verificationUrlOf,
} from '../../../application/documents/service.js';
import {
  partnershipReportOf,
  type ReadModelDependencies,
  readModelsOf,
} from '../../../application/read-models/overview.js';
import { actingRole } from '../access.js';
import type { Principal } from '../claims.js';
import { httpError } from '../problem.js';
import {
  checkRouteDeclaration,
  type HttpRoute,
  type RouteDependencies,
  type RouteRequest,
  type RouteResponse,
} from '../route.js';
import { MINISTRY } from './common.js';

// The documents people read and sign, generated from the events on each request: the committee's
// minutes and the public notice of a call, the certificates, the public verification page of a
// certificate, and the annual partnership report. Each in Arabic (`lang=ar`, the default) or
// French, as a web page (`format=html`) or a PDF (`format=pdf`). See docs/adr/0041-documents.md.

const DocumentQuery = z.strictObject({
  lang: z.enum(['ar', 'fr']).default('ar'),
  format: z.enum(['html', 'pdf']).default('html'),
});
type DocumentQuery = z.output<typeof DocumentQuery>;
const PageQuery = z.strictObject({ lang: z.enum(['ar', 'fr']).default('ar') });

const CallParams = z.strictObject({ callId: Id });
const MemberParams = z.strictObject({ rolloutId: Id, memberId: Id });
const RolloutParams = z.strictObject({ rolloutId: Id });
const CodeParams = z.strictObject({ code: z.string().min(10).max(16) });
const YearParams = z.strictObject({
  year: z
    .string()
    .regex(/^20[0-9]{2}$/, 'a year such as 2026')
    .transform(Number),
});

const AssociationParams = z.strictObject({ associationId: Id });
const AssociationCodeParams = z.strictObject({ associationId: Id, code: z.string().min(10).max(16) });
const ASSOCIATION_OR_MINISTRY = { roles: ['ministry', 'association'] } as const;

/** An association's members who completed a module, and their training certificate. */
const AssociationTraining = z
  .strictObject({
    associationId: z.string(),
    members: z.array(
      z.strictObject({
        rolloutId: z.string(),
        memberId: z.string(),
        modules: z.array(z.string()),
        certificate: z
          .strictObject({ code: z.string(), issuedAt: z.string(), revoked: z.boolean() })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'AssociationTraining' });

/** The certificates of a rollout, by id (no names): what the ministry hands out. */
export const CertificateList = z
  .strictObject({
    rolloutId: Id,
    certificates: z.array(
      z.strictObject({
        kind: z.enum(['training', 'trainer']),
        code: z.string(),
        memberId: Id,
        associationId: Id,
        issuedAt: z.string(),
        anchorEventId: z.string(),
        /** When a correction revoked it (the withdrawn completion's date), else null. */
        revokedAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CertificateList' });

/** What the documents' routes need besides the store: names, a PDF renderer, the public address. */
export type DocumentRouteDependencies = RouteDependencies & DocumentDependencies & ReadModelDependencies;

const documentsOf = (deps: DocumentRouteDependencies): DocumentDependencies => deps;

const FORMAT_RESPONSES = {
  200: { description: 'text/html; charset=utf-8, or application/pdf with format=pdf' },
  404: { description: 'No such document in the history' },
  501: { description: 'format=pdf where no PDF renderer is installed (a Lambda without Chromium)' },
} as const;

/** `scopedInHandler`: the route checks a scoped role's reach itself (`actingRole`), before it reads. */
const declared = (
  route: HttpRoute<DocumentRouteDependencies>,
  scopedInHandler = false,
): HttpRoute<DocumentRouteDependencies> => {
  checkRouteDeclaration(route, scopedInHandler);
  return route;
};

/** A page ready to render: its file name (for a PDF) and its HTML, given the page options. */
interface DocumentPage {
  readonly fileName: string;
  readonly html: (options: PageOptions) => string;
}

/** Renders a page as HTML, or as a PDF with the embedded Arabic font. */
const answer = async (
  deps: DocumentRouteDependencies,
  query: DocumentQuery,
  page: DocumentPage,
): Promise<RouteResponse> => {
  if (query.format === 'html') {
    return { status: 200, body: page.html({}), headers: { 'content-type': 'text/html; charset=utf-8' } };
  }
  const renderer = documentsOf(deps).pdfRenderer;
  if (renderer === undefined) {
    throw httpError(501, 'PDF_RENDERER_UNAVAILABLE', 'This deployment renders no PDF; ask for format=html');
  }
  const pdf = await renderer.render(page.html({ fontCss: renderer.fontCss }));
  return {
    status: 200,
    body: pdf,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${page.fileName}-${query.lang}.pdf"`,
    },
  };
};

/**
 * A GET route of a document in `lang=ar|fr` and `format=html|pdf`: `load` finds what to show
 * (throwing a 404 when the history has none) and the route answers it as HTML or PDF.
 */
const documentRoute = <Params extends z.ZodType>(
  route: Omit<
    HttpRoute<DocumentRouteDependencies>,
    'kind' | 'method' | 'request' | 'responses' | 'handle'
  > & {
    readonly params: Params;
    readonly load: (
      params: z.output<Params>,
      query: DocumentQuery,
      request: RouteRequest,
      deps: DocumentRouteDependencies,
    ) => Promise<DocumentPage>;
  },
  scopedInHandler = false,
): HttpRoute<DocumentRouteDependencies> => {
  const { params, load, ...declaration } = route;
  return declared(
    {
      kind: 'query',
      method: 'GET',
      ...declaration,
      request: { params, query: DocumentQuery },
      responses: FORMAT_RESPONSES,
      handle: async (request, deps) => {
        const query = request.query as DocumentQuery;
        return answer(deps, query, await load(request.params as z.output<Params>, query, request, deps));
      },
    },
    scopedInHandler,
  );
};

const minutesOrNotFound = async (deps: DocumentRouteDependencies, callId: string) => {
  const minutes = await loadMinutes(deps.store, callId);
  if (minutes === undefined) {
    throw httpError(404, 'NO_PUBLISHED_SELECTION', `Call ${callId} has no published selection yet`);
  }
  return minutes;
};

const certificateByCodeOrNotFound = async (
  deps: DocumentRouteDependencies,
  code: string,
): Promise<Certificate> => {
  const certificate = (await certificateRegistryOf(deps.store)).byCode(code);
  if (certificate === undefined)
    throw httpError(404, 'NO_CERTIFICATE', `No certificate has the code ${code}`);
  return certificate;
};

const certificateRoute = (
  kind: CertificateKind,
  segment: string,
  operationId: string,
): HttpRoute<DocumentRouteDependencies> =>
  documentRoute({
    path: `/documents/rollouts/{rolloutId}/members/{memberId}/${segment}`,
    operationId,
    summary:
      kind === 'training'
        ? "A member's training certificate (the eight modules), with its QR code and short code"
        : "A certified trainer's certificate, with its QR code and short code",
    description: '404 when the history does not show the member completed (or certified).',
    tags: ['documents'],
    access: MINISTRY,
    params: MemberParams,
    load: async ({ rolloutId, memberId }, query, _request, deps) => {
      const certificate = (await certificateRegistryOf(deps.store)).ofMember(rolloutId, memberId, kind);
      if (certificate === undefined) {
        throw httpError(
          404,
          'NO_CERTIFICATE',
          kind === 'training'
            ? `Member ${memberId} has not completed the eight modules of ${rolloutId}`
            : `Member ${memberId} is not a certified trainer of ${rolloutId}`,
        );
      }
      return certificatePage(deps, query, certificate);
    },
  });

const certificatePage = async (
  deps: DocumentRouteDependencies,
  query: DocumentQuery,
  certificate: Certificate,
): Promise<DocumentPage> => {
  const documents = documentsOf(deps);
  const nameOf = await namesOf(documents.personalData, [certificate.memberId]);
  const url = verificationUrlOf(documents, certificate);
  const qrSvg = await qrSvgOf(url);
  return {
    fileName: `certificate-${certificate.code}`,
    html: (options) => certificateHtml(certificate, nameOf, query.lang, { url, qrSvg }, options),
  };
};

/** The documents' routes. */
export const documentRoutes: readonly HttpRoute<DocumentRouteDependencies>[] = [
  documentRoute({
    path: '/documents/calls/{callId}/minutes',
    operationId: 'readSelectionMinutes',
    summary: "The committee's minutes (procès-verbal, محضر) of a call, once its selection is published",
    description:
      'Members (names from the vault; erased ones say so), conflicts and recusals, the grid, every score, the ranking, the decision, the appeal window, and the event ids.',
    tags: ['documents'],
    access: { public: true },
    params: CallParams,
    load: async ({ callId }, query, _request, deps) => {
      const minutes = await minutesOrNotFound(deps, callId);
      const nameOf = await namesOf(documentsOf(deps).personalData, peopleOfMinutes(minutes));
      return {
        fileName: `minutes-${callId}`,
        html: (options) => minutesHtml(minutes, nameOf, query.lang, options),
      };
    },
  }),
  documentRoute({
    path: '/documents/calls/{callId}/notice',
    operationId: 'readSelectionNotice',
    summary: 'The public notice of the selection of a call',
    tags: ['documents'],
    access: { public: true },
    params: CallParams,
    load: async ({ callId }, query, _request, deps) => {
      const minutes = await minutesOrNotFound(deps, callId);
      return { fileName: `notice-${callId}`, html: (options) => noticeHtml(minutes, query.lang, options) };
    },
  }),
  declared({
    kind: 'query',
    method: 'GET',
    path: '/documents/rollouts/{rolloutId}/certificates',
    operationId: 'listCertificates',
    summary: 'Every training and trainer certificate of a rollout (ids and codes, no names)',
    tags: ['documents'],
    access: MINISTRY,
    request: { params: RolloutParams },
    responses: { 200: { description: 'The certificates', schema: CertificateList } },
    handle: async (request, deps) => {
      const { rolloutId } = request.params as z.output<typeof RolloutParams>;
      const certificates = (await certificateRegistryOf(deps.store)).ofRollout(rolloutId);
      return {
        status: 200,
        body: CertificateList.parse({
          rolloutId,
          certificates: certificates.map((certificate) => ({
            kind: certificate.kind,
            code: certificate.code,
            memberId: certificate.memberId,
            associationId: certificate.association.associationId,
            issuedAt: certificate.issuedAt,
            anchorEventId: certificate.anchorEventId,
            revokedAt: certificate.revocation?.revokedAt ?? null,
          })),
        }),
      };
    },
  }),
  certificateRoute('training', 'training-certificate', 'readTrainingCertificate'),
  // The associations' portal (docs/adr/0108-association-certificates.md): its members' training and
  // their certificates, its own only. Another association is told 403 OUT_OF_SCOPE whatever the id,
  // and a certificate of another association's member is a 404, as if it did not exist.
  declared(
    {
      kind: 'query',
      method: 'GET',
      path: '/associations/{associationId}/training',
      operationId: 'readAssociationTraining',
      summary: "An association's members who completed modules, and their training certificates",
      tags: ['associations'],
      access: ASSOCIATION_OR_MINISTRY,
      request: { params: AssociationParams },
      responses: { 200: { description: 'Its members', schema: AssociationTraining } },
      handle: async (request, deps) => {
        const { associationId } = request.params as z.output<typeof AssociationParams>;
        actingRole(ASSOCIATION_OR_MINISTRY, request.principal as Principal, { associationId });
        const members = (await certificateRegistryOf(deps.store)).ofAssociation(associationId);
        return {
          status: 200,
          body: AssociationTraining.parse({
            associationId,
            members: members.map((member) => ({
              rolloutId: member.rolloutId,
              memberId: member.memberId,
              modules: [...member.modules],
              certificate:
                member.certificate === undefined
                  ? null
                  : {
                      code: member.certificate.code,
                      issuedAt: member.certificate.issuedAt,
                      revoked: member.certificate.revocation !== null,
                    },
            })),
          }),
        };
      },
    },
    true,
  ),
  documentRoute(
    {
      path: '/associations/{associationId}/certificates/{code}',
      operationId: 'readAssociationCertificate',
      summary: "A certificate of one of the association's members, as HTML or PDF",
      tags: ['associations'],
      access: ASSOCIATION_OR_MINISTRY,
      params: AssociationCodeParams,
      load: async ({ associationId, code }, query, request, deps) => {
        actingRole(ASSOCIATION_OR_MINISTRY, request.principal as Principal, { associationId });
        const certificate = await certificateByCodeOrNotFound(deps, code);
        if (certificate.association.associationId !== associationId) {
          throw httpError(404, 'NO_CERTIFICATE', `No certificate of ${associationId} has the code ${code}`);
        }
        return certificatePage(deps, query, certificate);
      },
    },
    true,
  ),
  certificateRoute('trainer', 'trainer-certificate', 'readTrainerCertificate'),
  documentRoute({
    path: '/documents/certificates/{code}',
    operationId: 'readCertificateByCode',
    summary: 'A certificate by its short code, as HTML or PDF',
    tags: ['documents'],
    access: MINISTRY,
    params: CodeParams,
    load: async ({ code }, query, _request, deps) =>
      certificatePage(deps, query, await certificateByCodeOrNotFound(deps, code)),
  }),
  declared({
    kind: 'query',
    method: 'GET',
    path: '/certificates/{code}',
    operationId: 'verifyCertificate',
    summary: 'Public verification page of a certificate: its full content, from the history',
    description:
      'What the QR code and the short code of a certificate lead to. A printed certificate that differs from this page is not genuine.',
    tags: ['documents'],
    access: { public: true },
    request: { params: CodeParams, query: PageQuery },
    responses: {
      200: { description: 'text/html; charset=utf-8' },
      404: { description: 'No certificate has this code' },
    },
    handle: async (request, deps) => {
      const { code } = request.params as z.output<typeof CodeParams>;
      const { lang } = request.query as z.output<typeof PageQuery>;
      const certificate = await certificateByCodeOrNotFound(deps, code);
      const nameOf = await namesOf(documentsOf(deps).personalData, [certificate.memberId]);
      return {
        status: 200,
        body: verificationHtml(certificate, nameOf, lang as DocumentLanguage),
        headers: { 'content-type': 'text/html; charset=utf-8' },
      };
    },
  }),
  documentRoute({
    path: '/documents/partnership-report/{year}',
    operationId: 'readPartnershipReportDocument',
    summary: 'The annual partnership report (circular 7/2003) as a document, in Arabic or French',
    tags: ['documents'],
    access: { public: true },
    params: YearParams,
    load: async ({ year }, query, _request, deps) => {
      const report = await partnershipReportOf(readModelsOf(deps), year);
      return {
        fileName: `partnership-report-${year}`,
        html: (options) => annualReportHtml(report, query.lang, options),
      };
    },
  }),
];
