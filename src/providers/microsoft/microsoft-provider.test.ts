import { GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import type { FetchChangesRequest, SyncPage } from '../provider.js';
import type { GraphPage, MicrosoftClient, MicrosoftTokens } from './microsoft-client.js';
import { mapMicrosoftError } from './microsoft-errors.js';
import { MicrosoftProvider, readCursor } from './microsoft-provider.js';
import { tokensToSecrets } from './microsoft-tokens.js';
import type { GraphEvent } from './microsoft-wire.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const WINDOW = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-04-30T00:00:00Z') };

const event = (id: string, subject = id): GraphEvent => ({
  id,
  subject,
  start: { dateTime: '2026-03-02T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-03-02T10:00:00.0000000', timeZone: 'UTC' },
});
const removed = (id: string): GraphEvent => ({ id, '@removed': { reason: 'deleted' } });

const page = (
  value: GraphEvent[],
  next: string | null,
  delta: string | null = null,
): GraphPage => ({
  value,
  nextLink: next,
  deltaLink: delta,
});

function graphFailure(status: number, code: string) {
  const error = new GraphError(status, code);
  error.code = code;
  return mapMicrosoftError(error, 'listing events');
}

/** A client whose pages are scripted: `rounds` answers startRound, `links` followLink. */
function scripted(script: {
  rounds?: (GraphPage | Error)[];
  links?: Record<string, GraphPage | Error | (GraphPage | Error)[]>;
}) {
  const calls: string[] = [];
  const answer = (value: GraphPage | Error | undefined) => {
    if (!value) throw new Error('unscripted call');
    if (value instanceof Error) throw value;
    return value;
  };
  const client = {
    startRound: async () => {
      calls.push('start');
      return answer(script.rounds?.shift());
    },
    followLink: async (_t: MicrosoftTokens, link: string) => {
      calls.push(link);
      const entry = script.links?.[link];
      return answer(Array.isArray(entry) ? entry.shift() : entry);
    },
    refresh: async (tokens: MicrosoftTokens) => ({ ...tokens, accessToken: 'refreshed' }),
  } as unknown as MicrosoftClient;
  return { client, calls };
}

function request(cursor: string | null, isPrimary = true): FetchChangesRequest {
  return {
    connection: {
      id: 'conn',
      secrets: tokensToSecrets({
        accessToken: 'a',
        expiresAt: NOW + 3_600_000,
        scope: 'Calendars.Read',
        homeAccountId: 'h',
        tokenCache: '{}',
      }),
      settings: {},
    },
    calendar: { providerCalendarId: 'cal', name: 'Calendar', timeZone: null, isPrimary },
    cursor,
    window: WINDOW,
  };
}

const cursorFor = (deltaLink: string, window = WINDOW) =>
  JSON.stringify({
    deltaLink,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
  });

