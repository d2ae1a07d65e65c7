/**
 * The demo: a user in a demo organisation, the bundled sample calendar imported, a sign-in link
 * for the dashboard and a token printed.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../domain/errors.js';
import type { App } from './app.js';

export const DEMO_EMAIL = 'dana@northwind.io';
export const DEMO_ORG = 'Northwind (demo)';

/** The package root: this file runs from src/app (tests) or dist/src/app (built). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}

const SAMPLE_CALENDAR = path.join(packageRoot(), 'demo', 'sample-calendar.ics');

/** Idempotent: a second start finds the demo user and re-imports the sample as an update. */
export async function setUpDemo(app: App, url: string | null): Promise<void> {
  const scope = await app.admin.resolveUser(DEMO_EMAIL, DEMO_ORG).catch(async (error: unknown) => {
    if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
    const created = await app.admin.createUser({
      email: DEMO_EMAIL,
      orgName: DEMO_ORG,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    return { orgId: created.organisation.id, userId: created.user.id, user: created.user };
  });
  const content = await readFile(SAMPLE_CALENDAR, 'utf8');
  const imported = await app.connections.importIcsFile(scope, {
    fileName: 'sample-calendar.ics',
    content,
    label: 'Demo calendar',
  });
  const token = await app.admin.createToken({ email: DEMO_EMAIL, orgName: DEMO_ORG, name: 'demo' });
  // The demo user has no password: a one-time link, as `calintel demo` prints, opens the dashboard.
  const link = await app.webAuth.createSignInLink(scope);
  const base = url ?? app.config.publicUrl;
  const lines = [
    '',
    `calintel demo is ready: ${DEMO_EMAIL} in "${DEMO_ORG}", sample calendar imported (${imported.sync?.added ?? 0} added, ${imported.sync?.updated ?? 0} updated).`,
    `  Dashboard:  ${base}/auth/link/${link.token}`,
    '              (a one-time sign-in link, valid 15 minutes; a new one: calintel users sign-in-link --email ...)',
    `  API docs:   ${base}/api/docs`,
    `  API token:  ${token.token}`,
    `  Try:        curl -H "Authorization: Bearer ${token.token}" ${base}/api/v1/calendar/events/`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
