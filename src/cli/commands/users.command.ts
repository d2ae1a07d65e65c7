import type { Command } from 'commander';
import { passwordProblem } from '../../app/web-auth/passwords.js';
import { USER_ROLES, type UserRole } from '../../store/store.js';
import { listUserSummaries, type UserSummary } from '../../app/services/operator-lists.js';
import { printJson, printTable, UsageError } from '../output.js';
import { passwordFrom } from '../read-password.js';
import { withApp } from './with-app.js';
import { nonBlank } from '../text-option.js';

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage users');
  users
    .command('create')
    .description('create a user, and the organisation when it does not exist yet')
    .requiredOption('--email <email>', "the user's email address")
    .requiredOption('--org <name>', 'organisation name', nonBlank('--org'))
    .option('--name <name>', "the user's display name")
    .option(
      '--time-zone <zone>',
      "the user's IANA time zone (default: none; the dashboard shows the browser's)",
    )
    .option(
      '--internal-domain <domain>',
      'an email domain of the organisation (repeatable); attendees from it are colleagues',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--password [password]',
      'a dashboard password (at least 10 characters); without a value it is read from standard input',
    )
    .option(
      '--role <role>',
      "admin (may change the organisation's conflict policy) or member (default: admin for the user who creates the organisation, else member)",
      roleOption,
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (options: {
        email: string;
        org: string;
        name?: string;
        timeZone?: string;
        internalDomain: string[];
        password?: string | true;
        role?: UserRole;
        json?: boolean;
      }) => {
        const password = options.password ? await passwordFrom(options.password) : null;
        // Checked before anything is created: a refused password leaves no half-made user.
        const problem = password === null ? null : passwordProblem(password);
        if (problem) throw new UsageError(`--password: ${problem}`);
        // May make the database DATABASE_URL names: the first user of a new one, as migrate may.
        const result = await withApp(
          async (app) => {
            const created = await app.admin.createUser({
              email: options.email,
              orgName: options.org,
              name: options.name ?? null,
              timeZone: options.timeZone ?? null,
              internalDomains: options.internalDomain,
              ...(options.role ? { role: options.role } : {}),
            });
            if (password !== null)
              await app.webAuth.setPassword(
                { orgId: created.organisation.id, userId: created.user.id },
                password,
              );
            return created;
          },
          { createDatabase: true },
        );
        if (options.json) return printJson(result);
        console.log(
          `created user ${result.user.email} (${result.user.id}, ${result.user.role}) in organisation ${result.organisation.name}`,
        );
      },
    );

  users
    .command('list')
    .description(
      'list the users of every organisation (or one): role, time zone, created, active API tokens',
    )
    .option('--org <name>', 'only this organisation', nonBlank('--org'))
    .option('--json', 'print the result as JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      const listed = await withApp((app) =>
        listUserSummaries(app.store, options.org ?? null, new Date()),
      );
      if (options.json) return printJson({ users: listed });
      if (listed.length === 0)
        return console.log('no users yet: create one with `calintel users create`');
      printTable(listed.map(userRow));
    });

  users
    .command('set-role')
    .description(
      "make a user an admin (may change the organisation's conflict policy) or a member; an organisation keeps at least one admin",
    )
    .requiredOption('--email <email>', "the user's email address")
    .option(
      '--org <name>',
      'the organisation, when the address exists in several',
      nonBlank('--org'),
    )
    .requiredOption('--role <role>', 'admin or member', roleOption)
    .option('--json', 'print the result as JSON')
    .action(async (options: { email: string; org?: string; role: UserRole; json?: boolean }) => {
      const result = await withApp((app) =>
        app.admin.setRole(options.email, options.org ?? null, options.role),
      );
      if (options.json) return printJson(result);
      console.log(`${result.user.email} is now ${result.user.role} of ${result.organisation.name}`);
    });

  users
    .command('set-time-zone')
    .description(
      "set the IANA time zone a user's times are read in (detection and conflicts are found again in it)",
    )
    .requiredOption('--email <email>', "the user's email address")
    .option(
      '--org <name>',
      'the organisation, when the address exists in several',
      nonBlank('--org'),
    )
    .requiredOption(
      '--time-zone <zone>',
      "an IANA zone such as Europe/Berlin, or none (the dashboard then shows the browser's)",
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { email: string; org?: string; timeZone: string; json?: boolean }) => {
      const zone = options.timeZone.trim().toLowerCase() === 'none' ? null : options.timeZone;
      const profile = await withApp(async (app) => {
        const { user: _user, ...scope } = await app.admin.resolveUser(
          options.email,
          options.org ?? null,
        );
        // By the operator, not by the user: the audit entry names nobody.
        return app.profile.setTimeZone(scope, zone, null);
      });
      if (options.json) return printJson(profile);
      console.log(
        profile.timeZone
          ? `${profile.email} is now in ${profile.timeZone}`
          : `${profile.email} has no time zone now`,
      );
    });

  users
    .command('set-password')
    .description("set a user's dashboard password (signs out the user's other browsers)")
    .requiredOption('--email <email>', "the user's email address")
    .option(
      '--org <name>',
      'the organisation, when the address exists in several',
      nonBlank('--org'),
    )
    .option(
      '--password [password]',
      'the new password (at least 10 characters); without it, it is read from standard input',
    )
    .action(async (options: { email: string; org?: string; password?: string | true }) => {
      const password = await passwordFrom(options.password ?? true);
      const email = await withApp(async (app) => {
        const scope = await app.admin.resolveUser(options.email, options.org ?? null);
        await app.webAuth.setPassword(scope, password);
        return scope.user.email;
      });
      console.log(`password set for ${email}`);
    });
  users
    .command('sign-in-link')
    .description('print a one-time link that signs a user in to the dashboard (valid 15 minutes)')
    .requiredOption('--email <email>', "the user's email address")
    .option(
      '--org <name>',
      'the organisation, when the address exists in several',
      nonBlank('--org'),
    )
    .action(async (options: { email: string; org?: string }) => {
      const link = await withApp(async (app) => {
        const scope = await app.admin.resolveUser(options.email, options.org ?? null);
        const created = await app.webAuth.createSignInLink(scope);
        return `${app.config.publicUrl}/auth/link/${created.token}`;
      });
      console.log(link);
    });
}

function roleOption(value: string): UserRole {
  const role = USER_ROLES.find((r) => r === value.trim().toLowerCase());
  if (!role) throw new UsageError(`--role: "${value}" is not ${USER_ROLES.join(' or ')}`);
  return role;
}

function userRow(user: UserSummary): Record<string, string | number> {
  return {
    email: user.email,
    organisation: user.organisation,
    role: user.role,
    'time zone': user.timeZone ?? 'none',
    created: user.createdAt,
    tokens: user.activeTokens,
  };
}
