import type { Command } from 'commander';
import { printJson } from '../output.js';
import { withApp } from './with-app.js';
import { nonBlank } from '../text-option.js';

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('manage API tokens');
  tokens
    .command('create')
    .description('create an API token for a user; it is printed once and only its hash is kept')
    .requiredOption('--user <email>', "the user's email address")
    .option('--org <name>', 'the organisation, when the email exists in several', nonBlank('--org'))
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--json', 'print the result as JSON')
    .action(async (options: { user: string; org?: string; name: string; json?: boolean }) => {
      const created = await withApp((app) =>
        app.admin.createToken({
          email: options.user,
          orgName: options.org ?? null,
          name: options.name,
        }),
      );
      if (options.json) return printJson(created);
      console.log(created.token);
      process.stderr.write('Keep this token: it will not be shown again.\n');
    });
}
