/**
 * Boundaries of the codebase, checked in `npm test` (README, "The two commands").
 * Domain code (the event catalog, the deciders and the projections) is pure: it imports no AWS SDK,
 * no middy and no aws-cdk-lib. No module may take part in a circular import.
 */
const awsOrMiddy =
  '^(@aws-sdk|@smithy|@middy|@aws-lambda-powertools|aws-cdk-lib|constructs|aws-cdk|dynalite)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make load order fragile and hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'events-are-pure',
      severity: 'error',
      comment: 'The event catalog imports zod and nothing else outside events/.',
      from: { path: '^events/' },
      to: { pathNot: ['^events/', '^node_modules/zod/'], dependencyTypesNot: ['core', 'type-only'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'Deciders and projections import no AWS SDK, middy or aws-cdk-lib; time and ids are injected.',
      from: { path: '^functions/(domain|application/projections)/' },
      to: { path: awsOrMiddy, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-imports-only-events',
      severity: 'error',
      comment: 'The domain layer (functions/domain) depends on the event catalog and on itself only.',
      from: { path: '^functions/domain/' },
      to: { pathNot: ['^functions/domain/', '^events/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'application-imports-no-adapter',
      severity: 'error',
      comment:
        'The application layer (command handlers, facts, ports, projections) reaches the world through ports only.',
      from: { path: '^functions/application/' },
      to: {
        path: [
          '^functions/(adapters|handlers)/',
          '^(infra|local|workflows|bench|scripts|reliability)/',
          awsOrMiddy,
        ],
      },
    },
    {
      name: 'adapters-import-no-handler',
      severity: 'error',
      comment:
        'Adapters serve the application; Lambda entry points (functions/handlers) compose them, never the reverse.',
      from: { path: '^functions/adapters/' },
      to: { path: '^(functions/handlers|infra|local|workflows|bench|scripts|reliability)/' },
    },
    {
      name: 'functions-import-no-runtime',
      severity: 'error',
      comment:
        'What runs on Lambda never imports the local runtime, the CDK app or the tooling, nor the workflows (whose tasks and entry points use functions/, never the reverse: no loop between the two folders).',
      from: { path: '^functions/' },
      to: { path: '^(infra|local|workflows|bench|scripts|reliability)/' },
    },
    {
      name: 'workspace-is-browser-code',
      severity: 'error',
      comment:
        'The workspace runs in the browser: it reuses the route table (its zod schemas) but imports no ' +
        'Node built-in, AWS SDK, middy, CDK or local runtime code (docs/adr/0070-workspace-ui.md).',
      from: { path: '^workspace/src/' },
      to: { path: [awsOrMiddy, '^(local|infra|test|workflows)/'] },
    },
    {
      name: 'workspace-has-no-node-built-ins',
      severity: 'error',
      from: { path: '^workspace/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-test-imports-in-code',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
