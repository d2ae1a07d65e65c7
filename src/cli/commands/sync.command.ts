import type { Command } from 'commander';
import type { App } from '../../app/app.js';
import {
  addChangeCounts,
  emptyChangeCounts,
  summariseChangeCounts,
} from '../../domain/changes/event-change.js';
import type { DetectionSummary } from '../../app/meetings/meeting-detector.js';
import type { CalendarSyncResult } from '../../app/services/sync.service.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../domain/event.js';
import { createProgress } from '../progress.js';
import { printJson, printTable, UsageError } from '../output.js';
import { withApp } from './with-app.js';

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync calendars now, in this process (all users unless --user-id)')
    .option('--user-id <id>', 'only this user')
    .option(
      '--provider <provider>',
      `only this provider (${PROVIDER_KINDS.join(', ')}; outlook is microsoft)`,
    )
    .option('--dry-run', 'fetch and count the changes, then roll them back')
    .option('--detect-meetings', 'then detect the sales meetings of the users synced')
    .option('--json', 'print the results as JSON')
    .action(async (options: SyncOptions) => {
      const provider = checkProvider(options.provider);
      const progress = createProgress({ json: options.json ?? false });
      const detect = (options.detectMeetings ?? false) && !options.dryRun;
      const { results, meetings } = await withApp(async (app) => {
        if (options.userId !== undefined) await assertUserExists(app.store, options.userId);
        const results = await app.sync.runNow(
          { userId: options.userId ?? null, provider, dryRun: options.dryRun ?? false },
          {
            onStart: (total) => progress.start(total, options.dryRun ? 'dry run' : 'syncing'),
            onCalendarDone: (done) => progress.update(done),
          },
        );
        progress.stop();
        const meetings = detect ? await app.meetings.detectForUsers(results) : null;
        return { results, meetings };
      });
      if (options.json)
        return printJson({
          dryRun: options.dryRun ?? false,
          calendars: results,
          ...(meetings ? { meetings } : {}),
        });
      if (meetings) console.log(describeMeetings(meetings));
      if (results.length === 0) return console.log('no calendars to sync');
      printTable(
        results.map((r) => ({
          calendar: r.calendarName,
          provider: r.provider,
          outcome: outcomeOf(r),
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
    });
}

function outcomeOf(result: CalendarSyncResult): string {
  if (result.error) return `failed (${result.error.kind})`;
  if (result.skipped === 'busy') return 'skipped (another sync of it is running)';
  if (result.skipped === 'deselected') return 'stopped (turned off)';
  return 'ok';
}

interface SyncOptions {
  userId?: string;
  provider?: string;
  dryRun?: boolean;
  detectMeetings?: boolean;
  json?: boolean;
}

/** "sales meetings: 7 (discovery 2, demo 1, follow_up 4)" */
function describeMeetings(summary: DetectionSummary): string {
  const types = Object.entries(summary.byType)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${type} ${count}`);
  return `sales meetings: ${summary.salesMeetings}${types.length ? ` (${types.join(', ')})` : ''}`;
}

/** Names people use for a provider besides its own (the API's routes say `outlook`). */
const PROVIDER_ALIASES: Readonly<Record<string, ProviderKind>> = { outlook: 'microsoft' };

function checkProvider(value: string | undefined): ProviderKind | null {
  if (value === undefined) return null;
  const kind = PROVIDER_ALIASES[value] ?? value;
  if (!(PROVIDER_KINDS as readonly string[]).includes(kind)) {
    const names = [...PROVIDER_KINDS, ...Object.keys(PROVIDER_ALIASES)].join(', ');
    throw new UsageError(`--provider must be one of ${names}, not "${value}"`);
  }
  return kind as ProviderKind;
}

/** A mistyped --user-id is an error, not "no calendars to sync". */
async function assertUserExists(store: App['store'], userId: string): Promise<void> {
  for (const orgId of await store.organisations.ids())
    if (await store.users.get({ orgId, userId })) return;
  throw new UsageError(`--user-id: no user ${userId}`);
}
