import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { untilStopped } from '../../app/until-stopped.js';
import { EMULATOR_LISTEN, rethrowListenFailure } from '../listen-failure.js';
import { UsageError } from '../output.js';

interface GoogleOptions {
  port: string;
  host: string;
  seed?: string;
  consent: string;
}

interface MicrosoftOptions extends GoogleOptions {
  caFile: string;
}

interface ExchangeOptions {
  port: string;
  host: string;
  seed?: string;
  caFile: string;
  http?: boolean;
}

export function registerEmulatorCommand(program: Command): void {
  const emulator = program
    .command('emulator')
    .description('run a local provider emulator for development and demos');
  registerMicrosoftEmulator(emulator);
  registerExchangeEmulator(emulator);
  emulator
    .command('google')
    .description('run the Google Calendar v3 + OAuth 2.0 emulator until SIGINT or SIGTERM')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8790')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON seed: users, calendars and events in Google event JSON')
    .option('--consent <mode>', 'auto (redirect at once) or form (a consent page)', 'auto')
    .action(async (options: GoogleOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new UsageError(`--port must be 0-65535; got "${options.port}"`);
      if (options.consent !== 'auto' && options.consent !== 'form')
        throw new UsageError(`--consent must be auto or form; got "${options.consent}"`);
      // Loaded here, not at the top: every other command starts faster without the emulator.
      const { loadSeedFile, startGoogleEmulator } =
        await import('../../../emulators/google/index.js');
      const seed = options.seed
        ? await loadSeedFile(options.seed).catch((error: Error) => {
            throw new UsageError(error.message);
          })
        : undefined;
      const running = await startGoogleEmulator({
        port,
        host: options.host,
        consent: options.consent,
        ...(seed ? { seed } : {}),
      }).catch(rethrowListenFailure(EMULATOR_LISTEN));
      printSettings(running);
      await untilStopped();
      await running.close();
    });
}

function registerMicrosoftEmulator(emulator: Command): void {
  emulator
    .command('microsoft')
    .description(
      'run the Microsoft identity platform + Graph calendar emulator (HTTPS) until SIGINT or SIGTERM',
    )
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8791')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON seed: users, calendars and events in Graph event JSON')
    .option('--consent <mode>', 'auto (redirect at once) or form (a consent page)', 'auto')
    .option(
      '--ca-file <file>',
      'where to write the certificate clients must trust (NODE_EXTRA_CA_CERTS)',
      join(tmpdir(), 'calintel-microsoft-emulator-ca.pem'),
    )
    .action(async (options: MicrosoftOptions) => {
      const port = parsePort(options.port);
      if (options.consent !== 'auto' && options.consent !== 'form')
        throw new UsageError(`--consent must be auto or form; got "${options.consent}"`);
      // Loaded here, not at the top: every other command starts faster without the emulator.
      const { loadSeedFile, startMicrosoftEmulator } =
        await import('../../../emulators/microsoft/index.js');
      const seed = options.seed
        ? await loadSeedFile(options.seed).catch((error: Error) => {
            throw new UsageError(error.message);
          })
        : undefined;
      const running = await startMicrosoftEmulator({
        port,
        host: options.host,
        consent: options.consent,
        ...(seed ? { seed } : {}),
      }).catch(rethrowListenFailure(EMULATOR_LISTEN));
      await writeFile(options.caFile, running.ca);
      process.stdout.write(
        [
          `Microsoft emulator listening on ${running.url} (HTTPS)`,
          `control API: ${running.url}/__control/`,
          '',
          'Configure the service with:',
          `MICROSOFT_CLIENT_ID=${running.clientId}`,
          `MICROSOFT_CLIENT_SECRET=${running.clientSecret}`,
          `MICROSOFT_TENANT_ID=common`,
          `MICROSOFT_AUTHORITY_URL=${running.url}`,
          `MICROSOFT_GRAPH_API_URL=${running.url}`,
          `NODE_EXTRA_CA_CERTS=${options.caFile}`,
          '',
        ].join('\n'),
      );
      await untilStopped();
      await running.close();
    });
}

function registerExchangeEmulator(emulator: Command): void {
  emulator
    .command('exchange')
    .description('run the Exchange Web Services (EWS) emulator (HTTPS) until SIGINT or SIGTERM')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8792')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON seed: mailboxes, credentials and calendar items')
    .option('--http', 'serve plain HTTP instead of HTTPS')
    .option(
      '--ca-file <file>',
      'where to write the certificate clients must trust (NODE_EXTRA_CA_CERTS)',
      join(tmpdir(), 'calintel-exchange-emulator-ca.pem'),
    )
    .action(async (options: ExchangeOptions) => {
      const port = parsePort(options.port);
      // Loaded here, not at the top: every other command starts faster without the emulator.
      const { loadSeedFile, startExchangeEmulator } =
        await import('../../../emulators/exchange/index.js');
      const seed = options.seed
        ? await loadSeedFile(options.seed).catch((error: Error) => {
            throw new UsageError(error.message);
          })
        : undefined;
      const running = await startExchangeEmulator({
        port,
        host: options.host,
        protocol: options.http ? 'http' : 'https',
        ...(seed ? { seed } : {}),
      }).catch(rethrowListenFailure(EMULATOR_LISTEN));
      if (running.ca) await writeFile(options.caFile, running.ca);
      process.stdout.write(
        [
          `Exchange emulator listening on ${running.ewsUrl}`,
          `control API: ${running.url}/__control/`,
          '',
          'Configure the service with:',
          `EXCHANGE_SERVER_URL=${running.ewsUrl}`,
          'EXCHANGE_VERSION=Exchange2013_SP1',
          ...(running.ca ? [`NODE_EXTRA_CA_CERTS=${options.caFile}`] : []),
          '',
        ].join('\n'),
      );
      await untilStopped();
      await running.close();
    });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be 0-65535; got "${text}"`);
  return port;
}

function printSettings(running: { url: string; clientId: string; clientSecret: string }): void {
  const { url } = running;
  process.stdout.write(
    [
      `Google emulator listening on ${url}`,
      `control API: ${url}/__control/`,
      '',
      'Configure the service with:',
      `GOOGLE_CALENDAR_CLIENT_ID=${running.clientId}`,
      `GOOGLE_CALENDAR_CLIENT_SECRET=${running.clientSecret}`,
      `GOOGLE_CALENDAR_API_URL=${url}/`,
      `GOOGLE_OAUTH_AUTHORIZE_URL=${url}/o/oauth2/v2/auth`,
      `GOOGLE_OAUTH_TOKEN_URL=${url}/token`,
      `GOOGLE_OAUTH_REVOKE_URL=${url}/revoke`,
      '',
    ].join('\n'),
  );
}
