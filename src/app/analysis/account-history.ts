/**
 * Where a sales meeting falls in its account's history (how many sales meetings with the account
 * came before it, and since when), as the meeting-type model reads it. The models were trained
 * with the history counted in start order (models/history.ts over a corpus sorted by start, then
 * id); a file to analyse may be in any order, so there are two ways to count:
 *
 * - `seen` (one pass, the default): the account's sales meetings on earlier lines of the input.
 *   Memory is one counter per account, so any input streams in flat memory, stdin included.
 *   For a file in start order (the usual export) this is exactly the training history; for an
 *   unsorted file a meeting may count later ones, or miss earlier ones further down (and the days
 *   since the first are counted from the earliest start seen so far).
 * - `file` (two passes): every sales meeting of the account in the whole file that starts earlier
 *   (ties broken by id, then by line), whatever the line order: the training history exactly.
 *   The first pass keeps the start, id and line of each sales meeting with an account (about
 *   100 bytes each on the heap), so it needs a file that can be read twice and is for files whose
 *   sales meetings fit in memory (bench: 1,000,000 events, 2.4x the time of one pass, peak RSS
 *   380 MB against 160 MB).
 */
import { AccountHistoryTracker } from '../../domain/detection/account-history.js';
import type { AccountHistory } from '../../domain/detection/type-features.js';

export type HistoryMode = 'seen' | 'file';
export const HISTORY_MODES: readonly HistoryMode[] = ['seen', 'file'];

const DAY_MS = 86_400_000;

/** One sales meeting with an account, as the history sources know it. */
export interface SalesMeetingRef {
  accountId: string;
  /** UTC instant (the MeetingInput's start). */
  start: string;
  id: string;
  /** Line of the input it was read from (1-based), the last tie-break. */
  line: number;
}

export interface HistorySource {
  /** The account's history before this sales meeting (which is then counted, where that applies). */
  before(meeting: SalesMeetingRef): AccountHistory;
}

/**
 * `seen`: the account's sales meetings on earlier lines, counted by the domain's
 * AccountHistoryTracker (the meetings service's too; as models/history.ts for input in start order).
 */
export class SeenSoFarHistory implements HistorySource {
  private readonly tracker = new AccountHistoryTracker();
  /** Each account's latest start so far, to tell when line order stops being time order. */
  private readonly latest = new Map<string, number>();
  #warned = false;

  /**
   * `onOutOfOrder` is told, once, of the first sales meeting that starts before one with the same
   * account on an earlier line: from there on, line order stands in for time (see above).
   */
  constructor(private readonly onOutOfOrder?: (meeting: SalesMeetingRef) => void) {}

  before(meeting: SalesMeetingRef): AccountHistory {
    const history = this.tracker.before(meeting.accountId, meeting.start) ?? NO_HISTORY;
    this.tracker.record(meeting.accountId, meeting.start);
    if (this.onOutOfOrder && !this.#warned) this.checkOrder(meeting);
    return history;
  }

  private checkOrder(meeting: SalesMeetingRef): void {
    const at = Date.parse(meeting.start);
    const latest = this.latest.get(meeting.accountId);
    if (latest !== undefined && at < latest) {
      this.#warned = true;
      this.latest.clear();
      this.onOutOfOrder?.(meeting);
    } else this.latest.set(meeting.accountId, latest === undefined ? at : Math.max(latest, at));
  }
}

const NO_HISTORY: AccountHistory = { earlierMeetings: 0, daysSinceFirst: null };

interface Entry {
  at: number;
  id: string;
  line: number;
}

/** Start, then id (as the training corpus sorts), then line: a total order on sales meetings. */
function compare(a: Entry, b: Entry): number {
  return a.at - b.at || (a.id === b.id ? 0 : a.id.localeCompare(b.id)) || a.line - b.line;
}

/** `file`: built from a first pass over the whole input, then asked during the second. */
export class WholeFileHistory implements HistorySource {
  private readonly byAccount = new Map<string, Entry[]>();
  private sorted = true;

  /** First pass: one sales meeting with an account. */
  add(meeting: SalesMeetingRef): void {
    const entry = { at: Date.parse(meeting.start), id: meeting.id, line: meeting.line };
    const list = this.byAccount.get(meeting.accountId);
    if (list) {
      const last = list[list.length - 1];
      if (last && compare(last, entry) > 0) this.sorted = false;
      list.push(entry);
    } else this.byAccount.set(meeting.accountId, [entry]);
  }

  get meetings(): number {
    let total = 0;
    for (const list of this.byAccount.values()) total += list.length;
    return total;
  }

  before(meeting: SalesMeetingRef): AccountHistory {
    this.sortOnce();
    const list = this.byAccount.get(meeting.accountId) ?? [];
    const probe = { at: Date.parse(meeting.start), id: meeting.id, line: meeting.line };
    // The number of the account's sales meetings strictly before this one (binary search).
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(list[mid] as Entry, probe) < 0) low = mid + 1;
      else high = mid;
    }
    const first = list[0];
    return {
      earlierMeetings: low,
      daysSinceFirst: low > 0 && first ? Math.max(0, (probe.at - first.at) / DAY_MS) : null,
    };
  }

  private sortOnce(): void {
    if (this.sorted) return;
    for (const list of this.byAccount.values()) list.sort(compare);
    this.sorted = true;
  }
}
