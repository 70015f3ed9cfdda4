import { CommanderError } from 'commander';
import { isCliError } from './api-client.js';
import { buildProgram } from './program.js';

// The entry of `naseej` (bin/naseej.js and `npm run naseej --`): runs the program and turns a
// failure into one line on standard error and a non-zero exit code.

const program = buildProgram({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
});
program.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (isCliError(error)) {
    process.stderr.write(`naseej: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`naseej: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
}
