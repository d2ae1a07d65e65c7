import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MissingDatabaseError, sqliteFileOf } from './config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'calintel-config-'));

describe('loadConfig', () => {
  it('runs the embedded shape with nothing set', () => {
    const dir = dataDir();
    const config = loadConfig({ CALINTEL_DATA_DIR: dir });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      databaseUrl: `sqlite:${join(dir, 'calintel.sqlite')}`,
      syncWindow: { pastDays: 90, futureDays: 365 },
      providers: { google: null, microsoft: null, exchange: null },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('generates a secret key once, warns, and reuses it', () => {
    const dir = dataDir();
    const first = loadConfig({ CALINTEL_DATA_DIR: dir });
    expect(first.warnings.join()).toContain('CALINTEL_SECRET_KEY is not set');
    expect(first.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const second = loadConfig({ CALINTEL_DATA_DIR: dir });
    expect(second.secretKey).toBe(first.secretKey);
    expect(second.warnings).toEqual([]);
  });

  it('uses CALINTEL_SECRET_KEY without writing a key file', () => {
    const dir = dataDir();
    const key = 'ab'.repeat(32);
    expect(loadConfig({ CALINTEL_DATA_DIR: dir, CALINTEL_SECRET_KEY: key }).secretKey).toBe(key);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    const config = loadConfig({
      CALINTEL_DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://u@db:5432/calintel',
      CALINTEL_SECRET_KEY: 'ab'.repeat(32),
    });
    expect(config.databaseUrl).toBe('postgres://u@db:5432/calintel');
  });

  it('generates no key for PostgreSQL, which machines share, and says to set it', () => {
    const dir = dataDir();
    const load = () =>
      loadConfig({ CALINTEL_DATA_DIR: dir, DATABASE_URL: 'postgresql://u@db:5432/calintel' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/CALINTEL_SECRET_KEY: not set, and DATABASE_URL is PostgreSQL/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    // A key file a host generated before this rule is still its key.
    writeFileSync(join(dir, 'secret.key'), `${'cd'.repeat(32)}\n`);
    expect(load().secretKey).toBe('cd'.repeat(32));
  });

  it("bounds PostgreSQL's connections and statements, 5 s and 2 min unless told; 0 is no statement bound", () => {
    const dir = dataDir();
    expect(loadConfig({ CALINTEL_DATA_DIR: dir }).databaseTimeouts).toEqual({
      connectMs: 5_000,
      statementMs: 120_000,
    });
    const told = { DATABASE_CONNECT_TIMEOUT_MS: '2000', DATABASE_STATEMENT_TIMEOUT_MS: '0' };
    expect(loadConfig({ CALINTEL_DATA_DIR: dir, ...told }).databaseTimeouts).toEqual({
      connectMs: 2_000,
      statementMs: 0,
    });
    expect(() => loadConfig({ CALINTEL_DATA_DIR: dir, DATABASE_CONNECT_TIMEOUT_MS: '0' })).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS: must be a whole number from 100 to 600000, got "0"/,
    );
  });

  it('refuses, when told to, a SQLite file named by DATABASE_URL that is not there, before writing anything', () => {
    const parent = dataDir();
    const dir = join(parent, 'data');
    const file = join(parent, 'dta', 'calintel.sqlite');
    const environment = { CALINTEL_DATA_DIR: dir, DATABASE_URL: `sqlite:${file}` };
    expect(() => loadConfig(environment, { databaseMustExist: true })).toThrow(
      new MissingDatabaseError(file),
    );
    expect(existsSync(dir)).toBe(false); // no generated secret key either
    // Without the option, as before; and the file once it exists, PostgreSQL, the embedded default.
    expect(loadConfig(environment).databaseUrl).toBe(`sqlite:${file}`);
    writeFileSync(join(parent, 'present.sqlite'), '');
    const present = { CALINTEL_DATA_DIR: dir, DATABASE_URL: join(parent, 'present.sqlite') };
    expect(loadConfig(present, { databaseMustExist: true }).databaseUrl).toBe(present.DATABASE_URL);
    const postgres = { CALINTEL_DATA_DIR: dir, DATABASE_URL: 'postgres://u@db:5432/calintel' };
    expect(loadConfig(postgres, { databaseMustExist: true }).databaseUrl).toBe(
      postgres.DATABASE_URL,
    );
    const fresh = join(parent, 'fresh');
    expect(loadConfig({ CALINTEL_DATA_DIR: fresh }, { databaseMustExist: true }).dataDir).toBe(
      fresh,
    );
  });

  it('reads the SQLite file of a database URL as the store does, against the working folder', () => {
    expect(sqliteFileOf('sqlite:./dta/x.sqlite')).toBe(join(process.cwd(), 'dta', 'x.sqlite'));
    expect(sqliteFileOf('sqlite:///srv/x.sqlite')).toBe('/srv/x.sqlite');
    expect(sqliteFileOf('SQLITE://rel/x.sqlite')).toBe(join(process.cwd(), 'rel', 'x.sqlite'));
    expect(sqliteFileOf(' /srv/x.sqlite ')).toBe('/srv/x.sqlite');
    expect(sqliteFileOf('sqlite::memory:')).toBeNull();
    expect(sqliteFileOf('sqlite:')).toBeNull();
    expect(sqliteFileOf('postgresql://u@db/x')).toBeNull();
  });

  it('refuses a file: URL that names no file here, in one line, before anything runs', () => {
    expect(() =>
      loadConfig({ CALINTEL_DATA_DIR: dataDir(), DATABASE_URL: 'file://data/cal.sqlite' }),
    ).toThrow(/DATABASE_URL: a file: URL must name a file on this machine/);
    expect(() =>
      loadConfig({ CALINTEL_DATA_DIR: dataDir(), DATABASE_URL: 'file:cal.sqlite?mode=ro' }),
    ).toThrow(/DATABASE_URL: a file: URL cannot carry \?options/);
  });

  it('reports every invalid value, one line each', () => {
    try {
      loadConfig({
        CALINTEL_DATA_DIR: dataDir(),
        PORT: 'eighty',
        CALINTEL_SECRET_KEY: 'short',
        DATABASE_URL: 'mysql://nope',
        GOOGLE_CALENDAR_CLIENT_ID: 'id-only',
      });
      expect.unreachable('loadConfig should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT: .*/);
      expect(problems.join('\n')).toContain('CALINTEL_SECRET_KEY: must be 64 hex characters');
      expect(problems.join('\n')).toContain('DATABASE_URL: must be postgres://');
      expect(problems.join('\n')).toContain(
        'GOOGLE_CALENDAR_CLIENT_SECRET: is required when GOOGLE_CALENDAR_CLIENT_ID is set',
      );
    }
  });

  it('reads an empty number as unset, like an empty text setting, not as zero', () => {
    const config = loadConfig({
      CALINTEL_DATA_DIR: dataDir(),
      PORT: '',
      SYNC_WINDOW_PAST_DAYS: ' ',
      SYNC_INTERVAL_MINUTES: '',
    });
    expect(config).toMatchObject({
      port: 8000,
      publicUrl: 'http://127.0.0.1:8000',
      syncWindow: { pastDays: 90 },
      syncIntervalMinutes: 15,
    });
  });

  it('reads an empty HOST as unset, not as an error', () => {
    expect(loadConfig({ CALINTEL_DATA_DIR: dataDir(), HOST: ' ' })).toMatchObject({
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8000',
    });
  });

  it('refuses a public URL or a provider URL that is not http or https, once per setting', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ CALINTEL_DATA_DIR: dataDir(), ...env });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems;
      }
    };
    expect(
      problems({
        CALINTEL_PUBLIC_URL: 'javascript:alert(1)',
        GOOGLE_CALENDAR_REDIRECT_URI: 'ftp://example.com/callback',
        MICROSOFT_GRAPH_API_URL: 'file:///etc/passwd',
        EXCHANGE_SERVER_URL: 'not-a-url',
      }),
    ).toEqual([
      'CALINTEL_PUBLIC_URL: must start with http:// or https://',
      'GOOGLE_CALENDAR_REDIRECT_URI: must start with http:// or https://',
      'MICROSOFT_GRAPH_API_URL: must start with http:// or https://',
      'EXCHANGE_SERVER_URL: Invalid URL',
    ]);
    expect(problems({ CALINTEL_PUBLIC_URL: 'HTTPS://calintel.example.com/' })).toEqual([]);
  });

  it('configures a provider when its settings are complete', () => {
    const config = loadConfig({
      CALINTEL_DATA_DIR: dataDir(),
      GOOGLE_CALENDAR_CLIENT_ID: 'id',
      GOOGLE_CALENDAR_CLIENT_SECRET: 'secret',
      EXCHANGE_SERVER_URL: 'https://mail.example.com/EWS/Exchange.asmx',
    });
    expect(config.providers.google).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: null,
      apiUrl: 'https://www.googleapis.com/',
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revokeUrl: 'https://oauth2.googleapis.com/revoke',
      channelRenewBeforeMs: 86_400_000,
    });
    expect(config.providers.exchange?.serverUrl).toBe('https://mail.example.com/EWS/Exchange.asmx');
    expect(config.providers.microsoft).toBeNull();
  });

  it('points Google at an emulator when its URLs are set, and trims the public URL', () => {
    const config = loadConfig({
      CALINTEL_DATA_DIR: dataDir(),
      GOOGLE_CALENDAR_CLIENT_ID: 'id',
      GOOGLE_CALENDAR_CLIENT_SECRET: 'secret',
      GOOGLE_CALENDAR_API_URL: 'http://127.0.0.1:9100/',
      GOOGLE_OAUTH_TOKEN_URL: 'http://127.0.0.1:9100/token',
      CALINTEL_PUBLIC_URL: 'https://calintel.example.com/',
    });
    expect(config.providers.google?.apiUrl).toBe('http://127.0.0.1:9100/');
    expect(config.providers.google?.tokenUrl).toBe('http://127.0.0.1:9100/token');
    expect(config.publicUrl).toBe('https://calintel.example.com');
    expect(() =>
      loadConfig({ CALINTEL_DATA_DIR: dataDir(), GOOGLE_OAUTH_TOKEN_URL: 'not a url' }),
    ).toThrow(/GOOGLE_OAUTH_TOKEN_URL/);
  });

  it("reads Microsoft's settings with Microsoft's own URLs by default, or the emulator's", () => {
    const base = {
      CALINTEL_DATA_DIR: dataDir(),
      MICROSOFT_CLIENT_ID: 'app-id',
      MICROSOFT_CLIENT_SECRET: 'secret',
    };
    expect(loadConfig(base).providers.microsoft).toEqual({
      clientId: 'app-id',
      clientSecret: 'secret',
      tenantId: 'common',
      redirectUri: null,
      authorityUrl: 'https://login.microsoftonline.com',
      graphApiUrl: 'https://graph.microsoft.com',
      subscriptionRenewBeforeMs: 86_400_000,
    });
    const emulated = loadConfig({
      ...base,
      MICROSOFT_AUTHORITY_URL: 'https://localhost:8791',
      MICROSOFT_GRAPH_API_URL: 'https://localhost:8791',
    });
    expect(emulated.providers.microsoft).toMatchObject({
      authorityUrl: 'https://localhost:8791',
      graphApiUrl: 'https://localhost:8791',
    });
    expect(() => loadConfig({ ...base, MICROSOFT_GRAPH_API_URL: 'graph' })).toThrow(
      /MICROSOFT_GRAPH_API_URL/,
    );
  });

  it('refuses a damaged key file instead of silently replacing it', () => {
    const dir = dataDir();
    loadConfig({ CALINTEL_DATA_DIR: dir });
    const keyFile = join(dir, 'secret.key');
    writeFileSync(keyFile, 'garbage\n');
    expect(() => loadConfig({ CALINTEL_DATA_DIR: dir })).toThrow(ConfigError);
  });

  it('moves jobs to Redis with REDIS_URL, and keeps events a year by default', () => {
    const embedded = loadConfig({ CALINTEL_DATA_DIR: dataDir() });
    expect(embedded.jobs.redisUrl).toBeNull();
    expect(embedded.eventRetentionDays).toBe(365);
    const scaled = loadConfig({
      CALINTEL_DATA_DIR: dataDir(),
      REDIS_URL: 'redis://cache:6379/2',
      EVENT_RETENTION_DAYS: '120',
    });
    expect(scaled.jobs.redisUrl).toBe('redis://cache:6379/2');
    expect(scaled.eventRetentionDays).toBe(120);
  });

  it('refuses a retention that does not reach past the sync window, and a REDIS_URL of another scheme', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ CALINTEL_DATA_DIR: dataDir(), ...env });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems;
      }
    };
    expect(problems({ EVENT_RETENTION_DAYS: '90' })).toEqual([
      expect.stringMatching(
        /^EVENT_RETENTION_DAYS: must be greater than SYNC_WINDOW_PAST_DAYS \(90\).*come back on the next full sync$/,
      ),
    ]);
    expect(problems({ EVENT_RETENTION_DAYS: '30', SYNC_WINDOW_PAST_DAYS: '10' })).toEqual([]);
    expect(problems({ REDIS_URL: 'http://cache:6379' })).toEqual([
      'REDIS_URL: must be redis://host:port or rediss://host:port',
    ]);
  });
});
