/**
 * `calintel sync` exits 1 when a calendar failed, with or without --dry-run or --json: a script
 * or a cron job reads the exit code. A Google connection in a process without Google settings
 * (the README's "Using it" commands run beside `npm start`, whose emulators set none) fails
 * every one of its calendars as `not_configured`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/config.js';
import { runCalintel } from '../support/cli.js';

const env: Record<string, string> = { CALINTEL_SECRET_KEY: '0f'.repeat(32) };

describe('calintel sync exit codes', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    env.CALINTEL_DATA_DIR = mkdtempSync(join(tmpdir(), 'calintel-sync-exit-'));
    const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { migrate: true });
    try {
      const org = await app.store.organisations.create({ name: 'Exit codes', internalDomains: [] });
      const user = await app.store.users.create(org.id, { email: 'ana@acme.test', name: 'Ana' });
      const scope = { orgId: org.id, userId: user.id };
      const connection = await app.store.connections.create(scope, {
        provider: 'google',
        label: 'ana@acme.test',
        secrets: { refreshToken: 'r' },
        settings: {},
      });
      await app.store.calendars.upsert(scope, connection.id, {
        providerCalendarId: 'primary',
        name: 'Ana',
        timeZone: 'UTC',
        isPrimary: true,
      });
    } finally {
      await app.close();
    }
  });

  it.each([[[]], [['--dry-run']], [['--json']], [['--dry-run', '--json']]])(
    'exits 1 when a calendar failed (%j)',
    async (flags: string[]) => {
      const result = await runCalintel(['sync', '--provider', 'google', ...flags], { env });
      expect(result.stdout).toMatch(/not_configured/);
      // And what to do instead, beside a service that has the settings.
      expect(result.stdout).toMatch(/POST \/api\/v1\/calendar\/sync\//);
      // Calendars of the same name (every Outlook mailbox has a "Calendar") told apart.
      expect(result.stdout).toMatch(
        flags.includes('--json')
          ? /"account": ?"ana@acme.test"/
          : /^Ana\s+ana@acme.test\s+google\s/m,
      );
      expect(result.status).toBe(1);
    },
  );
});
