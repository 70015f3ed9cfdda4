import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { gate } from './gate.js';

/** A gate a request waits at: `reached` resolves when it arrives, `open()` lets it go on. */
export interface Gate {
  readonly reached: Promise<void>;
  open(): void;
}

/** Which request to hold, after its answer came back and before the caller sees it. */
export type HoldAfter = (commandName: string, input: Record<string, unknown>) => boolean;

/**
 * A DynamoDB client that holds the first request matching `holdAfter` once its answer is in, until
 * the test opens the gate: a writer frozen between two of its own requests, at a chosen point.
 */
export const gatedClient = (
  endpoint: string,
  holdAfter: HoldAfter,
): { client: DynamoDBClient; gate: Gate } => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { reached, arrive, opened, open } = gate();
  let held = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (!held && holdAfter(context.commandName ?? '', args.input as Record<string, unknown>)) {
        held = true;
        arrive();
        await opened;
      }
      return output;
    },
    { step: 'initialize', name: 'reliabilityGate' },
  );
  return { client, gate: { reached, open } };
};
