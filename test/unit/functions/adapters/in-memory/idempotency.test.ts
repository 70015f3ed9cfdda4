import { InMemoryIdempotencyStore } from '../../../../../functions/adapters/in-memory/idempotency.js';
import { idempotencyStoreContract } from '../../../../support/http-idempotency-contract.js';

idempotencyStoreContract('in memory', async () => new InMemoryIdempotencyStore());
