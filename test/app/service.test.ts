import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_EMAIL, DEMO_ORG } from '../../src/app/demo.js';
import { startService, type RunningService } from '../../src/app/service.js';
import { loadConfig } from '../../src/config/config.js';

describe('calintel serve --demo (embedded shape)', () => {
  let service: RunningService;
  let printed = '';

  beforeAll(async () => {
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        printed += String(chunk);
        return true;
      });
    try {
      const config = loadConfig({
        CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-serve-')),
        PORT: '0',
        LOG_LEVEL: 'silent',
      });
      service = await startService(config, { roles: ['api', 'worker', 'scheduler'], demo: true });
    } finally {
      write.mockRestore();
    }
  });

  afterAll(async () => service?.stop());

  it('listens, imports the sample calendar for the demo user and prints a working token', async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = /cit_[A-Za-z0-9_-]+/.exec(printed)?.[0];
    expect(token).toBeDefined();
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(200);
    const events = await fetch(`${service.url}/api/v1/calendar/events/?limit=500`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(events.status).toBe(200);
    const body = (await events.json()) as { items: Array<{ title: string; status: string }> };
    expect(body.items.length).toBeGreaterThan(10);
    // An unbounded weekly series: present whatever day the test runs.
    expect(body.items.map((e) => e.title)).toContain('Weekly pipeline review');
  });

  it('prints a one-time sign-in link that opens the dashboard as the demo user', async () => {
    const link = new RegExp(`${service.url}/auth/link/[A-Za-z0-9_-]+`).exec(printed)?.[0];
    expect(link).toBeDefined();
    const page = await fetch(link ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Continue to calintel');
    const used = await fetch(link ?? '', { method: 'POST', redirect: 'manual' });
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/');
    const cookie = used.headers.get('set-cookie')?.split(';')[0] ?? '';
    const session = await fetch(`${service.url}/auth/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(DEMO_EMAIL);
    // Single use: the same link again goes back to sign-in.
    const again = await fetch(link ?? '', { method: 'POST', redirect: 'manual' });
    expect(again.headers.get('location')).toBe('/sign-in?error=link_invalid');
  });

  it('a second demo start on the same data updates instead of duplicating', async () => {
    const scope = await service.app.admin.resolveUser(DEMO_EMAIL, DEMO_ORG);
    const before = await service.app.store.events.count(scope);
    const { setUpDemo } = await import('../../src/app/demo.js');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await setUpDemo(service.app, service.url);
    } finally {
      write.mockRestore();
    }
    expect(await service.app.store.events.count(scope)).toBe(before);
  });
});
