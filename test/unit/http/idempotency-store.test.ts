import { InMemoryIdempotencyStore } from '../../../functions/idempotency/in-memory.js';
import { idempotencyStoreContract } from '../../support/http-idempotency-contract.js';

idempotencyStoreContract('in memory', async () => new InMemoryIdempotencyStore());
