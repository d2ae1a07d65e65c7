import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  fetchPage,
  firstPageParam,
  nextPageParam,
  type CursorPage,
  type PageParam,
} from '../lib/paged-list';

interface PagedListOptions<T> {
  /** The list's key: `[name]`, to which the view and the query are added. */
  key: readonly string[];
  /** The filters as the address has them: the query changes without them when the day moves on. */
  view: string;
  /** What the API is asked, dates included; null: nothing to ask. */
  query: object | null;
  pageSize: number;
  request: (cursor: string | null, limit: number, signal: AbortSignal) => Promise<CursorPage<T>>;
}

/**
 * A "Load more" list of a query. When only the day moved on (the same view, other dates) the
 * list on screen stays until the new one comes, so the page keeps its length and the place
 * scrolled to, and the new list's first page holds as many items as the user had loaded, so
 * that it does not shrink back to one page; another view loads afresh, one page.
 */
export function usePagedList<T>({ key, view, query, pageSize, request }: PagedListOptions<T>) {
  const [kept, setKept] = useState({ view, shown: 0 });
  const list = useInfiniteQuery({
    queryKey: [...key, view, query],
    queryFn: ({ pageParam, signal }) =>
      fetchPage(pageParam, (cursor, limit) => request(cursor, limit, signal)),
    initialPageParam: firstPageParam(pageSize, kept.view === view ? kept.shown : 0) as PageParam,
    getNextPageParam: (last) => nextPageParam(last, pageSize),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[key.length] === view ? previous : undefined,
    enabled: query !== null,
  });
  const shown = list.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  // Adjusted while rendering (React's pattern for state that follows a value): the render in
  // which the day moves on still reads the length the user had loaded.
  if (kept.view !== view || kept.shown !== shown) setKept({ view, shown });
  return list;
}
