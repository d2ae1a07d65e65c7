/** The `calintel ics expand` output line (contracts/analysis-io.md, "ics expand"). */
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
