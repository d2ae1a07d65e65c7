import type { Command } from 'commander';
import { printJson } from '../output.js';
import { withApp } from './with-app.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (serve also does this at start)')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { json?: boolean }) => {
      const outcome = await withApp((app) => app.migrate(), {
        migrate: false,
        createDatabase: true,
      });
      if (options.json) return printJson(outcome);
      if (outcome.executed.length === 0) console.log('database is up to date');
      for (const name of outcome.executed) console.log(`applied ${name}`);
    });
}
