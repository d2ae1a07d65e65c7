/** Small deterministic helpers for the demo's generated calendars: days, times, ids, randomness. */
import type { DateTime } from 'luxon';

export const DAY_MS = 86_400_000;

/**
 * The demo's "today" for a demo started at `now`: midnight UTC of that week's Monday, so that the
 * dashboard's default view (the current week) is full whichever day the demo starts.
 */
export function mondayOf(now: Date): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * DAY_MS);
}

/** Moves a day offset off the weekend (anchor-relative), so customer calls fall on weekdays. */
export function businessDay(offset: number, anchor: Date): number {
  const weekday = new Date(anchor.getTime() + offset * DAY_MS).getUTCDay();
  if (weekday === 6) return offset + 2;
  if (weekday === 0) return offset + 1;
  return offset;
}

export function isoOf(time: DateTime): string {
  return time.toISO({ suppressMilliseconds: true }) ?? '';
}

export function dateOf(time: DateTime): string {
  return time.toISODate() ?? '';
}

export function basic(time: DateTime): string {
  return time.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

export function meetCode(id: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let n = hash(id);
  let code = '';
  for (let i = 0; i < 10; i++) {
    code += letters[n % 26];
    n = Math.floor(n / 26) + i * 7919;
  }
  return `${code.slice(0, 3)}-${code.slice(3, 7)}-${code.slice(7, 10)}`;
}

export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A small seeded PRNG: the demo must be the same on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
