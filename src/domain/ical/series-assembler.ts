/**
 * Groups VEVENTs into series (master + RECURRENCE-ID overrides per UID) while a calendar is read
 * block by block, and hands each series out as soon as its last VEVENT has been read.
 *
 * How many VEVENTs each UID has is known before reading (scanBlocks counts them), so a single
 * event (most of a calendar) leaves at once, and a master waits only for its own overrides,
 * wherever in the file they are.
 */
import type ICAL from 'ical.js';
import type { BlockSpan } from './ics-blocks.js';
import { keepsLaterMaster, secondMasterMessage } from './event-checks.js';
import { firstProperty } from './jcal.js';
import type { IcsSeries } from './parse-calendar.js';

/**
 * Says something about the VEVENT that begins at `line`: that it or another master of its UID,
 * beginning at `droppedLine`, is left out.
 */
export type SeriesReport = (
  line: number,
  uid: string,
  message: string,
  droppedLine: number,
) => void;

interface OpenSeries {
  series: IcsSeries;
  /** Where the master kept so far begins, for the message about a second one. */
  masterLine: number | null;
}

/**
 * What a VEVENT block is counted under: its UID, or a key of its own when it has none (such an
 * event is a series by itself, named by what identifies it: MadeUpUids in event-checks.ts).
 */
export function seriesKey(span: BlockSpan): string {
  return span.uid ?? `\u0000no-uid@${span.start}`;
}

export class SeriesAssembler {
  private readonly remaining = new Map<string, number>();
  /** Series being read, by key; under one key normally one series (see seriesKey). */
  private readonly open = new Map<string, OpenSeries[]>();

  constructor(veventBlocks: Iterable<BlockSpan>) {
    for (const span of veventBlocks) {
      if (span.uid === null) continue;
      this.remaining.set(span.uid, (this.remaining.get(span.uid) ?? 0) + 1);
    }
  }

  /** Adds a usable VEVENT of the block counted under `key`. */
  add(key: string, uid: string, event: ICAL.Component, line: number, report: SeriesReport): void {
    let list = this.open.get(key);
    if (!list) this.open.set(key, (list = []));
    let entry = list.find((open) => open.series.uid === uid);
    if (!entry) {
      entry = { series: { uid, master: null, overrides: [] }, masterLine: null };
      list.push(entry);
    }
    const { series } = entry;
    if (isOverride(event)) series.overrides.push(event);
    else if (!series.master) setMaster(entry, event, line);
    else {
      const keepLater = keepsLaterMaster(series.master, event);
      const message = secondMasterMessage(uid, entry.masterLine ?? '?', keepLater);
      report(line, uid, message, keepLater ? (entry.masterLine ?? line) : line);
      if (keepLater) setMaster(entry, event, line);
    }
  }

  /**
   * Marks one block counted under `key` as read, usable or not; returns the series that are
   * complete with it.
   */
  blockDone(key: string): IcsSeries[] {
    const left = (this.remaining.get(key) ?? 1) - 1;
    if (left > 0) {
      this.remaining.set(key, left);
      return [];
    }
    this.remaining.delete(key);
    return this.take(key);
  }

  /** Whatever is still open at the end of the file (nothing, when the count was right). */
  flush(): IcsSeries[] {
    return [...this.open.keys()].flatMap((key) => this.take(key));
  }

  private take(key: string): IcsSeries[] {
    const list = this.open.get(key);
    if (!list) return [];
    this.open.delete(key);
    return list.map((open) => open.series);
  }
}

function setMaster(entry: OpenSeries, event: ICAL.Component, line: number): void {
  entry.series.master = event;
  entry.masterLine = line;
}

function isOverride(event: ICAL.Component): boolean {
  return firstProperty(event, 'recurrence-id') !== null;
}
