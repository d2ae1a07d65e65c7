/**
 * Delta rounds of calendarView (contract §2.1). A round starts at an initial request (the window
 * is fixed there and baked into every token after it) or at a deltaLink, freezes the items it will
 * send, and hands them out page by page behind `$skiptoken`s; its last page carries a
 * `$deltatoken` that remembers the window and the change sequence number the round reflects.
 *
 * Tokens are server-side and never consumed: a nextLink fetched again (after a 429, say) returns
 * the very same page, and a deltaLink used again replays every change since it was issued, as
 * Graph does. Pages follow the page-shape setting: exact sizes for the first pages, empty pages at
 * a seeded rate, items sent twice at a seeded rate, and the deltaLink alone on a final empty page.
 */
import type { ViewItem } from './calendar-data.js';
import { randomToken } from './ids.js';
import { seededRandom } from './prng.js';
import type { PageShapes } from './settings.js';

export interface DeltaScope {
  user: string;
  calendarId: string;
  /** `v1.0` for the default calendar, `beta` for /me/calendars/{id}/calendarView/delta. */
  path: string;
  fromMs: number;
  toMs: number;
}

/** What happens to a token the emulator has been told to forget. */
export type TokenFate = 'valid' | 'resync' | 'notFound';

export interface DeltaState extends DeltaScope {
  seq: number;
  fate: TokenFate;
}

interface Round {
  scope: DeltaScope;
  seq: number;
  items: ViewItem[];
  /** Ids sent so far in this round: the pool replays are drawn from. */
  sent: ViewItem[];
}

export interface ServedPage {
  items: ViewItem[];
  next: { kind: 'skip' | 'delta'; token: string };
}

interface PageEntry {
  round: Round;
  offset: number;
  index: number;
  emptyRun: number;
  fate: TokenFate;
  served?: ServedPage;
}

/** Page tokens kept at most; an evicted one answers syncStateNotFound. */
const MAX_PAGE_TOKENS = 50_000;
const MAX_DELTA_TOKENS = 20_000;
/** Random empty pages in a row at most, so a high rate cannot stall a round. */
const MAX_EMPTY_RUN = 3;

export class DeltaRounds {
  private readonly pages = new Map<string, PageEntry>();
  private readonly states = new Map<string, DeltaState>();
  private random: () => number;

  constructor(private readonly shapes: () => PageShapes) {
    this.random = seededRandom(shapes().seed);
  }

  reseed(): void {
    this.random = seededRandom(this.shapes().seed);
  }

  clear(): void {
    this.pages.clear();
    this.states.clear();
  }

  /** Starts a round over these items and serves its first page. */
  start(scope: DeltaScope, seq: number, items: ViewItem[], pageSize: number): ServedPage {
    const round: Round = { scope, seq, items, sent: [] };
    return this.serve({ round, offset: 0, index: 0, emptyRun: 0, fate: 'valid' }, pageSize);
  }

  page(token: string): PageEntry | undefined {
    return this.pages.get(token);
  }

  resume(entry: PageEntry, pageSize: number): ServedPage {
    return this.serve(entry, pageSize);
  }

  deltaState(token: string): DeltaState | undefined {
    return this.states.get(token);
  }

  /** Every token of a user (or everyone's) answers `fate` from now on. */
  expire(fate: Exclude<TokenFate, 'valid'>, user?: string): number {
    let count = 0;
    for (const state of this.states.values()) {
      if (user && state.user !== user) continue;
      state.fate = fate;
      count++;
    }
    for (const entry of this.pages.values()) {
      if (user && entry.round.scope.user !== user) continue;
      entry.fate = fate;
      count++;
    }
    return count;
  }

  private serve(entry: PageEntry, pageSize: number): ServedPage {
    if (entry.served) return entry.served;
    const { round } = entry;
    const atEnd = entry.offset >= round.items.length;
    const size = atEnd ? 0 : this.pageSize(entry, pageSize);
    const replayed = size > 1 ? this.replay(round) : [];
    const fresh = round.items.slice(entry.offset, entry.offset + size - replayed.length);
    const items = [...fresh, ...replayed];
    round.sent.push(...fresh);
    const offset = entry.offset + fresh.length;
    // With emptyFinalPage the deltaLink comes on a page of its own after the last items.
    const more = offset < round.items.length || (this.shapes().emptyFinalPage && !atEnd);
    const next = more ? this.nextPage(entry, offset, size) : this.deltaLink(round);
    const served: ServedPage = { items, next };
    entry.served = served;
    return served;
  }

  private pageSize(entry: PageEntry, pageSize: number): number {
    const shapes = this.shapes();
    const exact = shapes.sizes?.[entry.index];
    if (exact !== undefined) return Math.min(exact, pageSize);
    if (entry.emptyRun < MAX_EMPTY_RUN && this.random() < shapes.emptyPageRate) return 0;
    return pageSize;
  }

  /** At the seeded rate, one item already sent this round, to be sent again. */
  private replay(round: Round): ViewItem[] {
    const rate = this.shapes().replayRate;
    if (rate <= 0 || round.sent.length === 0 || this.random() >= rate) return [];
    const pick = round.sent[Math.floor(this.random() * round.sent.length)];
    return pick ? [pick] : [];
  }

  private nextPage(entry: PageEntry, offset: number, size: number): ServedPage['next'] {
    const token = randomToken(36);
    this.pages.set(token, {
      round: entry.round,
      offset,
      index: entry.index + 1,
      emptyRun: size === 0 ? entry.emptyRun + 1 : 0,
      fate: 'valid',
    });
    evictOldest(this.pages, MAX_PAGE_TOKENS);
    return { kind: 'skip', token };
  }

  private deltaLink(round: Round): ServedPage['next'] {
    const token = randomToken(48);
    this.states.set(token, { ...round.scope, seq: round.seq, fate: 'valid' });
    evictOldest(this.states, MAX_DELTA_TOKENS);
    return { kind: 'delta', token };
  }
}

function evictOldest<V>(map: Map<string, V>, max: number): void {
  if (map.size <= max) return;
  const oldest = map.keys().next().value;
  if (oldest !== undefined) map.delete(oldest);
}
