import type { DocumentAttachment } from '../../../events/documents/parts.js';
import { DocumentContentType } from '../../../events/documents/parts.js';
import type { Actor } from '../../../events/envelope.js';
import type { RegionCode } from '../../../events/reference.js';
import { agreementFold, agreementStreamId } from '../../domain/agreements/agreements.js';
import { callFold, callStreamId } from '../../domain/call/call.js';
import { committeeFold, committeeStreamId, isConflicted } from '../../domain/committee/committee.js';
import {
  arrivalRefusal,
  DOCUMENT_LIMITS,
  documentDecider,
  documentStreamId,
  type RequestedDocument,
} from '../../domain/documents/document.js';
import { domainError, fieldRefusal } from '../../domain/shared/errors.js';
import { handleCommand } from '../command-handler.js';
import { acceptDocument, requestDocumentUpload } from '../commands/documents.js';
import { type CommandServices, loadStream } from '../execute-command.js';
import { launchedRollout } from '../facts.js';
import type { DocumentStorageDependencies, PresignedRequest } from '../ports/document-storage.js';
import { inspectArrival } from './inspect.js';

// The use cases of attached files, over the event store and the `DocumentStorage` port
// (docs/adr/0100-documents.md, docs/adr/0141-upload-flow-in-the-application.md): issue an upload
// URL, check what arrived, open an accepted file. What a file attaches to, and whose it is, is
// found in the history (the call's applications, the agreement's parties, the rollout), never in
// the request; the entry point checks who may act on it (`ActingOn`). Every refusal is a domain
// error: 413 and 415 are the kinds `too-large` and `unsupported-type`.

/** What the upload flow needs: the command services and the storage of the files. */
export type AttachmentServices = CommandServices & DocumentStorageDependencies;

/** Where an attachment belongs: its region (for coordinators) and the association it is about. */
export interface AttachmentSubject {
  readonly region: RegionCode | undefined;
  readonly ownerAssociationId: string | null;
  /** The document, when it exists already (its completion, its opening); absent for a new upload. */
  readonly documentId?: string;
}

/**
 * Who acts on a subject, as the entry point knows its caller: checks that it may reach the
 * subject (its roles, regions, association) and says as whom it acts; throws when it may not.
 */
export type ActingOn = (subject: AttachmentSubject) => Actor;

/** The request's ids, as a command takes them. */
export interface AttachmentCall {
  readonly correlationId: string;
  readonly commandId?: string | undefined;
}

const notFound = (detail: string) => domainError('not-found', 'NOT_FOUND', detail);

/**
 * Finds what an upload attaches to, from the history: an application of a call (its association
 * owns the file), an appeal against a call (by an association that applied to it), an agreement
 * (owned by its association party, if any), or a tranche's evidence (the rollout's grantee).
 * `claimedOwner` is the association an association token acts for, or the one staff name.
 */
