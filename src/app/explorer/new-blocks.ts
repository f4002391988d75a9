/** The part of an ethers provider that reports new blocks. */
export interface BlockSource {
  on(event: 'block', listener: (blockNumber: number) => void): unknown;
  off(event: 'block', listener: (blockNumber: number) => void): unknown;
}

/**
 * Calls `refresh` with each new head, never two at a time: heads that arrive
 * while one refresh runs are folded into one more refresh with the newest
 * head, so a burst of blocks costs two refreshes, not one per block.
 * Shares the provider's one block poller with the rest of the app.
 * Returns the function that stops watching.
 */
export function followNewBlocks(source: BlockSource, refresh: (head: number) => Promise<unknown>): () => void {
  let running = false;
  let queued: number | null = null;
  let stopped = false;

  const run = async (head: number): Promise<void> => {
    running = true;
    try {
      await refresh(head);
    } catch {
      // The refresh shows its own failure; the next block tries again.
    } finally {
      running = false;
    }
    if (queued !== null && !stopped) {
      const next = queued;
      queued = null;
      void run(next);
    }
  };

  const listener = (blockNumber: number): void => {
    if (stopped) return;
    if (running) queued = Math.max(queued ?? blockNumber, blockNumber);
    else void run(blockNumber);
  };
  void source.on('block', listener);
  return () => {
    stopped = true;
    void source.off('block', listener);
  };
}
