import type { Command } from 'commander';
import { UsageError } from '../output.js';

interface GoogleOptions {
  port: string;
  host: string;
  seed?: string;
  consent: string;
}

export function registerEmulatorCommand(program: Command): void {
  const emulator = program
    .command('emulator')
    .description('run a local provider emulator for development and demos');
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
      });
      printSettings(running);
      await untilSignal();
      await running.close();
    });
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

/** Resolves on the first SIGINT or SIGTERM, so the server closes its sockets before exit. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
