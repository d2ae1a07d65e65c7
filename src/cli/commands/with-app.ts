/** Opens the application for one command and always closes it, so the process can exit. */
import { createApp, type App } from '../../app/app.js';
import { loadConfig } from '../../config/config.js';

export async function withApp<T>(
  run: (app: App) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const app = await createApp(loadConfig(), { migrate: options.migrate ?? true });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
