/** Flags whose value names something: commander passes `--org ""` on as given. */
import { UsageError } from './output.js';

/**
 * A parser for a flag that names something (an organisation): the value trimmed, and a blank one
 * refused, since it would create, or look for, an organisation without a name.
 */
export function nonBlank(flag: string): (value: string) => string {
  return (value) => {
    const trimmed = value.trim();
    if (trimmed === '') throw new UsageError(`${flag} must not be empty`);
    return trimmed;
  };
}
