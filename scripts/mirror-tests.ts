import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The unit and integration tests mirror the source folders (ADR 0134): a test of
 * `functions/adapters/dynamodb/event-store.ts` lives in `test/unit/functions/adapters/dynamodb/`
 * (or `test/integration/...`). Two modes:
 *
 * - `npx tsx scripts/mirror-tests.ts --check` (in `npm run check`): fails, naming the files, when
 *   a test sits in a folder that is not a source folder.
 * - `npx tsx scripts/mirror-tests.ts` moves every tracked file the rules below place elsewhere
 *   (`git mv`), rewrites the relative paths in the moved files and in the files that import them,
 *   and the repository-relative test paths (`test/unit/...`) in docs and comments. Running it
 *   again moves nothing; after merging a branch that added tests to an old folder, it moves those.
 *   `--dry-run` prints the moves only.
 *
 * The rules are the old layout's folders (session 9); a new test goes straight to its mirror.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Exact files, checked first; a file keeps its name unless the target names it. */
const FILES: Record<string, string> = {
  // unit
  'test/unit/attachments/s3-document-storage.test.ts': 'test/unit/functions/adapters/s3/',
  'test/unit/bus/change-feed.test.ts': 'test/unit/local/',
  'test/unit/bus/local-bus.test.ts': 'test/unit/local/',
  'test/unit/bus/checkpoints.test.ts': 'test/unit/local/bus/',
  'test/unit/bus/webhook-dispatcher.test.ts': 'test/unit/functions/adapters/webhooks/',
  'test/unit/bus/webhook-store.test.ts': 'test/unit/functions/adapters/webhooks/',
  'test/unit/domain/rollout/upcasting.test.ts': 'test/unit/events/rollout/',
  'test/unit/domain/scenario/fes-meknes.test.ts': 'test/unit/functions/domain/',
  'test/unit/feed-cursors/in-memory-store.test.ts':
    'test/unit/functions/adapters/in-memory/feed-cursors.test.ts',
  'test/unit/handlers/sfn-callbacks.test.ts': 'test/unit/workflows/callbacks/',
  'test/unit/http/idempotency-store.test.ts': 'test/unit/functions/adapters/in-memory/idempotency.test.ts',
  'test/unit/http/person-text.test.ts': 'test/unit/functions/adapters/http/routes/',
  'test/unit/integrity/history.ts': 'test/support/integrity-history.ts',
  'test/unit/integrity/personal-data-names.test.ts':
    'test/unit/functions/adapters/in-memory/personal-data.test.ts',
  'test/unit/notifications/outbox.test.ts': 'test/unit/local/',
  'test/unit/notifications/ses.test.ts': 'test/unit/functions/adapters/ses/',
  'test/unit/projections/consumer.test.ts': 'test/unit/functions/application/read-models/',
  'test/unit/projections/rebuild.property.test.ts': 'test/unit/functions/application/read-models/',
  'test/unit/projections/routing-memo.test.ts': 'test/unit/functions/application/read-models/',
  'test/unit/projections/routes.test.ts': 'test/unit/functions/adapters/http/routes/views.test.ts',
  'test/unit/projections/money-history.property.test.ts': 'test/unit/functions/adapters/http/routes/',
  'test/unit/store/in-memory.test.ts': 'test/unit/functions/adapters/in-memory/event-store.test.ts',
  'test/unit/webhooks/partner-registry-contract.ts': 'test/unit/functions/adapters/',
  'test/unit/webhooks/secrets-manager-fake.ts': 'test/unit/functions/adapters/',
  'test/unit/webhooks/secrets-manager.test.ts': 'test/unit/functions/adapters/',
  'test/unit/webhooks/partner-secret-cache.test.ts': 'test/unit/local/',
  'test/unit/workflows/executor-starts.test.ts': 'test/unit/local/',
  // integration
  'test/integration/api/feed-cursor-store-dynamodb.test.ts': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/bus/checkpoints.test.ts': 'test/integration/local/bus/',
  'test/integration/documents/documents-pdf-signals.test.ts': 'test/integration/local/',
  'test/integration/documents/minutes-pdf-order.test.ts': 'test/integration/local/',
  'test/integration/http/idempotency-dynamodb.test.ts': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/integrity/verify-runtime.test.ts': 'test/integration/local/cli/',
  'test/integration/notifications/notifications.test.ts': 'test/integration/local/',
  'test/integration/projections/gap-repair.test.ts': 'test/integration/local/',
  'test/integration/reliability/dynalite-crash.test.ts': 'test/integration/local/dynalite/',
  'test/integration/reliability/http-overload.test.ts': 'test/integration/local/',
  'test/integration/store/dynamodb.test.ts':
    'test/integration/functions/adapters/dynamodb/event-store.test.ts',
  'test/integration/webhooks-outbound/delivery.test.ts': 'test/integration/local/',
  'test/integration/workflows/executor-limits.test.ts': 'test/integration/local/',
};

