import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import {
  listMeetings,
  sendFeedback,
  type Feedback,
  type FeedbackResult,
  type Meeting,
  type MeetingPage,
  type MeetingQuery,
} from '../../api/meetings';
import { applyFeedback } from './apply-feedback';

const PAGE_SIZE = 50;
export const MEETINGS_KEY = ['meetings'] as const;

export function useMeetings(query: MeetingQuery | null) {
  return useInfiniteQuery({
    queryKey: [...MEETINGS_KEY, query],
    queryFn: ({ pageParam, signal }) =>
      listMeetings(
        { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: query !== null,
  });
}

type MeetingPages = InfiniteData<MeetingPage, string | null>;

interface FeedbackVariables {
  meeting: Meeting;
  feedback: Feedback;
}

/**
 * Sends a verdict and shows it at once on every cached list; the server then applies it to the
 * rest of the series too, which the refetch afterwards brings in.
 */
export function useMeetingFeedback(callbacks: {
  onSaved: (result: FeedbackResult, variables: FeedbackVariables) => void;
  onFailed: (error: unknown, variables: FeedbackVariables) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ meeting, feedback }: FeedbackVariables) => sendFeedback(meeting.id, feedback),
    onMutate: async ({ meeting, feedback }) => {
      await queryClient.cancelQueries({ queryKey: MEETINGS_KEY });
      const before = queryClient.getQueriesData<MeetingPages>({ queryKey: MEETINGS_KEY });
      queryClient.setQueriesData<MeetingPages>({ queryKey: MEETINGS_KEY }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: applyFeedback(page.items, meeting, feedback),
              })),
            }
          : data,
      );
      return { before };
    },
    onError: (error, variables, context) => {
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
      callbacks.onFailed(error, variables);
    },
    onSuccess: (result, variables) => callbacks.onSaved(result, variables),
    onSettled: () => queryClient.invalidateQueries({ queryKey: MEETINGS_KEY }),
  });
}
