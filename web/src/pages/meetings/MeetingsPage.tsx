import { useQuery } from '@tanstack/react-query';
import { listCrmAccounts } from '../../api/crm';
import { useTimeZone } from '../../app/session-context';
import { useDocumentTitle } from '../../app/use-document-title';
import { useFilterHistory } from '../../app/use-filter-history';
import { useToday } from '../../app/use-today';
import { ActionStatus } from '../../components/ActionStatus';
import { useActionStatus, type StatusAction } from '../../components/use-action-status';
import type { Meeting } from '../../api/meetings';
import { feedbackMessage } from './apply-feedback';
import { MeetingFiltersForm } from './MeetingFiltersForm';
import {
  meetingQueryOf,
  readMeetingFilters,
  writeMeetingFilters,
  type MeetingFilters,
} from './meeting-filters';
import { accountOptions } from './meeting-people';
import { MeetingList } from './MeetingList';
import { focusWhenShown, rejectButtonId, restoredMessage, restoringFeedback } from './undo-reject';
import { useMeetingFeedback, useMeetings, type RemovedMeetings } from './use-meetings';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';

export function MeetingsPage() {
  useDocumentTitle('Meetings');
  const timeZone = useTimeZone();
  const today = useToday();
  const filterHistory = useFilterHistory();
  const filters = readMeetingFilters(filterHistory.params, today);
  const query = meetingQueryOf(filters, today, timeZone);
  const meetings = useMeetings(query, filterHistory.params.toString());
  const crmAccounts = useQuery({
    queryKey: ['crm-accounts'],
    queryFn: ({ signal }) => listCrmAccounts(signal),
  });
  const status = useActionStatus();
  /** Offers a rejection back, as it was listed; again when an Undo failed. */
  const undoOffer = (meeting: Meeting, removed: RemovedMeetings): StatusAction => ({
    label: 'Undo',
    run: () => {
      feedback.save(meeting, restoringFeedback(meeting), removed);
      focusWhenShown(rejectButtonId(meeting.id));
    },
  });
  const feedback = useMeetingFeedback({
    onSaved: (result, { meeting, feedback: sent, restore }, removed) => {
      if (restore) {
        status.report(restoredMessage(meeting.title, result.propagatedTo));
        return;
      }
      const message = feedbackMessage(meeting.title, sent, result.propagatedTo);
      if (sent.verdict !== 'reject') {
        status.report(message);
        return;
      }
      // The rejected meeting left the list: the line offers it back, as it was listed.
      status.report(message, undoOffer(meeting, removed));
    },
    // A failed Undo leaves the meeting rejected (its card goes again): the offer stays.
    onFailed: (error, { meeting, restore }) =>
      restore
        ? status.fail(`Could not undo “${meeting.title}”.`, error, undoOffer(meeting, restore))
        : status.fail(`Could not save “${meeting.title}”.`, error),
  });

  const items = meetings.data?.pages.flatMap((page) => page.items) ?? [];
  const accounts = accountOptions(crmAccounts.data, items, filters.accountId);
  // While the list loads the select offers the accounts on screen; a note only when it stays so.
  const accountsNote = crmAccounts.isError
    ? 'Could not load the list of accounts: only those of the meetings shown are offered.'
    : crmAccounts.data?.length === 0
      ? 'No CRM accounts yet: only those of the meetings shown are offered.'
      : null;
  const change = (next: MeetingFilters, field?: string) =>
    filterHistory.write(writeMeetingFilters(next), field);

  return (
    <>
      <h1>Meetings</h1>
      <TimeZoneCaption />
      <MeetingFiltersForm
        filters={filters}
        accounts={accounts}
        accountsNote={accountsNote}
        today={today}
        onChange={change}
        control={filterHistory.control}
      />
      {query === null ? (
        <p role="alert" className="form-error">
          “From” must be a date on or before “To”.
        </p>
      ) : (
        <MeetingList
          meetings={meetings}
          items={items}
          filtered={
            filters.type !== null || filters.accountId !== null || filters.minConfidence !== null
          }
          onFeedback={feedback.save}
        />
      )}
      <ActionStatus status={status} />
    </>
  );
}
