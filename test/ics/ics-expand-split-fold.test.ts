/**
 * `calintel ics expand` reads a file's octets: a fold that cuts a UTF-8 character in two is
 * joined again (RFC 5545 §3.1), and problems still name the file's lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCalintel } from '../support/cli.js';

const expand = (file: string) =>
  runCalintel(['ics', 'expand', file, '--from', '2026-12-01', '--to', '2027-01-01']);

it('joins a UTF-8 character split by a fold, and names a later problem at its file line', async () => {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:x',
    'BEGIN:VEVENT',
    'UID:fold@t',
    'DTSTAMP:20261101T000000Z',
    'DTSTART:20261226T100000Z',
    'DTEND:20261226T110000Z',
    'SUMMARY:Caf\xc3',
    ' \xa9 meeting \xe6\x97',
    ' \xa5',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:broken@t',
    'DTSTART:20261227T100000Z',
    'DTEND:not-a-date',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'calintel-fold-')), 'fold.ics');
  writeFileSync(file, Buffer.from(lines.join('\r\n'), 'latin1'));
  const result = await expand(file);
  expect(
    result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).title),
  ).toEqual(['Café meeting 日']);
  expect(result.stderr).toContain(`${file}:16:`);
  expect(result.status).toBe(2);
}, 30_000);
