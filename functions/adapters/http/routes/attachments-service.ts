import type { DocumentAttachment } from '../../../../events/documents/parts.js';
import { DocumentContentType } from '../../../../events/documents/parts.js';
import type { Actor } from '../../../../events/envelope.js';
import type { RegionCode } from '../../../../events/reference.js';
import { inspectArrival } from '../../../application/attachments/inspect.js';
import { handleCommand } from '../../../application/command-handler.js';
import { acceptDocument, requestDocumentUpload } from '../../../application/commands/documents.js';
import { loadStream } from '../../../application/execute-command.js';
import { launchedRollout } from '../../../application/facts.js';
import type {
  DocumentStorage,
  DocumentStorageDependencies,
  PresignedRequest,
} from '../../../application/ports/document-storage.js';
import { agreementFold, agreementStreamId } from '../../../domain/agreements/agreements.js';
import { callFold, callStreamId } from '../../../domain/call/call.js';
import { committeeFold, committeeStreamId, isConflicted } from '../../../domain/committee/committee.js';
import {
  arrivalRefusal,
  DOCUMENT_LIMITS,
  type DocumentState,
  documentDecider,
  documentStreamId,
  type RequestedDocument,
} from '../../../domain/documents/document.js';
import { type Access, actingRole } from '../access.js';
import type { HttpRole, Principal } from '../claims.js';
import { httpError } from '../problem.js';
import type { RouteDependencies } from '../route.js';

// The use cases of attached files, over the event store and the `DocumentStorage` port: issue an
// upload URL, check what arrived, open an accepted file. Who may do what is decided here, from
// the history (the call's applications, its committee's members and conflicts, the agreement's
// parties), never from the request body. See docs/adr/0100-documents.md.

/** Who may upload (and complete an upload): staff for anyone in their reach, an association for itself. */
export const UPLOADERS: Access = { roles: ['ministry', 'coordinator', 'association'] };
/** Who may open an accepted file (each further limited below). */
export const OPENERS: Access = { roles: ['ministry', 'coordinator', 'committee-member', 'association'] };

/** Where an attachment belongs: its region (for coordinators) and the association it is about. */
export interface AttachmentSubject {
  readonly region: RegionCode | undefined;
  readonly ownerAssociationId: string | null;
}

const notFound = (detail: string) => httpError(404, 'NOT_FOUND', detail);

const bodyField = (field: string, reason: string, status = 422, code = 'INVALID_ATTACHMENT') =>
  httpError(status, code, `${field}: ${reason}`, {
    errors: [{ pointer: `/body/${field.replaceAll('.', '/')}`, field: `body.${field}`, reason }],
  });

/**
 * Finds what an upload attaches to, from the history: an application of a call (its association
 * owns the file), an appeal against a call (by an association that applied to it), an agreement
 * (owned by its association party, if any), or a tranche's evidence (the rollout's grantee).
 * `claimedOwner` is the association an association token acts for, or the one staff name.
 */
