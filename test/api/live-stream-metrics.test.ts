import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import {
  eventually,
  LIVE,
  liveRequestsCounted,
  openStreams as liveOpenStreams,
  useLiveServer,
} from '../support/live-stream.js';
import { bearer } from '../support/test-app.js';

/** The log lines a server wrote, parsed. */
function logSink(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

describeEachDialect('open live streams', (context) => {
  const log = logSink();
  // The same application, served with a logger the test reads.
  const live = useLiveServer(context, pino({ level: 'info' }, log.stream));
  const openStreams = () => liveOpenStreams(live.server());
  const streamsAnswered = () => liveRequestsCounted(live.server());

  it('are a gauge in /metrics while open, and logged when they open and when they close', async () => {
    const tenant = await seedTenant(context().store, 'live-metrics');
    const { token } = await context().store.apiTokens.create(tenant.scope, 'live');
    const base = await live.server().listen({ port: 0, host: '127.0.0.1' });
    expect(await openStreams()).toBe(0);
    const controller = new AbortController();
    const response = await fetch(`${base}${LIVE}`, {
      headers: bearer(token),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(await eventually(openStreams, (n) => n === 1)).toBe(1);
    const opened = log.lines.find((l) => l['msg'] === 'live stream opened');
    expect(opened).toMatchObject({ liveStreams: 1, userId: tenant.scope.userId });

    controller.abort();
    expect(await eventually(openStreams, (n) => n === 0)).toBe(0);
    const closed = await eventually(
      async () => log.lines.find((l) => l['msg'] === 'live stream closed'),
      (line) => line !== undefined,
    );
    expect(closed).toMatchObject({ reqId: opened?.['reqId'], endedBy: 'client', liveStreams: 0 });
    expect(typeof closed?.['responseTime']).toBe('number');
    // Fastify counts an answer when it finishes, which a stream the browser closed never does.
    expect(await streamsAnswered()).toBe(1);
  });
});