/** Old folders, for every file no exact rule names (subfolders are kept). */
const FOLDERS: Record<string, string> = {
  // unit
  'test/unit/api/': 'test/unit/functions/adapters/http/routes/',
  'test/unit/app/': 'test/unit/functions/application/',
  'test/unit/attachments/': 'test/unit/functions/application/attachments/',
  'test/unit/bus/': 'test/unit/functions/application/bus/',
  'test/unit/demo/': 'test/unit/local/demo/',
  'test/unit/documents/': 'test/unit/functions/application/documents/',
  'test/unit/domain/': 'test/unit/functions/domain/',
  'test/unit/feed-cursors/': 'test/unit/functions/application/feed/',
  'test/unit/handlers/': 'test/unit/functions/handlers/',
  'test/unit/http/': 'test/unit/functions/adapters/http/',
  'test/unit/integrity/': 'test/unit/functions/adapters/dynamodb/',
  'test/unit/notifications/': 'test/unit/functions/application/notifications/',
  'test/unit/open-data/': 'test/unit/functions/application/open-data/',
  'test/unit/projections/': 'test/unit/functions/application/projections/',
  'test/unit/reliability/': 'test/unit/functions/adapters/in-memory/',
  'test/unit/shared/': 'test/unit/functions/domain/shared/',
  'test/unit/store/': 'test/unit/functions/adapters/dynamodb/',
  'test/unit/webhooks/': 'test/unit/functions/adapters/webhooks/',
  'test/unit/workspace/': 'test/unit/workspace/src/',
  // integration
  'test/integration/api/': 'test/integration/functions/adapters/http/routes/',
  'test/integration/attachments/': 'test/integration/local/',
  'test/integration/bus/': 'test/integration/local/',
  'test/integration/demo/': 'test/integration/local/demo/',
  'test/integration/documents/': 'test/integration/functions/adapters/http/routes/',
  'test/integration/fuzz/': 'test/integration/local/',
  'test/integration/hardening/': 'test/integration/functions/adapters/http/routes/',
  'test/integration/http/': 'test/integration/functions/adapters/http/',
  'test/integration/integrity/': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/notifications/': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/projections/': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/reliability/': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/runtime/': 'test/integration/local/',
  'test/integration/store/': 'test/integration/functions/adapters/dynamodb/',
  'test/integration/storms/': 'test/integration/local/',
  'test/integration/webhooks-inbound/': 'test/integration/functions/adapters/http/routes/',
  'test/integration/webhooks-outbound/': 'test/integration/functions/adapters/webhooks/',
};

/** Where a path (file or folder, existing or not) lives after the move. */
function destination(path: string): string {
  const exact = FILES[path];
  if (exact !== undefined) return exact.endsWith('/') ? exact + posix.basename(path) : exact;
  for (const [from, to] of Object.entries(FOLDERS)) {
    if (path.startsWith(to)) continue; // already moved (the target may sit under the old folder)
    if (path.startsWith(from)) return to + path.slice(from.length);
    if (`${path}/` === from) return to.slice(0, -1);
  }
  return path;
}