export const subjectOf = async (
  deps: AttachmentRouteDependencies,
  attachedTo: DocumentAttachment,
  claimedOwner: string | undefined,
): Promise<AttachmentSubject> => {
  switch (attachedTo.kind) {
    case 'application': {
      const { state } = await loadStream(deps.store, callStreamId(attachedTo.callId), callFold);
      const application =
        state.status === 'not-opened'
          ? undefined
          : state.applications.find((candidate) => candidate.applicationId === attachedTo.applicationId);
      if (state.status === 'not-opened' || application === undefined) {
        throw notFound(`No application ${attachedTo.applicationId} in call ${attachedTo.callId}`);
      }
      return { region: state.regionCode ?? undefined, ownerAssociationId: application.associationId };
    }
    case 'appeal': {
      const { state } = await loadStream(deps.store, callStreamId(attachedTo.callId), callFold);
      if (state.status === 'not-opened') throw notFound(`No call ${attachedTo.callId}`);
      if (claimedOwner === undefined) {
        throw bodyField('associationId', 'name the appealing association (an applicant of the call)');
      }
      if (!state.applications.some((application) => application.associationId === claimedOwner)) {
        throw notFound(`Association ${claimedOwner} did not apply to call ${attachedTo.callId}`);
      }
      return { region: state.regionCode ?? undefined, ownerAssociationId: claimedOwner };
    }
    case 'agreement': {
      const { state } = await loadStream(
        deps.store,
        agreementStreamId(attachedTo.agreementId),
        agreementFold,
      );
      if (state.status === 'none') throw notFound(`No agreement ${attachedTo.agreementId}`);
      const associationParty = state.parties.find(
        (party) => party.role === 'beneficiary-association' || party.role === 'operator',
      );
      const region =
        state.rolloutId === null
          ? undefined
          : (await launchedRollout(deps.store, state.rolloutId)).regionCode;
      return { region, ownerAssociationId: associationParty?.partyId ?? null };
    }
    case 'tranche-evidence': {
      const rollout = await launchedRollout(deps.store, attachedTo.rolloutId);
      return { region: rollout.regionCode, ownerAssociationId: attachedTo.associationId };
    }
  }
};

/** What the attachments' routes need: the store and the storage of the files. */
export type AttachmentRouteDependencies = RouteDependencies & DocumentStorageDependencies;

const storageOf = (deps: AttachmentRouteDependencies): DocumentStorage => deps.documentStorage;

export interface UploadRequest {
  readonly documentId: string;
  readonly attachedTo: DocumentAttachment;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Staff naming the association an appeal letter is from; an association token names itself. */
  readonly associationId?: string | undefined;
  /** The file's name on the uploader's device (docs/adr/0124-own-documents-listed.md). */
  readonly fileName?: string | undefined;
}

export interface UploadTicket {
  readonly documentId: string;
  readonly streamId: string;
  readonly version: number;
  readonly maxSizeBytes: number;
  readonly upload: PresignedRequest;
}

/**
 * Issues the upload URL of one file. Refused before anything is written: a size over the limit
 * (413 `DOCUMENT_TOO_LARGE`), a type that is not PDF, JPEG or PNG (415
 * `UNSUPPORTED_DOCUMENT_TYPE`), a subject the caller may not reach (403/404).
 */
export const requestUpload = async (
  deps: AttachmentRouteDependencies,
  principal: Principal,
  request: UploadRequest,
  meta: { readonly correlationId: string; readonly commandId?: string | undefined },
): Promise<UploadTicket> => {
  const contentType = DocumentContentType.safeParse(request.contentType);
  if (!contentType.success) {
    throw bodyField(
      'contentType',
      `${JSON.stringify(request.contentType)} is not accepted; send one of ${DocumentContentType.options.join(', ')}`,
      415,
      'UNSUPPORTED_DOCUMENT_TYPE',
    );
  }
  if (request.sizeBytes > DOCUMENT_LIMITS.maxSizeBytes) {
    throw bodyField(
      'sizeBytes',
      `${request.sizeBytes} bytes is over the limit of ${DOCUMENT_LIMITS.maxSizeBytes} bytes`,
      413,
      'DOCUMENT_TOO_LARGE',
    );
  }
  const tokenAssociation = principal.roles.includes('association') ? principal.association : undefined;
  const subject = await subjectOf(deps, request.attachedTo, tokenAssociation ?? request.associationId);
  const role = actingRole(UPLOADERS, principal, {
    region: subject.region,
    associationId: subject.ownerAssociationId ?? undefined,
  }) as HttpRole;
  // Before anything is recorded: a deployment without storage records no upload it cannot take.
  const storage = storageOf(deps);
  const expiresAt = new Date(
    Date.parse(deps.clock()) + DOCUMENT_LIMITS.uploadUrlSeconds * 1000,
  ).toISOString();
  const outcome = await handleCommand(
    deps,
    requestDocumentUpload,
    {
      documentId: request.documentId,
      attachedTo: request.attachedTo,
      ownerAssociationId: subject.ownerAssociationId,
      ...(request.fileName === undefined ? {} : { fileName: request.fileName }),
      declaredContentType: contentType.data,
      declaredSizeBytes: request.sizeBytes,
      uploadExpiresAt: expiresAt,
    },
    {
      actor: { id: principal.subject, role },
      correlationId: meta.correlationId,
      ...(meta.commandId === undefined ? {} : { commandId: meta.commandId }),
    },
  );
  const upload = await storage.presignUpload({
    documentId: request.documentId,
    contentType: contentType.data,
    sizeBytes: request.sizeBytes,
    expiresInSeconds: DOCUMENT_LIMITS.uploadUrlSeconds,
  });
  return {
    documentId: request.documentId,
    streamId: outcome.streamId,
    version: outcome.version,
    maxSizeBytes: DOCUMENT_LIMITS.maxSizeBytes,
    upload,
  };
};

