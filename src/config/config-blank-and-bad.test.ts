import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { hostProblem, urlHost } from './host.js';
import { envSchema } from './schema.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'calintel-config-'));

/** The problems loadConfig reports, or [] when it accepts the settings. */
function problems(environment: Record<string, string>): string[] {
  try {
    loadConfig({ CALINTEL_DATA_DIR: dataDir(), ...environment });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('loadConfig, with settings left empty', () => {
  const every = (value: string) =>
    Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, value]));

  it('reads every setting of the schema left empty (or blank) as unset, so each takes its default', () => {
    // Every key of the schema, so that a setting added later cannot forget it.
    expect(envSchema.parse(every(''))).toEqual(envSchema.parse({}));
    expect(envSchema.parse(every(' \t'))).toEqual(envSchema.parse({}));
    const home = process.cwd();
    process.chdir(dataDir()); // CALINTEL_DATA_DIR= is ./data: keep it out of the repository
    try {
      const unset = loadConfig({});
      const blank = loadConfig(every(''));
      expect({ ...blank, warnings: [] }).toEqual({ ...unset, warnings: [] });
      expect(blank).toMatchObject({
        env: 'development',
        logLevel: 'info',
        host: '127.0.0.1',
        metricsEnabled: true,
        allowPrivateNetworkCalendars: false,
        jobs: { redisPrefix: 'calintel', redisUrl: null },
      });
    } finally {
      process.chdir(home);
    }
  });

  it('takes the defaults of the settings the review found stopping the process when empty', () => {
    const config = loadConfig({
      CALINTEL_DATA_DIR: dataDir(),
      LOG_LEVEL: '',
      NODE_ENV: '',
      METRICS_ENABLED: '',
      ALLOW_PRIVATE_NETWORK_CALENDARS: '',
      REDIS_PREFIX: '',
      GOOGLE_CALENDAR_API_URL: '',
      MICROSOFT_AUTHORITY_URL: ' ',
      MICROSOFT_TENANT_ID: '',
      MICROSOFT_CLIENT_ID: 'app',
      MICROSOFT_CLIENT_SECRET: 'secret',
    });
    expect(config.providers.microsoft).toMatchObject({
      tenantId: 'common',
      authorityUrl: 'https://login.microsoftonline.com',
    });
    expect(config.jobs.redisPrefix).toBe('calintel');
  });
});

describe('loadConfig, with a bad value', () => {
  it('quotes a whole number it cannot read, with its range', () => {
    expect(problems({ PORT: 'abc', JOBS_CONCURRENCY: '2.5', ICS_MAX_BYTES: '12' })).toEqual([
      'PORT: must be a whole number from 0 to 65535, got "abc"',
      'ICS_MAX_BYTES: must be a whole number of at least 1024, got "12"',
      'JOBS_CONCURRENCY: must be a whole number from 1 to 64, got "2.5"',
    ]);
    expect(problems({ METRICS_PORT: '70000' })).toEqual([
      'METRICS_PORT: must be a whole number from 0 to 65535, got "70000"',
    ]);
  });

  it('lists the words a word setting takes, and quotes the value', () => {
    expect(problems({ LOG_LEVEL: 'verbose', ALLOW_PRIVATE_NETWORK_CALENDARS: 'yes' })).toEqual([
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'ALLOW_PRIVATE_NETWORK_CALENDARS: must be true or false, got "yes"',
    ]);
  });

  it('writes an IPv6 HOST in brackets in the public URL', () => {
    expect(loadConfig({ CALINTEL_DATA_DIR: dataDir(), HOST: '::1' })).toMatchObject({
      host: '::1',
      publicUrl: 'http://[::1]:8000',
    });
    expect(loadConfig({ CALINTEL_DATA_DIR: dataDir(), HOST: '::', PORT: '9000' }).publicUrl).toBe(
      'http://[::]:9000',
    );
    expect(loadConfig({ CALINTEL_DATA_DIR: dataDir(), HOST: 'calintel.internal' }).publicUrl).toBe(
      'http://calintel.internal:8000',
    );
  });

  it('refuses a HOST that is neither an IP address nor a host name, in one line', () => {
    for (const host of ['999.1.1.1', 'a b', 'http://x', '-x']) {
      expect(problems({ HOST: host }), host).toEqual([
        `HOST: must be an IP address (127.0.0.1, 0.0.0.0, ::1, ::) or a host name, got "${host}"`,
      ]);
    }
    // An IP address all the same: said so, with what to do (before: "must be an IP address").
    expect(problems({ HOST: 'fe80::1%eth0' })).toEqual([
      'HOST: an IPv6 address with a zone index cannot be written in a URL, got "fe80::1%eth0"; listen on :: (every interface) or on a global address instead',
    ]);
    for (const host of ['0.0.0.0', '::ffff:127.0.0.1', 'localhost', 'db_1', 'host.example.'])
      expect(hostProblem(host), host).toBeNull();
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });

  it('refuses a CALINTEL_DATA_DIR that is a file, or lies under one, in one line', () => {
    const file = join(dataDir(), 'not-a-folder');
    writeFileSync(file, '');
    expect(problems({ CALINTEL_DATA_DIR: file })).toEqual([
      `CALINTEL_DATA_DIR: ${file} is a file, not a folder`,
    ]);
    expect(problems({ CALINTEL_DATA_DIR: join(file, 'data') })).toEqual([
      `CALINTEL_DATA_DIR: ${join(file, 'data')} cannot be a folder: part of its path is a file`,
    ]);
    // With the key set, nothing is written there, but the folder is still the data folder.
    expect(
      problems({ CALINTEL_DATA_DIR: file, CALINTEL_SECRET_KEY: 'ab'.repeat(32) }),
    ).toHaveLength(1);
  });

  it('refuses a SQLite DATABASE_URL that names no file, in one line', () => {
    for (const url of ['sqlite:', 'sqlite://', 'file:', 'file://']) {
      expect(problems({ DATABASE_URL: url }), url).toEqual([
        `DATABASE_URL: "${url}" names no file; give sqlite:PATH (sqlite:./data/calintel.sqlite), or sqlite::memory:`,
      ]);
    }
  });
});
