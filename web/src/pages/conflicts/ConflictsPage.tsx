import { useTimeZone } from '../../app/session-context';
import { useDocumentTitle } from '../../app/use-document-title';
import { useFilterHistory } from '../../app/use-filter-history';
import { useToday } from '../../app/use-today';
import { useRef } from 'react';
import { ActionStatus } from '../../components/ActionStatus';
import { EmptyState, ErrorState, Loading } from '../../components/StatusStates';
import { useActionStatus } from '../../components/use-action-status';
import { groupByDay } from '../../lib/dates';
import { formatLocalDate } from '../../lib/format';
import { ConflictCard } from './ConflictCard';
import { ConflictFiltersForm } from './ConflictFiltersForm';
import { conflictQueryOf, readConflictFilters, type ConflictFilters } from './conflict-filters';
import { useConflictActions } from './use-conflict-actions';
import { useConflicts } from './use-conflicts';
import { WriteBackSetting } from './WriteBackSetting';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';
import { useLoadMoreFocus } from '../../components/use-load-more-focus';

export function ConflictsPage() {
  useDocumentTitle('Conflicts');
  const timeZone = useTimeZone();
  const today = useToday();
  const filterHistory = useFilterHistory();
  const filters = readConflictFilters(filterHistory.params);
  const conflicts = useConflicts(
    conflictQueryOf(filters, today, timeZone),
    filterHistory.params.toString(),
  );
  const status = useActionStatus();
  const list = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { resolve, reopen, busyId } = useConflictActions(status, timeZone, { list, heading });

  const change = (next: ConflictFilters, field: string) =>
    filterHistory.write(
      new URLSearchParams({ days: String(next.days), status: next.status }),
      field,
    );
  const items = conflicts.data?.pages.flatMap((page) => page.items) ?? [];
  const { buttonRef, loadMore } = useLoadMoreFocus(list, items, conflicts.isFetchingNextPage);

  let body;
  if (conflicts.isPending) body = <Loading>Loading conflicts…</Loading>;
  else if (conflicts.isError && items.length === 0)
    body = (
      <ErrorState
        error={conflicts.error}
        title="Could not load the conflicts."
        onRetry={() => void conflicts.refetch()}
      />
    );
  else if (items.length === 0)
    body = (
      <EmptyState>
        <p>
          {filters.status === 'open'
            ? `No open conflicts in the next ${filters.days} days: nothing to do. Choose “All” under “Show” to see the ones already handled.`
            : `No conflicts with this status in the next ${filters.days} days. Choose another status or more days.`}
        </p>
      </EmptyState>
    );
  else
    body = (
      <div className="stack" ref={list} aria-busy={conflicts.isFetchingNextPage || undefined}>
        {groupByDay(items, (c) => c.start, timeZone).map((day) => (
          <section key={day.date} aria-labelledby={`day-${day.date}`} className="day">
            <h2 id={`day-${day.date}`}>{formatLocalDate(day.date)}</h2>
            <div className="stack">
              {day.items.map((conflict) => (
                <ConflictCard
                  key={conflict.id}
                  conflict={conflict}
                  busy={busyId === conflict.id}
                  onResolve={(input, description) =>
                    resolve.mutate({ conflictId: conflict.id, input, description })
                  }
                  onReopen={() =>
                    reopen.mutate({ conflictId: conflict.id, description: '', undo: false })
                  }
                />
              ))}
            </div>
          </section>
        ))}
        {conflicts.hasNextPage && (
          <div>
            {/* Not disabled while loading: a disabled button drops keyboard focus on the page. */}
            <button
              ref={buttonRef}
              type="button"
              onClick={() => loadMore(() => void conflicts.fetchNextPage())}
              aria-disabled={conflicts.isFetchingNextPage || undefined}
            >
              {conflicts.isFetchingNextPage ? 'Loading more…' : 'Load more'}
            </button>
          </div>
        )}
      </div>
    );

  return (
    <>
      {/* Takes focus when an action leaves no card to move on to. */}
      <h1 ref={heading} tabIndex={-1}>
        Conflicts
      </h1>
      <TimeZoneCaption />
      <WriteBackSetting status={status} />
      <ConflictFiltersForm filters={filters} onChange={change} control={filterHistory.control} />
      {body}
      <ActionStatus status={status} />
    </>
  );
}
