import { useId } from 'react';
import type { FilterControlHandlers } from '../../app/use-filter-history';
import { humanize } from '../../lib/labels';
import {
  DAY_CHOICES,
  STATUS_CHOICES,
  type ConflictFilters,
  type StatusChoice,
} from './conflict-filters';

interface ConflictFiltersFormProps {
  filters: ConflictFilters;
  /** `field` names the control that changed, for the history (see useFilterHistory). */
  onChange: (filters: ConflictFilters, field: string) => void;
  control: (field: string) => FilterControlHandlers;
}

export function ConflictFiltersForm({ filters, onChange, control }: ConflictFiltersFormProps) {
  const id = useId();
  return (
    <form
      className="filters"
      aria-label="Conflict filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="field">
        <label htmlFor={`${id}-days`}>Days ahead</label>
        <select
          id={`${id}-days`}
          value={String(filters.days)}
          {...control('days')}
          onChange={(event) => onChange({ ...filters, days: Number(event.target.value) }, 'days')}
        >
          {DAY_CHOICES.map((days) => (
            <option key={days} value={String(days)}>
              Today and the next {days - 1} days
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Show</label>
        <select
          id={`${id}-status`}
          value={filters.status}
          {...control('status')}
          onChange={(event) =>
            onChange({ ...filters, status: event.target.value as StatusChoice }, 'status')
          }
        >
          {STATUS_CHOICES.map((status) => (
            <option key={status} value={status}>
              {status === 'all' ? 'All' : humanize(status)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
