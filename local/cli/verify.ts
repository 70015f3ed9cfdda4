import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiClient, cliError } from './api-client.js';

/** Where the command writes (the program's CliIo). */
interface VerifyIo {
  out(text: string): void;
}

import { mintDevToken } from './tokens.js';

// `naseej verify [--stream id] [--json]`: checks the running Naseej's history against its hash
// chains and sealed digests (GET /integrity/verification, which calls functions/adapters/dynamodb/integrity-verify.ts)
// and names the first commit that does not match. Exit code 4 when the history does not verify.

/** Exit code when a problem was found (distinct from usage and connection errors). */
export const HISTORY_DOES_NOT_VERIFY_EXIT = 4;

interface Problem {
  readonly kind: string;
  readonly streamId?: string;
  readonly version?: number;
  readonly day?: string;
  readonly detail: string;
}

interface Report {
  readonly ok: boolean;
  readonly commitsChecked: number;
  readonly daysChecked: number;
  readonly firstProblem?: Problem;
  readonly problems: readonly Problem[];
}

const describe = (problem: Problem): string =>
  [
    problem.kind,
    problem.streamId === undefined ? '' : `stream ${problem.streamId}`,
    problem.version === undefined ? '' : `version ${problem.version}`,
    problem.day === undefined ? '' : `day ${problem.day}`,
    `— ${problem.detail}`,
  ]
    .filter((part) => part !== '')
    .join(' ');

/** Adds `verify` to the program. */
export const registerVerifyCommand = (program: Command, io: VerifyIo): void => {
  program
    .command('verify')
    .description(
      'Verify the history (hash chains and sealed daily digests); names the first commit that does not match',
    )
    .option('--stream <id>', 'one stream (an entity is its stream); default the whole store')
    .option('--url <url>', 'the running Naseej', process.env.NASEEJ_URL ?? 'http://127.0.0.1:3000')
    .option('--data <dir>', 'its data folder (holds the dev signing key)', '.naseej-data')
    .option('--json', 'machine-readable output')
    .action(async (options: { stream?: string; url: string; data: string; json?: boolean }) => {
      const api = new ApiClient(options.url, await mintDevToken(options.data, 'ministry'), {
        keyFolder: resolve(options.data),
      });
      const query = options.stream === undefined ? '' : `?stream=${encodeURIComponent(options.stream)}`;
      const report = (await api.call<Report>('GET', `/integrity/verification${query}`)).body;
      if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const scope = options.stream === undefined ? 'the whole store' : `stream ${options.stream}`;
        io.out(
          report.ok
            ? `${scope}: verified, ${report.commitsChecked} commits and ${report.daysChecked} sealed days\n`
            : `${scope}: ${report.problems.length} problem(s); first: ${report.firstProblem === undefined ? '?' : describe(report.firstProblem)}\n${report.problems.map((problem) => `  ${describe(problem)}`).join('\n')}\n`,
        );
      }
      if (!report.ok) {
        throw cliError(
          'HISTORY_DOES_NOT_VERIFY',
          `the history does not verify${report.firstProblem === undefined ? '' : `: ${describe(report.firstProblem)}`}`,
          HISTORY_DOES_NOT_VERIFY_EXIT,
        );
      }
    });
};
