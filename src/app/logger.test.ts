import { expect, it } from 'vitest';
import { createLogger } from './logger.js';

it('stamps each line with an ISO-8601 UTC instant, not epoch milliseconds', () => {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => lines.push(line) });
  logger.info('started');
  const time: unknown = JSON.parse(lines[0] ?? '{}').time;
  expect(typeof time).toBe('string');
  expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(new Date(time as string).toISOString()).toBe(time);
});
