import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GLOBAL_ORDER_INDEX } from '../../functions/adapters/dynamodb/table-definition.js';

/**
 * A client of `endpoint` whose queries of the global-order index do not see the items `hidden`
 * picks, as long as it picks them: the stand-in for a DynamoDB global secondary index that shows a
 * commit late. DynamoDB promises no bound on index propagation
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html:
 * all reads from global secondary indexes are eventually consistent), and
 * dynalite writes the index with the item, so without this no local test could see a late one.
 */
export const lateIndexClient = (
  endpoint: string,
  hidden: (item: Record<string, AttributeValue>) => boolean,
): DynamoDBClient => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { IndexName?: string };
      if (context.commandName === 'QueryCommand' && input.IndexName === GLOBAL_ORDER_INDEX) {
        const output = result.output as { Items?: Record<string, AttributeValue>[]; Count?: number };
        if (output.Items !== undefined) {
          output.Items = output.Items.filter((item) => !hidden(item));
          output.Count = output.Items.length;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'lateGlobalIndex' },
  );
  return client;
};
