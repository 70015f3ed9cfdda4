import { codedError, isErrorWithCode } from '../../domain/shared/coded-error.js';

export const VIEW_CONFLICT = 'VIEW_CONFLICT';
export const VIEW_TOO_LARGE = 'VIEW_TOO_LARGE';

/** Another consumer saved the view first: reload it and apply again. */
export interface ViewConflictError extends Error {
  readonly code: typeof VIEW_CONFLICT;
  readonly projection: string;
  readonly key: string;
  readonly expectedRevision: number;
}

/** A view document is larger than one item can hold, even compressed. */
export interface ViewTooLargeError extends Error {
  readonly code: typeof VIEW_TOO_LARGE;
  readonly projection: string;
  readonly key: string;
  readonly bytes: number;
}

export const isViewConflictError = isErrorWithCode<ViewConflictError>(VIEW_CONFLICT);

export const isViewTooLargeError = isErrorWithCode<ViewTooLargeError>(VIEW_TOO_LARGE);

export const viewConflictError = (
  details: { projection: string; key: string; expectedRevision: number },
  options?: { cause?: unknown },
): ViewConflictError =>
  codedError(
    'ViewConflictError',
    VIEW_CONFLICT,
    `View ${details.projection}/${details.key} is no longer at revision ${details.expectedRevision}`,
    details,
    options,
  );

export const viewTooLargeError = (details: {
  projection: string;
  key: string;
  bytes: number;
}): ViewTooLargeError =>
  codedError(
    'ViewTooLargeError',
    VIEW_TOO_LARGE,
    `View ${details.projection}/${details.key} takes ${details.bytes} bytes compressed, above the item limit`,
    details,
  );
