import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { selectCalendar, type Calendar, type ProviderKind } from '../../api/providers';
import { useTimeZone } from '../../app/session-context';
import { EmptyState } from '../../components/StatusStates';
import { TableScroll } from '../../components/TableScroll';
import type { ActionStatusState } from '../../components/use-action-status';
import { formatOptional } from '../../lib/format';
import type { CalendarView, ConnectionView } from './connection-views';
import { IssueList, IssuesToggle } from './SyncIssues';
import { CALENDARS_KEY, SYNC_STATUS_KEY } from './use-connections';

/** The calendar table's columns, which a calendar's issues span. */
const COLUMNS = 6;

interface CalendarTableProps {
  connection: ConnectionView;
  status: ActionStatusState;
}

export function CalendarTable({ connection, status }: CalendarTableProps) {
  const timeZone = useTimeZone();
  if (connection.calendars.length === 0) {
    return (
      <EmptyState>
        <p>No calendars found in this account yet. Use “Sync now” to look again.</p>
      </EmptyState>
    );
  }
  return (
    <TableScroll label={`Calendars of ${connection.label}`}>
      <table>
        <caption className="visually-hidden">
          Calendars of {connection.label}; tick a calendar to sync it
        </caption>
        <thead>
          <tr>
            <th scope="col">Calendar (synced)</th>
            <th scope="col">Last sync</th>
            <th scope="col">Events</th>
            <th scope="col">Next run</th>
            <th scope="col">Last error</th>
            <th scope="col">Last sync&apos;s issues</th>
          </tr>
        </thead>
        <tbody>
          {connection.calendars.map((calendar) => (
            <CalendarRow
              key={calendar.id}
              calendar={calendar}
              status={status}
              disabled={connection.status === 'disconnected'}
              timeZone={timeZone}
              provider={connection.provider}
            />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

interface CalendarRowProps {
  calendar: CalendarView;
  status: ActionStatusState;
  disabled: boolean;
  timeZone: string;
  provider: ProviderKind;
}

/** A calendar's row, and beneath it, on demand, the issues of its last sync. */
function CalendarRow({ calendar, status, disabled, timeZone, provider }: CalendarRowProps) {
  const issuesId = useId();
  const [showIssues, setShowIssues] = useState(false);
  const hasIssues = calendar.issues.length > 0;
  return (
    <>
      <tr>
        <td className="cell-text">
          <SelectedToggle calendar={calendar} status={status} disabled={disabled} />
        </td>
        <td>{formatOptional(calendar.lastSyncAt, timeZone, 'Never')}</td>
        <td>{calendar.events}</td>
        <td>{formatOptional(calendar.nextRunAt, timeZone, 'Not scheduled')}</td>
        <td className="cell-text">{calendar.lastError ?? 'None'}</td>
        <td>
          <IssuesToggle
            issues={calendar.issues}
            count={calendar.issueCount}
            open={showIssues}
            controls={issuesId}
            onToggle={() => setShowIssues((open) => !open)}
          />
        </td>
      </tr>
      {/* The row stays for the button's aria-controls; its list (up to 200 rows) is built only
          while open, so a page of calendars does not render every table it hides. */}
      {hasIssues && (
        <tr id={issuesId} hidden={!showIssues}>
          <td colSpan={COLUMNS}>
            {showIssues && (
              <IssueList
                calendarName={calendar.name}
                issues={calendar.issues}
                provider={provider}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

interface SelectedToggleProps {
  calendar: CalendarView;
  status: ActionStatusState;
  disabled: boolean;
}

function SelectedToggle({ calendar, status, disabled }: SelectedToggleProps) {
  const hintId = useId();
  const queryClient = useQueryClient();
  // Unticking would delete an imported file's events with nothing to sync them back (the server
  // refuses it); one unticked by an earlier version can still be ticked again.
  const locked = calendar.importedFile && calendar.selected;
  // The box shows the new choice at once, before the cache catches up, and until it has.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const mutation = useMutation({
    mutationFn: (selected: boolean) => selectCalendar(calendar.id, selected),
    onMutate: async (selected) => {
      await queryClient.cancelQueries({ queryKey: CALENDARS_KEY });
      const before = queryClient.getQueryData<Calendar[]>(CALENDARS_KEY);
      queryClient.setQueryData<Calendar[]>(CALENDARS_KEY, (list) =>
        list?.map((c) => (c.id === calendar.id ? { ...c, selected } : c)),
      );
      return { before };
    },
    onError: (error, _selected, context) => {
      if (context?.before) queryClient.setQueryData(CALENDARS_KEY, context.before);
      status.fail(`Could not change ${calendar.name}.`, error);
    },
    onSuccess: (saved) => {
      status.report(
        saved.selected
          ? `Saved: ${saved.name} is synced again.`
          : `Saved: ${saved.name} is no longer synced and its events were removed.`,
      );
    },
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: CALENDARS_KEY }),
        queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY }),
      ]);
      setWanted(null);
    },
  });
  return (
    <>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={wanted ?? calendar.selected}
          disabled={disabled || locked || mutation.isPending}
          aria-describedby={locked ? hintId : undefined}
          onChange={(event) => {
            setWanted(event.target.checked);
            mutation.mutate(event.target.checked);
          }}
        />
        <span>
          {calendar.name}
          {/* A file has no primary calendar: the flag only says it is the file's one. */}
          {calendar.isPrimary && !calendar.importedFile && (
            <span className="muted"> (primary)</span>
          )}
        </span>
      </label>
      {locked && (
        <p id={hintId} className="hint">
          {disabled
            ? 'An imported file, disconnected by an earlier version: its events stay until you delete the calendar.'
            : 'An imported file cannot be turned off: import it again to update it, or delete the calendar to remove it and its events.'}
        </p>
      )}
    </>
  );
}
