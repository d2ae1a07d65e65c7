import type { Command } from 'commander';
import type { TokenView } from '../../app/services/api-tokens.service.js';
import { printJson, printTable, UsageError } from '../output.js';
import { withApp } from './with-app.js';
import { nonBlank } from '../text-option.js';

const ORG_HELP = 'the organisation, when the email exists in several';

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('manage API tokens');
  tokens
    .command('create')
    .description('create an API token for a user; it is printed once and only its hash is kept')
    .requiredOption('--user <email>', "the user's email address")
    .option('--org <name>', ORG_HELP, nonBlank('--org'))
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

  tokens
    .command('list')
    .description("list a user's API tokens (never the token itself: only its first characters)")
    .requiredOption('--user <email>', "the user's email address")
    .option('--org <name>', ORG_HELP, nonBlank('--org'))
    .option('--json', 'print the result as JSON')
    .action(async (options: { user: string; org?: string; json?: boolean }) => {
      const listed = await withApp((app) =>
        app.admin.listTokens(options.user, options.org ?? null),
      );
      if (options.json) return printJson(listed);
      if (listed.tokens.length === 0) return console.log(`${listed.user} has no API tokens`);
      printTable(listed.tokens.map(tokenRow));
    });

  tokens
    .command('revoke')
    .description('revoke an API token by its id (see `tokens list`), or every token of a user')
    .argument('[id]', "the token's id")
    .option('--user <email>', 'with --all: the user whose tokens to revoke')
    .option('--org <name>', ORG_HELP, nonBlank('--org'))
    .option('--all', 'revoke every live token of --user')
    .option('--json', 'print the result as JSON')
    .action(async (id: string | undefined, options: RevokeOptions) => {
      const target = revokeTarget(id, options);
      if (target.kind === 'one') {
        const revoked = await withApp((app) => app.admin.revokeToken(target.id));
        if (options.json) return printJson(revoked);
        if (revoked.alreadyRevoked)
          return console.log(
            `API token ${revoked.id} (${revoked.name}) was already revoked at ${revoked.revokedAt}; nothing changed`,
          );
        return console.log(`revoked API token ${revoked.id} (${revoked.name})`);
      }
      const result = await withApp((app) =>
        app.admin.revokeAllTokens(target.email, options.org ?? null),
      );
      if (options.json) return printJson(result);
      const count = result.revoked.length;
      console.log(`revoked ${count} API token${count === 1 ? '' : 's'} of ${result.user}`);
    });
}

interface RevokeOptions {
  user?: string;
  org?: string;
  all?: boolean;
  json?: boolean;
}

type RevokeTarget = { kind: 'one'; id: string } | { kind: 'all'; email: string };

/** One token by id, or all of a user's: never both, never neither. */
function revokeTarget(id: string | undefined, options: RevokeOptions): RevokeTarget {
  if (id !== undefined && (options.all || options.user !== undefined))
    throw new UsageError('pass a token id, or --user EMAIL --all, not both');
  if (id !== undefined) return { kind: 'one', id };
  if (options.all && options.user !== undefined) return { kind: 'all', email: options.user };
  throw new UsageError('pass a token id (see `calintel tokens list`), or --user EMAIL --all');
}

function tokenRow(token: TokenView): Record<string, string> {
  return {
    id: token.id,
    name: token.name,
    prefix: `${token.prefix}…`,
    created: token.createdAt,
    'last used': token.lastUsedAt ?? 'never',
    expires: token.expiresAt ?? 'never',
    status: token.revokedAt ? `revoked ${token.revokedAt}` : token.status,
  };
}
