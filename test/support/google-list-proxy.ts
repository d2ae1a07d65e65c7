/**
 * A proxy in front of the Google emulator's Calendar API that plays a calendar deleted or
 * unshared at Google: a hidden calendar is left out of calendarList and its own calls answer
 * Google's 404 notFound, as Google does once the account can no longer see it. Everything else
 * passes through unchanged (the emulator has no call that takes a calendar away).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GoogleListProxy {
  /** The proxy's base URL, for GOOGLE_CALENDAR_API_URL (with a trailing slash). */
  url: string;
  /** Calendar ids Google no longer shows the account. */
  hidden: Set<string>;
  /** calendarList requests answered so far. */
  listings: number;
  close(): Promise<void>;
}

const NOT_FOUND = JSON.stringify({
  error: {
    code: 404,
    message: 'Not Found',
    errors: [{ domain: 'global', reason: 'notFound', message: 'Not Found' }],
  },
});

export async function startGoogleListProxy(emulatorUrl: string): Promise<GoogleListProxy> {
  const upstream = new URL(emulatorUrl);
  const proxy: GoogleListProxy = {
    url: '',
    hidden: new Set(),
    listings: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const calendar = /\/calendar\/v3\/calendars\/([^/?]+)/.exec(path)?.[1];
    if (calendar && proxy.hidden.has(decodeURIComponent(calendar))) {
      incoming.resume();
      outgoing.writeHead(404, { 'content-type': 'application/json' }).end(NOT_FOUND);
      return;
    }
    const listing = path.includes('/users/me/calendarList');
    if (listing) proxy.listings += 1;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        if (!listing || answer.statusCode !== 200) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        void readBody(answer).then((body) => {
          const list = JSON.parse(body) as { items?: { id: string }[] };
          list.items = (list.items ?? []).filter((item) => !proxy.hidden.has(item.id));
          const text = JSON.stringify(list);
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete headers['transfer-encoding'];
          outgoing.writeHead(200, headers).end(text);
        });
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return proxy;
}

async function readBody(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
