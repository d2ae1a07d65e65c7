import type { Command } from 'commander';
import { UsageError } from '../output.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the service with the Google emulator and a demo sales organisation (SQLite, no setup)',
    )
    .option('--emulator-port <port>', 'port of the Google emulator', '8790')
    .option('--no-mutate', 'do not change events in the emulator every minute')
    .action(async (options: { emulatorPort: string; mutate: boolean }) => {
      const emulatorPort = Number(options.emulatorPort);
      if (!Number.isInteger(emulatorPort) || emulatorPort < 0 || emulatorPort > 65_535) {
        throw new UsageError(
          `--emulator-port must be a port number; got "${options.emulatorPort}"`,
        );
      }
      // Loaded here, not at the top: every other command starts faster without the emulator.
      const { startDemo } = await import('../../app/demo/google-demo.js');
      const demo = await startDemo({ emulatorPort, mutateEveryMs: options.mutate ? 60_000 : 0 });
      await new Promise<void>((resolve) => {
        const shutdown = () => {
          demo.stop().then(resolve, resolve);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
    });
}
