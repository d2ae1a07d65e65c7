import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  listConflicts,
  resolveConflict,
  type ConflictQuery,
  type ResolveInput,
  type ResolveResult,
} from '../../api/conflicts';

export const CONFLICTS_KEY = ['conflicts'] as const;

export function useConflicts(query: ConflictQuery) {
  return useInfiniteQuery({
    queryKey: [...CONFLICTS_KEY, query],
    queryFn: ({ pageParam, signal }) =>
      listConflicts({ ...query, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
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
