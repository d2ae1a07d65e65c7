import { useId } from 'react';
import { MEETING_TYPES, type MeetingType } from '../../api/meetings';
import type { FilterControlHandlers } from '../../app/use-filter-history';
import { weekOf, type LocalDate } from '../../lib/dates';
import { formatPercent } from '../../lib/format';
import { meetingTypeLabel } from '../../lib/labels';
import { SearchField } from '../../components/SearchField';
import { DateFilterField } from './DateFilterField';
import {
  activePreset,
  CONFIDENCE_CHOICES,
  openRangeNote,
  searchText,
  shownRange,
  type MeetingFilters,
  type MeetingRange,
} from './meeting-filters';
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
  const preset = activePreset(filters, today);
  const note = openRangeNote(range);
  const noteId = note ? `${id}-range-note` : undefined;
  const setRange = (next: MeetingRange | null, field?: string) =>
    onChange({ ...filters, range: next }, field);
  return (
    <form
      className="filters"
      aria-label="Meeting filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <SearchField
        id={`${id}-search`}
        label="Search"
        value={filters.q}
        normalize={searchText}
        onSearch={(q) => onChange({ ...filters, q }, 'q')}
        handlers={control('q')}
        hint="Title, account, or an attendee's name or address"
      />
      <fieldset className="filters__group">
        <legend>Dates</legend>
        <DateFilterField
          id={`${id}-from`}
          label="From"
          value={range.from}
          handlers={control('from')}
          describedBy={noteId}
          onChange={(from) => setRange({ ...range, from }, 'from')}
        />
        <DateFilterField
          id={`${id}-to`}
          label="To"
          value={range.to}
          handlers={control('to')}
          describedBy={noteId}
          onChange={(to) => setRange({ ...range, to }, 'to')}
        />
        <div className="actions">
          {/* This week is the default, which moves on with the day; today and next week are
              their dates (in the profile's zone, the page's). Pressed: the dates on screen are
              theirs, however they were chosen. */}
          <button
            type="button"
            aria-pressed={preset === 'today'}
            onClick={() => setRange({ from: today, to: today })}
          >
            Today
          </button>
          <button
            type="button"
            aria-pressed={preset === 'this-week'}
            onClick={() => setRange(null)}
          >
            This week
          </button>
          <button
            type="button"
            aria-pressed={preset === 'next-week'}
            onClick={() => setRange(weekOf(today, 1))}
          >
            Next week
          </button>
        </div>
        {note && (
          <p id={noteId} className="hint filters__note">
            {note}
          </p>
        )}
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
