import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { IANAZone } from 'luxon';
import { LineSink } from '../../app/analysis/analyze-file.js';
import { decodeUndeclared, guessedCharsetNote } from '../../domain/ical/ics-bytes.js';
import { parseCalendar, type IcsProblem } from '../../domain/ical/parse-calendar.js';
import { expandCalendar } from '../../domain/recurrence/expand-calendar.js';
import { takesPlace, toExpandLine } from '../../domain/recurrence/expand-line.js';
import { DEFAULT_MAX_INSTANCES } from '../../domain/recurrence/types.js';
import { parseZonedOption } from '../date-options.js';
import { fileProblem, isBrokenPipe, UsageError } from '../output.js';

interface ExpandOptions {
  from: string;
  to: string;
  tz: string;
  maxInstances: number;
}

const HELP = `
A cancelled occurrence does not take place and is not listed: an override (RECURRENCE-ID) with
STATUS:CANCELLED, and every instance of a series or event with STATUS:CANCELLED (except an
override of it that is not cancelled). Deleted occurrences (EXDATE) are not listed either.

Problems are named on stderr. The exit code is 2 when the output may differ from what the file
means: an event left out (a block that cannot be read, no DTSTART), a line of the file skipped (a
malformed EXDATE, SUMMARY…), an RRULE, RDATE or EXDATE ignored, an unknown time zone read as
floating, or a series with more than --max-instances instances in the window (cut there: its first
ones are printed). It stays 0 when every problem changes nothing listed (a VEVENT without UID,
named by calintel). The exit code is 1 for a bad flag or an unreadable file.`;

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
      'first day or instant: YYYY-MM-DD or an RFC 3339 date-time (2026-03-01T09:00Z); dates, and date-times without an offset, are read in --tz',
    )
    .requiredOption('--to <date>', 'end, exclusive (the same forms as --from)')
    .option(
      '--tz <zone>',
      'IANA zone for floating times, and for --from and --to without an offset',
      'UTC',
    )
    .option(
      '--max-instances <n>',
      'instances listed per series at most',
      positiveInteger,
      DEFAULT_MAX_INSTANCES,
    )
    .addHelpText('after', HELP)
    .action(async (file: string, options: ExpandOptions) => {
      try {
        await expandFile(file, options);
      } catch (error) {
        // The reader of standard output went away (`| head`): stop quietly, as Unix tools do.
        if (isBrokenPipe(error)) return;
        throw error;
      }
    });
}

async function expandFile(file: string, options: ExpandOptions): Promise<void> {
  const zone = checkZone(options.tz);
  const from = parseZonedOption('--from', options.from, zone);
  const to = parseZonedOption('--to', options.to, zone);
  if (to <= from) throw new UsageError('--to must be after --from');
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  // UTF-8 (RFC 5545's default: a file has no Content-Type to say otherwise), decoded after the
  // folds that cut a character in two are mended; windows-1252 if it is not UTF-8, said.
  const decoded = decodeUndeclared(bytes);
  const note = guessedCharsetNote(file, decoded);
  if (note !== null) process.stderr.write(`${note}\n`);
  const parsed = parseCalendar(decoded.text);
  const expanded = expandCalendar(
    parsed,
    { from, to },
    // Only instances that start in the window are printed, so only they count toward the limit.
    { floatingZone: zone, maxInstancesPerSeries: options.maxInstances, listing: 'starting' },
  );
  const sink = new LineSink(process.stdout);
  // The line has no status: a cancelled occurrence printed would read as one that takes place.
  for (const instance of expanded.instances) {
    if (!takesPlace(instance)) continue;
    const wait = sink.write(JSON.stringify(toExpandLine(instance)));
    if (wait) await wait;
  }
  await sink.close(false);
  const problems = [...parsed.problems, ...expanded.problems];
  for (const problem of problems) process.stderr.write(fileProblem(file, problem));
  for (const truncated of expanded.truncated) {
    const hint = truncated.cause === 'max-instances' ? ' (see --max-instances)' : '';
    process.stderr.write(`${file}: ${truncated.uid}: ${truncated.reason}${hint}\n`);
  }
  // As for analysis input: valid events are still printed, and the exit code says some were not.
  if (rejectedSome(problems) || expanded.truncated.length > 0) process.exitCode = 2;
}

/**
 * Whether a problem may have changed the output, the contract's "rejected" (analysis-io.md: exit 2
 * when a line was rejected, 0 otherwise): an event left out, a line or value of the file not used
 * (an RRULE or EXDATE ignored keeps its event but lists other instances), a zone guessed. Only the
 * kinds that say so (warningOnly) leave every instance as the file says it.
 */
function rejectedSome(problems: readonly IcsProblem[]): boolean {
  return problems.some((p) => p.warningOnly !== true);
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

/**
 * An IANA zone, as expansion reads floating times through IANAZone: luxon's setZone also takes
 * `local`, `system` and `UTC+3`, which IANAZone cannot read (offsets become NaN and the
 * instances vanish).
 */
function checkZone(zone: string): string {
  if (!IANAZone.isValidZone(zone))
    throw new UsageError(`--tz: "${zone}" is not an IANA time zone (such as Europe/Berlin or UTC)`);
  return zone;
}
