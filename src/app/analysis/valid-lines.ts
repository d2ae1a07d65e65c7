/**
 * The valid items of a JSON Lines input, read one line at a time by `readLine`: a blank line is
 * skipped (null), a bad one goes to `onRejected` with its line number and is counted, and so is
 * a line whose `idOf` an earlier line already had (the contract: ids are unique in a file).
 */
import type { Rejection } from './analyze-file.js';
import { RepeatedIds } from './repeated-ids.js';

export interface ValidLines<T> {
  items: T[];
  lines: number;
  rejected: number;
}

export async function collectValidLines<T>(
  lines: AsyncIterable<string>,
  readLine: (raw: string, line: number) => T | Rejection | null,
  onRejected: (rejection: Rejection) => void = () => {},
  idOf: (item: T) => string = () => '',
): Promise<ValidLines<T>> {
  const items: T[] = [];
  const ids = new RepeatedIds();
  let line = 0;
  let rejected = 0;
  for await (const raw of lines) {
    line += 1;
    const parsed = readLine(raw, line);
    if (parsed === null) continue;
    const read = isRejection(parsed) ? parsed : ids.check(idOf(parsed), line, parsed);
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
