import { InMemoryFeedCursorStore } from '../../../../../functions/adapters/in-memory/feed-cursors.js';
import { feedCursorStoreContract } from '../../../../support/feed-cursor-contract.js';

feedCursorStoreContract('in memory', async () => new InMemoryFeedCursorStore());