const loadDocument = async (deps: AttachmentRouteDependencies, documentId: string) => {
  const loaded = await loadStream(deps.store, documentStreamId(documentId), documentDecider);
  if (loaded.state.status === 'none') throw notFound(`No document ${documentId}`);
  return { state: loaded.state as RequestedDocument, version: loaded.version };
};

/** The reach check of an existing document; an association is told 404 for another's file. */
const roleOnDocument = async (
  deps: AttachmentRouteDependencies,
  access: Access,
  principal: Principal,
  state: RequestedDocument,
): Promise<HttpRole> => {
  const subject = await subjectOf(deps, state.attachedTo, state.ownerAssociationId ?? undefined);
  try {
    return actingRole(access, principal, {
      region: subject.region,
      associationId: state.ownerAssociationId ?? undefined,
    }) as HttpRole;
  } catch (error) {
    // Another association's file: nothing tells it the file exists.
    if (principal.roles.length === 1 && principal.roles[0] === 'association') {
      throw notFound(`No document ${state.documentId}`);
    }
    throw error;
  }
};

export interface AcceptedDocument {
  readonly documentId: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string | null;
}

const refusedOnArrival = (status: 413 | 415, code: string, detail: string) => httpError(status, code, detail);

/**
 * Checks the file that arrived in quarantine by its content and accepts it: at most its declared
 * size (413 `DOCUMENT_TOO_LARGE`), its bytes of its declared type (415 `DOCUMENT_TYPE_MISMATCH`,
 * naming what the bytes are). A refused file is deleted and nothing is recorded. An accepted one is
 * moved out of quarantine (only if unchanged since it was read), then `DocumentAccepted` records
 * its SHA-256. Repeating the call after a failure in between completes it.
 */
