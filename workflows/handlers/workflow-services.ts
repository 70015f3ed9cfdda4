import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { systemClock, systemIds } from '../../functions/adapters/http/lambda.js';
import { withFoldCache } from '../../functions/application/fold-cache.js';
import { tableFromEnv } from '../../functions/handlers/environment.js';
import { SfnTaskCallbacks } from '../../workflows/callbacks/sfn-callbacks.js';
import { DynamoDbTaskTokenStore } from '../../workflows/callbacks/token-store.js';
import { DynamoDbGenerationRegistry } from '../../workflows/generations.js';
import type { WorkflowServices } from '../../workflows/tasks/services.js';

/** The workflow services on AWS: the event store table (tokens included) and the Step Functions API. */
export const workflowServicesFromEnv = (
  sfn: SFNClient = new SFNClient({}),
  env: NodeJS.ProcessEnv = process.env,
): WorkflowServices => {
  const { client, tableName } = tableFromEnv(env);
  return {
    // Tasks fold their streams through the container's fold cache (docs/adr/0111-one-caching-story.md).
    store: withFoldCache(new DynamoDbEventStore({ client, tableName })),
    clock: systemClock,
    newId: systemIds,
    tokens: new DynamoDbTaskTokenStore({ client, tableName }),
    callbacks: new SfnTaskCallbacks(sfn),
    generations: new DynamoDbGenerationRegistry({ client, tableName }),
  };
};