export const subjectOf = async (
  services: CommandServices,
  attachedTo: DocumentAttachment,
  claimedOwner: string | undefined,
): Promise<AttachmentSubject> => {
  switch (attachedTo.kind) {
    case 'application': {
      const { state } = await loadStream(services.store, callStreamId(attachedTo.callId), callFold);
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
      const { state } = await loadStream(services.store, callStreamId(attachedTo.callId), callFold);
      if (state.status === 'not-opened') throw notFound(`No call ${attachedTo.callId}`);
      if (claimedOwner === undefined) {
        throw fieldRefusal(
          'invalid',
          'INVALID_ATTACHMENT',
          'associationId',
          'name the appealing association (an applicant of the call)',
        );
      }
      if (!state.applications.some((application) => application.associationId === claimedOwner)) {
        throw notFound(`Association ${claimedOwner} did not apply to call ${attachedTo.callId}`);
      }
      return { region: state.regionCode ?? undefined, ownerAssociationId: claimedOwner };
    }
    case 'agreement': {
      const { state } = await loadStream(
        services.store,
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
          : (await launchedRollout(services.store, state.rolloutId)).regionCode;
      return { region, ownerAssociationId: associationParty?.partyId ?? null };
    }
    case 'tranche-evidence': {
      const rollout = await launchedRollout(services.store, attachedTo.rolloutId);
      return { region: rollout.regionCode, ownerAssociationId: attachedTo.associationId };
    }
  }
};

export interface UploadRequest {
  readonly documentId: string;
  readonly attachedTo: DocumentAttachment;
  readonly contentType: string;
  readonly sizeBytes: number;
  /**
   * The association the file is from, as the caller states it: the one an association token acts
   * for, or the one staff name for an appeal letter.
   */
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
 * Issues the upload URL of one file. Refused before anything is written: a type that is not PDF,
 * JPEG or PNG (`unsupported-type`, `UNSUPPORTED_DOCUMENT_TYPE`), a size over the limit (`too-large`,
 * `DOCUMENT_TOO_LARGE`), a subject that does not exist or the caller may not reach.
 */
export const requestUpload = async (
  services: AttachmentServices,
  actingOn: ActingOn,
  request: UploadRequest,
  call: AttachmentCall,
): Promise<UploadTicket> => {
  const contentType = DocumentContentType.safeParse(request.contentType);
  if (!contentType.success) {
    throw fieldRefusal(
      'unsupported-type',
      'UNSUPPORTED_DOCUMENT_TYPE',
      'contentType',
      `${JSON.stringify(request.contentType)} is not accepted; send one of ${DocumentContentType.options.join(', ')}`,
    );
  }
  if (request.sizeBytes > DOCUMENT_LIMITS.maxSizeBytes) {
    throw fieldRefusal(
      'too-large',
      'DOCUMENT_TOO_LARGE',
      'sizeBytes',
      `${request.sizeBytes} bytes is over the limit of ${DOCUMENT_LIMITS.maxSizeBytes} bytes`,
    );
  }
  const subject = await subjectOf(services, request.attachedTo, request.associationId);
  const actor = actingOn(subject);
  const storage = services.documentStorage;
  const expiresAt = new Date(
    Date.parse(services.clock()) + DOCUMENT_LIMITS.uploadUrlSeconds * 1000,
  ).toISOString();
  const outcome = await handleCommand(
    services,
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
    commandCall(actor, call),
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

const commandCall = (actor: Actor, call: AttachmentCall) => ({
  actor,
  correlationId: call.correlationId,
  ...(call.commandId === undefined ? {} : { commandId: call.commandId }),
});

/** A requested document and who acts on it (its subject checked by `actingOn`). */
const documentActedOn = async (
  services: CommandServices,
  actingOn: ActingOn,
  documentId: string,
): Promise<{ state: RequestedDocument; actor: Actor }> => {
  const { state } = await loadStream(services.store, documentStreamId(documentId), documentDecider);
  if (state.status === 'none') throw notFound(`No document ${documentId}`);
  const subject = await subjectOf(services, state.attachedTo, state.ownerAssociationId ?? undefined);
  const actor = actingOn({
    region: subject.region,
    ownerAssociationId: state.ownerAssociationId,
    documentId: state.documentId,
  });
  return { state, actor };
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

/**
 * Checks the file that arrived in quarantine by its content and accepts it: at most its declared
 * size (`too-large`, `DOCUMENT_TOO_LARGE`), its bytes of its declared type (`unsupported-type`,
 * `DOCUMENT_TYPE_MISMATCH`, naming what the bytes are). A refused file is deleted and nothing is
 * recorded. An accepted one is moved out of quarantine (only if unchanged since it was read), then
 * `DocumentAccepted` records its SHA-256. Repeating the call after a failure in between completes it.
 */
export const completeUpload = async (
  services: AttachmentServices,
  actingOn: ActingOn,
  documentId: string,
  call: AttachmentCall,
): Promise<AcceptedDocument> => {
  const { state, actor } = await documentActedOn(services, actingOn, documentId);
  const storage = services.documentStorage;
  const limit = Math.min(state.declaredSizeBytes, DOCUMENT_LIMITS.maxSizeBytes);
  let arrivedBytes: Uint8Array | undefined;
  const quarantined = await storage.readUpload(documentId, limit);
  if (quarantined.kind === 'too-large') {
    await storage.discardUpload(documentId);
    throw domainError(
      'too-large',
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
        ? domainError(
            'too-large',
            'DOCUMENT_TOO_LARGE',
            `The file is ${refusal.sizeBytes} bytes, over ${refusal.limitBytes}; it was deleted`,
          )
        : domainError(
            'unsupported-type',
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
      throw domainError(
        'conflict',
        'UPLOAD_NOT_ARRIVED',
        `No file was uploaded for document ${documentId} yet`,
      );
    }
  }
  const arrival = await inspectArrival(arrivedBytes);
  const outcome = await handleCommand(
    services,
    acceptDocument,
    { documentId, arrival },
    commandCall(actor, call),
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
 * Opens an accepted file: a download URL of a minute, to whoever `actingOn` lets reach it; a
 * committee member only the files of the applications its committee scores, never one it declared
 * a conflict on (`CONFLICT_OF_INTEREST`), and nothing else (`NOT_ON_THE_COMMITTEE`).
 */
export const openDocument = async (
  services: AttachmentServices,
  actingOn: ActingOn,
  documentId: string,
): Promise<OpenedDocument> => {
  const { state, actor } = await documentActedOn(services, actingOn, documentId);
  if (state.status !== 'accepted' || state.sha256 === null || state.sizeBytes === null) {
    throw notFound(`Document ${documentId} has not been accepted`);
  }
  if (actor.role === 'committee-member') await checkCommitteeMayOpen(services, actor, state);
  const download = await services.documentStorage.presignDownload(documentId, {
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
  services: CommandServices,
  actor: Actor,
  state: RequestedDocument,
): Promise<void> => {
  const attachedTo = state.attachedTo;
  if (attachedTo.kind !== 'application') {
    throw domainError(
      'forbidden',
      'NOT_ON_THE_COMMITTEE',
      'A committee member opens the files of the applications it scores only',
    );
  }
  const { state: committee } = await loadStream(
    services.store,
    committeeStreamId(attachedTo.callId),
    committeeFold,
  );
  if (committee.status === 'not-appointed' || !committee.memberIds.includes(actor.id)) {
    throw domainError(
      'forbidden',
      'NOT_ON_THE_COMMITTEE',
      `You are not a member of the committee of call ${attachedTo.callId}`,
    );
  }
  if (isConflicted(committee, actor.id, attachedTo.applicationId)) {
    throw domainError(
      'forbidden',
      'CONFLICT_OF_INTEREST',
      `You declared a conflict of interest on application ${attachedTo.applicationId}: its files stay closed to you`,
    );
  }
};
