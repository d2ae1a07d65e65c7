import type { Command } from 'commander';
import {
  findColleagueConnections,
  type ColleagueConnection,
} from '../../app/services/colleague-connections.js';
import { printJson, printTable } from '../output.js';
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
