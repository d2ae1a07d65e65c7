/**
 * The dashboard's "Load more" lists, paged by the API's cursor. A page is asked for by where it
 * starts and how many items it holds, so that a list asked for again from the start (the day
 * moved on, which changes its dates) can hold as many items as the user had loaded.
 */

/** Where a page starts (null: the list's start) and how many items it holds at most. */
export interface PageParam {
  cursor: string | null;
  limit: number;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The most items the list endpoints answer at once (their `limit` is at most 500). */
export const API_PAGE_LIMIT = 500;

/**
 * One page of `param.limit` items (fewer at the list's end), in as many requests as the API's
 * bound needs, each going on from the last one's cursor: no item twice, none left out.
 */
export async function fetchPage<T>(
  param: PageParam,
  request: (cursor: string | null, limit: number) => Promise<CursorPage<T>>,
): Promise<CursorPage<T>> {
  const items: T[] = [];
  let cursor = param.cursor;
  do {
    const page = await request(cursor, Math.min(param.limit - items.length, API_PAGE_LIMIT));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < param.limit);
  return { items, nextCursor: cursor };
}

/** The page after `last`, of `pageSize` items; null at the list's end. */
export function nextPageParam(last: CursorPage<unknown>, pageSize: number): PageParam | null {
  return last.nextCursor === null ? null : { cursor: last.nextCursor, limit: pageSize };
}

/**
 * The first page of a list: `pageSize` items, or as many as `shown` (those on screen) when the
 * same view is asked for again with other dates.
 */
export function firstPageParam(pageSize: number, shown: number): PageParam {
  return { cursor: null, limit: Math.max(pageSize, shown) };
}
