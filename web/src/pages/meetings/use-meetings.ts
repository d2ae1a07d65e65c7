import {
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryKey,
} from '@tanstack/react-query';
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
import { applyFeedback, sameSeries } from './apply-feedback';
import { LatestWins } from './latest-wins';
import { putBack } from './undo-reject';

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

/** Meetings a rejection took off each cached list, to put back there when it is undone. */
export type RemovedMeetings = { key: QueryKey; meetings: Meeting[] }[];

export interface FeedbackVariables {
  meeting: Meeting;
  feedback: Feedback;
  /** An undone rejection: the meetings it took off the lists, put back in their places. */
  restore?: RemovedMeetings;
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
  /** `removed`: what a rejection took off the lists (empty for other verdicts). */
  onSaved: (result: FeedbackResult, variables: FeedbackVariables, removed: RemovedMeetings) => void;
  onFailed: (error: unknown, variables: FeedbackVariables) => void;
}) {
  const queryClient = useQueryClient();
  const [saves] = useState(() => new LatestWins());
  const mutation = useMutation({
    mutationFn: ({ meeting, feedback, ticket }: QueuedFeedback) =>
      saves.run(saveKey(meeting), ticket, () => sendFeedback(meeting.id, feedback)),
    onMutate: async ({ meeting, feedback, restore }) => {
      await queryClient.cancelQueries({ queryKey: MEETINGS_KEY });
      const before = queryClient.getQueriesData<MeetingPages>({ queryKey: MEETINGS_KEY });
      for (const { key, meetings } of restore ?? [])
        queryClient.setQueryData<MeetingPages>(key, (data) =>
          data ? { ...data, pages: putBack(data.pages, meetings) } : data,
        );
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
      const removed: RemovedMeetings =
        feedback.verdict === 'reject'
          ? before.map(([key, data]) => ({
              key,
              meetings: (data?.pages ?? []).flatMap((page) =>
                page.items.filter((m) => sameSeries(m, meeting)),
              ),
            }))
          : [];
      return { before, removed };
    },
    onError: (error, variables, context) => {
      // A newer choice for the same meeting is on screen and on its way: leave it there.
      if (!saves.isNewest(saveKey(variables.meeting), variables.ticket)) return;
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
      callbacks.onFailed(error, variables);
    },
    onSuccess: (outcome, variables, context) => {
      if (outcome.sent && outcome.newest)
        callbacks.onSaved(outcome.value, variables, context.removed);
    },
    onSettled: () => {
      // A refetch between two saves would show the first one's answer over the newer choice.
      if (!saves.busy) return queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
    },
  });
  const { mutate } = mutation;
  const save = useCallback(
    (meeting: Meeting, feedback: Feedback, restore?: RemovedMeetings) =>
      mutate({
        meeting,
        feedback,
        ...(restore ? { restore } : {}),
        ticket: saves.take(saveKey(meeting)),
      }),
    [mutate, saves],
  );
  return { save };
}