const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
const tracked = (): string[] => git('ls-files', '-z').split('\0').filter(Boolean);
const isDirectory = (path: string): boolean =>
  existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory();

/** The test levels whose folders mirror the source; e2e and infra have their own shape. */
const MIRRORED = ['test/unit/', 'test/integration/'];

function check(): number {
  const wrong = tracked().filter((file) => {
    const level = MIRRORED.find((prefix) => file.startsWith(prefix));
    if (level === undefined) return false;
    const folder = posix.dirname(file.slice(level.length));
    return folder === '.' || folder.startsWith('test') || !isDirectory(folder);
  });
  for (const file of wrong) {
    const moved = destination(file);
    console.error(`${file}: not in a mirror of a source folder${moved === file ? '' : ` (rule: ${moved})`}`);
  }
  if (wrong.length > 0) {
    console.error(
      'Tests live in test/<level>/<the folder of the code they test>/ (ADR 0134): move them, or run `npx tsx scripts/mirror-tests.ts`.',
    );
  }
  return wrong.length === 0 ? 0 : 1;
}

const CODE = /\.(ts|tsx|mts|mjs|js|cjs)$/;
const TEXT = /\.(ts|tsx|mts|mjs|js|cjs|json|md|yml|yaml|sh)$|^\.ci\/run$/;
const SELF = ['scripts/mirror-tests.ts', 'docs/adr/0134-tests-mirror-the-source.md'];

/** The file (or folder outside test/) a relative path names from `from`, and its spelling. */
function resolveTarget(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): { target: string; spell: (moved: string) => string } | undefined {
  const raw = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\/$/, '') || '.';
  if (raw.startsWith('..')) return undefined;
  const spellings: [string, (moved: string) => string][] = [
    [raw, (moved) => moved],
    [raw.replace(/\.js$/, '.ts'), (moved) => moved.replace(/\.ts$/, '.js')],
    [raw.replace(/\.mjs$/, '.mts'), (moved) => moved.replace(/\.mts$/, '.mjs')],
    [`${raw}.ts`, (moved) => moved.replace(/\.ts$/, '')],
  ];
  for (const [target, spell] of spellings) {
    if (!exists(target)) continue;
    if (isDirectory(target) && (target === 'test' || target.startsWith('test/'))) return undefined;
    return { target, spell };
  }
  return undefined;
}

function move(dryRun: boolean): number {
  const files = tracked();
  const moves = new Map<string, string>();
  for (const file of files) {
    if (!file.startsWith('test/')) continue;
    const to = destination(file);
    if (to !== file) moves.set(file, to);
  }
  const targets = new Map<string, string>();
  for (const [from, to] of moves) {
    const clash = targets.get(to) ?? (files.includes(to) && !moves.has(to) ? to : undefined);
    if (clash !== undefined) {
      console.error(`${from} → ${to}: already taken by ${clash}; add a FILES rule naming another target`);
      return 1;
    }
    targets.set(to, from);
  }
  for (const [from, to] of moves) console.log(`${from} → ${to}`);
  if (dryRun || moves.size === 0) {
    console.log(`${moves.size} file(s) to move`);
    return moves.size === 0 ? rewriteTexts(files, moves, dryRun) : 0;
  }

  // Paths as they were, before any move, so that every specifier resolves against the old tree.
  const before = new Set(files);
  // A path a branch from before the move still names (test/unit/integrity/history.ts) is where the rules put it.
  const existedBefore = (path: string): boolean =>
    before.has(path) || isDirectory(path) || (destination(path) !== path && before.has(destination(path)));
  const where = (old: string): string => moves.get(old) ?? destination(old);
  const rewrites = new Map<string, string>();
  for (const file of files.filter((name) => CODE.test(name) && !SELF.includes(name))) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const next = rewriteRelative(file, where(file), text, existedBefore, where);
    if (next !== text) rewrites.set(file, next);
  }
  for (const [from, to] of moves) {
    mkdirSync(dirname(join(ROOT, to)), { recursive: true });
    git('mv', from, to);
  }
  for (const [old, text] of rewrites) writeFileSync(join(ROOT, where(old)), text);
  for (const level of MIRRORED) removeEmptyFolders(join(ROOT, level));
  const status = rewriteTexts(tracked(), moves, false);
  // Longer or shorter paths change the line breaks and the imports' order: the team's formatter decides.
  const changed = [...new Set([...moves.values(), ...[...rewrites.keys()].map(where)])].filter((file) =>
    CODE.test(file),
  );
  execFileSync('npx', ['biome', 'check', '--write', '--no-errors-on-unmatched', ...changed], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return status;
}

