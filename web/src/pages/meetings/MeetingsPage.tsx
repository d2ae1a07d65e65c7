import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { listCrmAccounts } from '../../api/crm';
import { useTimeZone } from '../../app/session-context';
import { useDocumentTitle } from '../../app/use-document-title';
import { ActionStatus } from '../../components/ActionStatus';
import { useActionStatus } from '../../components/use-action-status';
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
import { useMeetingFeedback, useMeetings } from './use-meetings';
import { TimeZoneCaption } from '../../components/TimeZoneCaption';

export function MeetingsPage() {
  useDocumentTitle('Meetings');
  const timeZone = useTimeZone();
  const [now] = useState(() => Date.now());
  const [params, setParams] = useSearchParams();
  const filters = readMeetingFilters(params, now, timeZone);
  const query = meetingQueryOf(filters, timeZone);
  const meetings = useMeetings(query);
  const crmAccounts = useQuery({
    queryKey: ['crm-accounts'],
    queryFn: ({ signal }) => listCrmAccounts(signal),
  });
  const status = useActionStatus();
  const feedback = useMeetingFeedback({
    onSaved: (result, { meeting, feedback: sent }) =>
      status.report(feedbackMessage(meeting.title, sent, result.propagatedTo)),
    onFailed: (error, { meeting }) => status.fail(`Could not save “${meeting.title}”.`, error),
  });

  const items = meetings.data?.pages.flatMap((page) => page.items) ?? [];
  const accounts = accountOptions(crmAccounts.data, items, filters.accountId);
  // While the list loads the select offers the accounts on screen; a note only when it stays so.
  const accountsNote = crmAccounts.isError
    ? 'Could not load the list of accounts: only those of the meetings shown are offered.'
    : crmAccounts.data?.length === 0
      ? 'No CRM accounts yet: only those of the meetings shown are offered.'
      : null;
  const change = (next: MeetingFilters) => setParams(writeMeetingFilters(next), { replace: true });

  return (
    <>
      <h1>Meetings</h1>
      <TimeZoneCaption />
      <MeetingFiltersForm
        filters={filters}
        accounts={accounts}
        accountsNote={accountsNote}
        now={now}
        timeZone={timeZone}
        onChange={change}
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
