/**
 * The operations endpoints of a process without the api role (`serve --role worker` or
 * `scheduler`): /metrics, /healthz and /readyz on METRICS_PORT. The counters of jobs and syncs
 * live in the process that runs them, so in the scaled shape each worker is scraped on its own;
 * the api process cannot report them. Plain node:http: three fixed answers need no framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readiness } from './readiness.js';
import type { App } from './app.js';

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

export async function startOpsServer(app: App, host: string, port: number): Promise<OpsServer> {
  const server = createServer((request, response) => {
    answer(app, request, response).catch((error: unknown) => {
      app.logger.error({ err: error }, 'operations endpoint failed');
      if (!response.headersSent) send(response, 500, 'application/json', errorBody('internal'));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(app: App, request: IncomingMessage, response: ServerResponse) {
  const path = (request.url ?? '/').split('?')[0]?.replace(/\/+$/, '') ?? '';
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return send(response, 405, 'application/json', errorBody('method_not_allowed'));
  if (path === '/healthz') return send(response, 200, 'application/json', '{"status":"ok"}');
  if (path === '/readyz') {
    const answer = await readiness(app);
    const status = answer.status === 'ready' ? 200 : 503;
    return send(response, status, 'application/json', JSON.stringify(answer));
  }
  if (path === '/metrics' && app.config.metricsEnabled) {
    const registry = app.metrics.registry;
    return send(response, 200, registry.contentType, await registry.metrics());
  }
  return send(response, 404, 'application/json', errorBody('not_found'));
}

function errorBody(code: string): string {
  const messages: Record<string, string> = {
    not_found: 'only /metrics, /healthz and /readyz are served here',
    method_not_allowed: 'only GET is served here',
    internal: 'the operations endpoint failed; see the log',
  };
  return JSON.stringify({ error: { code, message: messages[code] ?? code } });
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}
