import { chmod, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runtimeStartError } from './runtime-errors.js';

// Checks the on-disk DynamoDB (dynalite's LevelDB folder) before dynalite opens it: dynalite opens
// it lazily and, when it cannot, fails its first request with an error thrown outside any
// promise. Opening it here first turns a lock held by another process, or a damaged folder, into
// a one-line explanation. It uses the very LevelDB binding dynalite depends on.

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}
type LevelConstructor = new (path: string, options: { valueEncoding: string }) => LevelDatabase;

const levelOfDynalite = (): LevelConstructor => {
  const requireHere = createRequire(import.meta.url);
  const requireFromDynalite = createRequire(requireHere.resolve('dynalite'));
  return (requireFromDynalite('level') as { Level: LevelConstructor }).Level;
};

/** The failure's own code (LEVEL_LOCKED, LEVEL_CORRUPTION, ENOTDIR, …), from the error or its cause. */
const rootCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return String(cause?.code ?? (error as { code?: unknown }).code ?? '');
};

/**
 * Opens and closes the LevelDB folder at `path` (creating it when absent); throws a
 * `RuntimeStartError` (DATA_FOLDER_LOCKED or DATA_FOLDER_CORRUPT) naming the folder and what to do.
 */
export const checkDataFolder = async (path: string, dataDir: string): Promise<void> => {
  const Level = levelOfDynalite();
  const database = new Level(path, { valueEncoding: 'json' });
  try {
    await database.open();
  } catch (error) {
    if (rootCode(error) === 'LEVEL_LOCKED') {
      throw runtimeStartError(
        'DATA_FOLDER_LOCKED',
        `The data folder ${dataDir} is in use by another process (another npm start?); stop it, or use another folder (--data <dir>) or --in-memory`,
        { cause: error },
      );
    }
    throw runtimeStartError(
      'DATA_FOLDER_CORRUPT',
      `The data folder ${dataDir} cannot be read (damaged or not a Naseej data folder); move it away (mv ${dataDir} ${dataDir}.broken) or start with --in-memory`,
      { cause: error },
    );
  }
  await database.close();
};

/**
 * Makes `folder` (created when absent) readable by this user only: the folder and every folder in
 * it 0700, every file 0600. It holds the signing key and, in LevelDB's files, every partner and
 * subscription signing secret in plain text; LevelDB creates its files with the process's umask
 * (world-readable under the usual 022), so the runtime runs this once at start, before dynalite
 * opens the folder (a folder of 0700 keeps every later file out of reach), and once after (issue
 * 22, defect 3). `npm start` also sets a umask of 077, so the files created later are 0600 too.
 */
export const keepFolderPrivate = async (folder: string): Promise<void> => {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const walk = async (directory: string): Promise<void> => {
    await chmod(directory, 0o700);
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) await chmod(path, 0o600);
    }
  };
  await walk(folder);
};
