/**
 * The dashboard's live updates: a server-sent events stream that says "changed" whenever what
 * the caller's pages show changed, whichever process made the change (a push-triggered sync runs
 * in a worker), so the stream reads the store rather than listening in memory.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps, Caller } from '../api-deps.js';
import { callerOf } from '../auth.js';

/** Below the idle timeouts of common proxies, so an open stream is not cut for silence. */
const KEEP_ALIVE_MS = 25_000;
/** How long a browser waits before reconnecting after the stream drops. */
const RECONNECT_MS = 3_000;

export function liveRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const open = new Set<ServerResponse>();
    // Open streams would keep the server from closing: end them first.
    app.addHook('preClose', async () => {
      for (const response of open) response.end();
    });

    app.get(
      '/live/',
      {
        schema: {
          summary: 'Live updates for the dashboard (server-sent events)',
          description:
            'Sends `event: change` with `{"version"}` once on connect and whenever your events, meetings, conflicts, syncs or relationships change; refetch what you show when it does.',
          tags: ['dashboard'],
          security: [{ bearer: [] }],
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        response.write(`retry: ${RECONNECT_MS}\n\n`);
        open.add(response);
        const watcher = watchVersion(deps, caller, (version) =>
          response.write(`event: change\ndata: ${JSON.stringify({ version })}\n\n`),
        );
        const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
        const stop = () => {
          watcher.stop();
          clearInterval(keepAlive);
          open.delete(response);
        };
        request.raw.once('close', stop);
        response.once('close', stop);
        response.once('error', (error) => request.log.debug({ err: error }, 'live stream error'));
        await watcher.first;
      },
    );
  };

  /** Polls the caller's version and reports each new one; one poll at a time. */
  function watchVersion(deps: ApiDeps, caller: Caller, send: (version: string) => void) {
    let last: string | null = null;
    let stopped = false;
    let busy = false;
    const poll = async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        const version = digest(await deps.web.liveVersion(caller));
        if (!stopped && version !== last) {
          last = version;
          send(version);
        }
      } catch (error) {
        // A database hiccup skips one poll; the stream stays open and the next poll tries again.
        deps.logger.warn({ err: error }, 'live update poll failed');
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void poll(), deps.web.livePollMs);
    return {
      first: poll(),
      stop: () => {
        stopped = true;
        clearInterval(timer);
      },
    };
  }
}

/** The raw version names row counts and times; the page needs only to see it change. */
function digest(version: string): string {
  return createHash('sha256').update(version).digest('base64url').slice(0, 16);
}
