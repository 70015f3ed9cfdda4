import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

/** The mocked Secrets Manager client of this test module (aws-sdk-client-mock replaces `send`). */
export const secretsManager = mockClient(SecretsManagerClient);

/** A client for the adapters under test; its calls go to the mock, never to the network. */
export const secretsClient = (): SecretsManagerClient => new SecretsManagerClient({ region: 'eu-west-3' });

/** The error Secrets Manager answers for a name it does not hold. */
export const secretNotFound = (): ResourceNotFoundException =>
  new ResourceNotFoundException({
    message: "Secrets Manager can't find the specified secret.",
    $metadata: {},
  });

/**
 * Makes the mock behave as Secrets Manager over `stored` (name → secret string): GetSecretValue,
 * PutSecretValue on an existing secret, CreateSecret of a new one.
 */
export const fakeSecretsManager = (stored: Map<string, string> = new Map()): Map<string, string> => {
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const value = stored.get(input.SecretId);
    if (value === undefined) throw secretNotFound();
    return { Name: input.SecretId, SecretString: value };
  });
  secretsManager.on(PutSecretValueCommand).callsFake((input: { SecretId: string; SecretString: string }) => {
    if (!stored.has(input.SecretId)) throw secretNotFound();
    stored.set(input.SecretId, input.SecretString);
    return { Name: input.SecretId };
  });
  secretsManager.on(CreateSecretCommand).callsFake((input: { Name: string; SecretString: string }) => {
    if (stored.has(input.Name)) {
      throw new ResourceExistsException({ message: 'The secret already exists.', $metadata: {} });
    }
    stored.set(input.Name, input.SecretString);
    return { Name: input.Name };
  });
  return stored;
};
