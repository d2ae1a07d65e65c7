/**
 * Long unbroken text (a URL in a meeting's title, place or description, a calendar's name, a
 * contact's job title) wraps on every page of the dashboard instead of making the page scroll
 * sideways, in a phone's width and a laptop's; in a laptop's, no table scrolls sideways either
 * (a table may on a phone: it has more columns than fit).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { dayOf } from './dashboard-env.js';
import { ACCOUNT, CALENDAR_LABEL, DEMO_TITLE, REVIEW_TITLE, useSignedInPage } from './ui-env.js';

const WIDTHS = [1280, 390];

interface PageCase {
  name: string;
  open: (page: Page) => Promise<void>;
}

describeInBrowser('long unbroken text in the dashboard', () => {
  const ui = useSignedInPage({ viewport: null });

  const visit = async (path: string, shows: string) => {
    await ui.page.goto(`${ui.env.base}${path}`);
    await ui.page.getByText(shows).first().waitFor();
  };

  const PAGES: PageCase[] = [
    {
      name: 'meetings',
      open: () => visit(`/meetings?from=${dayOf(0)}&to=${dayOf(6)}`, REVIEW_TITLE),
    },
    { name: 'open conflicts', open: () => visit('/conflicts?days=14', DEMO_TITLE) },
    { name: 'all conflicts', open: () => visit('/conflicts?days=14&status=all', DEMO_TITLE) },
    { name: 'relationships', open: () => visit('/relationships', ACCOUNT) },
    {
      name: 'relationship',
      open: async () => {
        await visit('/relationships', ACCOUNT);
        await ui.page.getByRole('link', { name: ACCOUNT }).click();
        await ui.page.getByRole('heading', { name: 'Timeline' }).waitFor();
        await ui.page.getByText(REVIEW_TITLE).first().waitFor();
      },
    },
    { name: 'connections', open: () => visit('/connections', CALENDAR_LABEL) },
  ];

  /** How far the widest table on the page runs past its frame, in pixels. */
  const tableOverflow = () =>
    ui.page.evaluate<number>(
      "Math.max(0, ...[...document.querySelectorAll('.table-scroll')].map((e) => e.scrollWidth - e.clientWidth))",
    );

  const WITH_TABLES = new Set(['relationships', 'relationship', 'connections']);
  for (const { name, open } of PAGES.filter((p) => WITH_TABLES.has(p.name))) {
    it(`the tables of the ${name} page fit their frame at 1280 px`, async () => {
      await ui.page.setViewportSize({ width: 1280, height: 900 });
      await open(ui.page);
      expect(await ui.page.locator('.table-scroll').count()).toBeGreaterThan(0);
      expect(await tableOverflow(), `${name}: pixels past a table's frame`).toBeLessThanOrEqual(0);
    });
  }

  for (const { name, open } of PAGES) {
    for (const width of WIDTHS) {
      it(`the ${name} page does not scroll sideways at ${width} px`, async () => {
        await ui.page.setViewportSize({ width, height: 900 });
        await open(ui.page);
        // Charts measure themselves a frame or two after the layout: let it settle.
        // (A string, not a function: this file is compiled without the DOM's types.)
        await expect
          .poll(
            () =>
              ui.page.evaluate<number>(
                'document.documentElement.scrollWidth - document.documentElement.clientWidth',
              ),
            { message: `${name} at ${width} px: pixels past the window`, timeout: 3_000 },
          )
          .toBeLessThanOrEqual(0);
        const file = `long-text-${name.replaceAll(' ', '-')}-${width}.png`;
        await ui.page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
      });
    }
  }
});
