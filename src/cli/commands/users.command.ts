import type { Command } from 'commander';
import { printJson } from '../output.js';
import { withApp } from './with-app.js';

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage users');
  users
    .command('create')
    .description('create a user, and the organisation when it does not exist yet')
    .requiredOption('--email <email>', "the user's email address")
    .requiredOption('--org <name>', 'organisation name')
    .option('--name <name>', "the user's display name")
    .option('--time-zone <zone>', "the user's IANA time zone", 'UTC')
    .option(
      '--internal-domain <domain>',
      'an email domain of the organisation (repeatable); attendees from it are colleagues',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (options: {
        email: string;
        org: string;
        name?: string;
        timeZone: string;
        internalDomain: string[];
        json?: boolean;
      }) => {
        const result = await withApp((app) =>
          app.admin.createUser({
            email: options.email,
            orgName: options.org,
            name: options.name ?? null,
            timeZone: options.timeZone,
            internalDomains: options.internalDomain,
          }),
        );
        if (options.json) return printJson(result);
        console.log(
          `created user ${result.user.email} (${result.user.id}) in organisation ${result.organisation.name}`,
        );
      },
    );
}
