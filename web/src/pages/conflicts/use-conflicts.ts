import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  listConflicts,
  resolveConflict,
  type ConflictQuery,
  type ResolveInput,
  type ResolveResult,
} from '../../api/conflicts';

export const CONFLICTS_KEY = ['conflicts'] as const;

/**
 * The conflicts of a query. `view` is the filters as the address has them: when only the day
 * moved on, the list on screen stays until the new day's comes, so the page keeps its length
 * and the place scrolled to; other filters load afresh.
 */
export function useConflicts(query: ConflictQuery, view: string) {
  return useInfiniteQuery({
    queryKey: [...CONFLICTS_KEY, view, query],
    queryFn: ({ pageParam, signal }) =>
      listConflicts({ ...query, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === view ? previous : undefined,
  });
}

export interface ResolveVariables {
  conflictId: string;
  input: ResolveInput;
  /** What was done, in words, for the status line. */
  description: string;
}

export function useResolveConflict(callbacks: {
  onDone: (result: ResolveResult, variables: ResolveVariables) => void;
  onFailed: (error: unknown, variables: ResolveVariables) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conflictId, input }: ResolveVariables) => resolveConflict(conflictId, input),
    onSuccess: callbacks.onDone,
    onError: callbacks.onFailed,
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONFLICTS_KEY }),
  });
}
