import { InMemoryCheckpointStore } from '../../../../local/bus/checkpoints.js';
import { describeCheckpointStoreContract } from '../../../support/bus-checkpoint-contract.js';

describeCheckpointStoreContract('InMemoryCheckpointStore', async () => new InMemoryCheckpointStore());
