/** How long a failed job waits before its next attempt, the same for every queue adapter. */

export interface BackoffOptions {
  /** The wait before the first retry, at most; it doubles with each failed attempt. */
  baseMs: number;
  /** No wait is longer than this, however many attempts failed. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 15 * 60_000 };

/**
 * Exponential backoff with "equal jitter": after failed attempt n the wait is between half and
 * all of baseMs * 2^(n-1) (capped at maxMs). The random half keeps jobs that failed together (a
 * provider outage fails every calendar's sync at once) from retrying together; the fixed half
 * keeps a retry from coming back almost at once.
 */
export function retryDelayMs(
  failedAttempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2 ** exponent overflows to Infinity long before it matters; the cap bounds it.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
