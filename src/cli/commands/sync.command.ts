import type { Command } from 'commander';
import type { App } from '../../app/app.js';
import {
  addChangeCounts,
  emptyChangeCounts,
  summariseChangeCounts,
} from '../../domain/changes/event-change.js';
import type { DetectionSummary } from '../../app/meetings/meeting-detector.js';
import { discoveryTotals, type DiscoveryTotals } from '../../app/services/calendar-discovery.js';
import type { CalendarSyncResult } from '../../app/services/sync.service.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../domain/event.js';
import type { Scope } from '../../store/store.js';
import { createProgress } from '../progress.js';
import { printJson, printTable, UsageError } from '../output.js';
import { withApp } from './with-app.js';

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync calendars now, in this process (all users unless --user-id)')
    .addHelpText(
      'after',
      [
        '',
        'First lists again the calendars of the Google, Outlook, Exchange and CalDAV',
        'connections it syncs, as POST /sync/ without a calendar does: calendars created',
        'or shared since are stored, watched (a Google channel or Graph subscription',
        'opened in this run; an Exchange mailbox takes them into its subscription at the',
        "service's next poll) and synced in this run, and calendars no longer listed are",
        'marked and not synced (removed with their events once missing on listings a day',
        'apart).',
        'A --dry-run does not list (it writes nothing), nor is a connection listed whose',
        'provider has no settings in this process.',
      ].join('\n'),
    )
    .option('--user-id <id>', 'only this user')
    .option(
      '--provider <provider>',
      `only this provider (${PROVIDER_KINDS.join(', ')}; outlook is microsoft)`,
    )
    .option('--dry-run', 'fetch and count the changes, then roll them back')
    .option(
      '--detect-meetings',
      "then detect sales meetings over each user's stored events (imported files too), whether or not a calendar synced; with --provider, only the users synced",
    )
    .option('--json', 'print the results as JSON')
    .action(async (options: SyncOptions) => {
      const provider = checkProvider(options.provider);
      const progress = createProgress({ json: options.json ?? false });
      const detect = (options.detectMeetings ?? false) && !options.dryRun;
      const { lists, results, meetings } = await withApp(async (app) => {
        if (options.userId !== undefined) await assertUserExists(app.store, options.userId);
        const filter = { userId: options.userId ?? null, provider };
        // As POST /sync/ without a calendar: new calendars are synced below, missing ones left out.
        const lists = options.dryRun
          ? null
          : discoveryTotals(await app.calendarDiscovery.refreshBeforeRun(filter));
        const results = await app.sync.runNow(
          { ...filter, dryRun: options.dryRun ?? false },
          {
            onStart: (total) => progress.start(total, options.dryRun ? 'dry run' : 'syncing'),
            onCalendarDone: (done) => progress.update(done),
          },
        );
        progress.stop();
        const meetings = detect
          ? await app.meetings.detectForUsers(await usersToDetect(app.store, filter, results))
          : null;
        return { lists, results, meetings };
      });
      // A script reads the exit code whatever the output: a failed calendar fails the command.
      if (results.some((r) => r.error)) process.exitCode = 1;
      if (options.json)
        return printJson({
          dryRun: options.dryRun ?? false,
          calendarLists: lists,
          calendars: results,
          ...(meetings ? { meetings } : {}),
        });
      if (lists && lists.connections > 0) console.log(describeLists(lists));
      if (meetings) console.log(describeMeetings(meetings));
      if (results.length === 0) return console.log('no calendars to sync');
      printTable(
        results.map((r) => ({
          calendar: r.calendarName,
          account: r.account,
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

/** "calendar lists: 2 connections listed: 1 new, 1 no longer listed (not synced)" */
function describeLists(totals: DiscoveryTotals): string {
  const counts: Array<[number, string]> = [
    [totals.added, 'new'],
    [totals.reappeared, 'listed again'],
    [totals.missing, 'no longer listed (not synced)'],
    [totals.removed, 'removed with their events'],
    [totals.failed, 'listing failed'],
    [totals.revoked, 'refused (connect again)'],
    [totals.distrusted, 'listed none (nothing changed)'],
  ];
  const said = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const listed = `${totals.connections} connection${totals.connections === 1 ? '' : 's'} listed`;
  return `calendar lists: ${listed}${said.length ? `: ${said.join(', ')}` : ', no change'}`;
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

/**
 * Whose meetings to detect: detection reads what is stored, not only what this run synced, so
 * that the count it prints is that of the stored meetings even when nothing synced (only imported
 * files, calendars turned off). --user-id narrows it to that user, --provider to the users synced.
 */
async function usersToDetect(
  store: App['store'],
  filter: { userId: string | null; provider: ProviderKind | null },
  synced: readonly Scope[],
): Promise<Scope[]> {
  if (filter.provider !== null) return [...synced];
  const users: Scope[] = [];
  for (const orgId of await store.organisations.ids())
    for (const user of await store.users.list({ orgId }))
      if (filter.userId === null || user.id === filter.userId)
        users.push({ orgId, userId: user.id });
  return users;
}

/** A mistyped --user-id is an error, not "no calendars to sync". */
async function assertUserExists(store: App['store'], userId: string): Promise<void> {
  for (const orgId of await store.organisations.ids())
    if (await store.users.get({ orgId, userId })) return;
  throw new UsageError(`--user-id: no user ${userId}`);
}
