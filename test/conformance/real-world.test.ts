/**
 * Real-world calendars (Google, Outlook/Exchange, Thunderbird, DAVx5, Apple exports; DST, moved
 * and deleted instances) with the answers their own test suites assert. Cases and sources:
 * real-world-python.ts, real-world-python-time.ts and real-world-node-ical.ts; licences: test/fixtures/ics/NOTICE.md.
 */
import { describe, it } from 'vitest';
import { nodeIcalCases } from './real-world-node-ical.js';
import { pythonTimeCases } from './real-world-python-time.js';
import { pythonRecurrenceCases } from './real-world-python.js';

describe('real-world calendars: python-recurring-ical-events', () => {
  for (const c of [...pythonRecurrenceCases, ...pythonTimeCases])
    it(`${c.name} [${c.source}]`, c.run);
});

describe('real-world calendars: node-ical', () => {
  for (const c of nodeIcalCases) it(`${c.name} [${c.source}]`, c.run);
});
