import type { DAVResponse } from 'tsdav';
import { describe, expect, it } from 'vitest';
import { isWholeListing, readCalendarList } from './caldav-calendars.js';

// As iCloud answers: discovery starts on one host and the home set is on another.
const ACCOUNT = {
  serverUrl: 'https://caldav.example.test/',
  rootUrl: 'https://caldav.example.test/',
  principalUrl: 'https://caldav.example.test/123/principal/',
  homeUrl: 'https://p01-caldav.example.test/123/calendars/',
};

function calendar(href: unknown, name: string, components: string[] = ['VEVENT']): DAVResponse {
  return {
    href: href as string,
    ok: true,
    status: 200,
    statusText: 'OK',
    props: {
      displayname: name,
      resourcetype: { collection: {}, calendar: {} },
      supportedCalendarComponentSet: {
        comp: components.map((comp) => ({ _attributes: { name: comp } })),
      },
      getctag: 'ctag-1',
    },
  };
}

describe('readCalendarList', () => {
  it('resolves hrefs against the home set that listed them, and accepts the hosts discovery led to', () => {
    const listing = readCalendarList(
      [
        calendar('/123/calendars/work/', 'Work'),
        calendar('https://p01-caldav.example.test/123/calendars/home/', 'Home'),
        calendar('/123/calendars/tasks/', 'Tasks', ['VTODO']),
        { href: '/123/calendars/', ok: true, status: 200, statusText: 'OK', props: {} },
      ],
      ACCOUNT,
    );
    expect(listing.skipped).toEqual([]);
    expect(listing.calendars.map((c) => [c.displayName, c.url, c.ctag])).toEqual([
      // iCloud's home set is on a pNN host, and its calendars with it (RFC 3986 resolution).
      ['Work', 'https://p01-caldav.example.test/123/calendars/work/', 'ctag-1'],
      ['Home', 'https://p01-caldav.example.test/123/calendars/home/', 'ctag-1'],
    ]);
  });

  it('leaves out, naming the href, a calendar no request should be sent to', () => {
    const listing = readCalendarList(
      [
        calendar('/123/calendars/work/', 'Work'),
        calendar('mailto:alice@example.test', 'Mail'),
        calendar(undefined, 'Nameless'),
        calendar({}, 'Parsed empty'),
        calendar('https://caldav.example.test:0x/123/', 'Bad port'),
        calendar('http://caldav.example.test/123/calendars/plain/', 'Plain HTTP'),
      ],
      ACCOUNT,
    );
    expect(listing.calendars.map((c) => c.displayName)).toEqual(['Work']);
    expect(listing.skipped.map((s) => [s.href, s.reason])).toEqual([
      ['mailto:alice@example.test', expect.stringMatching(/"Mail" at "mailto:.*not an http/)],
      ['', expect.stringMatching(/"Nameless", which has an empty href/)],
      ['', expect.stringMatching(/"Parsed empty", which has an empty href/)],
      ['https://caldav.example.test:0x/123/', expect.stringMatching(/is not a URL/)],
      [
        'http://caldav.example.test/123/calendars/plain/',
        expect.stringMatching(/another server \(http:\/\/caldav\.example\.test\)/),
      ],
    ]);
  });
});

describe('isWholeListing', () => {
  const multistatus = { multistatus: {} };
  const home = (href: string, status = 207): DAVResponse => ({
    href,
    ok: status < 300,
    status,
    statusText: '',
    raw: multistatus,
    props: { resourcetype: { collection: {} } },
  });
  const whole = (responses: DAVResponse[]) =>
    isWholeListing(responses, ACCOUNT, readCalendarList(responses, ACCOUNT));

  it('is whole when the multistatus names the home set itself, with or without calendars', () => {
    expect(whole([home('/123/calendars/')])).toBe(true);
    expect(whole([home('https://p01-caldav.example.test/123/calendars')])).toBe(true);
    expect(whole([home('/123/calendars/'), { ...calendar('/123/calendars/w/', 'W') }])).toBe(true);
  });

  it('is not when the request failed, was cut short, or named neither the home nor all members', () => {
    // A failed PROPFIND: tsdav gives one entry with the status and the body, no multistatus.
    const failed = { href: ACCOUNT.homeUrl, ok: false, status: 404, statusText: '', raw: '' };
    expect(whole([failed])).toBe(false);
    expect(whole([{ ...failed, ok: true, status: 200, raw: '<html/>' }])).toBe(false);
    expect(whole([])).toBe(false);
    expect(whole([home('/123/calendars/'), home('/123/calendars/', 507)])).toBe(false);
    expect(whole([home('/123/calendars/', 404)])).toBe(false);
    expect(whole([home('/123/other/')])).toBe(false);
    expect(whole([home('/123/calendars/'), calendar('mailto:a@example.test', 'Mail')])).toBe(false);
  });
});