async function collect(pages: AsyncIterable<SyncPage>): Promise<SyncPage[]> {
  const out: SyncPage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

const provider = (client: MicrosoftClient) => new MicrosoftProvider(client, { now: () => NOW });

describe('MicrosoftProvider.fetchChanges', () => {
  it('a first sync is a snapshot round; only the last page carries the deltaLink', async () => {
    const { client } = scripted({
      rounds: [page([event('a')], 'next-1')],
      links: { 'next-1': page([], 'next-2'), 'next-2': page([event('b')], null, 'delta-1') },
    });
    const pages = await collect(provider(client).fetchChanges(request(null)));
    expect(pages.map((p) => [p.mode, p.hasMore, p.upserts.length])).toEqual([
      ['snapshot', true, 1],
      ['snapshot', true, 0],
      ['snapshot', false, 1],
    ]);
    expect(pages.slice(0, 2).every((p) => p.nextCursor === null)).toBe(true);
    expect(readCursor(pages[2]?.nextCursor ?? null)).toEqual({
      deltaLink: 'delta-1',
      from: WINDOW.from.toISOString(),
      to: WINDOW.to.toISOString(),
    });
  });

  it('a later sync replays the deltaLink as delta pages; the last entry for an id wins', async () => {
    const { client, calls } = scripted({
      links: {
        'delta-1': page(
          [event('a', 'first'), removed('b'), event('a', 'second'), event('b')],
          null,
          'delta-2',
        ),
      },
    });
    const [only] = await collect(provider(client).fetchChanges(request(cursorFor('delta-1'))));
    expect(calls).toEqual(['delta-1']);
    expect(only?.mode).toBe('delta');
    expect(only?.upserts.map((u) => `${u.event.providerEventId}:${u.event.title}`)).toEqual([
      'a:second',
      'b:b',
    ]);
    expect(only?.deletions).toEqual([]);
  });

  it.each([
    ['410 resyncRequired', () => graphFailure(410, 'resyncRequired')],
    ['syncStateNotFound', () => graphFailure(400, 'syncStateNotFound')],
  ])('%s, even part-way through a delta round, is followed by a snapshot', async (_name, fail) => {
    const { client } = scripted({
      links: { 'delta-1': page([removed('x')], 'next-1'), 'next-1': fail() },
      rounds: [page([event('a')], null, 'delta-2')],
    });
    const pages = await collect(provider(client).fetchChanges(request(cursorFor('delta-1'))));
    expect(pages.map((p) => p.mode)).toEqual(['delta', 'snapshot']);
    expect(pages[0]?.deletions).toEqual(['x']);
    expect(readCursor(pages[1]?.nextCursor ?? null)?.deltaLink).toBe('delta-2');
  });

  it('a window that moved since the deltaLink starts a new snapshot round', async () => {
    const { client, calls } = scripted({ rounds: [page([], null, 'delta-2')] });
    const old = { from: new Date('2026-02-21T00:00:00Z'), to: new Date('2026-04-29T00:00:00Z') };
    await collect(provider(client).fetchChanges(request(cursorFor('delta-1', old))));
    expect(calls).toEqual(['start']);
  });

  it('other failures pass through; a round without a deltaLink is transient', async () => {
    const throttled = scripted({ links: { 'delta-1': graphFailure(429, 'TooManyRequests') } });
    await expect(
      collect(provider(throttled.client).fetchChanges(request(cursorFor('delta-1')))),
    ).rejects.toMatchObject({ kind: 'rate_limit' });
    const endless = scripted({ rounds: [page([], null, null)] });
    await expect(
      collect(provider(endless.client).fetchChanges(request(null))),
    ).rejects.toMatchObject({
      kind: 'transient',
    });
  });

  it('a calendar other than the primary one ends its listing without a deltaLink, and keeps no link', async () => {
    const { client } = scripted({ rounds: [page([event('a')], null, null)] });
    const pages = await collect(provider(client).fetchChanges(request(null, false)));
    expect(pages.map((p) => p.mode)).toEqual(['snapshot']);
    expect(readCursor(pages[0]?.nextCursor ?? null)?.deltaLink).toBeNull();
  });

  it('an unmappable item is an issue, not a failure', async () => {
    const { client } = scripted({
      rounds: [page([event('a'), { id: 'bad', start: { dateTime: 'never' } }, {}], null, 'd')],
    });
    const [only] = await collect(provider(client).fetchChanges(request(null)));
    expect(only?.upserts).toHaveLength(1);
    expect(only?.issues.map((i) => i.providerEventId)).toEqual([null, 'bad']);
  });

  it('a 401 refreshes the token once and tries again', async () => {
    const { client, calls } = scripted({
      rounds: [graphFailure(401, 'InvalidAuthenticationToken'), page([], null, 'd')],
    });
    const saved: Record<string, string>[] = [];
    const req = request(null);
    req.connection.saveSecrets = async (secrets) => {
      saved.push(secrets);
    };
    await collect(provider(client).fetchChanges(req));
    expect(calls).toEqual(['start', 'start']);
    expect(saved[0]?.accessToken).toBe('refreshed');
  });
});

describe('readCursor', () => {
  it('treats an unreadable cursor as none', () => {
    expect(readCursor('not json')).toBeNull();
    expect(readCursor('{"deltaLink":"x"}')).toBeNull();
    expect(readCursor(null)).toBeNull();
  });
});
