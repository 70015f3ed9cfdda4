import type { Runtime } from './runtime.js';

// What `npm start` prints once everything runs: where things are, and how to act as each role.

/** The lines of the start banner. */
export const bannerLines = (runtime: Runtime, options: { readonly dataDir: string }): string[] => {
  const data = runtime.inMemory
    ? `in memory: nothing is kept when it stops (the dev signing key is in ${options.dataDir})`
    : `${runtime.dataDir} (kept between runs; git ignores it)`;
  const resumed = runtime.resumedExecutions.length;
  return [
    'Naseej is running.',
    `  API          ${runtime.url}`,
    `  API docs     ${runtime.url}/docs   (OpenAPI 3.1: ${runtime.url}/openapi.json)`,
    `  Dashboard    ${runtime.url}/dashboard/`,
    `  Workspace    ${runtime.url}/workspace/ (sign in locally at ${runtime.url}/dev/sign-in)`,
    `  Event feed   ${runtime.url}/events (ministry or reader token)`,
    `  Outbox       ${runtime.url}/outbox/   (the e-mails notifications sent; SES on AWS)`,
    `  Data         ${data}`,
    ...(resumed > 0 ? [`  Workflows    ${resumed} unfinished execution(s) resumed`] : []),
    '',
    // No token here: a printed token lands in every log of the server (issue 22, defect 5).
    `A ministry token (valid 12 h): npm run naseej -- token ministry --data ${options.dataDir}`,
    `Tokens of the other roles: npm run naseej -- token <role> --data ${options.dataDir}   (roles: ${Object.keys(runtime.tokens).join(', ')})`,
    `Try: curl -H "authorization: Bearer $(npm run --silent naseej -- token ministry --data ${options.dataDir})" ${runtime.url}/events`,
    '',
    runtime.inMemory
      ? 'Ctrl-C stops it; nothing is kept (--in-memory).'
      : 'Ctrl-C stops it; npm start again carries on with the same data.',
  ];
};

/** Prints the banner to standard output. */
export const printBanner = (runtime: Runtime, options: { readonly dataDir: string }): void => {
  process.stdout.write(`${bannerLines(runtime, options).join('\n')}\n`);
};
