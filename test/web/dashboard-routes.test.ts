/**
 * The service serves the built dashboard: its files, and index.html for any page path, whatever
 * that path ends in, so that reloading any page of the dashboard shows the page.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDashboardDist } from '../../src/app/web-auth/dashboard-files.js';
import { openTestStore } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the dashboard routes', () => {
  let api: TestApi;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (!findDashboardDist())
      throw new Error('the dashboard is not built (web/dist): run `npm run build` first');
    const opened = await openTestStore('sqlite');
    cleanup = opened.cleanup;
    api = await buildTestApi(opened.context.store);
  });

  afterAll(async () => {
    await api?.close();
    await cleanup?.();
  });

  const get = (url: string, accept = HTML) =>
    api.server.inject({ method: 'GET', url, headers: { accept } });

  it.each([
    '/relationships/taramuller10%40gmail.com',
    '/relationships/domain%3Aacme.com',
    '/relationships/acme.com?tab=timeline',
    '/meetings',
  ])('reloading %s shows the dashboard page', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.body).toContain('<div id="root"');
  });

  it('still serves a built asset, and a missing one is a 404', async () => {
    const dist = findDashboardDist() ?? '';
    const script = readdirSync(join(dist, 'assets')).find((name) => name.endsWith('.js'));
    expect(script).toBeDefined();
    const asset = await get(`/assets/${script}`, '*/*');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');

    const missing = await get('/assets/index-missing.js', HTML);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers API paths and non-page requests as the API does', async () => {
    expect((await get('/api/v1/nothing.json')).statusCode).toBe(404);
    expect((await get('/favicon.ico', 'image/avif,image/webp,*/*')).statusCode).toBe(404);
  });
});
