import { createRequire } from 'node:module';
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
