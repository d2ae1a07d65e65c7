import type { Command } from 'commander';
import { relationshipsFile } from '../../app/analysis/relationships-file.js';
import { parseInstantOption } from '../date-options.js';

interface RelationshipsOptions {
  input: string;
  org?: string;
  output?: string;
  asOf?: string;
}

const HELP = `
Input: one event per line (JSON Lines, contract analysis-io.md); blank lines are skipped. Each
event goes through the sales-meeting analyser (as in \`calintel analyze\`); sales meetings make
the accounts' timelines, and the instances of their recurring series count for the series.
Output: one JSON document, {"accounts": [...], "asOf": "..."}, one account per line, sorted by
accountId: accountId (the CRM account, else domain:<registrable domain>, else a free-mail
address), name, meetings, firstMeeting, lastMeeting, stage, cadenceDays, cadenceTrend,
durationTrend, stakeholders, newStakeholdersLast90Days, stakeholderExpansion, series, reasons,
then stageHistory, timeline and the rest. Stages: new, developing, established, expanding,
at_risk, dormant (the API documentation gives the definitions).
A bad line is reported on stderr as FILE:LINE: reason and skipped; the exit code is then 2 (0
when every line was read, 1 on an error such as a missing --org file).

Examples:
  calintel relationships --input events.jsonl --org org.json --as-of 2026-04-01 > accounts.json
  cat events.jsonl | calintel relationships --input - --output accounts.json`;

export function registerRelationshipsCommand(program: Command): void {
  program
    .command('relationships')
    .description(
      'account relationships from a JSON Lines file of events, offline: timelines, cadence, stakeholders, stages',
    )
    .requiredOption('--input <file>', 'events, one JSON object a line; - reads standard input')
    .option(
      '--org <file>',
      'the organisation context: internal domains, accounts, leads, contacts (titles)',
    )
    .option('--output <file>', 'write the document here instead of standard output')
    .option(
      '--as-of <date>',
      'analyse as of this instant (YYYY-MM-DD is midnight UTC, or an RFC 3339 date-time with an offset); default: now',
    )
    .addHelpText('after', HELP)
    .action(async (options: RelationshipsOptions) => {
      const name = options.input === '-' ? 'stdin' : options.input;
      const now =
        options.asOf === undefined
          ? Date.now()
          : parseInstantOption('--as-of', options.asOf).getTime();
      try {
        const result = await relationshipsFile({
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
