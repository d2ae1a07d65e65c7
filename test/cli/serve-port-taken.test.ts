import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import { runCalintel } from '../support/cli.js';
import { describeWithRedis, REDIS_URL } from '../support/queues.js';

const TEST_KEY = '0f'.repeat(32);

/** A port another program holds for the whole file. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** Every way a queue could start work: running jobs, registering schedules, queueing a job. */
function spyOnQueue(queue: typeof LocalJobQueue | typeof BullMqJobQueue) {
  return [
    vi.spyOn(queue.prototype, 'start'),
    vi.spyOn(queue.prototype, 'schedule'),
    vi.spyOn(queue.prototype, 'enqueue'),
  ];
}

let held: { server: Server; port: number };
const serveOnHeldPort = (env: Record<string, string> = {}) =>
  runCalintel(['serve'], {
    env: {
      CALINTEL_SECRET_KEY: TEST_KEY,
      CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-port-taken-')),
      PORT: String(held.port),
      ...env,
    },
  });
const PORT_MESSAGE = () =>
  `calintel: cannot listen on 127.0.0.1:${held.port}: another program is using it; stop it, or choose another port with PORT=<port>\n`;

beforeAll(async () => {
  held = await holdPort();
});
afterAll(() => {
  held.server.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

// A second copy started by mistake must not run jobs, schedules or syncs beside the first.
describe('calintel serve on a port already taken (embedded shape)', { timeout: 60_000 }, () => {
  it('stops with the port message before it starts jobs or registers schedules', async () => {
    const spies = spyOnQueue(LocalJobQueue);
    const result = await serveOnHeldPort();
    expect(result.stderr).toBe(PORT_MESSAGE());
    expect(result.status).toBe(1);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describeWithRedis('calintel serve on a port already taken (BullMQ)', () => {
  it('registers no schedule in Redis and starts no worker', { timeout: 60_000 }, async () => {
    const spies = spyOnQueue(BullMqJobQueue);
    const result = await serveOnHeldPort({
      REDIS_URL,
      REDIS_PREFIX: `calintel-port-taken-${process.pid}-${Date.now()}`,
    });
    expect(result.stderr).toBe(PORT_MESSAGE());
    expect(result.status).toBe(1);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
