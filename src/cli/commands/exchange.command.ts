/**
 * `calintel exchange shared add|remove|list`: other people's Calendars on a user's Exchange
 * connection (an exec's calendar an assistant keeps), through the service the API uses
 * (exchange-shared-calendars.ts), so a refusal is the same one, said as one line and exit 1.
 */
import type { Command } from 'commander';
import type { App } from '../../app/app.js';
import type { SharedCalendarView } from '../../app/services/exchange-shared-calendars.js';
import type { Scope } from '../../store/store.js';
import { printJson, printTable, UsageError } from '../output.js';
import { nonBlank } from '../text-option.js';
import { withApp } from './with-app.js';

interface SharedOptions {
  user: string;
  org?: string;
  connection?: string;
  json?: boolean;
}

const HELP = `
A shared Calendar is resolved on the Exchange server when it is added: an address with no
mailbox, or a Calendar not shared with the connection's mailbox (or shared for free/busy only),
is refused and nothing is kept. Once added, it is synced like the mailbox's own folders (its
first sync is queued for the service; \`calintel sync --user-id ID\` runs it now). Its events
are its owner's: they are not the user's sales meetings, and conflicts read them as another
person's. Removing it takes its events away.

Exit codes: 0 done, 1 refused or failed (the reason on stderr).`;

export function registerExchangeCommands(program: Command): void {
  const exchange = program.command('exchange').description('manage Exchange connections');
  const shared = exchange
    .command('shared')
    .description("other people's Calendars synced through a user's Exchange connection")
    .addHelpText('after', HELP);
  withTarget(shared.command('list').description("list the connection's shared Calendars")).action(
    async (options: SharedOptions) => {
      const listed = await withConnection(options, (app, scope, connectionId) =>
        app.exchange.shared.list(scope, connectionId),
      );
      if (options.json) return printJson({ items: listed });
      if (listed.length === 0) return console.log('no shared calendars');
      printTable(listed.map(sharedRow));
    },
  );
  withTarget(
    shared
      .command('add')
      .description(
        "add another person's Calendar by their address, if Exchange lets this mailbox read it",
      )
      .argument('<email>', "the owner's email address"),
  ).action(async (email: string, options: SharedOptions) => {
    const added = await withConnection(options, (app, scope, connectionId) =>
      app.exchange.shared.add(scope, connectionId, email),
    );
    if (options.json) return printJson(added);
    console.log(`added ${added.name} (calendar ${added.calendarId}); its first sync is queued`);
  });
  withTarget(
    shared
      .command('remove')
      .description('stop syncing a shared Calendar: its events are removed')
      .argument('<email>', "the owner's email address"),
  ).action(async (email: string, options: SharedOptions) => {
    await withConnection(options, (app, scope, connectionId) =>
      app.exchange.shared.remove(scope, connectionId, email),
    );
    if (options.json) return printJson({ removed: email.trim().toLowerCase() });
    console.log(`removed the calendar of ${email.trim()} and its events`);
  });
}

/** The options every `exchange shared` command takes: whose connection, and how to print. */
function withTarget(command: Command): Command {
  return command
    .requiredOption('--user <email>', "the user's email address")
    .option('--org <name>', 'the organisation, when the email exists in several', nonBlank('--org'))
    .option('--connection <id>', 'the Exchange connection, when the user has several')
    .option('--json', 'print the result as JSON');
}

async function withConnection<T>(
  options: SharedOptions,
  run: (app: App, scope: Scope, connectionId: string) => Promise<T>,
): Promise<T> {
  return withApp(async (app) => {
    const { user, ...scope } = await app.admin.resolveUser(options.user, options.org ?? null);
    const connectionId = await exchangeConnectionOf(app, scope, user.email, options.connection);
    return run(app, scope, connectionId);
  });
}

/** The user's one Exchange connection, or the one --connection names among several. */
async function exchangeConnectionOf(
  app: App,
  scope: Scope,
  email: string,
  asked: string | undefined,
): Promise<string> {
  const connections = (await app.store.connections.list(scope)).filter(
    (c) => c.provider === 'exchange',
  );
  if (asked !== undefined) {
    if (!connections.some((c) => c.id === asked))
      throw new UsageError(`--connection: ${email} has no Exchange connection ${asked}`);
    return asked;
  }
  const [only, ...others] = connections;
  if (!only) throw new UsageError(`${email} has no Exchange connection: connect one first`);
  if (others.length > 0) {
    const named = connections.map((c) => `${c.id} (${c.label})`).join(', ');
    throw new UsageError(`${email} has several Exchange connections: pass --connection (${named})`);
  }
  return only.id;
}

function sharedRow(calendar: SharedCalendarView): Record<string, string> {
  return {
    owner: calendar.ownerEmail,
    calendar: calendar.calendarId,
    synced: calendar.selected ? 'yes' : 'no (turned off)',
    status: calendar.missingSince ? `no longer shared since ${calendar.missingSince}` : 'ok',
  };
}
