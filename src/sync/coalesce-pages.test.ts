import { describe, expect, it } from 'vitest';
import type { ProviderEvent, SyncPage } from '../providers/provider.js';
import { buildEvent } from '../../test/support/databases.js';
import { coalescePages } from './coalesce-pages.js';

function upsert(id: string, title = id): ProviderEvent {
  return { event: buildEvent({ providerEventId: id, title }), raw: { id, title } };
}

function page(
  cursor: string,
  upserts: ProviderEvent[],
  options: Partial<
    Pick<SyncPage, 'mode' | 'deletions' | 'hasMore' | 'issues' | 'removalsWithin'>
  > = {},
): SyncPage {
  return {
    mode: options.mode ?? 'delta',
    upserts,
    deletions: options.deletions ?? [],
    issues: options.issues ?? [],
    nextCursor: cursor,
    hasMore: options.hasMore ?? true,
    ...(options.removalsWithin ? { removalsWithin: options.removalsWithin } : {}),
  };
}

async function* source(pages: SyncPage[], failAfter?: number): AsyncGenerator<SyncPage> {
  for (const [index, item] of pages.entries()) {
    if (index === failAfter) throw new Error('the provider failed');
    yield item;
  }
}

async function collect(pages: AsyncIterable<SyncPage>): Promise<SyncPage[]> {
  const out: SyncPage[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

const ids = (item: SyncPage) => item.upserts.map((u) => u.event.providerEventId);

describe('coalescePages', () => {
  it('joins small pages until the limit, committing with the cursor of the last one', async () => {
    const pages = [
      page('c1', [upsert('a'), upsert('b')]),
      page('c2', [upsert('c')]),
      page('c3', [upsert('d')]),
      page('c4', [upsert('e')], { hasMore: false }),
    ];
    const joined = await collect(coalescePages(source(pages), 3));
    expect(joined.map(ids)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(joined.map((j) => [j.nextCursor, j.hasMore])).toEqual([
      ['c2', true],
      ['c4', false],
    ]);
  });

  it('passes a page that is large enough through as it is', async () => {
    const big = page('c1', [upsert('a'), upsert('b')], { hasMore: false });
    const [only] = await collect(coalescePages(source([big]), 2));
    expect(only).toBe(big);
  });

  it('never joins a snapshot page with a delta page', async () => {
    const pages = [
      page('d1', [upsert('a')]),
      page('s1', [upsert('b')], { mode: 'snapshot' }),
      page('s2', [upsert('c')], { mode: 'snapshot', hasMore: false }),
    ];
    const joined = await collect(coalescePages(source(pages), 100));
    expect(joined.map((j) => [j.mode, ids(j), j.nextCursor])).toEqual([
      ['delta', ['a'], 'd1'],
      ['snapshot', ['b', 'c'], 's2'],
    ]);
  });

  it('keeps a bound on removals: joins only pages with the same one, and the joined page has it', async () => {
    const window = { from: new Date('2026-02-22T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') };
    const sameWindow = { from: new Date(window.from), to: new Date(window.to) };
    const pages = [
      page('d1', [upsert('a')], { deletions: ['gone'] }),
      page('d2', [upsert('b')], { deletions: ['aged-1'], removalsWithin: window }),
      page('d3', [], { deletions: ['aged-2'], removalsWithin: sameWindow, hasMore: false }),
    ];
    const joined = await collect(coalescePages(source(pages), 100));
    expect(joined.map((j) => [j.deletions, j.removalsWithin ?? null, j.nextCursor])).toEqual([
      [['gone'], null, 'd1'],
      [['aged-1', 'aged-2'], window, 'd3'],
    ]);
  });

  it('lets a later page win over an earlier one, and a deletion win within one page', async () => {
    const pages = [
      page('c1', [upsert('kept', 'v1'), upsert('gone')], { deletions: ['back'] }),
      page('c2', [upsert('kept', 'v2'), upsert('back'), upsert('both')], {
        deletions: ['gone', 'both'],
      }),
    ];
    const [joined] = await collect(coalescePages(source(pages), 100));
    expect(joined?.upserts.map((u) => [u.event.providerEventId, u.event.title])).toEqual([
      ['kept', 'v2'],
      ['back', 'back'],
    ]);
    expect(joined?.deletions.sort()).toEqual(['both', 'gone']);
  });

  it('keeps the issues of every joined page', async () => {
    const issue = (message: string) => ({ message, line: null }) as SyncPage['issues'][number];
    const pages = [
      page('c1', [upsert('a')], { issues: [issue('one')] }),
      page('c2', [upsert('b')], { issues: [issue('two')], hasMore: false }),
    ];
    const [joined] = await collect(coalescePages(source(pages), 100));
    expect(joined?.issues.map((i) => i.message)).toEqual(['one', 'two']);
  });

  it('hands over what was read before the provider failed, then the failure', async () => {
    const pages = [page('c1', [upsert('a')]), page('c2', [upsert('b')]), page('c3', [])];
    const seen: SyncPage[] = [];
    const run = async () => {
      for await (const item of coalescePages(source(pages, 2), 100)) seen.push(item);
    };
    await expect(run()).rejects.toThrow('the provider failed');
    expect(seen.map((s) => [ids(s), s.nextCursor])).toEqual([[['a', 'b'], 'c2']]);
  });
});
