import type { Command } from 'commander';
import { runService, SERVICE_ROLES, type ServiceRole } from '../../app/service.js';
import { listenFailure, SERVICE_LISTEN } from '../listen-failure.js';
import { UsageError } from '../output.js';
import type { Config } from '../../config/config.js';
import { configFor, connectionError } from './with-app.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the service: API, background workers and the sync scheduler')
    .option(
      '--role <roles>',
      `comma-separated roles to run (${SERVICE_ROLES.join(', ')})`,
      SERVICE_ROLES.join(','),
    )
    .option('--demo', 'create a demo user with the bundled sample calendar and print its API token')
    .action(async (options: { role: string; demo?: boolean }) => {
      const roles = parseRoles(options.role);
      // A service started at a mistyped DATABASE_URL would answer from a new, empty database;
      // only the demo, which fills it, may create one there.
      const demo = options.demo ?? false;
      const config = configFor(demo);
      await runService(config, { roles, demo }).catch((error: unknown) => {
        throw (
          listenFailure(error, SERVICE_LISTEN, listenHostOf(config)) ??
          connectionError(error, config.databaseUrl)
        );
      });
    });
}

function parseRoles(value: string): ServiceRole[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = roles.filter((role) => !(SERVICE_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0 || roles.length === 0) {
    throw new UsageError(`--role must be a list of ${SERVICE_ROLES.join(', ')}; got "${value}"`);
  }
  return roles as ServiceRole[];
}

/**
 * HOST, when a host name that fails to resolve can only be it: not when the database has the
 * same host name, whose failure comes first (the migration) and is the database's to report.
 */
function listenHostOf(config: Config): string | undefined {
  if (!/^postgres(ql)?:\/\//i.test(config.databaseUrl)) return config.host;
  const databaseHost = URL.canParse(config.databaseUrl) ? new URL(config.databaseUrl).hostname : '';
  return databaseHost.toLowerCase() === config.host.toLowerCase() ? undefined : config.host;
}
