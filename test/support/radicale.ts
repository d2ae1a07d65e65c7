/**
 * A real CalDAV server for the tests: Radicale (Debian's python3-radicale, contract 4.3), one per
 * test file, on a free port with a storage folder, a config and an htpasswd file of its own, all
 * removed when it stops. Without Radicale its suites are skipped with a message, except in CI
 * (CI=true), where they fail: CI must never pass by silently testing less.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { freePort, waitFor } from './ports.js';

/** The system Python: a pyenv or venv Python lacks the Debian module (contract 4.3). */
export const RADICALE_PYTHON = process.env.RADICALE_PYTHON ?? '/usr/bin/python3';

export interface RadicaleOptions {
  /** Users and their passwords, written to a plain htpasswd file. */
  users: Record<string, string>;
  /** Seconds after which Radicale forgets a sync token (its default is 30 days). */
  maxSyncTokenAge?: number;
}

export interface RunningRadicale {
  /** http://127.0.0.1:PORT, with no trailing slash. */
  url: string;
  storage: string;
  /** Plain HTTP as `user` against the server, for the tests' own changes. */
  as(user: string): RadicaleUser;
  /**
   * Makes every sync token Radicale stored look `seconds` older, so that the next new token's
   * clean-up forgets those past max_sync_token_age (Radicale ages tokens by file time).
   */
  ageSyncTokens(seconds: number): void;
  stop(): Promise<void>;
}

export interface RadicaleUser {
  /** Creates a calendar collection; returns its absolute URL (with a trailing slash). */
  makeCalendar(name: string, displayName?: string): Promise<string>;
  /** PUTs an object; returns its new etag. */
  put(calendarUrl: string, name: string, ics: string): Promise<string>;
  remove(calendarUrl: string, name: string): Promise<void>;
  /** A sync-collection REPORT from an empty token, as another device syncing would send. */
  syncFromScratch(calendarUrl: string): Promise<void>;
  request(url: string, init: RequestInit): Promise<Response>;
}

/** Why Radicale cannot run here, or null when it can. */
export const radicaleProblem = probeRadicale();

/** `describe`, when Radicale can run; else skipped with a message, or failed in CI. */
export function describeWithRadicale(title: string, fn: () => void): void {
  if (!radicaleProblem) {
    describe(title, fn);
    return;
  }
  const message = `Radicale cannot run (${radicaleProblem}); install it with "apt-get install python3-radicale"`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs Radicale in CI', () => {
        throw new Error(`${message}: CI must run "${title}"`);
      });
    });
    return;
  }
  console.warn(`${message}: skipping "${title}"`);
  describe.skip(title, () => {
    it('needs Radicale', () => {});
  });
}

/** Starts Radicale before the suite's tests and stops it after them. */
export function useRadicale(options: RadicaleOptions): () => RunningRadicale {
  let server: RunningRadicale | undefined;
  beforeAll(async () => {
    server = await startRadicale(options);
  });
  afterAll(async () => {
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (!server) throw new Error('Radicale did not start');
    return server;
  };
}

export async function startRadicale(options: RadicaleOptions): Promise<RunningRadicale> {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-radicale-'));
  const storage = join(dir, 'collections');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'users'),
    Object.entries(options.users)
      .map(([user, password]) => `${user}:${password}\n`)
      .join(''),
  );
  writeFileSync(join(dir, 'radicale.conf'), configText(dir, storage, port, options));
  const child = spawn(RADICALE_PYTHON, ['-m', 'radicale', '--config', join(dir, 'radicale.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(`Radicale on port ${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`Radicale exited: ${stderr}`);
      return answers(url);
    });
  } catch (error) {
    await stopChild(child, exited);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    storage,
    as: (user) => userClient(url, user, options.users[user] ?? ''),
    ageSyncTokens: (seconds) => ageTokens(storage, seconds),
    async stop() {
      await stopChild(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function configText(dir: string, storage: string, port: number, options: RadicaleOptions): string {
  return [
    '[server]',
    `hosts = 127.0.0.1:${port}`,
    '[auth]',
    'type = htpasswd',
    `htpasswd_filename = ${join(dir, 'users')}`,
    'htpasswd_encryption = plain',
    // Radicale waits this long after a refused login; tests of a wrong password need not.
    'delay = 0',
    '[rights]',
    'type = owner_only',
    '[storage]',
    `filesystem_folder = ${storage}`,
    `max_sync_token_age = ${options.maxSyncTokenAge ?? 2_592_000}`,
    '[logging]',
    'level = warning',
    '',
  ].join('\n');
}

function userClient(base: string, user: string, password: string): RadicaleUser {
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const request = async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', authorization);
    return fetch(url, { ...init, headers });
  };
  const expectOk = async (response: Response, what: string) => {
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  };
  return {
    request,
    async makeCalendar(name, displayName) {
      const url = `${base}/${user}/${name}/`;
      const body = displayName
        ? `<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>${displayName}</d:displayname></d:prop></d:set></c:mkcalendar>`
        : undefined;
      await expectOk(await request(url, { method: 'MKCALENDAR', body }), `MKCALENDAR ${url}`);
      return url;
    },
    async put(calendarUrl, name, ics) {
      const response = await request(`${calendarUrl}${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'text/calendar; charset=utf-8' },
        body: ics,
      });
      await expectOk(response, `PUT ${name}`);
      return response.headers.get('etag') ?? '';
    },
    async remove(calendarUrl, name) {
      await expectOk(
        await request(`${calendarUrl}${name}`, { method: 'DELETE' }),
        `DELETE ${name}`,
      );
    },
    async syncFromScratch(calendarUrl) {
      const response = await request(calendarUrl, {
        method: 'REPORT',
        headers: { 'content-type': 'application/xml' },
        body: '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>',
      });
      await expectOk(response, `sync-collection ${calendarUrl}`);
    },
  };
}

function ageTokens(storage: string, seconds: number): void {
  const then = new Date(Date.now() - seconds * 1000);
  for (const folder of tokenFolders(storage)) {
    for (const name of readdirSync(folder)) utimesSync(join(folder, name), then, then);
  }
}

/** Every collection's .Radicale.cache/sync-token folder under the storage root. */
function tokenFolders(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      if (name === 'sync-token' && dir.endsWith('.Radicale.cache')) found.push(path);
      else visit(path);
    }
  };
  visit(root);
  return found;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/.well-known/caldav`, { redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

function probeRadicale(): string | null {
  const result = spawnSync(RADICALE_PYTHON, ['-c', 'import radicale'], { encoding: 'utf8' });
  if (result.error) return `${RADICALE_PYTHON} cannot be run: ${result.error.message}`;
  if (result.status !== 0) return `${RADICALE_PYTHON} has no radicale module`;
  return null;
}
