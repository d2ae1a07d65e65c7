/**
 * Pages read one ahead: the next page is requested from the provider as soon as the current one
 * is handed over, so that while a page commits, the next one is already on its way over the
 * network. Order and errors are unchanged: a failure fetching page n+1 surfaces only when the
 * consumer asks for it, after page n was committed.
 *
 * Before handing a page over, the event loop turns once: the commit that follows runs
 * synchronous SQLite work that holds the event loop until it ends, and the request for the next
 * page only leaves the process from a later turn (HTTP clients write the request from a callback,
 * not from the promise chain that starts it). Without that turn the next request went out 150-450 ms
 * later, after the commit, and the provider's time was not hidden at all.
 */
export async function* readAhead<T>(source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  // Pages already in memory (a test's, a replay's) have nothing to wait for.
  if (!(Symbol.asyncIterator in source)) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // Rethrown by the `await` above when its turn comes; not an unhandled rejection meanwhile.
      next.catch(() => undefined);
      await oneEventLoopTurn();
      yield result.value;
    }
  } finally {
    // The consumer stopped early (a failed commit, an abort): let the source clean up, once the
    // request already under way has settled.
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}

function oneEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
