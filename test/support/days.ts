/**
 * Times relative to today, for tests whose providers run on the real clock (an emulator's sync
 * window moves with it) rather than on TEST_NOW.
 */
export const DAY_MS = 86_400_000;

/** Today's midnight, UTC, in milliseconds. */
export function todayUtcMs(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** `hour` o'clock UTC, `days` from today (negative: before), as an ISO timestamp. */
export function isoDaysFromToday(days: number, hour: number): string {
  return new Date(todayUtcMs() + days * DAY_MS + hour * 3_600_000).toISOString();
}

/** The date `days` from today (UTC), as YYYY-MM-DD. */
export function dateDaysFromToday(days: number): string {
  return new Date(todayUtcMs() + days * DAY_MS).toISOString().slice(0, 10);
}
