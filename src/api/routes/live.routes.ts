/**
 * The dashboard's live updates: a server-sent events stream that says "changed" whenever what
 * the caller's pages show changed, whichever process made the change (a push-triggered sync runs
 * in a worker), so the stream reads the store rather than listening in memory.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import type { ApiDeps, Caller } from '../api-deps.js';
import { bearerToken, callerOf, sessionToken } from '../auth.js';

/** Below the idle timeouts of common proxies, so an open stream is not cut for silence. */
const KEEP_ALIVE_MS = 25_000;
/** How long a browser waits before reconnecting after the stream drops. */
const RECONNECT_MS = 3_000;
/** Every this many polls the stream checks that its session or token is still good. */
const RECHECK_EVERY_POLLS = 10;
/** Open streams per session or token: a few tabs, not an unbounded number of pollers. */
const MAX_STREAMS_PER_CALLER = 5;

export function liveRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const open = new Map<ServerResponse, () => void>();
    const perCaller = new Map<string, number>();
    // Open streams would keep the server from closing: end them first.
    app.addHook('preClose', async () => {
      for (const [response, stop] of open) {
        stop();
        response.end();
      }
    });

    app.get(
      '/live/',
      {
        schema: {
          summary: 'Live updates for the dashboard (server-sent events)',
          description: `Sends \`event: change\` with \`{"version"}\` once on connect and whenever your events, meetings, conflicts, syncs or relationships change; refetch what you show when it does. The stream ends when the session does. At most ${MAX_STREAMS_PER_CALLER} streams per session or token.`,
          tags: ['dashboard'],
          security: [{ bearer: [] }],
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const streams = perCaller.get(caller.tokenId) ?? 0;
        if (streams >= MAX_STREAMS_PER_CALLER)
          throw new AppError(
            'rate_limited',
            `at most ${MAX_STREAMS_PER_CALLER} live streams at once; close another tab`,
          );
        perCaller.set(caller.tokenId, streams + 1);
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        response.write(`retry: ${RECONNECT_MS}\n\n`);
        const send = (text: string) => {
          if (!response.writableEnded) response.write(text);
        };
        const watcher = watchVersion(deps, caller, stillAuthorised(deps, request), {
          changed: (version) => send(`event: change\ndata: ${JSON.stringify({ version })}\n\n`),
          ended: () => {
            send('event: ended\ndata: {}\n\n');
            response.end();
          },
        });
        const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS);
        let stopped = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          watcher.stop();
          clearInterval(keepAlive);
          open.delete(response);
          deps.observeLiveStream?.('closed');
          const left = (perCaller.get(caller.tokenId) ?? 1) - 1;
          if (left > 0) perCaller.set(caller.tokenId, left);
          else perCaller.delete(caller.tokenId);
        };
        open.set(response, stop);
        deps.observeLiveStream?.('opened');
        // The request log's line comes only when the stream closes, maybe hours later.
        request.log.info({ userId: caller.userId, liveStreams: open.size }, 'live stream opened');
        let reported = false;
        const closed = () => {
          stop();
          if (reported) return;
          reported = true;
          reportClosed(deps, request, reply, open.size);
        };
        request.raw.once('close', stop);
        response.once('close', closed);
        response.on('error', (error) => request.log.debug({ err: error }, 'live stream error'));
        // A client gone during the async authentication fired 'close' before these listeners
        // were attached: without this the gauge, perCaller and the poll would never be released.
        if (request.raw.destroyed || response.destroyed) closed();
        await watcher.first;
      },
    );
  };
}

/**
 * Logs a stream's end with how long it was open. Fastify logs and counts a request when its
 * answer finishes, which a stream the browser closes never does (it is only torn down): such a
 * stream is counted here instead, once, as the answer it was.
 */
function reportClosed(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  liveStreams: number,
): void {
  const finished = reply.raw.writableFinished;
  request.log.info(
    { responseTime: reply.elapsedTime, endedBy: finished ? 'server' : 'client', liveStreams },
    'live stream closed',
  );
  if (finished) return;
  deps.observeRequest?.({
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status: reply.raw.statusCode,
    seconds: reply.elapsedTime / 1000,
  });
}

/** Whether the credential the stream was opened with still works (sign-out, revoked token). */
function stillAuthorised(deps: ApiDeps, request: FastifyRequest): () => Promise<boolean> {
  const token = bearerToken(request);
  if (token) return async () => (await deps.authenticate(token)) !== null;
  const cookie = sessionToken(request);
  return async () => (cookie ? (await deps.web.session(cookie)) !== null : false);
}

/** Polls the caller's version and reports each new one; one poll at a time. */
function watchVersion(
  deps: ApiDeps,
  caller: Caller,
  authorised: () => Promise<boolean>,
  on: { changed: (version: string) => void; ended: () => void },
) {
  let last: string | null = null;
  let stopped = false;
  let busy = false;
  let polls = 0;
  const poll = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      polls += 1;
      if (polls % RECHECK_EVERY_POLLS === 0 && !(await authorised())) {
        stopped = true;
        on.ended();
        return;
      }
      const version = digest(await deps.web.liveVersion(caller));
      if (!stopped && version !== last) {
        last = version;
        on.changed(version);
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

/** The raw version names row counts and times; the page needs only to see it change. */
function digest(version: string): string {
  return createHash('sha256').update(version).digest('base64url').slice(0, 16);
}
