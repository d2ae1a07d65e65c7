import { describe, expect, it } from 'vitest';
import {
  API_PAGE_LIMIT,
  fetchPage,
  firstPageParam,
  nextPageParam,
  type CursorPage,
} from './paged-list';

/** A list of `size` numbers behind the API's cursor (the index to go on from). */
function api(size: number) {
  const asked: { cursor: string | null; limit: number }[] = [];
  const request = async (cursor: string | null, limit: number): Promise<CursorPage<number>> => {
    asked.push({ cursor, limit });
    if (limit > API_PAGE_LIMIT) throw new Error(`limit ${limit} is over the API's bound`);
    const from = cursor === null ? 0 : Number(cursor);
    const to = Math.min(size, from + limit);
    const items = Array.from({ length: to - from }, (_, i) => from + i);
    return { items, nextCursor: to < size ? String(to) : null };
  };
  return { request, asked };
}

describe('fetchPage', () => {
  it('asks once for a page the API can answer at once', async () => {
    const { request, asked } = api(1_000);
    const page = await fetchPage({ cursor: null, limit: 150 }, request);
    expect(page.items).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(page.nextCursor).toBe('150');
    expect(asked).toEqual([{ cursor: null, limit: 150 }]);
  });

  it('gathers a page larger than the API answers from consecutive requests, none twice', async () => {
    const { request, asked } = api(2_000);
    const page = await fetchPage({ cursor: '100', limit: 1_200 }, request);
    expect(page.items).toEqual(Array.from({ length: 1_200 }, (_, i) => 100 + i));
    expect(page.nextCursor).toBe('1300');
    expect(asked.map((a) => a.limit)).toEqual([500, 500, 200]);
  });

  it('stops at the list’s end with fewer items and no cursor', async () => {
    const { request } = api(620);
    const page = await fetchPage({ cursor: null, limit: 1_000 }, request);
    expect(page.items).toHaveLength(620);
    expect(page.nextCursor).toBeNull();
  });
});

describe('page params', () => {
  it('starts a list with one page, or with as many items as were on screen', () => {
    expect(firstPageParam(50, 0)).toEqual({ cursor: null, limit: 50 });
    expect(firstPageParam(50, 30)).toEqual({ cursor: null, limit: 50 });
    expect(firstPageParam(50, 150)).toEqual({ cursor: null, limit: 150 });
  });

  it('goes on from the last page’s cursor one page at a time, and ends with it', () => {
    expect(nextPageParam({ items: [1], nextCursor: 'c' }, 50)).toEqual({ cursor: 'c', limit: 50 });
    expect(nextPageParam({ items: [1], nextCursor: null }, 50)).toBeNull();
  });
});
