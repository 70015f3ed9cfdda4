import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createEventStoreTable } from '../../../functions/adapters/dynamodb/create-table.js';
import { type DynaliteThread, startDynaliteThread } from '../../../local/dynalite-thread.js';

// dynalite's thread keeps its in-memory tables as Uint8Arrays of their own (storeEncoding 'view',
// docs/adr/0116-dynalite-memory.md), not as slices of Node's buffer pool, which pin an 8 KB slab
// per kept value.

const fill = async (thread: DynaliteThread, items: number) => {
  await createEventStoreTable(thread.client, 'events-memory');
  for (let index = 0; index < items; index += 1) {
    await thread.client.send(
      new PutItemCommand({
        TableName: 'events-memory',
        Item: { pk: { S: `stream-${index}` }, sk: { N: '1' }, note: { S: `value ${index}` } },
      }),
    );
  }
};

describe("dynalite's thread in memory", () => {
  it("keeps its keys and values as views by default, and keeps fewer buffers than dynalite's own encoding", async () => {
    // Prepare
    const byDefault = await startDynaliteThread();
    const dynalitesOwn = await startDynaliteThread({ storeEncoding: 'buffer' });
    try {
      // Act
      await fill(byDefault, 400);
      await fill(dynalitesOwn, 400);
      const views = await byDefault.memory();
      const buffers = await dynalitesOwn.memory();

      // Assess: 400 small items take well under a pool slab (8 KB) each as views
      expect(views.storeEncoding).toBe('view');
      expect(buffers.storeEncoding).toBe('buffer');
      expect(views.arrayBuffers).toBeLessThan(buffers.arrayBuffers);
      expect(views.cpuMs).toBeGreaterThan(0);
    } finally {
      await byDefault.stop();
      await dynalitesOwn.stop();
    }
  });
});
