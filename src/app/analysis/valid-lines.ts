/**
 * The valid items of a JSON Lines input, read one line at a time by `readLine`: a blank line is
 * skipped (null), a bad one goes to `onRejected` with its line number and is counted.
 */
import type { Rejection } from './analyze-file.js';

export interface ValidLines<T> {
  items: T[];
  lines: number;
  rejected: number;
}

export async function collectValidLines<T>(
  lines: AsyncIterable<string>,
  readLine: (raw: string, line: number) => T | Rejection | null,
  onRejected: (rejection: Rejection) => void = () => {},
): Promise<ValidLines<T>> {
  const items: T[] = [];
  let line = 0;
  let rejected = 0;
  for await (const raw of lines) {
    line += 1;
    const read = readLine(raw, line);
    if (read === null) continue;
    if (isRejection(read)) {
      rejected += 1;
      onRejected(read);
      continue;
    }
    items.push(read);
  }
  return { items, lines: line, rejected };
}

function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && 'reason' in value;
}
