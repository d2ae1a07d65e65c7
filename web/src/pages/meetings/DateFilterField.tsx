import { useState } from 'react';
import type { FilterControlHandlers } from '../../app/use-filter-history';
import { isLocalDate, type LocalDate } from '../../lib/dates';

interface DateFilterFieldProps {
  id: string;
  label: string;
  value: LocalDate;
  handlers: FilterControlHandlers;
  onChange: (date: LocalDate) => void;
}

/**
 * A date filter. A date typed by keys is half a date until its last part comes, which the
 * input's value says as empty; and a whole one reaches the address a moment after the key. In
 * both cases the field keeps what was typed: putting the filter's date back in it under the
 * user's keys moved the caret to the first part and, for half a date, this week's date came back
 * (typing 01/01 gave the 23rd). What was typed gives way when the filter's date changes (it
 * caught up, or Back went elsewhere) or the field is left; left with half a date, the field shows
 * the date the filter still has.
 */
export function DateFilterField({ id, label, value, handlers, onChange }: DateFilterFieldProps) {
  const [typed, setTyped] = useState<string | null>(null);
  const [filterDate, setFilterDate] = useState(value);
  if (filterDate !== value) {
    setFilterDate(value);
    setTyped(null);
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={typed ?? value}
        {...handlers}
        onBlur={() => {
          setTyped(null);
          handlers.onBlur();
        }}
        onChange={(event) => {
          const date = event.target.value;
          setTyped(date);
          if (isLocalDate(date)) onChange(date);
        }}
      />
    </div>
  );
}
