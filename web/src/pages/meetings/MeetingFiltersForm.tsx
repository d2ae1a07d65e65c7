import { useId } from 'react';
import { MEETING_TYPES, type MeetingType } from '../../api/meetings';
import { weekRange, type DateRange } from '../../lib/dates';
import { formatPercent } from '../../lib/format';
import { meetingTypeLabel } from '../../lib/labels';
import { CONFIDENCE_CHOICES, type MeetingFilters } from './meeting-filters';
import type { AccountOption } from './meeting-people';

interface MeetingFiltersFormProps {
  filters: MeetingFilters;
  accounts: AccountOption[];
  /** Why the account list is short (loading, failed, empty), under the select. */
  accountsNote: string | null;
  now: number;
  timeZone: string;
  onChange: (filters: MeetingFilters) => void;
}

export function MeetingFiltersForm({
  filters,
  accounts,
  accountsNote,
  now,
  timeZone,
  onChange,
}: MeetingFiltersFormProps) {
  const id = useId();
  const setRange = (range: DateRange) => onChange({ ...filters, range });
  return (
    <form
      className="filters"
      aria-label="Meeting filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <fieldset className="filters__group">
        <legend>Dates</legend>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={filters.range.from}
            onChange={(event) => setRange({ ...filters.range, from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={filters.range.to}
            onChange={(event) => setRange({ ...filters.range, to: event.target.value })}
          />
        </div>
        <div className="actions">
          <button type="button" onClick={() => setRange(weekRange(now, timeZone))}>
            This week
          </button>
          <button type="button" onClick={() => setRange(weekRange(now, timeZone, 1))}>
            Next week
          </button>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          value={filters.type ?? ''}
          onChange={(event) =>
            onChange({ ...filters, type: (event.target.value || null) as MeetingType | null })
          }
        >
          <option value="">All types</option>
          {MEETING_TYPES.map((type) => (
            <option key={type} value={type}>
              {meetingTypeLabel(type)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-account`}>Account</label>
        <select
          id={`${id}-account`}
          value={filters.accountId ?? ''}
          aria-describedby={accountsNote ? `${id}-account-note` : undefined}
          onChange={(event) => onChange({ ...filters, accountId: event.target.value || null })}
        >
          <option value="">All accounts</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </select>
        {accountsNote && (
          <p id={`${id}-account-note`} className="hint field__note">
            {accountsNote}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-confidence`}>Minimum confidence</label>
        <select
          id={`${id}-confidence`}
          value={filters.minConfidence === null ? '' : String(filters.minConfidence)}
          onChange={(event) =>
            onChange({
              ...filters,
              minConfidence: event.target.value ? Number(event.target.value) : null,
            })
          }
        >
          <option value="">Any</option>
          {CONFIDENCE_CHOICES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {formatPercent(choice)} or more
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
