import { useState, type FocusEvent } from 'react';
import type { FilterControlHandlers } from '../../app/use-filter-history';
import { isLocalDate, type LocalDate } from '../../lib/dates';

interface DateFilterFieldProps {
  id: string;
  label: string;
  /** The filter's date, or null for none on this side (the field is empty). */
  value: LocalDate | null;
  handlers: FilterControlHandlers;
  onChange: (date: LocalDate | null) => void;
  describedBy?: string;
}

/** Empty, and not because a date is half typed: the user cleared the field. */
function cleared(input: HTMLInputElement): boolean {
  return input.value === '' && !input.validity.badInput;
}

/**
 * A date filter. A date typed by keys is half a date until its last part comes, which the
 * input's value says as empty; and a whole one reaches the address a moment after the key. In
 * both cases the field keeps what was typed: putting the filter's date back in it under the
 * user's keys moved the caret to the first part and, for half a date, this week's date came back
 * (typing 01/01 gave the 23rd). What was typed gives way when the filter's date changes (it
 * caught up, or Back went elsewhere) or the field is left; left with half a date, the field shows
 * the date the filter still has. A field emptied (the picker's "Clear", or every part erased;
 * `validity.badInput` tells it from half a date) removes the filter's date on its side.
 */
export function DateFilterField({
  id,
  label,
  value,
  handlers,
  onChange,
  describedBy,
}: DateFilterFieldProps) {
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
        value={typed ?? value ?? ''}
        aria-describedby={describedBy}
        {...handlers}
        onBlur={(event: FocusEvent<HTMLInputElement>) => {
          // Parts erased one by one: only the first made a change event (the value was empty
          // from then on), so the last is seen here. The field stays empty until the filter's
          // date is gone too, rather than showing it again for a moment.
          if (value !== null && cleared(event.currentTarget)) onChange(null);
          else setTyped(null);
          handlers.onBlur();
        }}
        onChange={(event) => {
          const date = event.target.value;
          setTyped(date);
          if (isLocalDate(date)) onChange(date);
          else if (value !== null && cleared(event.target)) onChange(null);
        }}
      />
    </div>
  );
}
