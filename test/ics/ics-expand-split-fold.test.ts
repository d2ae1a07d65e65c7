/**
 * `calintel ics expand` reads a file's octets: a fold that cuts a UTF-8 character in two is
 * joined again (RFC 5545 §3.1), and problems still name the file's lines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function expand(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        TSX,
        join(ROOT, 'src/cli/main.ts'),
        'ics',
        'expand',
        file,
        '--from',
        '2026-12-01',
        '--to',
        '2027-01-01',
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

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
