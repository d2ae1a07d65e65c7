/**
 * A small HTTP proxy in front of Radicale that fails the requests a test chooses: drops the
 * connection, answers a 5xx or 429 itself, rewrites the server's answers, or pretends the server has no sync-collection (as a
 * CalDAV server without RFC 6578 would answer the REPORT).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  { kind: 'drop' } | { kind: 'status'; status: number; retryAfter?: string } | { kind: 'pass' };

export interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
}

export interface FaultProxy {
  url: string;
  /** Decides each request's fate; passes everything until set. */
  plan: (request: ProxiedRequest) => Fault;
  /** Answers sync-collection REPORTs as a server without RFC 6578 would (403, no precondition). */
  withoutSyncCollection: boolean;
  /** Changes the server's answer bodies (a copy our parser cannot read); none until set. */
  rewrite: ((body: string, request: ProxiedRequest) => string) | null;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = {
    url: '',
    plan: () => ({ kind: 'pass' }),
    withoutSyncCollection: false,
    rewrite: null,
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((incoming, outgoing) => {
    void readBody(incoming).then((body) => {
      const seen = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', body };
      proxy.requests.push(seen);
      if (
        proxy.withoutSyncCollection &&
        seen.method === 'REPORT' &&
        body.includes('sync-collection')
      ) {
        outgoing.writeHead(403, { 'content-type': 'text/plain' }).end('REPORT not supported');
        return;
      }
      const fault = proxy.plan(seen);
      if (fault.kind === 'drop') {
        incoming.socket.destroy();
        return;
      }
      if (fault.kind === 'status') {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
        outgoing.writeHead(fault.status, headers).end('injected fault');
        return;
      }
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: seen.method,
          path: seen.path,
          headers: {
            ...incoming.headers,
            host: upstream.host,
            // A body to rewrite must come back as text, not compressed.
            ...(proxy.rewrite ? { 'accept-encoding': 'identity' } : {}),
          },
        },
        (answer) => {
          const rewrite = proxy.rewrite;
          if (!rewrite) {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
            return;
          }
          void readBody(answer).then((text) => {
            const headers = { ...answer.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            outgoing.writeHead(answer.statusCode ?? 502, headers).end(rewrite(text, seen));
          });
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(body);
    });
  });
  // Keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}
