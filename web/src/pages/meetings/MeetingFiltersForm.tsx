import { useId } from 'react';
import { MEETING_TYPES, type MeetingType } from '../../api/meetings';
import type { FilterControlHandlers } from '../../app/use-filter-history';
import { weekOf, type DateRange, type LocalDate } from '../../lib/dates';
import { formatPercent } from '../../lib/format';
import { meetingTypeLabel } from '../../lib/labels';
import { DateFilterField } from './DateFilterField';
import { CONFIDENCE_CHOICES, shownRange, type MeetingFilters } from './meeting-filters';
import type { AccountOption } from './meeting-people';

interface MeetingFiltersFormProps {
  filters: MeetingFilters;
  accounts: AccountOption[];
  /** Why the account list is short (loading, failed, empty), under the select. */
  accountsNote: string | null;
  today: LocalDate;
  /** `field` names the control that changed, for the history (see useFilterHistory). */
  onChange: (filters: MeetingFilters, field?: string) => void;
  control: (field: string) => FilterControlHandlers;
}

export function MeetingFiltersForm({
  filters,
  accounts,
  accountsNote,
  today,
  onChange,
  control,
}: MeetingFiltersFormProps) {
  const id = useId();
  const range = shownRange(filters, today);
  const setRange = (next: DateRange | null, field?: string) =>
    onChange({ ...filters, range: next }, field);
  return (
    <form
      className="filters"
      aria-label="Meeting filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <fieldset className="filters__group">
        <legend>Dates</legend>
        <DateFilterField
          id={`${id}-from`}
          label="From"
          value={range.from}
          handlers={control('from')}
          onChange={(from) => setRange({ ...range, from }, 'from')}
        />
        <DateFilterField
          id={`${id}-to`}
          label="To"
          value={range.to}
          handlers={control('to')}
          onChange={(to) => setRange({ ...range, to }, 'to')}
        />
        <div className="actions">
          {/* This week is the default, which moves on with the day; next week is its dates. */}
          <button type="button" onClick={() => setRange(null)}>
            This week
          </button>
          <button type="button" onClick={() => setRange(weekOf(today, 1))}>
            Next week
          </button>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          value={filters.type ?? ''}
          {...control('type')}
          onChange={(event) =>
            onChange(
              { ...filters, type: (event.target.value || null) as MeetingType | null },
              'type',
            )
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
          {...control('account')}
          onChange={(event) =>
            onChange({ ...filters, accountId: event.target.value || null }, 'account')
          }
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
          {...control('confidence')}
          onChange={(event) =>
            onChange(
              { ...filters, minConfidence: event.target.value ? Number(event.target.value) : null },
              'confidence',
            )
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
