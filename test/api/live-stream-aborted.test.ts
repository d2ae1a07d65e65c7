import { connect } from 'node:net';
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
/** One more than the streams a token may hold open at once (MAX_STREAMS_PER_CALLER). */
const ABORTS = 6;

/** Sends a stream request and destroys the socket once the bytes are out, before any answer. */
function requestAndLeave(base: URL, token: string): Promise<void> {
  const head = [
    `GET ${LIVE} HTTP/1.1`,
    `Host: ${base.host}`,
    `Authorization: ${bearer(token).authorization}`,
    'Accept: text/event-stream',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname);
    socket.on('error', reject);
    socket.write(head, () => {
      socket.destroy();
      resolve();
    });
  });
}

describeEachDialect('live streams whose client left at once', (context) => {
  const live = useLiveServer(context);
  const openStreams = () => liveOpenStreams(live.server());
  const streamsLogged = () => liveRequestsCounted(live.server());

  it('are released: the gauge returns to 0 and the token may open a stream again', async () => {
    const tenant = await seedTenant(context().store, 'live-aborted');
    const { token } = await context().store.apiTokens.create(tenant.scope, 'live');
    const base = new URL(await live.server().listen({ port: 0, host: '127.0.0.1' }));
    for (let i = 0; i < ABORTS; i += 1) await requestAndLeave(base, token);
    // Every aborted request reaches the route and is counted once it is torn down.
    await eventually(streamsLogged, (n) => n === ABORTS);
    expect(await openStreams()).toBe(0);

    const controller = new AbortController();
    const response = await fetch(new URL(LIVE, base), {
      headers: bearer(token),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
    expect(await eventually(openStreams, (n) => n === 0)).toBe(0);
  });
});
