import { InMemoryFeedCursorStore } from '../../../functions/feed-cursors/in-memory.js';
import { feedCursorStoreContract } from '../../support/feed-cursor-contract.js';

feedCursorStoreContract('in memory', async () => new InMemoryFeedCursorStore());
