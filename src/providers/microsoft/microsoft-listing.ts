/**
 * What a Microsoft calendar's sync resumes from (its cursor: deltaLink, window, and the hashes of
 * the ids last listed), and how a calendar other than the primary one is listed by offset, a
 * second time when the first listing missed an event the previous one had. Kept apart from
 * microsoft-provider.ts, which talks to Graph, to keep that file small: this part does no I/O of
 * its own; it reads the pages the provider fetches and writes the cursor they end with.
 */
import { createHash } from 'node:crypto';
import type { FetchChangesRequest, SyncPage, SyncWindow } from '../provider.js';

/**
 * What a calendar's sync resumes from. `deltaLink` is set for delta calendars; the window is
 * kept because the deltaLink has it baked in: a run over another window starts a new round.
 */
export interface MicrosoftCursor {
  deltaLink: string | null;
  from: string;
  to: string;
  /**
   * Calendars listed by offset (not the primary one): a short hash of every event id the last
   * listing returned, that is of what the store holds after it (see listingPages).
   */
  listed?: string[];
}

/**
 * A calendar other than the primary one, listed through calendarView: Graph pages it by offset
 * ($skip in the nextLink), so an event deleted during the listing shifts the later ones back
 * and one live event is never returned, which the snapshot's end would then delete (and the
 * next run add again). The ids of the previous listing are kept in the cursor as short hashes;
 * when this listing missed none of them (the usual case) it ends as it is. When it missed some
 * (deleted, moved out of the window, or skipped by a shift), its last page is not the
 * snapshot's end: the window is listed once more, and what either listing returned is kept.
 * Only what both missed is removed, so a shift must strike the same event in both listings to
 * lose it; an event deleted between the two goes on the next run (its hash is kept).
 * `snapshot` lists the window once (the provider's pages, from the first).
 */
export async function* listingPages(
  request: FetchChangesRequest,
  previous: MicrosoftCursor | null,
  snapshot: () => AsyncGenerator<SyncPage>,
): AsyncGenerator<SyncPage> {
  const before = previous?.listed ?? null;
  const listed = new Set<string>();
  for (let pass = 1; ; pass += 1) {
    let last: SyncPage | null = null;
    for await (const page of snapshot()) {
      for (const upsert of page.upserts) listed.add(idHash(upsert.event.providerEventId));
      for (const issue of page.issues)
        if (issue.providerEventId !== null) listed.add(idHash(issue.providerEventId));
      if (page.hasMore) yield page;
      else last = page;
    }
    if (!last) throw new Error('a calendar listing ended without a last page');
    const missed = before !== null && before.some((hash) => !listed.has(hash));
    if (pass === 1 && missed) {
      yield { ...last, nextCursor: null, hasMore: true };
      continue;
    }
    const cursor = { deltaLink: null, ...windowText(request.window), listed: [...listed] };
    yield { ...last, nextCursor: writeCursor(cursor), hasMore: false };
    return;
  }
}

export function windowText(window: SyncWindow): { from: string; to: string } {
  return { from: window.from.toISOString(), to: window.to.toISOString() };
}

export function sameWindow(cursor: MicrosoftCursor, window: SyncWindow): boolean {
  const wanted = windowText(window);
  return cursor.from === wanted.from && cursor.to === wanted.to;
}

export function readCursor(cursor: string | null): MicrosoftCursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(cursor) as Partial<MicrosoftCursor>;
    if (typeof parsed.from !== 'string' || typeof parsed.to !== 'string') return null;
    return {
      deltaLink: typeof parsed.deltaLink === 'string' && parsed.deltaLink ? parsed.deltaLink : null,
      from: parsed.from,
      to: parsed.to,
      ...(Array.isArray(parsed.listed) && parsed.listed.every((h) => typeof h === 'string')
        ? { listed: parsed.listed }
        : {}),
    };
  } catch {
    // A cursor we cannot read is treated like none: a snapshot puts everything right.
    return null;
  }
}

export function writeCursor(cursor: MicrosoftCursor): string {
  return JSON.stringify(cursor);
}

/** An event id in a listing's cursor: 72 bits of its SHA-256, 12 characters. */
function idHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 12);
}
