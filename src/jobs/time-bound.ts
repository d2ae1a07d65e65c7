/**
 * A bound on waiting for Redis: a Redis that keeps its connections open and answers nothing
 * (hung, paused, a black-holed path) never fails a command, and ioredis has no per-command
 * timeout, so a caller that must answer (an API request, a shutdown) stops waiting by itself.
 */

/** Whether `work` settles, either way, within `ms`; it is left running if not. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
