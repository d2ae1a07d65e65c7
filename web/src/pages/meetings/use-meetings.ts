import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import {
  listMeetings,
  sendFeedback,
  type Feedback,
  type FeedbackResult,
  type Meeting,
  type MeetingPage,
  type MeetingQuery,
} from '../../api/meetings';
import { usePagedList } from '../../app/use-paged-list';
import type { PageParam } from '../../lib/paged-list';
import { applyFeedback } from './apply-feedback';
import { LatestWins } from './latest-wins';

const PAGE_SIZE = 50;
export const MEETINGS_KEY = ['meetings'] as const;

/**
 * The meetings of a query. `view` is the filters as the address has them: when only the day
 * moved on (this week's dates at Monday's midnight) the list keeps its place and its length
 * (`usePagedList`); other filters load afresh.
 */
export function useMeetings(query: MeetingQuery | null, view: string) {
  return usePagedList({
    key: MEETINGS_KEY,
    view,
    query,
    pageSize: PAGE_SIZE,
    request: (cursor, limit, signal) =>
      listMeetings({ ...query, limit, ...(cursor ? { cursor } : {}) }, signal),
  });
}

type MeetingPages = InfiniteData<MeetingPage, PageParam>;

interface FeedbackVariables {
  meeting: Meeting;
  feedback: Feedback;
}

interface QueuedFeedback extends FeedbackVariables {
  ticket: number;
}

/** Saves that overwrite each other: a verdict on a meeting of a series is one on all of it. */
function saveKey(meeting: Meeting): string {
  return meeting.seriesId !== null ? `series:${meeting.seriesId}` : `meeting:${meeting.id}`;
}

/**
 * Sends a verdict and shows it at once on every cached list; the server then applies it to the
 * rest of the series too, which the refetch afterwards brings in. Verdicts on one meeting (or
 * series) are sent one at a time and the newest choice last, so the server keeps what the user
 * chose last; the status line hears only of that one, and the list is refetched once none wait.
 */
export function useMeetingFeedback(callbacks: {
  onSaved: (result: FeedbackResult, variables: FeedbackVariables) => void;
  onFailed: (error: unknown, variables: FeedbackVariables) => void;
}) {
  const queryClient = useQueryClient();
  const [saves] = useState(() => new LatestWins());
  const mutation = useMutation({
    mutationFn: ({ meeting, feedback, ticket }: QueuedFeedback) =>
      saves.run(saveKey(meeting), ticket, () => sendFeedback(meeting.id, feedback)),
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
      // A newer choice for the same meeting is on screen and on its way: leave it there.
      if (!saves.isNewest(saveKey(variables.meeting), variables.ticket)) return;
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
      callbacks.onFailed(error, variables);
    },
    onSuccess: (outcome, variables) => {
      if (outcome.sent && outcome.newest) callbacks.onSaved(outcome.value, variables);
    },
    onSettled: () => {
      // A refetch between two saves would show the first one's answer over the newer choice.
      if (!saves.busy) return queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
    },
  });
  const { mutate } = mutation;
  const save = useCallback(
    (meeting: Meeting, feedback: Feedback) =>
      mutate({ meeting, feedback, ticket: saves.take(saveKey(meeting)) }),
    [mutate, saves],
  );
  return { save };
}
