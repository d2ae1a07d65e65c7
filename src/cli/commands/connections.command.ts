import type { Command } from 'commander';
import {
  findColleagueConnections,
  type ColleagueConnection,
} from '../../app/services/colleague-connections.js';
import {
  CONNECTION_STATUSES,
  listConnectionSummaries,
  type ConnectionSummary,
} from '../../app/services/operator-lists.js';
import type { ConnectionStatus } from '../../store/store.js';
import { printJson, printTable, UsageError } from '../output.js';
import { nonBlank } from '../text-option.js';
import { withApp } from './with-app.js';

export function registerConnectionsCommand(program: Command): void {
  const connections = program.command('connections').description('inspect calendar connections');
  connections
    .command('colleagues')
    .description(
      "list connections whose account is another user's of the same organisation (connected " +
        'before that was refused): each is for its connecting user to disconnect',
    )
    .option('--org <name>', 'only this organisation (default: every one)', nonBlank('--org'))
    .option('--json', 'print the result as JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      const found = await withApp((app) =>
        findColleagueConnections(app.store, options.org ?? null),
      );
      if (options.json) return printJson({ connections: found });
      if (found.length === 0) return console.log('none found');
      printTable(found.map(colleagueRow));
    });
  registerListCommand(connections);
}

/** `connections list`: every connection, or those of a status, organisation or user. */
function registerListCommand(connections: Command): void {
  connections
    .command('list')
    .description(
      'list calendar connections: provider, account, user, status, last sync and last error (e.g. --status reauth_required: who must connect again)',
    )
    .option(
      '--status <status>',
      `only this status: ${CONNECTION_STATUSES.join(', ')}`,
      statusOption,
    )
    .option('--user <email>', "only this user's")
    .option(
      '--org <name>',
      'only this organisation (with --user: when the email exists in several)',
      nonBlank('--org'),
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: ListOptions) => {
      const found = await withApp(async (app) => {
        const user = options.user
          ? await app.admin.resolveUser(options.user, options.org ?? null)
          : null;
        return listConnectionSummaries(app.store, {
          orgName: options.org ?? null,
          user,
          status: options.status ?? null,
        });
      });
      if (options.json) return printJson({ connections: found });
      if (found.length === 0) return console.log('none found');
      printTable(found.map(connectionRow));
    });
}

interface ListOptions {
  status?: ConnectionStatus;
  user?: string;
  org?: string;
  json?: boolean;
}

function statusOption(value: string): ConnectionStatus {
  const status = CONNECTION_STATUSES.find((s) => s === value.trim().toLowerCase());
  if (!status)
    throw new UsageError(`--status: "${value}" is not one of ${CONNECTION_STATUSES.join(', ')}`);
  return status;
}

function connectionRow(found: ConnectionSummary): Record<string, string> {
  return {
    provider: found.provider,
    account: found.account,
    user: found.user,
    organisation: found.organisation,
    status: found.status,
    'last sync': found.lastSyncAt ?? 'never',
    'last error': found.lastError ?? '',
    id: found.id,
  };
}

function colleagueRow(found: ColleagueConnection): Record<string, string> {
  return {
    organisation: found.organisation,
    connection: found.connectionId,
    provider: found.provider,
    account: found.account,
    'connected by': found.connectedBy,
    colleague: found.colleague,
    'to do': found.action,
  };
}
