import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  listConflicts,
  reopenConflict,
  resolveConflict,
  type ConflictQuery,
  type ReopenResult,
  type ResolveInput,
  type ResolveResult,
} from '../../api/conflicts';
import { usePagedList } from '../../app/use-paged-list';

export const CONFLICTS_KEY = ['conflicts'] as const;
const PAGE_SIZE = 100;

/**
 * The conflicts of a query. `view` is the filters as the address has them: when only the day
 * moved on, the list keeps its place and its length (`usePagedList`); other filters load afresh.
 */
export function useConflicts(query: ConflictQuery, view: string) {
  return usePagedList({
    key: CONFLICTS_KEY,
    view,
    query,
    pageSize: PAGE_SIZE,
    request: (cursor, limit, signal) =>
      listConflicts({ ...query, limit, ...(cursor ? { cursor } : {}) }, signal),
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

export interface ReopenVariables {
  conflictId: string;
  /** The decision's words, as the status line said them when it was taken. */
  description: string;
  /** Taken back from the status line (its Undo or Reopen), rather than from the card's Reopen. */
  undo: boolean;
  /** What the status line offered it as, to offer again if it fails. */
  offeredAs?: 'Undo' | 'Reopen';
}

export function useReopenConflict(callbacks: {
  onDone: (result: ReopenResult, variables: ReopenVariables) => void;
  onFailed: (error: unknown, variables: ReopenVariables) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conflictId }: ReopenVariables) => reopenConflict(conflictId),
    onSuccess: callbacks.onDone,
    onError: callbacks.onFailed,
    onSettled: () => queryClient.invalidateQueries({ queryKey: CONFLICTS_KEY }),
  });
}
