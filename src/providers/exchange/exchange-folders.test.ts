/**
 * The folder listing's requests and paging, against scripted SOAP answers parsed by
 * ews-javascript-api: both deep searches (from msgfolderroot, and below Deleted Items) ask for
 * calendar folders only, page after page from where the last ended; a server with more than the
 * page cap reads (here one that answers a few folders a page, as a find-count limit makes it, and
 * always says more are available) fails the listing as transient instead of handing out the
 * folders read so far as if they were all: calendar discovery would take every calendar folder
 * past the cut for deleted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { ExchangeClient, type ExchangeSession } from './exchange-client.js';
import { FOLDER_PAGE, MAX_FOLDER_PAGES } from './exchange-folders.js';

const T = 'http://schemas.microsoft.com/exchange/services/2006/types';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';
/** Folders the scripted server answers per FindFolder page, whatever was asked. */
const SERVED = 3;
/** Pages of the search from msgfolderroot; the one below Deleted Items never ends. */
const ROOT_PAGES = 2;

function envelope(operation: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>' +
    `<h:ServerVersionInfo xmlns:h="${T}" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"/>` +
    `</s:Header><s:Body><m:${operation}Response xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages>` +
    `<m:${operation}ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>` +
    `${message}</m:${operation}ResponseMessage></m:ResponseMessages></m:${operation}Response>` +
    '</s:Body></s:Envelope>'
  );
}

function folder(id: string, name: string, folderClass: string): string {
  const element = folderClass === 'IPF.Appointment' ? 't:CalendarFolder' : 't:Folder';
  return (
    `<${element}><t:FolderId Id="${id}" ChangeKey="CK-${id}"/>` +
    '<t:ParentFolderId Id="FldRoot" ChangeKey="CK-root"/>' +
    `<t:FolderClass>${folderClass}</t:FolderClass><t:DisplayName>${name}</t:DisplayName></${element}>`
  );
}

/** GetFolder of a distinguished folder, or a FindFolder page of a mailbox that never ends. */
function answer(body: string): string {
  if (body.includes(':GetFolder')) {
    const name = /DistinguishedFolderId Id="(\w+)"/.exec(body)?.[1] ?? 'calendar';
    const cls = name === 'calendar' ? 'IPF.Appointment' : 'IPF.Note';
    return envelope('GetFolder', `<m:Folders>${folder(`Fld-${name}`, name, cls)}</m:Folders>`);
  }
  const view = /IndexedPageFolderView[^>]*/.exec(body)?.[0] ?? '';
  const offset = Number(/Offset="(\d+)"/.exec(view)?.[1] ?? 0);
  const asked = Number(/MaxEntriesReturned="(\d+)"/.exec(view)?.[1] ?? 0);
  const parent = /ParentFolderIds>.*?DistinguishedFolderId Id="(\w+)"/.exec(body)?.[1] ?? '';
  const restriction = /Restriction>(.*?)<\/\w+:Restriction/.exec(body)?.[1] ?? '';
  offsets.set(parent, [...(offsets.get(parent) ?? []), offset]);
  requests.add(
    `${asked} ${restriction.replace(/<(\/?)\w+:/g, '<$1').replace(/ xmlns:\w+="[^"]*"/g, '')}`,
  );
  const folders = Array.from({ length: SERVED }, (_, i) =>
    folder(`Fld${parent}${offset + i}`, `Folder ${offset + i}`, 'IPF.Appointment'),
  );
  const last = parent === 'msgfolderroot' && offset + SERVED >= ROOT_PAGES * SERVED;
  return envelope(
    'FindFolder',
    `<m:RootFolder IndexedPagingOffset="${offset + SERVED}" TotalItemsInView="1000000" ` +
      `IncludesLastItemInRange="${last}"><t:Folders>${folders.join('')}</t:Folders></m:RootFolder>`,
  );
}

let server: Server;
let session: ExchangeSession;
/** The offset of every FindFolder page, by the parent searched. */
const offsets = new Map<string, number[]>();
/** Every FindFolder's page size and restriction (namespace prefixes dropped). */
const requests = new Set<string>();

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      response.end(answer(body));
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

describe('listing the calendar folders', () => {
  it('fails as transient when the page cap is reached with more folders left', async () => {
    const error = await session.calendarFolders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('transient');
    expect((error as ProviderError).message).toContain(`${MAX_FOLDER_PAGES} FindFolder pages`);
    // Both searches, every page asked from where the one before ended, at the page size.
    const pages = (n: number) => Array.from({ length: n }, (_, i) => i * SERVED);
    expect(Object.fromEntries(offsets)).toEqual({
      msgfolderroot: pages(ROOT_PAGES),
      deleteditems: pages(MAX_FOLDER_PAGES),
    });
    expect([...requests]).toEqual([
      `${FOLDER_PAGE} <IsEqualTo><FieldURI FieldURI="folder:FolderClass"></FieldURI>` +
        '<FieldURIOrConstant><Constant Value="IPF.Appointment"></Constant>' +
        '</FieldURIOrConstant></IsEqualTo>',
    ]);
  });
});
