/**
 * The REPORT bodies, in the object form tsdav turns into XML. Kept apart from the requests that
 * send them so that what is asked of the server can be read in one place.
 */
import { encodePath } from './caldav-urls.js';

const NS = {
  'xmlns:d': 'DAV:',
  'xmlns:c': 'urn:ietf:params:xml:ns:caldav',
  'xmlns:cs': 'http://calendarserver.org/ns/',
};

export function syncCollectionBody(syncToken: string): unknown {
  return {
    'd:sync-collection': {
      _attributes: NS,
      'd:sync-token': syncToken,
      'd:sync-level': 1,
      'd:prop': { 'd:getetag': {} },
    },
  };
}

/** Members with a VEVENT that overlaps the range, with their etags. */
export function calendarQueryBody(range: { from: Date; to: Date }): unknown {
  return {
    'calendar-query': {
      _attributes: NS,
      'd:prop': { 'd:getetag': {} },
      filter: {
        'comp-filter': {
          _attributes: { name: 'VCALENDAR' },
          'comp-filter': {
            _attributes: { name: 'VEVENT' },
            'time-range': {
              _attributes: { start: utcBasic(range.from), end: utcBasic(range.to) },
            },
          },
        },
      },
    },
  };
}

export function calendarMultigetBody(hrefs: readonly string[]): unknown {
  return {
    'calendar-multiget': {
      _attributes: NS,
      'd:prop': { 'd:getetag': {}, 'c:calendar-data': {} },
      // Segment by segment: encodeURI would leave a `#` or `?` in a file name as it is, and the
      // server would not know the object (which would then look deleted).
      'd:href': hrefs.map(encodePath),
    },
  };
}

function utcBasic(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}
