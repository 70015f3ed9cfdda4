import * as z from 'zod';
import { defineEvent } from '../define.js';
import { Instant } from '../envelope.js';
import { Id } from '../reference.js';
import { Minutes } from './parts.js';

/** The committee's selection was published with its minutes; appeals are open until the window ends. */
export const SelectionPublishedV1 = defineEvent({
  type: 'SelectionPublished',
  version: 1,
  get data() {
    return z.strictObject({
      callId: Id,
      publishedAt: Instant,
      appealWindowEndsAt: Instant,
      minutes: Minutes,
      selectedAssociationIds: z.array(Id).min(1),
    });
  },
});
