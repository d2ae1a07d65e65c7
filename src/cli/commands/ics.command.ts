import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { parseCalendar } from '../../domain/ical/parse-calendar.js';
import { expandCalendar } from '../../domain/recurrence/expand-calendar.js';
import { toExpandLine } from '../../domain/recurrence/expand-line.js';
import { printJsonLine, UsageError } from '../output.js';

export function registerIcsCommands(program: Command): void {
  const ics = program.command('ics').description('work with iCalendar files without a database');
  ics
    .command('expand')
    .description(
      'print the instances of FILE.ics that start in [--from, --to) as JSON lines, sorted by start',
    )
    .argument('<file>', 'an .ics file')
    .requiredOption(
      '--from <date>',
      'first day or instant (YYYY-MM-DD or ISO date-time); dates are read in --tz',
    )
    .requiredOption('--to <date>', 'end, exclusive (YYYY-MM-DD or ISO date-time)')
    .option('--tz <zone>', 'IANA zone for floating times and plain dates', 'UTC')
    .action(async (file: string, options: { from: string; to: string; tz: string }) => {
      const zone = checkZone(options.tz);
      const from = parseBound(options.from, zone, '--from');
      const to = parseBound(options.to, zone, '--to');
      if (to <= from) throw new UsageError('--to must be after --from');
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const parsed = parseCalendar(text);
      const expanded = expandCalendar(parsed, { from, to }, { floatingZone: zone });
      const fromIso = from.toISOString();
      const toIso = to.toISOString();
      for (const instance of expanded.instances) {
        if (instance.start >= fromIso && instance.start < toIso)
          printJsonLine(toExpandLine(instance));
      }
      const problems = [...parsed.problems, ...expanded.problems];
      for (const problem of problems) {
        process.stderr.write(
          `${file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`,
        );
      }
      for (const truncated of expanded.truncated) {
        process.stderr.write(`${file}: ${truncated.uid}: ${truncated.reason}\n`);
      }
      // As for analysis input: valid events are still printed, and the exit code says some were not.
      if (problems.length > 0) process.exitCode = 2;
    });
}

function checkZone(zone: string): string {
  if (!DateTime.local().setZone(zone).isValid)
    throw new UsageError(`--tz: unknown time zone "${zone}"`);
  return zone;
}

function parseBound(value: string, zone: string, flag: string): Date {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone })
    : DateTime.fromISO(value, { zone, setZone: true });
  if (!parsed.isValid)
    throw new UsageError(`${flag}: "${value}" is not a date (YYYY-MM-DD) or an ISO date-time`);
  return parsed.toJSDate();
}
