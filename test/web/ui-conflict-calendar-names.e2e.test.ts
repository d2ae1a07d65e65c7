/** A conflict card's events say which calendar each is on by its name, not by the provider. */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { CALENDAR_LABEL, DEMO_TITLE, useSignedInPage } from './ui-env.js';

describeInBrowser('calendar names on conflict cards', () => {
  const ui = useSignedInPage();

  it('names the imported calendar each event is on', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts?days=14`);
    const card = ui.page.getByRole('article').filter({ hasText: DEMO_TITLE });
    const rows = card.getByRole('list', { name: 'Events' }).getByRole('listitem');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) {
      // The calendar's own name, as GET /calendars/ says it, without the provider.
      expect(text).toContain(`· ${CALENDAR_LABEL.slice(0, 20)}`);
      expect(text).not.toContain('ICS calendar');
    }
  });
});
