/**
 * A conflict of meetings that are over is no work left: the open view leaves it out, and the
 * view of every status shows it as past, with nothing to apply or dismiss, even when a decision
 * on it was cut short (interrupted) before its meetings ended.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser.js';
import { DANA, DEMO_TITLE, importFile, useSignedInPage } from './ui-env.js';

const EARLY = 'Early pipeline call';
const MINUTE = 60_000;

/** Today (UTC, Dana's zone) at 00:mm, as an iCalendar UTC time. */
function todayAt(minute: number): string {
  const day = new Date();
  day.setUTCHours(0, minute, 0, 0);
  return day.toISOString().replace(/[-:]|\.\d+/g, '');
}

/** Two meetings that overlapped just after midnight today, and so are over. */
function earlyOverlap(): string {
  const meeting = (uid: string, title: string, from: number, to: number) => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${todayAt(from)}`,
    `DTEND:${todayAt(to)}`,
    `SUMMARY:${title}`,
    `ORGANIZER;CN=Dana Reyes:mailto:${DANA}`,
    `ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:${DANA}`,
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:mila@aperture.io',
    'END:VEVENT',
  ];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//ui test//EN',
    ...meeting('early-call@ui.test', EARLY, 0, 2),
    ...meeting('early-review@ui.test', 'Early forecast review', 1, 3),
    'END:VCALENDAR',
  ].join('\r\n');
}

/** Until the early meetings have ended: a wait only in the first minutes of a UTC day. */
async function afterTheEarlyMeetings(): Promise<void> {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const wait = midnight.getTime() + 4 * MINUTE - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

describeInBrowser('past conflicts in the dashboard', () => {
  const ui = useSignedInPage({
    prepare: async (env) => {
      await afterTheEarlyMeetings();
      await importFile(env, earlyOverlap(), 'Early');
    },
  });

  it('leaves a conflict whose meetings are over out of the open ones', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts?days=7`);
    await ui.page.getByRole('article').filter({ hasText: DEMO_TITLE }).waitFor();
    expect(await ui.page.getByRole('article').filter({ hasText: EARLY }).count()).toBe(0);
  });

  it('shows it as past, with nothing to apply or dismiss, among every status', async () => {
    await ui.page.goto(`${ui.env.base}/conflicts?days=7&status=all`);
    const card = ui.page.getByRole('article').filter({ hasText: EARLY });
    await card.getByText('Past', { exact: true }).waitFor();
    expect(await card.innerText()).toContain('its events have all ended');
    expect(await card.getByRole('button').count()).toBe(0);
  });

  it('shows a decision cut short on it as past too, with nothing to dismiss', async () => {
    const { store } = ui.env.api.app;
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const { items } = await store.conflicts.list(ui.env.dana, {
      from: midnight.toISOString(),
      status: 'open',
    });
    const early = items.find((c) => Date.parse(c.start) < midnight.getTime() + 4 * MINUTE);
    // A dismissal claimed before the meetings by a process that died before it finished.
    const claimed = await store.conflicts.decide(
      ui.env.dana,
      early!.id,
      {
        status: 'resolved',
        resolvedBy: `user:${ui.env.dana.userId}`,
        resolution: { action: 'dismiss', state: 'pending', note: null },
      },
      new Date(midnight.getTime() - 60 * MINUTE),
    );
    expect(claimed).toBe(true);
    await ui.page.goto(`${ui.env.base}/conflicts?days=7&status=all`);
    const card = ui.page.getByRole('article').filter({ hasText: EARLY });
    await card.getByText('Past', { exact: true }).waitFor();
    expect(await card.innerText()).toContain('its events have all ended');
    expect(await card.getByRole('button').count()).toBe(0);
  });
});
