import DataLoader from 'dataloader';

/**
 * A lookup that gathers the keys asked for in one turn of the event loop and answers them
 * with one query. In a reconnect storm dozens of requests reach the same step at once, and
 * on PostgreSQL each query is a round trip that costs the server's one thread more than its
 * rows. Nothing is cached: every call reads what has committed by the time its query runs.
 */
export function batched<K, V>(load: (keys: readonly K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  const loader = new DataLoader<K, V | undefined>(
    async (keys) => {
      const found = await load(keys);
      return keys.map((k) => found.get(k));
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) },
  );
  return (key) => loader.load(key);
}
