import { parseArgs } from 'node:util';

// `npm start`: the embedded runtime in the foreground. Only Node built-ins are imported up
// front: the runtime is loaded afterwards, so a missing package (no `npm ci`) is explained in one
// line like the other start-up problems, instead of a stack trace.

const USAGE = `Usage: npm start [-- options]

  --in-memory     keep nothing: events live in memory (the dev signing key stays in the data folder)
  --port <n>      HTTP port on 127.0.0.1 (default 3000; 0 picks a free one)
  --data <dir>    data folder (default .naseej-data)
  --host <addr>   listen address (default 127.0.0.1)
  -h, --help      this help`;

const fail = (message: string, exitCode: number): never => {
  process.stderr.write(`naseej: ${message}\n`);
  process.exit(exitCode);
};

const readOptions = () => {
  try {
    const { values } = parseArgs({
      options: {
        'in-memory': { type: 'boolean', default: false },
        port: { type: 'string', default: '3000' },
        data: { type: 'string', default: '.naseej-data' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      fail(`--port ${values.port} is not a port number`, 2);
    return { inMemory: values['in-memory'], port, dataDir: values.data, host: values.host };
  } catch (error) {
    return fail(`${(error as Error).message} (npm start -- --help lists the options)`, 2);
  }
};

const main = async (): Promise<void> => {
  const options = readOptions();
  // The SDK warns about Node 20 on every start; the project pins Node ≥ 20.19 knowingly.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Every file the runtime creates (LevelDB's, the signing key) is this user's alone (issue 22).
  process.umask(0o077);
  let explain: (error: unknown) => { message: string; exitCode: number } | undefined = () => undefined;
  try {
    ({ explainStartupError: explain } = await import('./runtime-errors.js'));
    const { startRuntime } = await import('./runtime.js');
    const { printBanner } = await import('./runtime-banner.js');
    const runtime = await startRuntime({ ...options, keyDir: options.dataDir });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write('naseej: stopping at once\n');
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`\n${signal}: stopping Naseej…\n`);
      runtime.stop().then(
        () => {
          process.stdout.write(
            runtime.inMemory
              ? 'Stopped. Nothing was kept: it ran in memory (--in-memory).\n'
              : 'Stopped. Start again with npm start: the data and unfinished workflows are kept.\n',
          );
          process.exit(0);
        },
        (error: unknown) => fail(`could not stop cleanly: ${(error as Error).message}`, 1),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // Printed once a Ctrl-C is handled: a person (or a script) may send one as soon as it reads it.
    printBanner(runtime, options);
  } catch (error) {
    const known = explain(error);
    if (known !== undefined) fail(known.message, known.exitCode);
    if (process.env.NASEEJ_DEBUG) console.error(error);
    fail(
      `could not start: ${(error as Error).message ?? String(error)} (NASEEJ_DEBUG=1 npm start shows the details)`,
      1,
    );
  }
};

await main();
