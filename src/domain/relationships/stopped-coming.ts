/**
 * Who stopped coming to a series, as the account summary reads it (series-summary.ts
 * outlineSeries): the same answer as summariseSeries' attendance (attended at least twice before
 * the last STOPPED_AFTER_OCCURRENCES instances that started, not cancelled, and none of those:
 * held or declined by every external person), counted per person in
 * typed columns reused from series to series instead of a row object per person.
 */
import type { AddressBook } from './address-book.js';
import { STOPPED_AFTER_OCCURRENCES } from './definitions.js';
import type { RelationshipMeeting } from './model.js';
import { compareText } from './timeline.js';

/** Per person (address-book index): attended before the cutoff, and the last index attended. */
let attendedBefore = new Int32Array(64);
let lastAttended = new Int32Array(64);
/** Whether the person was first seen among the internal people (0: external, 1: internal). */
let internal = new Uint8Array(64);
let seen = new Uint8Array(64);
const people: number[] = [];

/**
 * The mailbox keys (personKey) of those who stopped coming to the instances that started (not
 * cancelled, sorted by start), external people first, then by email.
 */
export function whoStoppedComing(
  held: readonly RelationshipMeeting[],
  book: AddressBook,
): string[] {
  const cutoff = held.length - STOPPED_AFTER_OCCURRENCES;
  // Nobody can have attended twice before the cutoff.
  if (cutoff < 2) return [];
  try {
    for (let index = 0; index < held.length; index++) {
      const meeting = held[index] as RelationshipMeeting;
      for (const person of meeting.externalPeople)
        attend(
          book.of(person.email).person,
          0,
          person.responseStatus === 'declined',
          index,
          cutoff,
        );
      for (const person of meeting.internalPeople)
        attend(
          book.of(person.email).person,
          1,
          person.responseStatus === 'declined',
          index,
          cutoff,
        );
    }
    const stopped: { internal: number; email: string }[] = [];
    for (const person of people)
      if ((attendedBefore[person] as number) >= 2 && (lastAttended[person] as number) < cutoff)
        stopped.push({ internal: internal[person] as number, email: book.emailOf(person) });
    return stopped
      .sort((a, b) => a.internal - b.internal || compareText(a.email, b.email))
      .map((row) => row.email);
  } finally {
    for (const person of people) seen[person] = 0;
    people.length = 0;
  }
}

function attend(
  person: number,
  isInternal: number,
  declined: boolean,
  index: number,
  cutoff: number,
): void {
  if (person >= seen.length) grow(person + 1);
  if (seen[person] === 0) {
    seen[person] = 1;
    internal[person] = isInternal;
    attendedBefore[person] = 0;
    lastAttended[person] = -1;
    people.push(person);
  }
  if (declined) return;
  lastAttended[person] = index;
  if (index < cutoff) attendedBefore[person] = (attendedBefore[person] as number) + 1;
}

function grow(count: number): void {
  const size = Math.max(count, 2 * seen.length);
  const copy = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
    to.set(from);
    return to;
  };
  attendedBefore = copy(attendedBefore, new Int32Array(size));
  lastAttended = copy(lastAttended, new Int32Array(size));
  internal = copy(internal, new Uint8Array(size));
  seen = copy(seen, new Uint8Array(size));
}
