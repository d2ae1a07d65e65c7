import {
  BasePropertySet,
  PropertySet,
  SyncFolderItemsScope,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import {
  buildItem,
  buildSeed,
  calendarFolder,
  ewsClient,
  failure,
  FIRST_SYNC,
} from './test-kit.js';

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  emulator = await startExchangeEmulator({ seed: buildSeed([buildItem()]) });
  ews = ewsClient(emulator);
});
afterEach(() => emulator.state.clearFaults());
afterAll(() => emulator.close());

const sync = () =>
  ews.SyncFolderItems(
    calendarFolder(),
    new PropertySet(BasePropertySet.IdOnly),
    [],
    10,
    SyncFolderItemsScope.NormalItems,
    FIRST_SYNC,
  );

describe('throttling and faults', () => {
  it('answers ErrorServerBusy as HTTP 500 with BackOffMilliseconds, once', async () => {
    emulator.state.addFault({ fault: 'serverBusy', times: 1, backOffMs: 30_000 });
    const busy = await failure(sync());
    expect(busy).toMatchObject({ code: 'ErrorServerBusy', httpStatus: 500, backOffMs: '30000' });
    expect((await sync()).Count).toBe(1);
  });

  it('answers HTTP 503 without a SOAP body', async () => {
    emulator.state.addFault({ fault: 'serviceUnavailable', times: 1 });
    expect((await failure(sync())).httpStatus).toBe(503);
  });

  it('answers ErrorInternalServerError inside an HTTP 200 response message', async () => {
    emulator.state.addFault({
      fault: 'internalServerError',
      match: { operation: 'SyncFolderItems' },
    });
    expect((await failure(sync())).code).toBe('ErrorInternalServerError');
  });

  it('matches rules by operation and fires at a seeded rate', async () => {
    emulator.state.addFault({ fault: 'serverBusy', match: { operation: 'GetItem' } });
    expect((await sync()).Count).toBe(1);
    emulator.state.clearFaults();
    const outcomes = async () => {
      emulator.state.seedFaults(7);
      const rule = emulator.state.addFault({ fault: 'serverBusy', rate: 0.5 });
      const seen: boolean[] = [];
      for (let i = 0; i < 12; i++)
        seen.push(
          await sync().then(
            () => true,
            () => false,
          ),
        );
      emulator.state.removeFault(rule.id);
      return seen;
    };
    const first = await outcomes();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await outcomes()).toEqual(first);
  });
});
