import {
  BasePropertySet,
  PropertySet,
  SyncFolderItemsScope,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md4 } from './md4.js';
import { bearerTokenFor, startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import {
  ALICE_PASSWORD,
  buildItem,
  buildSeed,
  calendarFolder,
  ewsClient,
  failure,
  FIRST_SYNC,
} from './test-kit.js';

const firstSync = (ews: ExchangeService) =>
  ews.SyncFolderItems(
    calendarFolder(),
    new PropertySet(BasePropertySet.IdOnly),
    [],
    10,
    SyncFolderItemsScope.NormalItems,
    FIRST_SYNC,
  );

describe('Basic and bearer over HTTPS (the emulator CA trusted by configuration)', () => {
  let emulator: RunningExchangeEmulator;
  beforeAll(async () => {
    emulator = await startExchangeEmulator({ seed: buildSeed([buildItem()]) });
  });
  afterAll(() => emulator.close());

  it('serves HTTPS with a certificate the client trusts through its agent', () => {
    expect(emulator.ewsUrl).toMatch(/^https:\/\/localhost:\d+\/EWS\/Exchange\.asmx$/);
    expect(emulator.ca).toContain('BEGIN CERTIFICATE');
  });

  it('accepts Basic as alice, CONTOSO\\alice and the SMTP address', async () => {
    for (const user of ['alice', 'CONTOSO\\alice', 'alice@contoso.test'])
      expect((await firstSync(ewsClient(emulator, { kind: 'basic', user }))).Count).toBe(1);
  });

  it('answers a wrong password with 401', async () => {
    const refused = await failure(
      firstSync(ewsClient(emulator, { kind: 'basic', password: 'nope' })),
    );
    expect(refused.httpStatus).toBe(401);
  });

  it('accepts a seeded bearer token and answers an unknown one with 401', async () => {
    expect((await firstSync(ewsClient(emulator, { kind: 'bearer' }))).Count).toBe(1);
    const stranger = bearerTokenFor('mallory@contoso.test');
    const refused = await failure(
      firstSync(ewsClient(emulator, { kind: 'bearer', token: stranger })),
    );
    expect(refused.httpStatus).toBe(401);
  });
});

describe('NTLM (plain HTTP: @ewsjs/xhr replaces the https agent during the handshake)', () => {
  let emulator: RunningExchangeEmulator;
  beforeAll(async () => {
    emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed([buildItem()]),
      // NTLM only, so a success cannot have come from the Basic header the library also sets.
      settings: { authSchemes: ['ntlm'] },
    });
  });
  afterAll(() => emulator.close());

  it('completes the type 1/2/3 handshake and checks the NTLMv2 response', async () => {
    expect((await firstSync(ewsClient(emulator, { kind: 'ntlm' }))).Count).toBe(1);
    const withDomain = ewsClient(emulator, { kind: 'ntlm', user: 'CONTOSO\\alice' });
    expect((await firstSync(withDomain)).Count).toBe(1);
  });

  it('answers a wrong NTLM password with 401, and offers NTLM only', async () => {
    const refused = await failure(
      firstSync(ewsClient(emulator, { kind: 'ntlm', password: 'nope' })),
    );
    expect(refused.httpStatus).toBe(401);
    const response = await fetch(emulator.ewsUrl, { method: 'POST', body: '' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Negotiate, NTLM');
  });

  it('refuses Basic when only NTLM is enabled', async () => {
    const basic = ewsClient(emulator, { kind: 'basic', password: ALICE_PASSWORD });
    expect((await failure(firstSync(basic))).httpStatus).toBe(401);
  });
});

describe('md4 (Node 20 has no MD4: OpenSSL 3 keeps it in the legacy provider)', () => {
  it('matches the RFC 1320 test suite', () => {
    const vectors: [string, string][] = [
      ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
      ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
      ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
      ['message digest', 'd9130a8164549fe818874806e1c7014b'],
      ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
      ['1234567890'.repeat(8), 'e33b4ddc9c38f2199c3e7b164fcc0536'],
    ];
    for (const [input, hex] of vectors) expect(md4(Buffer.from(input)).toString('hex')).toBe(hex);
  });
});
