// What the local executor can run of the Amazon States Language: JSONPath only, and the service
// integrations its layer provides. The tests run this over every definition; the executor refuses
// a definition with problems when it loads it.

/** The Task resources the local layer implements. */
export const SUPPORTED_RESOURCES: readonly string[] = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:states:::states:startExecution',
];

/** Fields of JSONata or of variables, which aws-local-stepfunctions does not run. */
const FORBIDDEN_FIELDS = ['QueryLanguage', 'Assign', 'Arguments', 'Output', 'Items', 'Credentials'] as const;

const STATE_TYPES = new Set(['Task', 'Parallel', 'Map', 'Pass', 'Wait', 'Choice', 'Succeed', 'Fail']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const containsJsonata = (value: unknown): boolean => {
  if (typeof value === 'string') return value.trimStart().startsWith('{%');
  if (Array.isArray(value)) return value.some(containsJsonata);
  if (isObject(value)) return Object.values(value).some(containsJsonata);
  return false;
};

const lintStates = (states: unknown, where: string, problems: string[]): void => {
  if (!isObject(states)) {
    problems.push(`${where}: States is not an object`);
    return;
  }
  for (const [name, state] of Object.entries(states)) {
    const at = `${where}.${name}`;
    if (!isObject(state)) {
      problems.push(`${at}: not an object`);
      continue;
    }
    const type = String(state.Type);
    if (!STATE_TYPES.has(type)) problems.push(`${at}: state type ${type} is unknown`);
    for (const field of FORBIDDEN_FIELDS) {
      if (field in state)
        problems.push(`${at}: ${field} is not supported by the local executor (JSONPath only)`);
    }
    if (containsJsonata(state)) problems.push(`${at}: a JSONata expression ({% … %}) is not supported`);
    if (type === 'Task') {
      const resource = String(state.Resource);
      if (!SUPPORTED_RESOURCES.includes(resource)) {
        problems.push(`${at}: resource ${resource} is not one the local executor implements`);
      }
      if (resource.startsWith('arn:aws:states:::lambda:invoke')) {
        const parameters = state.Parameters;
        const functionName = isObject(parameters) ? parameters.FunctionName : undefined;
        if (typeof functionName !== 'string' || !/^\$\{[A-Za-z0-9]+\}$/.test(functionName)) {
          problems.push(`${at}: FunctionName must be a placeholder such as \${DeterminePhaseFunctionArn}`);
        }
      }
      if (
        resource.endsWith('.waitForTaskToken') &&
        !JSON.stringify(state.Parameters ?? {}).includes('$$.Task.Token')
      ) {
        problems.push(`${at}: a .waitForTaskToken task passes $$.Task.Token`);
      }
      if (
        resource.endsWith('.waitForTaskToken') &&
        !('TimeoutSeconds' in state || 'TimeoutSecondsPath' in state)
      ) {
        problems.push(`${at}: every wait has a timeout (TimeoutSeconds or TimeoutSecondsPath)`);
      }
      if (!Array.isArray(state.Retry) || state.Retry.length === 0) problems.push(`${at}: a Task has a Retry`);
      if (!Array.isArray(state.Catch) || state.Catch.length === 0) {
        // A task inside a Map may leave its catching to the Map state.
        if (!where.includes('.ItemProcessor')) problems.push(`${at}: a Task has a Catch`);
      }
    }
    if (type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (isObject(processor)) lintStates(processor.States, `${at}.ItemProcessor`, problems);
    }
    if (type === 'Parallel' && Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, index) => {
        if (isObject(branch)) lintStates(branch.States, `${at}.Branches[${index}]`, problems);
      });
    }
  }
};

/** The problems the local executor has with a definition; empty when it can run it. */
export const lintDefinition = (definition: unknown): string[] => {
  const problems: string[] = [];
  if (!isObject(definition)) return ['the definition is not an object'];
  for (const field of FORBIDDEN_FIELDS) {
    if (field in definition) problems.push(`(root): ${field} is not supported by the local executor`);
  }
  lintStates(definition.States, 'States', problems);
  return problems;
};
