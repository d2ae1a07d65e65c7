/** The `calintel` program: its subcommands, and how a failure is printed and exits. */
import { Command, CommanderError } from 'commander';
import { ConfigError, readEnvironment } from '../config/config.js';
import { AppError } from '../domain/errors.js';
import { registerAnalyzeCommand } from './commands/analyze.command.js';
import { registerConflictsCommand } from './commands/conflicts.command.js';
import { registerConnectionsCommand } from './commands/connections.command.js';
import { registerCrmCommands } from './commands/crm.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerEmulatorCommand } from './commands/emulator.command.js';
import { registerExchangeCommands } from './commands/exchange.command.js';
import { registerIcsCommands } from './commands/ics.command.js';
import { registerImportCommand } from './commands/import.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerRelationshipsCommand } from './commands/relationships.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerSyncCommand } from './commands/sync.command.js';
import { registerTokensCommand } from './commands/tokens.command.js';
import { registerUsersCommand } from './commands/users.command.js';
import { UsageError } from './output.js';

export interface ProgramOptions {
  /**
   * Throw commander's exits (help, version, a usage error) instead of calling process.exit:
   * for running the command inside another process (the tests). Settings are inherited by the
   * subcommands when they are created, so this is set before registering them.
   */
  exitOverride?: boolean;
}

export function buildProgram(options: ProgramOptions = {}): Command {
  const program = new Command();
  if (options.exitOverride) program.exitOverride();
  program
    .name('calintel')
    .description('Calendar sync and meeting intelligence for CRMs')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerDemoCommand(program);
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerUsersCommand(program);
  registerTokensCommand(program);
  registerConnectionsCommand(program);
  registerImportCommand(program);
  registerIcsCommands(program);
  registerAnalyzeCommand(program);
  registerConflictsCommand(program);
  registerRelationshipsCommand(program);
  registerSyncCommand(program);
  registerExchangeCommands(program);
  registerCrmCommands(program);
  registerEmulatorCommand(program);
  return program;
}

/**
 * Runs the command for `argv` (node's: the executable and the script first); a failure is
 * printed and becomes process.exitCode, as commands set it themselves for partial success.
 */
export async function runCli(argv: string[], options: ProgramOptions = {}): Promise<void> {
  try {
    await buildProgram(options).parseAsync(argv);
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}

/** Prints what went wrong in one or a few lines, without a stack trace unless it is a bug. */
function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof ConfigError) {
    process.stderr.write(`calintel: ${error.message}\n`);
    return 78; // EX_CONFIG
  }
  if (error instanceof UsageError || error instanceof AppError) {
    process.stderr.write(`calintel: ${error.message}\n`);
    if (error.cause !== undefined && debugging())
      process.stderr.write(`caused by: ${stackOf(error.cause)}\n`);
    return 1;
  }
  process.stderr.write(`calintel: unexpected error: ${stackOf(error)}\n`);
  return 1;
}

/** Operator errors are one line; at LOG_LEVEL=debug or trace, also what they came from. */
function debugging(): boolean {
  const level = readEnvironment()['LOG_LEVEL']?.trim();
  return level === 'debug' || level === 'trace';
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
