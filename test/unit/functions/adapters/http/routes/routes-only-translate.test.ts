import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// HTTP routes only translate (docs/adr/0004-command-handlers-and-pure-facts.md): a command route
// turns its request into its handler's data (`handlerRoute`, adapters/http/command.ts), and the
// handler loads, decides and appends. So no route module runs a command itself: none imports
// `executeCommand` or `handleCommand`, calls a decider's `decide`, or appends to the store; and the
// old `commandRoute`, which let a route build its own command, is gone from the code.

const ROOT = join(import.meta.dirname, '../../../../../..');
const ROUTES = join(ROOT, 'functions/adapters/http/routes');

const sourcesUnder = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesUnder(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );

/** The names a module imports, by every `import { … } from '…'` it holds. */
const importedNames = (source: string): string[] =>
  [...source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'[^']+'/g)].flatMap((match) =>
    (match[1] ?? '')
      .split(',')
      .map(
        (name) =>
          name
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0] ?? '',
      )
      .filter((name) => name !== ''),
  );

/** What a module does that only a handler may: the names it imports and the calls it makes. */
const commandWork = (source: string): string[] => [
  ...importedNames(source)
    .filter((name) => ['executeCommand', 'handleCommand', 'commandRoute'].includes(name))
    .map((name) => `imports ${name}`),
  ...(/\.decide\(/.test(source) ? ['calls decide'] : []),
  ...(/\bstore\.append\(/.test(source) ? ['appends to the store'] : []),
];

describe('the HTTP routes only translate', () => {
  it('run no command themselves, the documents’ upload flow included', () => {
    const offenders = sourcesUnder(ROUTES).flatMap((file) =>
      commandWork(readFileSync(file, 'utf8')).map((work) => `${relative(ROUTES, file)}: ${work}`),
    );
    // The upload flow, which ran its handlers around the storage port with the routes, is an
    // application service (application/attachments/uploads.ts, docs/adr/0141-upload-flow-in-the-application.md).
    expect(offenders).toEqual([]);
  });

  it('declare commands over handlers only: `commandRoute` is gone from the code', () => {
    const folders = ['functions', 'local', 'workflows', 'test/support'].map((folder) => join(ROOT, folder));
    const users = folders
      .flatMap(sourcesUnder)
      .filter((file) => /\bcommandRoute\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(users).toEqual([]);
  });

  it('recognises each kind of command work (the check itself can fail)', () => {
    expect(
      commandWork(
        [
          "import { executeCommand, loadStream } from '../../../application/execute-command.js';",
          "import {\n  type CommandCall,\n  handleCommand as run,\n} from '../../../application/command-handler.js';",
          'const events = callDecider.decide(command, state, context);',
          'await deps.store.append({ streamId, events });',
        ].join('\n'),
      ),
    ).toEqual(['imports executeCommand', 'imports handleCommand', 'calls decide', 'appends to the store']);
  });
});
