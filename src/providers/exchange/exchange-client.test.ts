/**
 * GetItem answers as ews-javascript-api parses them, read by ExchangeSession: scripted SOAP
 * documents served over HTTP, so the library's own parsing of per-item errors is what is tested.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { ExchangeClient, type ExchangeSession } from './exchange-client.js';

const T = 'http://schemas.microsoft.com/exchange/services/2006/types';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';

function envelope(messages: string[]): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>' +
    `<h:ServerVersionInfo xmlns:h="${T}" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"/>` +
    `</s:Header><s:Body><m:GetItemResponse xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages>` +
    messages.join('') +
    '</m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>'
  );
}

/** A calendar item's message; `start: null` leaves t:Start out. */
function item(id: string, options: { start?: string | null; extra?: string } = {}): string {
  const start = options.start === undefined ? '2026-03-02T09:00:00Z' : options.start;
  return (
    '<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
    `<m:Items><t:CalendarItem><t:ItemId Id="${id}" ChangeKey="CK-${id}"/><t:Subject>${id}</t:Subject>` +
    (start === null ? '' : `<t:Start>${start}</t:Start>`) +
    `<t:End>2026-03-02T10:00:00Z</t:End>${options.extra ?? ''}</t:CalendarItem></m:Items>` +
    '</m:GetItemResponseMessage>'
  );
}

function itemError(code: string, text: string): string {
  return (
    `<m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>${text}</m:MessageText>` +
    `<m:ResponseCode>${code}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>` +
    '<m:Items/></m:GetItemResponseMessage>'
  );
}

let server: Server;
let answer: { status: number; body: string } = { status: 200, body: '' };
let session: ExchangeSession;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, { 'content-type': 'text/xml; charset=utf-8' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  session = new ExchangeClient({ timeoutMs: 5_000 }).session(
    { serverUrl: `http://127.0.0.1:${port}/EWS/Exchange.asmx` },
    { authType: 'basic', username: 'alice', password: 'secret' },
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const answering = (...messages: string[]) => {
  answer = { status: 200, body: envelope(messages) };
};

describe('ExchangeSession.getItems with per-item errors', () => {
  it('reads the other items of a batch when Exchange answers one with ErrorCorruptData', async () => {
    answering(item('A'), itemError('ErrorCorruptData', 'Data is corrupt.'), item('C'));
    const read = await session.getItems(['A', 'B', 'C']);
    expect(read.items.map((i) => i.id)).toEqual(['A', 'C']);
    expect(read.missing).toEqual([]);
    expect(read.failed).toEqual([
      { id: 'B', code: 'ErrorCorruptData', message: 'Data is corrupt.' },
    ]);
  });

  it('names the id asked for when the id itself is refused (ErrorInvalidIdMalformed)', async () => {
    answering(itemError('ErrorInvalidIdMalformed', 'Id is malformed.'), item('B'));
    const read = await session.getItems(['not-an-id', 'B']);
    expect(read.items.map((i) => i.id)).toEqual(['B']);
    expect(read.failed).toEqual([
      { id: 'not-an-id', code: 'ErrorInvalidIdMalformed', message: 'Id is malformed.' },
    ]);
  });

  it('reads an unknown per-item code as that item failing, not the call', async () => {
    answering(item('A'), itemError('ErrorSomethingNewer', 'A newer server said no.'));
    const read = await session.getItems(['A', 'B']);
    expect(read.items.map((i) => i.id)).toEqual(['A']);
    expect(read.failed).toMatchObject([{ id: 'B', message: 'A newer server said no.' }]);
  });

  it('counts an item gone since it was listed (ErrorItemNotFound) as missing, not failed', async () => {
    answering(item('A'), itemError('ErrorItemNotFound', 'The specified object was not found.'));
    const read = await session.getItems(['A', 'B']);
    expect(read).toMatchObject({ missing: ['B'], failed: [] });
    expect(read.items.map((i) => i.id)).toEqual(['A']);
  });

  it('reports an item sent without its start, or not as a calendar item, instead of dropping it', async () => {
    answering(
      item('A'),
      item('B', { start: null }),
      '<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>' +
        '<m:Items><t:Message><t:ItemId Id="C" ChangeKey="x"/><t:Subject>mail</t:Subject></t:Message></m:Items>' +
        '</m:GetItemResponseMessage>',
    );
    const read = await session.getItems(['A', 'B', 'C']);
    expect(read.items.map((i) => i.id)).toEqual(['A']);
    expect(read.failed.map((f) => f.id)).toEqual(['B', 'C']);
    expect(read.failed[0]!.message).toMatch(/start/);
  });

  it('fails the whole call when an item error speaks for the server (ErrorServerBusy, ErrorMailboxStoreUnavailable)', async () => {
    answering(item('A'), itemError('ErrorServerBusy', 'The server cannot service this request.'));
    await expect(session.getItems(['A', 'B'])).rejects.toMatchObject({ kind: 'rate_limit' });
    answering(itemError('ErrorMailboxStoreUnavailable', 'The mailbox database is down.'));
    await expect(session.getItems(['A'])).rejects.toMatchObject({ kind: 'transient' });
  });

  it('keeps a failure of the whole GetItem call as it was (a SOAP fault with HTTP 500)', async () => {
    answer = {
      status: 500,
      body:
        '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>' +
        `<faultcode xmlns:a="${T}">a:ErrorServerBusy</faultcode><faultstring xml:lang="en-US">Busy.</faultstring>` +
        '<detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>' +
        `<t:MessageXml xmlns:t="${T}"><t:Value Name="BackOffMilliseconds">30000</t:Value></t:MessageXml></detail>` +
        '</s:Fault></s:Body></s:Envelope>',
    };
    const error = await session.getItems(['A']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
  });
});

describe('ExchangeSession.getExceptions with per-item errors', () => {
  it('returns the fields of the exceptions it could read and names the others', async () => {
    answering(item('X1'), itemError('ErrorCorruptData', 'Data is corrupt.'), item('X3'));
    const read = await session.getExceptions(['X1', 'X2', 'X3']);
    expect([...read.fields.keys()]).toEqual(['X1', 'X3']);
    expect(read.failed).toEqual([
      { id: 'X2', code: 'ErrorCorruptData', message: 'Data is corrupt.' },
    ]);
  });
});