/** `git mv` leaves the old folders behind, empty. */
function removeEmptyFolders(folder: string): boolean {
  const entries = readdirSync(folder, { withFileTypes: true });
  const left = entries.filter(
    (entry) => !entry.isDirectory() || !removeEmptyFolders(join(folder, entry.name)),
  );
  if (left.length > 0) return false;
  rmdirSync(folder);
  return true;
}

/** Rewrites the relative specifiers and literal relative paths of a file, and its `import.meta.dirname, '..', ...` joins. */
function rewriteRelative(
  oldFile: string,
  newFile: string,
  text: string,
  exists: (path: string) => boolean,
  where: (old: string) => string,
): string {
  // A string literal starting with ./ or ../ (up to a template's first `${`).
  let next = text.replace(/(['"`])(\.{1,2}\/[^'"`$\n]*)/g, (whole, quote: string, specifier: string) => {
    if (specifier === './' || specifier === '../') return whole;
    const found = resolveTarget(oldFile, specifier, exists);
    if (found === undefined) return whole;
    const moved = where(found.target);
    if (moved === found.target && oldFile === newFile) return whole;
    let spec = posix.relative(posix.dirname(newFile), found.spell(moved)) || '.';
    if (!spec.startsWith('.')) spec = `./${spec}`;
    if (specifier.endsWith('/')) spec = `${spec}/`;
    return `${quote}${spec}`;
  });
  // join(import.meta.dirname, '..', '..', ...) climbing to the repository's root.
  if (oldFile !== newFile) {
    const oldDepth = posix.dirname(oldFile).split('/').length;
    const newDepth = posix.dirname(newFile).split('/').length;
    next = next.replace(/import\.meta\.dirname((?:,\s*'\.\.')+)/g, (whole, ups: string) => {
      const count = ups.split("'..'").length - 1;
      if (count !== oldDepth) {
        console.warn(
          `${newFile}: import.meta.dirname climbs ${count} of ${oldDepth} folders; check it by hand`,
        );
        return whole;
      }
      return `import.meta.dirname${", '..'".repeat(newDepth)}`;
    });
  }
  return next;
}

/** Repository-relative test paths in any text file (docs, comments, scripts). */
function rewriteTexts(files: string[], moves: Map<string, string>, dryRun: boolean): number {
  const token = /test\/(?:unit|integration)\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_\-/]/g;
  let stale = 0;
  for (const file of files.filter((name) => TEXT.test(name) && !SELF.includes(name))) {
    const path = join(ROOT, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    const next = text.replace(token, (found) => {
      const bare = found.replace(/\/$/, '');
      const moved = moves.get(bare) ?? destination(bare);
      // A file is rewritten; a folder is not (its files may now sit in several folders, or share one).
      if (moved !== bare && /\.[a-z]+$/.test(bare) && existsSync(join(ROOT, moved))) return moved;
      if (!existsSync(join(ROOT, bare)) && !bare.includes('*')) {
        console.warn(`${file}: names ${found}, which does not exist; fix it by hand`);
        stale += 1;
      }
      return found;
    });
    if (next !== text && !dryRun) writeFileSync(path, next);
  }
  if (stale > 0) console.warn(`${stale} stale test path(s) left in texts`);
  return 0;
}

const args = process.argv.slice(2);
process.exitCode = args.includes('--check') ? check() : move(args.includes('--dry-run'));
