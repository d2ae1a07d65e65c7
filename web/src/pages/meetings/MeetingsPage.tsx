import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { listCrmAccounts } from '../../api/crm';
import { useTimeZone } from '../../app/session-context';
import { useDocumentTitle } from '../../app/use-document-title';
import { useFilterHistory } from '../../app/use-filter-history';
import { useToday } from '../../app/use-today';
import { ActionStatus } from '../../components/ActionStatus';
import { useActionStatus, type StatusAction } from '../../components/use-action-status';
import type { Feedback, Meeting } from '../../api/meetings';
import { feedbackMessage } from './apply-feedback';
import { MeetingFiltersForm } from './MeetingFiltersForm';
import { dateProblems } from './date-problems';
import {
  meetingQueryOf,
  shownRange,
  readMeetingFilters,
  writeMeetingFilters,
  type MeetingFilters,
} from './meeting-filters';
import { accountOptions } from './meeting-people';
import { MeetingList } from './MeetingList';
import {
  cardAfterRejection,
  focusWhenShown,
  rejectButtonId,
  restoredMessage,
  restoringFeedback,
} from './undo-reject';
import { useFocusAfterOffer } from './use-focus-after-offer';
import { useMeetingFeedback, useMeetings, type RemovedMeetings } from './use-meetings';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';

export function MeetingsPage() {
  useDocumentTitle('Meetings');
  const timeZone = useTimeZone();
  const today = useToday();
  const filterHistory = useFilterHistory();
  const filters = readMeetingFilters(filterHistory.params, today);
  const query = meetingQueryOf(filters, today, timeZone);
  const dates = dateProblems(filterHistory.params, shownRange(filters, today), query !== null);
  const meetings = useMeetings(query, filterHistory.params.toString());
  const crmAccounts = useQuery({
    queryKey: ['crm-accounts'],
    queryFn: ({ signal }) => listCrmAccounts(signal),
  });
  const status = useActionStatus();
  const focusAfter = useFocusAfterOffer(status);
  const items = meetings.data?.pages.flatMap((page) => page.items) ?? [];
  // Where focus goes after the Undo line, by meeting: the card after it as the list was.
  const returns = useRef(new Map<string, string | null>());
  /** Offers a rejection back, as it was listed; again when an Undo failed. */
  const undoOffer = (meeting: Meeting, removed: RemovedMeetings): StatusAction => {
    const offer: StatusAction = {
      label: 'Undo',
      run: () => {
        focusAfter.forget();
        feedback.save(meeting, restoringFeedback(meeting), removed);
        focusWhenShown(rejectButtonId(meeting.id));
      },
    };
    focusAfter.expect(offer, returns.current.get(meeting.id) ?? null);
    return offer;
  };
  const sendFeedback = (meeting: Meeting, sent: Feedback) => {
    if (sent.verdict === 'reject')
      returns.current.set(meeting.id, cardAfterRejection(items, meeting));
    feedback.save(meeting, sent);
  };
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
      {dates.note && <p className="hint">{dates.note}</p>}
      {query === null ? (
        <p role="alert" className="form-error">
          {dates.error ?? '“From” must be a date on or before “To”.'}
        </p>
      ) : (
        <MeetingList
          meetings={meetings}
          items={items}
          filtered={
            filters.type !== null ||
            filters.accountId !== null ||
            filters.minConfidence !== null ||
            filters.q !== null
          }
          search={filters.q}
          onFeedback={sendFeedback}
        />
      )}
      <ActionStatus status={status} />
    </>
  );
}
