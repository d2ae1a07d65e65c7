/**
 * The occurrences of a recurring master: the pattern's slots numbered from 1 (EWS's
 * InstanceIndex counts every slot, deleted ones included), with modifications applied.
 */
import { occurrenceId } from './ids.js';
import type { StoredItem, StoredModification } from './items.js';
import { patternSlots } from './recurrence.js';

export interface Occurrence {
  /** 1-based position in the pattern (t:OccurrenceItemId InstanceIndex). */
  index: number;
  itemId: string;
  originalStartMs: number;
  startMs: number;
  endMs: number;
  deleted: boolean;
  modification?: StoredModification;
}

/** Slots whose original start is before untilMs (bounded series: all, up to max). */
export function occurrencesOf(master: StoredItem, untilMs: number, max: number): Occurrence[] {
  if (!master.recurrence) return [];
  const slots = patternSlots(
    {
      startMs: master.startMs,
      endMs: master.endMs,
      timeZone: master.timeZone,
      isAllDay: master.isAllDay,
      recurrence: master.recurrence,
    },
    untilMs,
    max,
  );
  return slots.map((slot, i) => {
    const modification = master.modified.get(slot.originalStartMs);
    const occurrence: Occurrence = {
      index: i + 1,
      itemId: occurrenceId(master.id, slot.originalStartMs),
      originalStartMs: slot.originalStartMs,
      startMs: modification?.startMs ?? slot.originalStartMs,
      endMs: modification?.endMs ?? slot.endMs,
      deleted: master.deleted.has(slot.originalStartMs),
    };
    if (modification) occurrence.modification = modification;
    return occurrence;
  });
}

/** Far enough to reach every modification of a series (moved instances may come late). */
export function reachOf(master: StoredItem, untilMs: number): number {
  const originals = [...master.modified.keys(), ...master.deleted];
  return Math.max(untilMs, ...originals.map((ms) => ms + 1));
}
