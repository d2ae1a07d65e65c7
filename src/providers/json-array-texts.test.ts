import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded-random.js';
import { arrayElementTexts } from './json-array-texts.js';

describe('arrayElementTexts', () => {
  it('gives each element of a compact body as JSON.stringify wrote it', () => {
    const items = [
      { id: 'a', summary: 'Plain' },
      { id: 'b', summary: 'Quotes " and \\ backslashes \\" and ] } [ {', n: [1, [2, { x: '}' }]] },
      { id: 'c', description: 'Zoë, Łukasz, 会议, 🚀, \u2028, tab\tnewline\n', empty: {} },
    ];
    const body = JSON.stringify({ kind: 'calendar#events', items, nextPageToken: 't' });
    expect(arrayElementTexts(body, 'items')).toEqual(items.map((item) => JSON.stringify(item)));
  });

  it('finds the key at the top level only, not inside strings or nested objects', () => {
    const items = [{ id: 'real' }];
    const body = JSON.stringify({
      summary: '"items":[{"id":"fake"}]',
      nested: { items: [{ id: 'nested' }] },
      list: [{ items: [1] }],
      items,
    });
    expect(arrayElementTexts(body, 'items')).toEqual(['{"id":"real"}']);
  });

  it('reads a pretty-printed body, each element without the whitespace around it', () => {
    const items = [{ id: 'a', attendees: [{ email: 'x@y.z' }] }, { id: 'b' }];
    const body = JSON.stringify({ items, etag: '"e"' }, null, 2);
    const texts = arrayElementTexts(body, 'items') ?? [];
    expect(texts.map((text) => JSON.parse(text) as unknown)).toEqual(items);
    expect(texts[0]?.startsWith('{')).toBe(true);
    expect(texts[1]?.endsWith('}')).toBe(true);
  });

  it('gives an empty list for an empty array, and null when there is no such array', () => {
    expect(arrayElementTexts('{"items":[]}', 'items')).toEqual([]);
    expect(arrayElementTexts('{ "items" : [ ] }', 'items')).toEqual([]);
    expect(arrayElementTexts('{"kind":"x"}', 'items')).toBeNull();
    expect(arrayElementTexts('{"items":{"a":1}}', 'items')).toBeNull();
    expect(arrayElementTexts('[{"items":[1]}]', 'items')).toBeNull();
    expect(arrayElementTexts('{"itemsx":[1]}', 'items')).toBeNull();
  });

  it('gives primitive elements too', () => {
    expect(arrayElementTexts('{"items":[1, "a,b", true, null, -2.5e3]}', 'items')).toEqual([
      '1',
      '"a,b"',
      'true',
      'null',
      '-2.5e3',
    ]);
  });

  it('agrees with JSON.parse on generated bodies full of escapes', () => {
    const random = seededRandom(7);
    const pieces = [
      '"',
      '\\',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      'a',
      ' ',
      'é',
      '😀',
      '\n',
      '"items":[',
    ];
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
    for (let round = 0; round < 300; round++) {
      const items = Array.from({ length: Math.floor(random() * 6) }, (_, i) => ({
        id: `e${i}`,
        [text()]: text(),
        nested: { deeper: [text(), { x: text() }] },
      }));
      const body = JSON.stringify({ [text()]: text(), items, tail: text() }, null, round % 2);
      const texts = arrayElementTexts(body, 'items');
      expect(texts?.map((t) => JSON.parse(t) as unknown)).toEqual(items);
    }
  });
});
