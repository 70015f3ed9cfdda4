import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem } from './api.js';
import type { Translate } from './i18n.js';

// What a screen reads from the API, read once drawn and again after each command it sends, and
// what it shows meanwhile: one hook and two parts for every screen of the workspace.

/**
 * What was read (undefined until the first read answered), whether the last read failed (what was
 * read before stays), and how to read again (after a command), as `useState` answers a pair.
 */
export type Loaded<T> = readonly [value: T | undefined, failed: boolean, reload: () => Promise<void>];

/** Reads `load` when the screen is drawn and whenever one of `deps` (what `load` reads) changes. */
export const useLoaded = <T,>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> => {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  // The caller names in `deps` what `load` reads: a new `load` each drawing does not read again.
  const reload = useCallback(async () => {
    try {
      setValue(await load());
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [value, failed, reload];
};

/**
 * A read that answers undefined when the API refuses it as `absent` says (by default a 404: nothing
 * there yet); any other failure stays a failure.
 */
export const unlessAbsent = <T,>(
  read: Promise<T>,
  absent: (status: number) => boolean = (status) => status === 404,
): Promise<T | undefined> =>
  read.catch((error: unknown) => {
    if (error instanceof ApiProblem && absent(error.problem.status)) return undefined;
    throw error;
  });

/** What stands instead of what is not read yet: the failure, or the wait. */
export const Pending = ({ t, failed }: { readonly t: Translate; readonly failed: boolean }) =>
  failed ? <p role="alert">{t('queue.failed')}</p> : <p aria-busy="true">{t('app.loading')}</p>;

/** A table of the workspace: its column headers, then its rows (each heading itself with `<th scope="row">`). */
export const Table = ({
  caption,
  columns,
  children,
}: {
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly children: ComponentChildren;
}) => (
  <table class="members">
    {caption === undefined ? null : <caption>{caption}</caption>}
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
    <tbody>{children}</tbody>
  </table>
);
