import type { Command } from 'commander';
import { readEnvironment } from '../../config/config.js';
import { untilStopped } from '../../app/until-stopped.js';
import { listenFailure, SERVICE_LISTEN, type ListenSettings } from '../listen-failure.js';
import { UsageError } from '../output.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the service with the Google emulator and a demo sales organisation (SQLite, no setup)',
    )
    .option('--emulator-port <port>', 'port of the Google emulator', '8790')
    .option('--outlook-emulator-port <port>', 'port of the Microsoft (Outlook) emulator', '8791')
    .option('--exchange-emulator-port <port>', 'port of the Exchange (EWS) emulator', '8792')
    .option('--no-mutate', 'do not change events in the emulator every minute')
    .action(
      async (options: {
        emulatorPort: string;
        outlookEmulatorPort: string;
        exchangeEmulatorPort: string;
        mutate: boolean;
      }) => {
        const emulatorPort = portOf('--emulator-port', options.emulatorPort);
        const outlookEmulatorPort = portOf('--outlook-emulator-port', options.outlookEmulatorPort);
        const exchangeEmulatorPort = portOf(
          '--exchange-emulator-port',
          options.exchangeEmulatorPort,
        );
        // Loaded here, not at the top: every other command starts faster without the emulator.
        const { startDemo } = await import('../../app/demo/google-demo.js');
        const ports = { emulatorPort, outlookEmulatorPort, exchangeEmulatorPort };
        const demo = await startDemo({
          ...ports,
          mutateEveryMs: options.mutate ? 60_000 : 0,
        }).catch((error: unknown) => {
          // The demo's store is SQLite and its emulators listen on 127.0.0.1: a host name that
          // does not resolve can only be HOST, where the service listens.
          const host = readEnvironment()['HOST']?.trim() || undefined;
          throw listenFailure(error, demoListen(ports), host) ?? error;
        });
        await untilStopped();
        await demo.stop().catch(() => undefined);
      },
    );
}

function portOf(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`${flag} must be a port number; got "${value}"`);
  return port;
}

/** The flag that moves whichever of the demo's servers could not take its port. */
function demoListen(ports: {
  emulatorPort: number;
  outlookEmulatorPort: number;
  exchangeEmulatorPort: number;
}): ListenSettings {
  return {
    ...SERVICE_LISTEN,
    port: (port) => {
      if (port === ports.emulatorPort) return '--emulator-port <port>';
      if (port === ports.outlookEmulatorPort) return '--outlook-emulator-port <port>';
      if (port === ports.exchangeEmulatorPort) return '--exchange-emulator-port <port>';
      return SERVICE_LISTEN.port(port);
    },
  };
}
