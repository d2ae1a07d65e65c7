/**
 * What a cleared conflict was and why it went away. A pass rewrites an open conflict with its
 * events as they are (`EventSnapshot`, kept in its details); when a later pass no longer finds
 * it, those events are compared with what the calendars hold now, and the differences are said
 * in words: "Globex product demo moved to Wed 2026-12-02 15:30 (UTC); Hooli pricing negotiation
 * was deleted".
 */
import { toldAt, wording, wordingText, type ToldInstant, type WordingPart } from './wording.js';

/** An event of an open conflict as it was when the conflict was last found. */
export interface EventSnapshot {
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  status: string;
  transparency: string;
  calendarId: string;
  provider: string;
  organizer: string | null;
}

/** What is known of an event now (absent: it is gone). */
export interface CurrentEvent {
  start: string;
  end: string;
  status: string;
  transparency: string;
}

export type EventChange = 'moved' | 'deleted' | 'cancelled' | 'marked_free' | 'unchanged';

export interface Clearance {
  /** Why the conflict is gone, as text (instants in `zone`). */
  why: string;
  /** `why` with its instants apart. */
  whyParts: WordingPart[];
  events: { eventId: string; change: EventChange; to?: { start: string; end: string } }[];
}

/**
 * Why a conflict of these events cleared, reading each event's snapshot against its current
 * state; an event without a snapshot (a conflict stored before snapshots) is read as unchanged.
 */
export function explainClearance(
  eventIds: readonly string[],
  snapshots: Readonly<Record<string, EventSnapshot>>,
  current: ReadonlyMap<string, CurrentEvent>,
  zone: string,
): Clearance {
  const events: Clearance['events'] = [];
  const sentences: (string | ToldInstant)[][] = [];
  for (const eventId of eventIds) {
    const before = snapshots[eventId];
    const now = current.get(eventId);
    const change = changeOf(before, now);
    const moved = change === 'moved' && now;
    events.push({ eventId, change, ...(moved ? { to: { start: now.start, end: now.end } } : {}) });
    if (change === 'unchanged' || !before) continue;
    sentences.push(sentenceOf(before.title, change, now, zone));
  }
  const pieces: (string | ToldInstant)[] = sentences.length
    ? sentences.flatMap((sentence, i) => (i === 0 ? sentence : ['; ', ...sentence]))
    : ['its events no longer conflict in the calendars'];
  const whyParts = wording(...pieces);
  return { why: wordingText(whyParts), whyParts, events };
}

function changeOf(before: EventSnapshot | undefined, now: CurrentEvent | undefined): EventChange {
  if (!before) return 'unchanged';
  if (!now) return 'deleted';
  if (now.status === 'cancelled' && before.status !== 'cancelled') return 'cancelled';
  if (Date.parse(now.start) !== Date.parse(before.start)) return 'moved';
  if (Date.parse(now.end) !== Date.parse(before.end)) return 'moved';
  if (now.transparency === 'transparent' && before.transparency !== 'transparent')
    return 'marked_free';
  return 'unchanged';
}

function sentenceOf(
  title: string,
  change: Exclude<EventChange, 'unchanged'>,
  now: CurrentEvent | undefined,
  zone: string,
): (string | ToldInstant)[] {
  const name = title.trim() || 'an untitled event';
  if (change === 'deleted' || !now) return [`${name} was deleted`];
  if (change === 'cancelled') return [`${name} was cancelled`];
  if (change === 'marked_free') return [`${name} was marked free`];
  return [`${name} moved to `, toldAt(Date.parse(now.start), zone)];
}