export const completeUpload = async (
  deps: AttachmentRouteDependencies,
  principal: Principal,
  documentId: string,
  meta: { readonly correlationId: string; readonly commandId?: string | undefined },
): Promise<AcceptedDocument> => {
  const { state } = await loadDocument(deps, documentId);
  const role = await roleOnDocument(deps, UPLOADERS, principal, state);
  const storage = storageOf(deps);
  const actor: Actor = { id: principal.subject, role };
  const limit = Math.min(state.declaredSizeBytes, DOCUMENT_LIMITS.maxSizeBytes);
  let arrivedBytes: Uint8Array | undefined;
  const quarantined = await storage.readUpload(documentId, limit);
  if (quarantined.kind === 'too-large') {
    await storage.discardUpload(documentId);
    throw refusedOnArrival(
      413,
      'DOCUMENT_TOO_LARGE',
      `The file is ${quarantined.sizeBytes} bytes, over the ${limit} bytes declared; it was deleted`,
    );
  }
  if (quarantined.kind === 'arrived') {
    const arrival = await inspectArrival(quarantined.bytes);
    const refusal = arrivalRefusal(state, arrival);
    if (refusal !== undefined) {
      await storage.discardUpload(documentId);
      throw refusal.reason === 'too-large'
        ? refusedOnArrival(
            413,
            'DOCUMENT_TOO_LARGE',
            `The file is ${refusal.sizeBytes} bytes, over ${refusal.limitBytes}; it was deleted`,
          )
        : refusedOnArrival(
            415,
            'DOCUMENT_TYPE_MISMATCH',
            `The file's content is ${refusal.detected ?? 'of no accepted type'}, not the declared ${refusal.declared}; it was deleted`,
          );
    }
    await storage.acceptUpload(documentId, quarantined.version);
    arrivedBytes = quarantined.bytes;
  } else {
    // Moved already by an attempt that failed before recording it, or never uploaded.
    arrivedBytes = await storage.readAccepted(documentId);
    if (arrivedBytes === undefined) {
      throw httpError(409, 'UPLOAD_NOT_ARRIVED', `No file was uploaded for document ${documentId} yet`);
    }
  }
  const arrival = await inspectArrival(arrivedBytes);
  const outcome = await handleCommand(
    deps,
    acceptDocument,
    { documentId, arrival },
    {
      actor,
      correlationId: meta.correlationId,
      ...(meta.commandId === undefined ? {} : { commandId: meta.commandId }),
    },
  );
  const accepted = outcome.events.find((event) => event.type === 'DocumentAccepted');
  return {
    documentId,
    sha256: arrival.sha256,
    sizeBytes: arrival.sizeBytes,
    contentType: state.declaredContentType,
    streamId: outcome.streamId,
    version: outcome.version,
    eventId: accepted?.eventId ?? null,
  };
};

export interface OpenedDocument {
  readonly documentId: string;
  readonly attachedTo: DocumentAttachment;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly download: PresignedRequest;
}

/**
 * Opens an accepted file: a download URL of a minute. The ministry opens any; a coordinator those of
 * its regions; an association its own (another's is a 404); a committee member the files of the
 * applications its committee scores, never one it declared a conflict on (403
 * `CONFLICT_OF_INTEREST`), and nothing else (403 `NOT_ON_THE_COMMITTEE`).
 */
export const openDocument = async (
  deps: AttachmentRouteDependencies,
  principal: Principal,
  documentId: string,
): Promise<OpenedDocument> => {
  const { state } = await loadDocument(deps, documentId);
  const role = await roleOnDocument(deps, OPENERS, principal, state);
  if (state.status !== 'accepted' || state.sha256 === null || state.sizeBytes === null) {
    throw notFound(`Document ${documentId} has not been accepted`);
  }
  if (role === 'committee-member') await checkCommitteeMayOpen(deps, principal, state);
  const download = await storageOf(deps).presignDownload(documentId, {
    expiresInSeconds: DOCUMENT_LIMITS.downloadUrlSeconds,
    contentType: state.declaredContentType,
  });
  return {
    documentId,
    attachedTo: state.attachedTo,
    sha256: state.sha256,
    sizeBytes: state.sizeBytes,
    contentType: state.declaredContentType,
    download,
  };
};

const checkCommitteeMayOpen = async (
  deps: AttachmentRouteDependencies,
  principal: Principal,
  state: DocumentState & RequestedDocument,
): Promise<void> => {
  const attachedTo = state.attachedTo;
  if (attachedTo.kind !== 'application') {
    throw httpError(
      403,
      'NOT_ON_THE_COMMITTEE',
      'A committee member opens the files of the applications it scores only',
    );
  }
  const { state: committee } = await loadStream(
    deps.store,
    committeeStreamId(attachedTo.callId),
    committeeFold,
  );
  if (committee.status === 'not-appointed' || !committee.memberIds.includes(principal.subject)) {
    throw httpError(
      403,
      'NOT_ON_THE_COMMITTEE',
      `You are not a member of the committee of call ${attachedTo.callId}`,
    );
  }
  if (isConflicted(committee, principal.subject, attachedTo.applicationId)) {
    throw httpError(
      403,
      'CONFLICT_OF_INTEREST',
      `You declared a conflict of interest on application ${attachedTo.applicationId}: its files stay closed to you`,
    );
  }
};
