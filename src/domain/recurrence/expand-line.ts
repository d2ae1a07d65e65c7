/**
 * The `calintel ics expand` output line (contracts/analysis-io.md, "ics expand"), and which
 * instances it lists: those that take place. The line has no status field, so a cancelled
 * occurrence listed would read as a meeting that happens; expansion itself keeps cancelled
 * instances, which the service's import stores as cancelled (ics-mapper reads the same STATUS).
 */
import type { ExpandedInstance } from './types.js';

export interface ExpandLine {
  uid: string;
  /** null for a non-recurring event; else the original start (UTC `...Z`, or a date for all-day). */
  recurrenceId: string | null;
  /** UTC `YYYY-MM-DDTHH:mm:ssZ` (no milliseconds), or `YYYY-MM-DD` for all-day. */
  start: string;
  /** Exclusive: UTC like start, or the day after the last day for all-day. */
  end: string;
  allDay: boolean;
  /** SUMMARY of the component describing the instance; empty when it has none. */
  title: string;
}

function utcSecond(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Converts an expanded instance into the contract's JSON line shape. */
export function toExpandLine(instance: ExpandedInstance): ExpandLine {
  const summary = instance.component.getFirstPropertyValue('summary');
  return {
    uid: instance.uid,
    recurrenceId: instance.recurrenceId,
    start: instance.allDay && instance.startDate ? instance.startDate : utcSecond(instance.start),
    end: instance.allDay && instance.endDate ? instance.endDate : utcSecond(instance.end),
    allDay: instance.allDay,
    title: typeof summary === 'string' ? summary : '',
  };
}

/**
 * Whether the instance takes place: not when the VEVENT describing it (an override with
 * RECURRENCE-ID, else the series' master or the single event) says STATUS:CANCELLED. An override
 * that does not say so takes place even under a cancelled master, as the service's import reads it.
 */
export function takesPlace(instance: ExpandedInstance): boolean {
  const status = instance.component.getFirstPropertyValue('status');
  return !(typeof status === 'string' && status.trim().toUpperCase() === 'CANCELLED');
}
