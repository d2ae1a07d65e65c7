import type { Command } from 'commander';
import { conflictsFile } from '../../app/analysis/conflicts-file.js';
import { parseInstantOption } from '../date-options.js';

interface ConflictsOptions {
  input: string;
  org?: string;
  output?: string;
  asOf?: string;
}

const HELP = `
Input: one event per line (JSON Lines, contract analysis-io.md); blank lines are skipped. Each
event goes through the sales-meeting analyser (as in \`calintel analyze\`) to weigh it. Output:
one line per conflict, by person then start: kind (overlap, travel, duplicate), eventIds,
start, end (UTC), severity (high, medium, low), suggestions ([{action, eventId, to?, why, ...}],
best first; actions: reschedule, shorten, join_virtually, delegate, decline, merge, release),
autoResolvable, then owner, key, reasons, priorities and, for travel, the places and times.
An overlap lists a largest set of events that all overlap each other, and start-end is the
span they all share: A overlapping B and B overlapping C, with A and C apart, is two lines.

Whose calendar: a line's calendarOwner. Lines without one belong to the file's only named
owner, or, when none or several are named, together to one unnamed person (owner null).
Besides the contract's fields, iCalUid (or uid), calendarId, calendarName (how the wording
names the calendar; else calendar 'ID') and conferenceUrl are read when present. The organisation file may add offices, workingHours, timeZones, defaultTimeZone and
travel (see the API documentation) for places, reschedule slots and the travel model. A
person's zone (working hours, all-day dates) is from timeZones, else the zone most of their
events name, else defaultTimeZone (UTC). Suggestions only move meetings that have not started,
to free slots after --as-of.

A bad line is reported on stderr as FILE:LINE: reason and skipped; the exit code is then 2 (0
when every line was read, 1 on an error such as a missing --org file).

Examples:
  calintel conflicts --input events.jsonl --org org.json --as-of 2026-03-01 > conflicts.jsonl
  cat events.jsonl | calintel conflicts --input - --output conflicts.jsonl`;

export function registerConflictsCommand(program: Command): void {
  program
    .command('conflicts')
    .description(
      'scheduling conflicts in a JSON Lines file of events, offline: overlaps, travel, duplicates, with suggestions',
    )
    .requiredOption('--input <file>', 'events, one JSON object a line; - reads standard input')
    .option(
      '--org <file>',
      'the organisation context: internal domains, CRM, offices, working hours, time zones',
    )
    .option('--output <file>', 'write the lines here instead of standard output')
    .option(
      '--as-of <date>',
      'suggest as of this instant (YYYY-MM-DD is midnight UTC, or an RFC 3339 date-time with an offset); default: now',
    )
    .addHelpText('after', HELP)
    .action(async (options: ConflictsOptions) => {
      const name = options.input === '-' ? 'stdin' : options.input;
      const now =
        options.asOf === undefined
          ? Date.now()
          : parseInstantOption('--as-of', options.asOf).getTime();
      try {
        const result = await conflictsFile({
          input: options.input,
          output: options.output ?? null,
          org: options.org ?? null,
          now,
          onRejected: ({ line, reason }) => process.stderr.write(`${name}:${line}: ${reason}\n`),
        });
        if (result.rejected > 0) {
          process.stderr.write(
            `calintel: ${result.rejected} of ${result.events + result.rejected} lines rejected\n`,
          );
          process.exitCode = 2;
        }
      } catch (error) {
        // The reader of standard output went away (`| head`): stop quietly, as Unix tools do.
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
        throw error;
      }
    });
}
