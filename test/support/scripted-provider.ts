/** A provider that answers each sync run with the next scripted list of pages (or a failure). */
import type { CalendarEvent } from '../../src/domain/event.js';
import type {
  CalendarProvider,
  FetchChangesRequest,
  SyncPage,
} from '../../src/providers/provider.js';

export class ScriptedProvider implements CalendarProvider {
  readonly kind = 'ics' as const;
  readonly cursorsSeen: Array<string | null> = [];
  readonly retainedSinceSeen: Array<Date | undefined> = [];
  constructor(private readonly runs: Array<Array<SyncPage | Error>>) {}
  async listCalendars() {
    return [];
  }
  async *fetchChanges(request: FetchChangesRequest): AsyncIterable<SyncPage> {
    this.cursorsSeen.push(request.cursor);
    this.retainedSinceSeen.push(request.retainedSince);
    const run = this.runs.shift() ?? [];
    for (const step of run) {
      if (step instanceof Error) throw step;
      yield step;
    }
  }
}

/** A page of these events (a delta page unless the options say otherwise). */
export function page(events: CalendarEvent[], options: Partial<SyncPage> = {}): SyncPage {
  return {
    mode: 'delta',
    upserts: events.map((event) => ({ event, raw: { id: event.providerEventId } })),
    deletions: [],
    issues: [],
    nextCursor: null,
    hasMore: false,
    ...options,
  };
}
