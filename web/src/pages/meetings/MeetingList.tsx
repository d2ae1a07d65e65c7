import { useRef } from 'react';
import type { Feedback, Meeting } from '../../api/meetings';
import { useTimeZone } from '../../app/session-context';
import { EmptyState, ErrorState, Loading } from '../../components/StatusStates';
import { useLoadMoreFocus } from '../../components/use-load-more-focus';
import { groupByDay } from '../../lib/dates';
import { formatLocalDate } from '../../lib/format';
import { MeetingCard } from './MeetingCard';
import { meetingSortStart } from './meeting-days';
import type { useMeetings } from './use-meetings';

interface MeetingListProps {
  meetings: ReturnType<typeof useMeetings>;
  items: Meeting[];
  filtered: boolean;
  /** The search the list is narrowed to, if any: the empty list names it. */
  search: string | null;
  onFeedback: (meeting: Meeting, feedback: Feedback) => void;
}

export function MeetingList({ meetings, items, filtered, search, onFeedback }: MeetingListProps) {
  const timeZone = useTimeZone();
  const list = useRef<HTMLDivElement>(null);
  const { buttonRef, loadMore } = useLoadMoreFocus(list, items, meetings.isFetchingNextPage);
  if (meetings.isPending) return <Loading>Loading meetings…</Loading>;
  if (meetings.isError && items.length === 0)
    return (
      <ErrorState
        error={meetings.error}
        title="Could not load the meetings."
        onRetry={() => void meetings.refetch()}
      />
    );
  if (items.length === 0)
    return (
      <EmptyState>
        <p>
          {search
            ? `No sales meeting in these dates matches “${search}” with these filters. Search for other words, or pick other dates.`
            : filtered
              ? 'No sales meeting matches these filters. Choose “All” in the filters, or pick other dates.'
              : 'No sales meetings in these dates. Pick other dates, or connect more calendars on the Connections page.'}
        </p>
      </EmptyState>
    );

  return (
    <div className="stack" ref={list} aria-busy={meetings.isFetchingNextPage || undefined}>
      {groupByDay(items, (m) => meetingSortStart(m, timeZone), timeZone).map((day) => (
        <section key={day.date} aria-labelledby={`day-${day.date}`} className="day">
          <h2 id={`day-${day.date}`}>{formatLocalDate(day.date)}</h2>
          <div className="stack">
            {day.items.map((meeting) => (
              <MeetingCard key={meeting.id} meeting={meeting} onFeedback={onFeedback} />
            ))}
          </div>
        </section>
      ))}
      {meetings.isFetchNextPageError && (
        <ErrorState
          error={meetings.error}
          title="Could not load more meetings."
          onRetry={() => void meetings.fetchNextPage()}
        />
      )}
      {meetings.hasNextPage && (
        <div>
          {/* Not disabled while loading: a disabled button drops keyboard focus on the page. */}
          <button
            ref={buttonRef}
            type="button"
            onClick={() => loadMore(() => void meetings.fetchNextPage())}
            aria-disabled={meetings.isFetchingNextPage || undefined}
          >
            {meetings.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        </div>
      )}
    </div>
  );
}
