import type { Command } from 'commander';
import {
  addChangeCounts,
  emptyChangeCounts,
  summariseChangeCounts,
} from '../../domain/changes/event-change.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../domain/event.js';
import { createProgress } from '../progress.js';
import { printJson, printTable, UsageError } from '../output.js';
import { withApp } from './with-app.js';

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync calendars now, in this process (all users unless --user-id)')
    .option('--user-id <id>', 'only this user')
    .option('--provider <provider>', `only this provider (${PROVIDER_KINDS.join(', ')})`)
    .option('--dry-run', 'fetch and count the changes, then roll them back')
    .option('--json', 'print the results as JSON')
    .action(
      async (options: { userId?: string; provider?: string; dryRun?: boolean; json?: boolean }) => {
        const provider = checkProvider(options.provider);
        const progress = createProgress({ json: options.json ?? false });
        const results = await withApp((app) =>
          app.sync.runNow(
            { userId: options.userId ?? null, provider, dryRun: options.dryRun ?? false },
            {
              onStart: (total) => progress.start(total, options.dryRun ? 'dry run' : 'syncing'),
              onCalendarDone: (done) => progress.update(done),
            },
          ),
        );
        progress.stop();
        if (options.json) return printJson({ dryRun: options.dryRun ?? false, calendars: results });
        if (results.length === 0) return console.log('no calendars to sync');
        printTable(
          results.map((r) => ({
            calendar: r.calendarName,
            provider: r.provider,
            outcome: r.error ? `failed (${r.error.kind})` : 'ok',
            added: r.added,
            updated: r.updated,
            deleted: r.deleted,
            changes: summariseChangeCounts(r.changes),
            issues: r.issues,
            error: r.error?.message ?? '',
          })),
        );
        const total = results.reduce(
          (sum, r) => addChangeCounts(sum, r.changes),
          emptyChangeCounts(),
        );
        console.log(`changes: ${summariseChangeCounts(total)}`);
        if (options.dryRun) console.log('dry run: nothing was written');
        if (results.some((r) => r.error)) process.exitCode = 1;
      },
    );
}

function checkProvider(value: string | undefined): ProviderKind | null {
  if (value === undefined) return null;
  if (!(PROVIDER_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`--provider must be one of ${PROVIDER_KINDS.join(', ')}, not "${value}"`);
  }
  return value as ProviderKind;
}
